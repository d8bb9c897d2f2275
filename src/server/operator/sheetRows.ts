/** The rows of an uploaded XLSX workbook's first sheet as text cells with their line numbers: what the city and key-person imports read. */
import { err, ok, type Result } from '../../core/result.ts';

/** One row: its cells as a person sees them, and its row number (the file's line; the header is line 1). */
export interface SheetRecord {
  cells: string[];
  line: number;
}

export interface SheetError {
  /** unreadable: not an XLSX workbook (or a broken one); no-sheet: a workbook without a sheet. */
  error: 'unreadable' | 'no-sheet';
  detail: string;
}

/** By its bytes, not its name: an XLSX is a ZIP ("PK\x03\x04"). */
export const isXlsx = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** A cell's text as a person sees it: numbers (a capacity, a code typed as a number) without a trailing ".0", rich text joined. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return String(value);
}

/** The first sheet's non-empty rows. exceljs loads only when a workbook is read: the server starts without it. */
export async function readXlsxRecords(bytes: Uint8Array): Promise<Result<SheetRecord[], SheetError>> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return err({ error: 'unreadable', detail: `not a readable XLSX workbook: ${(error as Error).message}` });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return err({ error: 'no-sheet', detail: 'no sheet' });
  const records: SheetRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ cells, line });
  });
  return ok(records);
}
