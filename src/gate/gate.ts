/** The scan pipeline: every scan, camera or keypad, goes from text to a logged verdict by this one path. */
import type { Colour, Direction, Outcome, Vehicle } from '../core/entry.ts';
import { outcomeVerdict } from '../core/followUp.ts';
import { createPairing, type PairedPerson } from '../core/pairing.ts';
import { asksIdForForeignCodes, coloursOffered } from '../core/policy.ts';
import type { Resident } from '../core/residentCode.ts';
import { createRepeatFilter } from '../core/repeat.ts';
import { entryFieldsOf, isSignedCode, readCode, type Reading } from '../core/scan.ts';
import type { VerifiedCode } from '../core/signedCode.ts';
import { judgeAtGate, type Judgement } from '../core/verdict.ts';
import type { TrustList } from '../core/wire.ts';
import type { StoredEntry } from '../store/db.ts';
import type { Device } from '../store/device.ts';
import type { EntryDraft, JudgeInTransaction, SaveError } from '../store/log.ts';
import type { Result } from '../core/result.ts';
import { withFreshness } from '../core/revocations.ts';
import { holdGate } from './activity.ts';
import { keyPersonsOf, revocationsOf } from './keyPersons.ts';

/** `paired`: the person of the code this one paired with (a resident code and a health code shown together), if any. */
export type GateOutcome =
  | { saved: true; judgement: Judgement; reading: Reading; entry: StoredEntry; paired?: PairedPerson }
  | { saved: false; judgement: Judgement; reading: Reading; error: SaveError; paired?: PairedPerson };

/** A resident code and a health code shown within this time are one person's pair; short, as the next person is seconds behind. */
export const PAIRING_MS = 10_000;

/** What the pipeline needs from the tablet; the tablet's own parts are in tabletGate.ts, tests give their own. */
export interface GateParts {
  /** The device as in force now: the server's config with the lead's unsent changes. */
  device(): Device;
  /** The way the volunteer has set the gate (a one-way gate's policy overrides it). */
  direction(): Direction;
  /** Who is on duty (值守), as each entry names them; null when nobody signed in. */
  operator(): string | null;
  /** At a road checkpoint, the vehicle being logged and this person's place in it; null for people on foot. */
  vehicle(): Vehicle | null;
  /** Verifies a KDH1 or HC1 text; null when it is neither. Throws when the verifier cannot run (it did not load). */
  verify(text: string, trust: TrustList, atMs: number): Promise<VerifiedCode | null>;
  /** Asks the volunteer which of `offered` (this gate's colours) another system's code shows; null when they cannot tell. */
  askColour(offered: readonly Colour[]): Promise<Colour | null>;
  /** Asks who holds another system's code (ID number typed or resident code scanned), for tracing; null when skipped. */
  askHolder(): Promise<Resident | null>;
  /** Asks for the temperature taken at the gate; null when the volunteer skips it. */
  askTemperature(): Promise<number | null>;
  /** Writes the entry, judging it inside its own transaction. */
  append(draft: EntryDraft, judge: JudgeInTransaction, sealKey?: string): Promise<Result<StoredEntry, SaveError>>;
  /** An entry was written: the uploader should look soon. */
  logged(entry: StoredEntry): void;
  /** The verifier could not run: the screen says so (the scan goes on as another system's code, checked by eye). */
  verifierFailed(error: unknown): void;
  /** A save failed: kept where the lead will see it (IndexedDB is what refused it). */
  saveFailed(error: SaveError): void;
  /** A monotonic clock in ms, for the repeat filter and pairing. */
  nowMs(): number;
}

/** A scan that was saved: what a follow-up (处置) refers to. */
export type SavedOutcome = Extract<GateOutcome, { saved: true }>;

export interface Gate {
  /** A text the camera decoded: null when it is ignored (the same code still in view, or a scan under way). */
  scan(text: string): Promise<GateOutcome | null>;
  /** A reading from the keypad: judged and logged like any scan (null only when a scan is already under way). */
  enter(reading: Reading): Promise<GateOutcome | null>;
  /**
   * What happened after a stop or a check (处置): an entry of its own in the chain, the scan's person, place and way, the
   * outcome's verdict (放行 passes, and counts as inside; the others stop). Null while a scan is under way.
   */
  followUp(scan: SavedOutcome, outcome: Outcome, note: string | null): Promise<GateOutcome | null>;
  /** True from a text's arrival until its verdict is logged, prompts included. */
  busy(): boolean;
}

/** The direction the gate logs: the policy's, when the checkpoint logs one way only. */
function wayOf(device: Device, chosen: Direction): Direction {
  const fixed = device.config.policy.directions;
  return fixed === 'both' ? chosen : fixed;
}

