/** Issuing residents' health codes: the daily check-in, the colour by the rules, and the KDH1 code signed with the active key. */
import { fromBase64 } from '../../core/base64.ts';
import { calendarDay, endOfDay } from '../../core/calendar.ts';
import { colourOn, type RuleState } from '../../core/colourRules.ts';
import type { Colour } from '../../core/entry.ts';
import { issueHealthCode } from '../../core/healthCode.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { HealthCodeSettings } from '../settings.ts';
import type { Storage } from '../storage/storage.ts';
import { withLists } from './colours.ts';
import { ensureActiveKey, privateKeyOf } from './keys.ts';
import { noteIssued } from './revocations.ts';

/** Everything issuing needs: where the check-ins are, where the keys are, and the settings. */
export interface IssuerContext {
  storage: Storage;
  dataDir: string;
  settings: HealthCodeSettings;
}

export interface ResidentIdentity {
  /** The 18-character ID number, as parseIdNumber gives it. */
  id: string;
  name: string;
}

export interface IssuedHealthCode {
  colour: Colour;
  /** The KDH1 text of the QR code. */
  code: string;
  issuedAt: string;
  expires: string;
  /** The calendar day (in the issuer's zone) the code is for. */
  day: string;
}

/** No check-in yet. Whose name a code carries is the person's binding to a phone (issue #18), checked by the route, not here. */
export type ResidentError = 'resident-unknown';

/** Names are compared as people type them: the same letters, whatever the Unicode form or surrounding spaces. */
export const normaliseName = (name: string): string => name.normalize('NFC').trim();

/** Signs a code of `colour` for the resident, valid to the end of today in the zone (or CODE_TTL_MINUTES, if sooner). */
export async function signHealthCode({ storage, dataDir, settings }: IssuerContext, resident: ResidentIdentity, colour: Colour, now: Date): Promise<IssuedHealthCode> {
  // Looked up per code: a key added or retired by the CLI in another process takes effect at once.
  const { key } = await ensureActiveKey(dataDir, now);
  const kid = fromBase64(key.kid);
  if (!kid) throw new Error(`the key id ${key.kid} is not Base64`);
  // The claims carry whole seconds; the reply says exactly what the code says.
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const day = calendarDay(now, settings.timeZone);
  const dayEnd = endOfDay(day, settings.timeZone).getTime();
  const ttlEnd = settings.codeTtlMinutes === null ? Infinity : issuedAt.getTime() + settings.codeTtlMinutes * 60_000;
  const expires = new Date(Math.floor(Math.min(dayEnd, ttlEnd) / 1000) * 1000);
  const code = await issueHealthCode(
    { issuer: settings.issuerName, issuedAt, expires, id: resident.id, name: resident.name, colour },
    { kid, privateKey: await privateKeyOf(dataDir, key) },
  );
  // A worse colour than the last code's revokes the codes before (revocations.ts).
  await noteIssued(storage, resident.id, { colour, issuedAt, expires }, now);
  return { colour, code, issuedAt: issuedAt.toISOString(), expires: expires.toISOString(), day };
}

/** The resident's colour today by the rules; refused when there was no check-in ever. */
export async function colourToday(
  { storage, settings }: IssuerContext,
  resident: ResidentIdentity,
  now: Date,
): Promise<Result<{ colour: Colour; state: RuleState; reasons: string[] }, ResidentError>> {
  const history = await storage.listCheckIns(resident.id);
  // After the check-ins (residents.ts says why): where the rules stood when retention deleted older ones.
  const carried = await storage.checkInsCarried(resident.id);
  if (history.length === 0 && carried === null) return err('resident-unknown');
  // The rules' colour, then the key-person lists' by the operator's table: the worse wins (colours.ts).
  const { colour, state, reasons } = await withLists(storage, resident.id, colourOn(history, calendarDay(now, settings.timeZone), carried), now);
  // Unreachable with a check-in in the history (its day starts the rules), unless it is dated after today.
  if (colour === null) return err('resident-unknown');
  return ok({ colour, state, reasons });
}

export interface CheckInReading {
  temperature: number;
  isolated: boolean;
  symptoms: boolean;
}

/** Records today's check-in (replacing an earlier one today) and issues the code it earns. */
export async function checkIn(
  context: IssuerContext,
  resident: ResidentIdentity,
  reading: CheckInReading,
  now: Date,
): Promise<Result<IssuedHealthCode & { state: RuleState; reasons: string[]; merged: boolean }, ResidentError>> {
  const day = calendarDay(now, context.settings.timeZone);
  const stored = await context.storage.recordCheckIn({ personId: resident.id, day, name: resident.name, ...reading, at: now.toISOString() });
  if (!stored.ok) return stored;
  const rules = await colourToday(context, resident, now);
  if (!rules.ok) return rules;
  const { state, reasons } = rules.value;
  return ok({ ...(await signHealthCode(context, resident, rules.value.colour, now)), state, reasons, merged: stored.value.merged });
}

/** The resident's code now, from the check-ins so far, without a new one. */
export async function currentHealthCode(context: IssuerContext, resident: ResidentIdentity, now: Date): Promise<Result<IssuedHealthCode & { state: RuleState; reasons: string[] }, ResidentError>> {
  const rules = await colourToday(context, resident, now);
  if (!rules.ok) return rules;
  const { state, reasons } = rules.value;
  return ok({ ...(await signHealthCode(context, resident, rules.value.colour, now)), state, reasons });
}
