/** The result of a self check-in (扫码登记, issue #20): nobody stands at a poster, so nothing is stopped; who should see the staff is recorded and told. */
import type { Colour, Direction, Verdict } from './entry.ts';
import type { SelfOutcome } from './selfCheckInWire.ts';

export interface SelfPassageFacts {
  direction: Direction;
  /** The person's colour from their check-ins and the key-person lists; null: never checked in, on no list. */
  colour: Colour | null;
  /** The key-person lists' reasons in force (`kp-<category>`), worst first; empty: on none. */
  listReasons: readonly string[];
  /** How many the server counts inside the place, and its capacity (null: none). */
  inside: number;
  capacity: number | null;
}

export interface SelfJudgement {
  verdict: Verdict;
  reasons: string[];
}

/**
 * `check` for a red code, a key person or an entry into a full place, the reasons as a gate writes them (so the console's
 * alerts and the exports read them alike); else `pass`. Never `stop`: no one is there to stop anyone.
 */
export function judgeSelfPassage(f: SelfPassageFacts): SelfJudgement {
  const reasons: string[] = [];
  let verdict: Verdict = 'pass';
  if (f.listReasons.length > 0) {
    verdict = 'check';
    reasons.push('key-person', ...f.listReasons);
  }
  if (f.colour !== null) {
    reasons.push(`colour-${f.colour}`);
    if (f.colour === 'red') verdict = 'check';
  }
  if (f.direction === 'in' && f.capacity !== null && f.inside >= f.capacity) {
    verdict = 'check';
    reasons.push('capacity-full');
  }
  return { verdict, reasons };
}

/** Reasons about the place, which anyone at its poster may read; the rest are the person's own. */
const PLACE_REASONS: readonly string[] = ['capacity-full'];

/**
 * What the phone is told: everything for a person of its own household (their colour is theirs to see anyway); for the
 * short form only what concerns the place, so typing another's ID number tells nothing about them.
 */
export function shownToPhone(j: SelfJudgement, ownPerson: boolean): { outcome: SelfOutcome; reasons: string[] } {
  const reasons = ownPerson ? j.reasons : j.reasons.filter((r) => PLACE_REASONS.includes(r));
  const seeStaff = ownPerson ? j.verdict !== 'pass' : reasons.length > 0;
  return { outcome: seeStaff ? 'see-staff' : 'recorded', reasons };
}
