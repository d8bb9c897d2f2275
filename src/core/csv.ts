/** CSV cells and rows (RFC 4180), with spreadsheet formulas neutralised: a log is data, never code. */

/**
 * The start of a cell a spreadsheet may run as a formula: a tab, carriage return or line feed; or a formula sign after
 * anything it may skip first.
 * - Skipped: whitespace of every kind (the ideographic space too), control characters, invisible format characters
 *   (zero-width space and joiners, bidi marks, the BOM, the soft hyphen: \p{Cf}), the invisible fillers (Hangul
 *   fillers, the blank Braille pattern), and what XLSX drops as unencodable (U+FFFE, U+FFFF, lone surrogates), so a
 *   cell cannot become a formula by losing its first characters on the way into the file.
 * - Signs: = + - @, their full-width forms (a Chinese IME types ＝ for =) and small forms, and the minus sign.
 */
const FORMULA_START =
  /^(?:[\t\r\n]|[\s\p{Cc}\p{Cf}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800\uFFFE\uFFFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B\u2212])/u;

/** Text a spreadsheet would run as a formula gets a leading apostrophe; CSV and XLSX exports both use this. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell: formula-like text gets a leading apostrophe, then quoting where needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string') text = neutraliseFormula(text);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Starts every CSV file: Excel reads a CSV without it as the local code page and garbles every Chinese name. */
export const UTF8_BOM = '\uFEFF';

/** One row, CRLF-terminated as Excel expects. */
export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
