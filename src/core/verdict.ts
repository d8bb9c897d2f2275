/** From a reading and the checkpoint's policy to pass / stop / check, with named reasons. */
import type { Direction, Verdict } from './entry.ts';
import { colourVerdict, type Policy } from './policy.ts';
import type { Reading } from './scan.ts';
import type { SignedCodeReason } from './signedCode.ts';

export interface Judgement {
  verdict: Verdict;
  /** Reason keys (words in catalogue.ts), most important first. */
  reasons: string[];
}

const RANK: Record<Verdict, number> = { pass: 0, check: 1, stop: 2 };

/** The stricter of two verdicts. */
const stricter = (a: Verdict, b: Verdict): Verdict => (RANK[a] >= RANK[b] ? a : b);

/**
 * Reasons a code cannot be verified here but may well be genuine: checked by eye (policy).
 * Every other failure (a bad signature, a damaged code) means the code lies: stop.
 */
const UNVERIFIABLE: ReadonlySet<SignedCodeReason> = new Set(['code-expired', 'code-unknown-key', 'code-not-yet-valid']);

/** Judges one reading. A code that claims to be ours but does not decode is stopped; a foreign one is checked by eye. */
export function judge(reading: Reading, policy: Policy): Judgement {
  switch (reading.kind) {
    case 'identity':
      return { verdict: policy.identityOnly, reasons: policy.identityOnly === 'pass' ? [] : ['identity-only'] };
    case 'invalid':
      return { verdict: 'stop', reasons: [reading.error] };
    case 'unknown':
      return reading.seenColour
        ? { verdict: colourVerdict(policy, reading.seenColour), reasons: ['colour-seen', `colour-${reading.seenColour}`] }
        : { verdict: policy.unverified, reasons: ['code-unknown'] };
    case 'signed': {
      const { code } = reading;
      if (!code.valid) {
        const unverifiable = code.reasons.every((r) => UNVERIFIABLE.has(r));
        return { verdict: unverifiable ? policy.unverified : 'stop', reasons: code.reasons };
      }
      // A valid EU certificate carries no colour: it counts as green, what it certifies being the issuer's rules.
      const colour = code.colour ?? 'green';
      const verdict = colourVerdict(policy, colour);
      return { verdict, reasons: verdict === 'pass' ? [] : [`colour-${colour}`] };
    }
  }
}

/** What the gate knows beyond the code itself. */
export interface GateContext {
  direction: Direction;
  /** People inside now (today's running count). */
  inside: number;
  /** The person's key-person listing, if any (重点人员). */
  keyPerson?: { category: string };
  /** The temperature taken at the gate, if the policy asks for one. */
  temperature?: number | null;
  /** The ID number of the code shown just before, when it pairs with this one (pairing.ts). */
  pairedPersonId?: string;
  /** The ID number this reading names. */
  personId?: string;
}

/** Adds a reason and raises the verdict to at least `floor`. */
const raise = (j: Judgement, floor: Verdict, ...reasons: string[]): Judgement => ({ verdict: stricter(j.verdict, floor), reasons: [...reasons, ...j.reasons] });

/**
 * The verdict at this gate: the code's own judgement, then what the gate adds, each its own reason:
 * a resident code and a health code of different people (check), a key person (check), fever (stop),
 * and a full place (stop, for entries only: an exit always passes the capacity rule).
 */
export function judgeAtGate(reading: Reading, policy: Policy, gate: GateContext): Judgement {
  let j = judge(reading, policy);
  if (gate.personId && gate.pairedPersonId && gate.personId !== gate.pairedPersonId) j = raise(j, 'check', 'id-mismatch');
  if (gate.keyPerson) j = raise(j, 'check', 'key-person', `kp-${gate.keyPerson.category}`);
  if (gate.temperature != null && gate.temperature >= policy.feverThreshold) j = raise(j, 'stop', 'fever');
  if (gate.direction === 'in' && policy.capacity !== null && gate.inside >= policy.capacity) j = raise(j, 'stop', 'capacity-full');
  return j;
}
