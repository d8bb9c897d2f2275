import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/core/csv.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import { createRepeatFilter } from '../../src/core/repeat.ts';
import { readTypedId } from '../../src/core/scan.ts';
import { judge } from '../../src/core/verdict.ts';

describe('judge', () => {
  it('passes an identity by default, stops a broken code, asks to check an unknown one', () => {
    expect(judge(readTypedId('11010519491231002X'), DEFAULT_POLICY)).toEqual({ verdict: 'pass', reasons: [] });
    expect(judge(readTypedId('110105194912310021'), DEFAULT_POLICY)).toEqual({ verdict: 'stop', reasons: ['id-check'] });
    expect(judge({ kind: 'unknown' }, DEFAULT_POLICY)).toEqual({ verdict: 'check', reasons: ['code-unknown'] });
  });

  it('follows the policy for identity-only scans', () => {
    expect(judge(readTypedId('11010519491231002X'), { ...DEFAULT_POLICY, identityOnly: 'check' })).toEqual({ verdict: 'check', reasons: ['identity-only'] });
  });
});

describe('repeat filter', () => {
  it('ignores the same code within the window, also while it is held there', () => {
    const isNew = createRepeatFilter(() => 3000);
    expect(isNew('A', 0)).toBe(true);
    expect(isNew('A', 1000)).toBe(false);
    expect(isNew('A', 3500)).toBe(false); // still in front of the camera: seen 2.5 s ago
    expect(isNew('A', 7000)).toBe(true); // away for 3.5 s: a new scan
    expect(isNew('B', 7100)).toBe(true);
    expect(isNew('A', 7200)).toBe(true);
  });
});

describe('CSV', () => {
  it('quotes separators and quotes, keeps Chinese as is', () => {
    expect(csvRow(['张三', 'a,b', 'say "hi"', null, 37.2])).toBe('张三,"a,b","say ""hi""",,37.2\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=cmd|/c calc', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(-5)).toBe('-5'); // a number is data, not a formula
  });
});
