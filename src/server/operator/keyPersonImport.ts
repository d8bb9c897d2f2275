/** Reads a key-person file (CSV or XLSX: id_number, category, note) and checks every row, naming each bad one by its line. */
import { parse } from 'csv-parse/sync';
import { checkKeyPersonRow, type KeyPerson, type KeyPersonRowError } from '../../core/keyPersons.ts';
import { isXlsx, readXlsxRecords, type SheetRecord } from './sheetRows.ts';

/** One bad row: its line in the file (the header is line 1), a message key, and for a malformed file the reader's words. */
export interface ImportProblem {
  line: number;
  error: KeyPersonRowError | 'key-person-csv' | 'key-person-xlsx' | 'key-person-header' | 'key-person-duplicate';
  detail?: string;
}

export interface KeyPersonFile {
  /** The good rows, first occurrence of each ID number. */
  persons: Array<KeyPerson & { line: number }>;
  problems: ImportProblem[];
}

/** The header as the operator may write it: English column names, or the Chinese ones a Chinese spreadsheet would have. */
const HEADERS = [['id_number', 'category', 'note'], ['身份证号', '类别', '备注']];

/** The rows after the header, checked; `problems` (the reader's own) are kept, and all come back in line order. */
function keyPersonsOf(records: readonly SheetRecord[], problems: ImportProblem[]): KeyPersonFile {
  const [header, ...rows] = records;
  const names = header?.cells.map((name) => name.trim().toLowerCase()) ?? [];
  if (!header || !HEADERS.some((h) => h.length === names.length && h.every((name, i) => names[i] === name))) {
    return { persons: [], problems: [{ line: header?.line ?? 1, error: 'key-person-header', detail: names.join(',') }, ...problems] };
  }
  const persons: KeyPersonFile['persons'] = [];
  const firstLine = new Map<string, number>();
  for (const { cells, line } of rows) {
    const [idNumber = '', category = '', note = ''] = cells;
    const checked = checkKeyPersonRow({ idNumber: idNumber.trim(), category, note });
    if (!checked.ok) {
      problems.push({ line, error: checked.error });
      continue;
    }
    const earlier = firstLine.get(checked.value.personId);
    if (earlier !== undefined) {
      problems.push({ line, error: 'key-person-duplicate', detail: `line ${earlier}` });
      continue;
    }
    firstLine.set(checked.value.personId, line);
    persons.push({ ...checked.value, line });
  }
  problems.sort((a, b) => a.line - b.line);
  return { persons, problems };
}

/** Checks the whole text; never throws on content. `text` is already decoded (see decodeUtf8). */
export function readKeyPersonCsv(text: string): KeyPersonFile {
  const problems: ImportProblem[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    // A malformed line is reported and skipped, so one file shows every mistake at once, not the first.
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = typeof error?.lines === 'number' ? error.lines : 0;
      // A broken quote can trip the parser twice on one line: one report per line is enough.
      if (!problems.some((p) => p.line === line)) problems.push({ line, error: 'key-person-csv', detail: error?.message ?? '' });
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return keyPersonsOf(records.map((r) => ({ cells: r.record, line: r.info.lines })), problems);
}

/** The first sheet of a workbook, its row numbers as lines; a row of empty cells (formatted, never filled) is no row. */
export async function readKeyPersonXlsx(bytes: Uint8Array): Promise<KeyPersonFile> {
  const read = await readXlsxRecords(bytes);
  if (!read.ok) return { persons: [], problems: [{ line: 1, error: 'key-person-xlsx', detail: read.error.detail }] };
  return keyPersonsOf(read.value.filter((r) => r.cells.some((c) => c.trim() !== '')), []);
}

/** An uploaded or named file as its bytes say: XLSX, else UTF-8 CSV; undefined for anything else (a GBK "CSV" from Excel). */
export async function readKeyPersonFile(bytes: Uint8Array): Promise<KeyPersonFile | undefined> {
  if (isXlsx(bytes)) return readKeyPersonXlsx(bytes);
  const text = decodeUtf8(bytes);
  return text === undefined ? undefined : readKeyPersonCsv(text);
}

/** The file's text if it is UTF-8 (with or without BOM); undefined otherwise, e.g. a GBK file saved by Excel as plain "CSV". */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: the parser strips it, so a BOM is not mistaken for part of the first column name either way.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