export function createGate(parts: GateParts): Gate {
  const isNewCode = createRepeatFilter(() => parts.device().config.policy.duplicateWindowSeconds * 1000);
  const pairing = createPairing(PAIRING_MS);
  let busy = false;

  /** Signed codes go to the verifier; a verifier that cannot run leaves the code to the volunteer's eyes. */
  async function read(text: string): Promise<Reading> {
    if (isSignedCode(text)) {
      try {
        const code = await parts.verify(text, parts.device().config.trust, Date.now());
        if (code) return { kind: 'signed', code };
      } catch (e) {
        parts.verifierFailed(e);
        return { kind: 'unknown' };
      }
    }
    return readCode(text);
  }

  async function log(reading: Reading): Promise<GateOutcome> {
    const paired = pairing(reading, parts.nowMs());
    const device = parts.device();
    const direction = wayOf(device, parts.direction());
    const { policy } = device.config;
    // The key-person lookup (a scrypt, the first time this session sees the ID number) starts before any prompt, so the
    // volunteer's answer hides its cost. Another system's code has no ID number until its holder is asked for one.
    const scannedId = entryFieldsOf(reading).personId;
    let keyPersonLookup = scannedId ? keyPersonsOf(device.config).find(scannedId) : Promise.resolve(undefined);
    // Another system's code: the volunteer says what colour they see, then (unless the checkpoint says not to) who holds
    // it, so the passage can be traced like any other.
    if (reading.kind === 'unknown' && reading.seenColour === undefined && reading.holder === undefined) {
      const colour = await parts.askColour(coloursOffered(policy));
      const holder = asksIdForForeignCodes(policy) ? await parts.askHolder() : null;
      reading = { kind: 'unknown', ...(colour && { seenColour: colour }), ...(holder && { holder }) };
      if (holder) keyPersonLookup = keyPersonsOf(device.config).find(holder.id);
    }
    // The thermometer comes before the verdict for people coming in, when the checkpoint asks for it.
    const temperature = policy.askTemperature && direction === 'in' && reading.kind !== 'invalid' ? await parts.askTemperature() : null;
    const fields = entryFieldsOf(reading);
    const keyPerson = await keyPersonLookup;
    // A health code revoked since its issue, or older than this checkpoint takes: after the key-person lookup, whose
    // derivation of the ID number the revocations' lookup reuses.
    if (reading.kind === 'signed' && reading.code.kind === 'KDH1' && reading.code.valid && fields.personId) {
      const code = withFreshness(reading.code, { revokedBefore: revocationsOf(device.config).revokedBefore(fields.personId), maxAgeMinutes: policy.maxCodeAgeMinutes, atMs: Date.now() });
      if (code !== reading.code) reading = { kind: 'signed', code };
    }
    const judge = (inside: number): Judgement => judgeAtGate(reading, policy, {
      direction, inside, temperature, ...(fields.personId ? { personId: fields.personId } : {}),
      ...(paired ? { pairedPersonId: paired.personId } : {}), ...(keyPerson ? { keyPerson } : {}),
    });
    const vehicle = parts.vehicle();
    const draft: EntryDraft = {
      ...fields, deviceId: device.deviceId, checkpointId: device.config.checkpoint.id, at: new Date().toISOString(), direction, temperature, operator: parts.operator(),
      ...(vehicle && { vehicle }),
    };
    const written = await parts.append(draft, judge, device.config.sealKey);
    if (!written.ok) {
      parts.saveFailed(written.error);
      // A scan that could not be saved never shows a pass.
      return { saved: false, judgement: { verdict: 'stop', reasons: [written.error] }, reading, error: written.error, ...(paired ? { paired } : {}) };
    }
    parts.logged(written.value);
    return { saved: true, judgement: { verdict: written.value.verdict, reasons: written.value.reasons }, reading, entry: written.value, ...(paired ? { paired } : {}) };
  }

  async function logFollowUp(scan: SavedOutcome, outcome: Outcome, note: string | null): Promise<GateOutcome> {
    const device = parts.device();
    const { entry } = scan;
    const draft: EntryDraft = {
      ...entryFieldsOf(scan.reading), deviceId: device.deviceId, checkpointId: device.config.checkpoint.id, at: new Date().toISOString(),
      direction: entry.direction, temperature: entry.temperature, operator: parts.operator(), followUp: { of: entry.seq, outcome, note },
    };
    // The volunteer decided: no rule judges a follow-up again (a person let through at a full place was let through).
    const judgement: Judgement = { verdict: outcomeVerdict(outcome), reasons: [] };
    const written = await parts.append(draft, () => judgement, device.config.sealKey);
    if (!written.ok) {
      parts.saveFailed(written.error);
      return { saved: false, judgement: { verdict: 'stop', reasons: [written.error] }, reading: scan.reading, error: written.error };
    }
    parts.logged(written.value);
    return { saved: true, judgement, reading: scan.reading, entry: written.value };
  }

  /** One scan at a time: a code shown while another is being prompted for or written is not a new person yet. */
  async function exclusive(work: () => Promise<GateOutcome>): Promise<GateOutcome | null> {
    if (busy) return null;
    busy = true;
    const release = holdGate();
    try {
      return await work();
    } finally {
      busy = false;
      release();
    }
  }

  return {
    scan(text) {
      if (!isNewCode(text, parts.nowMs()) || busy) return Promise.resolve(null);
      return exclusive(async () => log(await read(text)));
    },
    enter: (reading) => exclusive(() => log(reading)),
    followUp: (scan, outcome, note) => exclusive(() => logFollowUp(scan, outcome, note)),
    busy: () => busy,
  };
}
