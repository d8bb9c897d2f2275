/** Reads a city file (CSV or XLSX, one row per checkpoint) into rows of named cells, each with its line; headers in Chinese or English, in any order. */
import { parse } from 'csv-parse/sync';
import { readXlsxRecords, type SheetRecord } from '../operator/sheetRows.ts';

/** The columns of a city file, by key; each key's accepted headers (Chinese and English, any case). */
export const CITY_COLUMNS = {
  city: ['市', 'city'],
  district: ['区县', '区/县', '区', 'district'],
  street: ['街道', '街道乡镇', '乡镇', '镇街', 'street'],
  community: ['社区', '社区村', '村', '村社区', 'community'],
  grid: ['网格', 'grid'],
  place: ['场所', 'place'],
  placeKind: ['场所类型', 'place_kind', 'kind'],
  capacity: ['容量', 'capacity'],
  checkpoint: ['卡点', 'checkpoint'],
  cityCode: ['市代码', 'city_code'],
  districtCode: ['区县代码', 'district_code'],
  streetCode: ['街道代码', 'street_code'],
  communityCode: ['社区代码', 'community_code'],
  gridCode: ['网格代码', 'grid_code'],
  placeCode: ['场所代码', 'place_code'],
  checkpointCode: ['卡点代码', 'checkpoint_code'],
} as const;

export type CityColumn = keyof typeof CITY_COLUMNS;

/** Without these a row says nothing: a city, a place, a checkpoint. */
const REQUIRED: readonly CityColumn[] = ['city', 'place', 'checkpoint'];

export interface CityRow {
  /** Its line in the file (the header is line 1; an XLSX row number). */
  line: number;
  cells: Partial<Record<CityColumn, string>>;
}

export interface FileProblem {
  line: number;
  error: 'city-file-header' | 'city-file-csv';
  detail?: string;
}

export interface CityFile {
  rows: CityRow[];
  problems: FileProblem[];
}

const normalise = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, '_');

/** Each header's column, or the headers no column takes (and the required columns missing) as one problem. */
function columnsOf(header: readonly string[], line: number): { columns: Array<CityColumn | null>; problem: FileProblem | null } {
  const columns = header.map((name) => {
    const n = normalise(name);
    if (n === '') return null;
    return (Object.keys(CITY_COLUMNS) as CityColumn[]).find((key) => CITY_COLUMNS[key].some((h) => normalise(h) === n)) ?? null;
  });
  const unknown = header.filter((name, i) => normalise(name) !== '' && columns[i] === null);
  const missing = REQUIRED.filter((key) => !columns.includes(key));
  const twice = columns.filter((c, i) => c !== null && columns.indexOf(c) !== i);
  if (unknown.length + missing.length + twice.length === 0) return { columns, problem: null };
  const detail = [
    ...(unknown.length ? [`unknown: ${unknown.join(', ')}`] : []),
    ...(missing.length ? [`missing: ${missing.map((k) => CITY_COLUMNS[k][0]).join(', ')}`] : []),
    ...(twice.length ? [`twice: ${twice.join(', ')}`] : []),
  ].join('; ');
  return { columns, problem: { line, error: 'city-file-header', detail } };
}

function rowsOf(records: readonly SheetRecord[], problems: FileProblem[]): CityFile {
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, error: 'city-file-header', detail: 'empty file' }, ...problems] };
  const { columns, problem } = columnsOf(header.cells, header.line);
  if (problem) return { rows: [], problems: [problem, ...problems] };
  const rows: CityRow[] = [];
  for (const { cells, line } of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    const row: CityRow = { line, cells: {} };
    columns.forEach((key, i) => { if (key !== null) row.cells[key] = (cells[i] ?? '').trim(); });
    rows.push(row);
  }
  return { rows, problems };
}

interface Parsed { record: string[]; info: { lines: number } }

/** A CSV's rows (UTF-8, BOM or not; `text` is already decoded). A malformed line is a problem and the rest is still read. */
export function readCityCsv(text: string): CityFile {
  const problems: FileProblem[] = [];
  const records = parse(text, {
    bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true,
    on_skip: (error) => {
      const line = typeof error?.lines === 'number' ? error.lines : 0;
      if (!problems.some((p) => p.line === line)) problems.push({ line, error: 'city-file-csv', detail: error?.message ?? '' });
    },
  }) as unknown as Parsed[];
  return rowsOf(records.map((r) => ({ cells: r.record, line: r.info.lines })), problems);
}

/** The first sheet of an XLSX workbook; row numbers are the file's lines. */
export async function readCityXlsx(bytes: Uint8Array): Promise<CityFile> {
  const read = await readXlsxRecords(bytes);
  if (!read.ok) return { rows: [], problems: [{ line: 1, error: read.error.error === 'no-sheet' ? 'city-file-header' : 'city-file-csv', detail: read.error.detail }] };
  return rowsOf(read.value, []);
}
