/** From a reading and the checkpoint's policy to pass / stop / check, with named reasons. */
import type { Verdict } from './entry.ts';
import type { Policy } from './policy.ts';
import type { Reading } from './scan.ts';

export interface Judgement {
  verdict: Verdict;
  /** Message keys (messages.ts), most important first. */
  reasons: string[];
}

/** Judges one reading. A code that claims to be ours but does not decode is stopped; a foreign one is checked by eye. */
export function judge(reading: Reading, policy: Policy): Judgement {
  switch (reading.kind) {
    case 'identity':
      return { verdict: policy.identityOnly, reasons: policy.identityOnly === 'pass' ? [] : ['identity-only'] };
    case 'invalid':
      return { verdict: 'stop', reasons: [reading.error] };
    case 'unknown':
      return { verdict: 'check', reasons: ['code-unknown'] };
  }
}
