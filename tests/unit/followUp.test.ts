import { describe, expect, it } from 'vitest';
import { OUTCOMES, type Entry, type Outcome } from '../../src/core/entry.ts';
import { followUpProblem, outcomeVerdict } from '../../src/core/followUp.ts';

type Checked = Pick<Entry, 'seq' | 'verdict' | 'reasons' | 'followUp'>;
const followUp = (outcome: Outcome, note: string | null = null, more: Partial<Checked> = {}): Checked =>
  ({ seq: 5, verdict: outcomeVerdict(outcome), reasons: [], followUp: { of: 4, outcome, note }, ...more });

describe('a follow-up checked on its own (处置)', () => {
  it('accepts each outcome with its verdict, and any entry that is no follow-up', () => {
    for (const outcome of OUTCOMES) expect(followUpProblem(followUp(outcome, outcome === 'other' ? '送社区卫生服务中心' : null)), outcome).toBeNull();
    expect(outcomeVerdict('release')).toBe('pass');
    expect(OUTCOMES.filter((o) => o !== 'release').map(outcomeVerdict)).toEqual(['stop', 'stop', 'stop', 'stop']);
    expect(followUpProblem({ seq: 1, verdict: 'check', reasons: ['colour-yellow'] })).toBeNull();
  });

  it('must follow an earlier entry', () => {
    expect(followUpProblem(followUp('turned-back', null, { followUp: { of: 5, outcome: 'turned-back', note: null } }))).toMatch(/follows entry 5, which is not before it/);
    expect(followUpProblem(followUp('turned-back', null, { followUp: { of: 9, outcome: 'turned-back', note: null } }))).toMatch(/follows entry 9/);
  });

  it('needs a note saying what "other" was', () => {
    expect(followUpProblem(followUp('other'))).toMatch(/other without a note/);
    expect(followUpProblem(followUp('other', '  '))).toMatch(/other without a note/);
  });

  it('carries its outcome verdict and no reasons', () => {
    expect(followUpProblem(followUp('release', null, { verdict: 'stop' }))).toMatch(/must carry the verdict pass, not stop/);
    expect(followUpProblem(followUp('hospital', null, { verdict: 'pass' }))).toMatch(/must carry the verdict stop, not pass/);
    expect(followUpProblem(followUp('quarantine', null, { verdict: 'check' }))).toMatch(/verdict stop, not check/);
    expect(followUpProblem(followUp('turned-back', null, { reasons: ['fever'] }))).toMatch(/carries reasons \(fever\)/);
  });
});
