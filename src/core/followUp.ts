/** A follow-up entry (处置) checked on its own: what the tablet writes and the server's push accepts. */
import type { Entry, Outcome, Verdict } from './entry.ts';

/**
 * The verdict a follow-up carries: 放行 lets the person through after all, so it counts as a pass (inside moves);
 * every other outcome keeps them out.
 */
export const outcomeVerdict = (outcome: Outcome): Verdict => (outcome === 'release' ? 'pass' : 'stop');

/**
 * What is wrong with a follow-up, in words for the push's refusal; null when it is well formed or not a follow-up.
 * It must follow an earlier entry of its own chain, say what "other" was, carry its outcome's verdict and no reasons
 * (the outcome says why): otherwise the figures, which count it by outcome and verdict, would count it wrongly.
 * Whether `of` really names a stop or a check is not checked here: that entry may be deleted by retention already.
 */
export function followUpProblem(entry: Pick<Entry, 'seq' | 'verdict' | 'reasons' | 'followUp'>): string | null {
  const followUp = entry.followUp;
  if (followUp === undefined) return null;
  const { of, outcome, note } = followUp;
  if (of >= entry.seq) return `follow-up ${entry.seq} follows entry ${of}, which is not before it`;
  if (outcome === 'other' && (note === null || note.trim() === '')) return `follow-up ${entry.seq} has the outcome other without a note saying what happened`;
  const verdict = outcomeVerdict(outcome);
  if (entry.verdict !== verdict) return `follow-up ${entry.seq} with the outcome ${outcome} must carry the verdict ${verdict}, not ${entry.verdict}`;
  if (entry.reasons.length > 0) return `follow-up ${entry.seq} carries reasons (${entry.reasons.join(', ')}); its outcome is its reason`;
  return null;
}
