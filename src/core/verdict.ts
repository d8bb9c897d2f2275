/** From a reading and the checkpoint's policy to pass / stop / check, with named reasons. */
import type { Verdict } from './entry.ts';
import type { Policy } from './policy.ts';
import type { Reading } from './scan.ts';
import type { SignedCodeReason } from './signedCode.ts';

export interface Judgement {
  verdict: Verdict;
  /** Message keys (messages.ts), most important first. */
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
        ? { verdict: policy.colours[reading.seenColour], reasons: ['colour-seen', `colour-${reading.seenColour}`] }
        : { verdict: policy.unverified, reasons: ['code-unknown'] };
    case 'signed': {
      const { code } = reading;
      if (!code.valid) {
        const unverifiable = code.reasons.every((r) => UNVERIFIABLE.has(r));
        return { verdict: unverifiable ? policy.unverified : 'stop', reasons: code.reasons };
      }
      // A valid EU certificate carries no colour: it counts as green, what it certifies being the issuer's rules.
      const colour = code.colour ?? 'green';
      const verdict = policy.colours[colour];
      return { verdict, reasons: verdict === 'pass' ? [] : [`colour-${colour}`] };
    }
  }
}

/** Adds "check" when a resident code and the health code shown with it name different people. */
export function withPairing(judgement: Judgement, personId: string | undefined, previousPersonId: string | undefined): Judgement {
  if (!personId || !previousPersonId || personId === previousPersonId) return judgement;
  return { verdict: stricter(judgement.verdict, 'check'), reasons: ['id-mismatch', ...judgement.reasons] };
}
