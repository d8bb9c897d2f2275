/**
 * One self check-in (扫码登记, issue #20), from the phone's request to an entry of the place's server-side chain.
 *
 * Why a server-side chain and not one per phone: a phone is not a tablet. It holds no enrolment, no seal key and no
 * lead; a chain it kept could be reset by clearing the browser, and every visitor would be a new "device" with a chain of
 * one or two entries, which `kadian devices`, the gaps and the console's tablets would drown in. The phone's passage is a
 * request (made offline, sent until answered, exactly once by its own UUID); the server writes it into one chain per place
 * (device `self-<placeId>` of a hidden 自助登记 checkpoint of that place), sealed with core's chain functions and stored
 * through the push's own insert, so it counts in the roll-ups, the place's inside figure, tracing and exports like a gate's.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { calendarDay } from '../../core/calendar.ts';
import { seal } from '../../core/chain.ts';
import { personCommitment } from '../../core/personSeal.ts';
import { SELF_PASSAGES_PER_HOUR, type SelfPassageReceipt, type SelfPassageRequest } from '../../core/selfCheckInWire.ts';
import { judgeSelfPassage, shownToPhone } from '../../core/selfPassage.ts';
import type { AlertHub } from '../console/alertHub.ts';
import { raiseAlerts } from '../console/alerts.ts';
import { ApiFailure } from '../http/errors.ts';
import { timeProblem } from '../tablets/push.ts';
import { colourWithReasons } from '../issuer/colours.ts';
import { flagDoubleEntries } from '../places/doubleEntries.ts';
import { canonicalId, personOnPhone } from '../residents/credential.ts';
import type { HealthCodeSettings } from '../settings.ts';
import { selfIds } from '../storage/selfCheckIns.ts';
import type { SelfPlace } from '../storage/selfCheckInTypes.ts';
import type { Storage } from '../storage/storage.ts';


export interface SelfCheckInContext {
  storage: Storage;
  settings: Pick<HealthCodeSettings, 'timeZone'>;
  /** Where the console alerts a passage makes are announced (null: only stored). */
  alerts: AlertHub | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The place's self check-in, made on first use; 404 `poster-unknown` for no such place, 410 `place-withdrawn` for a withdrawn poster. */
export async function openSelfPlace(storage: Storage, placeId: string, now: Date): Promise<SelfPlace> {
  const self = await storage.ensureSelfPlace(placeId, selfIds(placeId, sha256(placeId)), now.toISOString());
  if (!self) throw new ApiFailure(404, 'poster-unknown', placeId);
  if (self.withdrawnAt !== null) throw new ApiFailure(410, 'place-withdrawn');
  return self;
}

/** The phone's clock bounded as a tablet's: a real instant, after the epidemic's start, at most a day ahead. */
function checkTime(at: string, now: Date): void {
  const problem = timeProblem(at, now);
  if (problem !== null) throw new ApiFailure(400, 'self-passage-time', problem);
}

/** Who passes: a person of the calling phone's household, or the short form's; and whose hourly bound it counts against. */
async function whoPasses(storage: Storage, body: SelfPassageRequest, phoneId: string | null, today: string) {
  const personId = canonicalId(body.id, today);
  if (phoneId !== null) {
    if (body.name !== undefined || body.phone !== undefined) throw new ApiFailure(400, 'request-invalid', 'a person of the phone\'s household takes no name or phone: the binding has them');
    const person = await personOnPhone(storage, phoneId, personId);
    return { personId, name: person.name, phoneKey: `phone:${phoneId}`, own: true, phone: null };
  }
  const name = body.name?.trim() ?? '';
  const phone = body.phone?.trim() ?? '';
  if (name === '' || phone === '') throw new ApiFailure(400, 'self-passage-form');
  return { personId, name, phoneKey: `id:${sha256(`self-passage:${personId}`)}`, own: false, phone };
}

/**
 * Records the passage (once per clientId: a retry gets the first receipt) and answers the receipt. The colour is the
 * person's now (check-ins and key-person lists, issuer/colours.ts); the count is the place's as the server holds it.
 */
export async function recordSelfPassage(
  ctx: SelfCheckInContext, placeId: string, body: SelfPassageRequest, phoneId: string | null, now: Date,
): Promise<SelfPassageReceipt> {
  const { storage, settings } = ctx;
  checkTime(body.at, now);
  const who = await whoPasses(storage, body, phoneId, calendarDay(now, settings.timeZone));
  const self = await openSelfPlace(storage, placeId, now);
  const [colour, count] = await Promise.all([
    colourWithReasons({ storage, settings }, who.personId, now),
    storage.placeCounts([placeId], now, settings.timeZone).then((counts) => counts.get(placeId) ?? null),
  ]);
  const judgement = judgeSelfPassage({
    direction: body.direction, colour: colour.colour, listReasons: colour.listings.map((l) => `kp-${l.category}`),
    inside: count?.inside ?? 0, capacity: count?.capacity ?? null,
  });
  const shown = shownToPhone(judgement, who.own);
  const stored = await storage.appendSelfPassage(self, {
    clientId: body.clientId, phoneKey: who.phoneKey, placeId, receivedAt: now, maxPerHour: SELF_PASSAGES_PER_HOUR, phone: who.phone,
    seal(prev) {
      const personSalt = randomBytes(16).toString('base64');
      const entry = seal({
        id: randomUUID(), deviceId: self.deviceId, seq: prev ? prev.seq + 1 : 1, checkpointId: self.checkpointId, at: body.at, direction: body.direction,
        source: 'self', personId: who.personId, name: who.name, colour: colour.colour, temperature: null, verdict: judgement.verdict, reasons: judgement.reasons,
        operator: null, personCommit: personCommitment(personSalt, { personId: who.personId, name: who.name }),
      }, prev);
      return { entry: { ...entry, personSalt }, ...shown };
    },
  });
  if (!stored.ok) {
    if (stored.error === 'place-withdrawn') throw new ApiFailure(410, 'place-withdrawn');
    if (stored.error === 'self-passages-hourly') throw new ApiFailure(429, 'self-passages-hourly');
    throw new ApiFailure(409, 'self-passage-conflict');
  }
  const p = stored.value;
  // After the commit, as the push does, and for a retry too: the alerts table keeps one per entry and kind.
  await raiseAlerts(storage, ctx.alerts, [p.entry], p.receivedAt);
  await flagDoubleEntries(storage, [p.entry], now);
  return { clientId: p.clientId, placeId: p.placeId, placeName: p.placeName, direction: p.direction, at: p.at, receivedAt: p.receivedAt, outcome: p.outcome, reasons: p.reasons };
}

/**
 * Withdraws a place's poster (its QR then answers 410 `place-withdrawn`) or opens it again, making its self check-in
 * first if the poster was never used; false: no such place. The console and the CLI both come here.
 */
export async function setPoster(storage: Storage, placeId: string, withdrawn: boolean, by: string, now: Date): Promise<boolean> {
  const self = await storage.ensureSelfPlace(placeId, selfIds(placeId, sha256(placeId)), now.toISOString());
  if (!self) return false;
  return storage.setPosterWithdrawn(placeId, withdrawn ? { at: now.toISOString(), by } : null);
}
