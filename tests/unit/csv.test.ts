/** Formula neutralisation (CSV and XLSX share it), property-tested: nothing a spreadsheet could run leaves an export unmarked. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRow, neutraliseFormula } from '../../src/core/csv.ts';

// The oracle, written apart from the implementation: one character at a time.
const SIGNS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹢', '﹣', '﹦', '﹫', '−'];
const FILLERS = ['\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800'];
/** What the XLSX writer drops (XML cannot carry it): skipped too, or dropping it could make a formula. */
const UNENCODABLE = ['\uFFFE', '\uFFFF', '\uD800']; // no lone low surrogate: after \uD800 it would make a pair
const skippable = (ch: string): boolean => /^[\s\p{Cc}\p{Cf}]$/u.test(ch) || FILLERS.includes(ch) || UNENCODABLE.includes(ch) || /^[\uD800-\uDFFF]$/.test(ch);

/** Whether a spreadsheet could take the cell for a formula: it opens with tab/CR/LF, or a sign follows what it skips. */
function couldRun(text: string): boolean {
  if (/^[\t\r\n]/.test(text)) return true;
  const first = [...text].find((ch) => !skippable(ch));
  return first !== undefined && SIGNS.includes(first);
}

/** What may come before the sign: the cases and their kin. */
const SKIPPABLE_SAMPLES = [
  ' ', '\t', '\n', '\r', '\v', '\f', '\u00A0', '\u3000', '\u2003', '\u2028', '\u0000', '\u001B', '\u007F', '\u0085',
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u202E', '\u2066', '\u180E', ...FILLERS, ...UNENCODABLE,
];

const skippedPrefix = fc.array(fc.constantFrom(...SKIPPABLE_SAMPLES), { maxLength: 6 }).map((a) => a.join(''));
/** Any text, weighted towards what matters here: signs, skippables, Chinese. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...SIGNS, ...SKIPPABLE_SAMPLES, 'a', '1', '张', '"', ','), maxLength: 12 }),
);

describe('formula neutralisation', () => {
  it('marks each case of issue #12 and the ones before it', () => {
    for (const bad of ['\n=1+1', '\r=1', ' =1', '\u3000=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '\u200B=1', '\uFEFF=1', '=cmd|/c calc', '+1', '-2', '@A1', '\tx']) {
      expect(neutraliseFormula(bad), JSON.stringify(bad)).toBe(`'${bad}`);
    }
    for (const good of ['张三', 'abc', '1-2', ' a', 'a=b', '', '110105194912310029']) expect(neutraliseFormula(good)).toBe(good);
  });

  it('marks a formula sign behind any run of whitespace, control, format or filler characters', () => {
    fc.assert(fc.property(skippedPrefix, fc.constantFrom(...SIGNS), anyText, (prefix, sign, rest) => {
      const cell = `${prefix}${sign}${rest}`;
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }), { numRuns: 2000 });
  });

  it('leaves a cell alone exactly when no spreadsheet could run it, and never changes it otherwise', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.tuple(skippedPrefix, anyText).map(([p, t]) => p + t)), (cell) => {
      const out = neutraliseFormula(cell);
      expect(out === cell || out === `'${cell}`).toBe(true);
      expect(out !== cell).toBe(couldRun(cell));
    }), { numRuns: 3000 });
  });

  it('survives CSV: a reader gets back the marked text, whatever the cell holds', () => {
    // Well-formed text only: UTF-8 has no lone surrogate to carry (the reader sees U+FFFD), and the server refuses them.
    const wellFormed = (t: string) => t !== '' && !/[\uD800-\uDFFF]/.test(t.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
    fc.assert(fc.property(fc.array(anyText.filter(wellFormed), { minLength: 1, maxLength: 4 }), (cells) => {
      const [row] = parse(csvRow(cells), { relax_quotes: false }) as string[][];
      expect(row).toEqual(cells.map(neutraliseFormula));
    }), { numRuns: 1000 });
  });
});
