import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/core/csv.ts';
import { coloursOffered, DEFAULT_POLICY } from '../../src/core/policy.ts';
import { createRepeatFilter } from '../../src/core/repeat.ts';
import { createPairing } from '../../src/core/pairing.ts';
import { readTypedId, type Reading } from '../../src/core/scan.ts';
import type { VerifiedCode } from '../../src/core/signedCode.ts';
import { judge, judgeAtGate } from '../../src/core/verdict.ts';

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

describe('judge signed codes', () => {
  const code = (over: Partial<VerifiedCode>): Reading => ({
    kind: 'signed',
    code: { kind: 'KDH1', valid: true, reasons: [], subject: { name: '张三', id: '11010519491231002X' }, colour: 'green', issuer: 'kadian', issuedAt: null, expires: null, ...over },
  });

  it('follows the colour policy for verified codes', () => {
    expect(judge(code({}), DEFAULT_POLICY)).toEqual({ verdict: 'pass', reasons: [] });
    expect(judge(code({ colour: 'yellow' }), DEFAULT_POLICY)).toEqual({ verdict: 'stop', reasons: ['colour-yellow'] });
    expect(judge(code({ colour: 'red' }), DEFAULT_POLICY)).toEqual({ verdict: 'stop', reasons: ['colour-red'] });
    expect(judge(code({ colour: 'yellow' }), { ...DEFAULT_POLICY, colours: { green: 'pass', yellow: 'check', red: 'stop' } }).verdict).toBe('check');
  });

  it('checks a blue code where the rules do not name blue, and follows them where they do; offers blue only then', () => {
    expect(judge(code({ colour: 'blue' }), DEFAULT_POLICY)).toEqual({ verdict: 'check', reasons: ['colour-blue'] });
    expect(judge({ kind: 'unknown', seenColour: 'blue' }, DEFAULT_POLICY)).toEqual({ verdict: 'check', reasons: ['colour-seen', 'colour-blue'] });
    const withBlue = { ...DEFAULT_POLICY, colours: { ...DEFAULT_POLICY.colours, blue: 'pass' as const } };
    expect(judge(code({ colour: 'blue' }), withBlue)).toEqual({ verdict: 'pass', reasons: [] });
    expect(coloursOffered(DEFAULT_POLICY)).toEqual(['green', 'yellow', 'red']);
    expect(coloursOffered(withBlue)).toEqual(['green', 'blue', 'yellow', 'red']);
    // A city without blue sends its tablets rules without the field.
    expect('blue' in DEFAULT_POLICY.colours).toBe(false);
  });

  it('stops a forged code, checks one it cannot verify here', () => {
    expect(judge(code({ valid: false, reasons: ['code-signature'] }), DEFAULT_POLICY)).toEqual({ verdict: 'stop', reasons: ['code-signature'] });
    expect(judge(code({ valid: false, reasons: ['code-expired'] }), DEFAULT_POLICY)).toEqual({ verdict: 'check', reasons: ['code-expired'] });
    expect(judge(code({ valid: false, reasons: ['code-unknown-key'] }), DEFAULT_POLICY).verdict).toBe('check');
    expect(judge(code({ valid: false, reasons: ['code-expired', 'code-signature'] }), DEFAULT_POLICY).verdict).toBe('stop');
  });

  it('takes the colour a volunteer saw on a foreign code, marked as seen', () => {
    expect(judge({ kind: 'unknown', seenColour: 'green' }, DEFAULT_POLICY)).toEqual({ verdict: 'pass', reasons: ['colour-seen', 'colour-green'] });
    expect(judge({ kind: 'unknown', seenColour: 'red' }, DEFAULT_POLICY).verdict).toBe('stop');
  });

  it('checks a resident code and a health code of different people shown one after the other', () => {
    const pair = createPairing(30_000);
    const zhang = readTypedId('11010519491231002X');
    const other = code({ subject: { name: '李四', id: '110105194912310038' } });
    expect(pair(zhang, 0)).toBeUndefined();
    const paired = pair(other, 5_000);
    expect(paired).toEqual({ personId: '11010519491231002X', name: null, source: 'manual' });
    const gate = { direction: 'in' as const, inside: 0 };
    expect(judgeAtGate(other, DEFAULT_POLICY, { ...gate, personId: '110105194912310038', pairedPersonId: paired?.personId })).toEqual({ verdict: 'check', reasons: ['id-mismatch'] });
    // The pair is used up: the next person's resident code is not compared with the last health code.
    expect(pair(readTypedId('110105194912310038'), 6_000)).toBeUndefined();
    // Too long apart: not a pair.
    expect(pair(code({}), 60_000)).toBeUndefined();
    // The same person: no mismatch.
    expect(judgeAtGate(other, DEFAULT_POLICY, { ...gate, personId: '110105194912310038', pairedPersonId: '110105194912310038' })).toEqual({ verdict: 'pass', reasons: [] });
  });
});

describe('judge at the gate', () => {
  const green = readTypedId('11010519491231002X');
  const gate = { direction: 'in' as const, inside: 0 };

  it('flags a key person for a check, with the category', () => {
    expect(judgeAtGate(green, DEFAULT_POLICY, { ...gate, keyPerson: { category: 'close-contact' } })).toEqual({ verdict: 'check', reasons: ['key-person', 'kp-close-contact'] });
  });

  it('stops a fever at the threshold, not below', () => {
    expect(judgeAtGate(green, DEFAULT_POLICY, { ...gate, temperature: 37.3 })).toEqual({ verdict: 'stop', reasons: ['fever'] });
    expect(judgeAtGate(green, DEFAULT_POLICY, { ...gate, temperature: 37.2 })).toEqual({ verdict: 'pass', reasons: [] });
    expect(judgeAtGate(green, { ...DEFAULT_POLICY, feverThreshold: 37.0 }, { ...gate, temperature: 37.2 }).verdict).toBe('stop');
  });

  it('stops an entry at capacity, and always lets an exit through', () => {
    const scenic = { ...DEFAULT_POLICY, capacity: 3 };
    expect(judgeAtGate(green, scenic, { ...gate, inside: 2 })).toEqual({ verdict: 'pass', reasons: [] });
    expect(judgeAtGate(green, scenic, { ...gate, inside: 3 })).toEqual({ verdict: 'stop', reasons: ['capacity-full'] });
    expect(judgeAtGate(green, scenic, { direction: 'out', inside: 3 })).toEqual({ verdict: 'pass', reasons: [] });
    expect(judgeAtGate(green, DEFAULT_POLICY, { ...gate, inside: 1_000_000 }).verdict).toBe('pass');
  });
});
