/** The columns of a log export (CSV and XLSX, server and tablet alike): headers in Chinese or English, and an entry's cells. */
import { say, sayAny, type CatalogueKey, type Language } from './catalogue.ts';
import type { Colour, Direction, Entry, Source, Verdict } from './entry.ts';

/** An entry as exported: the server adds when it received it; the tablet has no such time (empty cell). */
export type ExportEntry = Entry & { receivedAt?: string | null };

/** A cell: text stays text (ID numbers above all), numbers are numbers, null is empty. */
export type ExportCell = string | number | null;

interface Column {
  /** The catalogue's header: its English is also a stable machine name, scripts read exports by it (`--lang en`). */
  header: Extract<CatalogueKey, `column.${string}`>;
  /** Characters, for a spreadsheet's column. */
  width: number;
  cell(entry: ExportEntry, language: Language): ExportCell;
}

/** A value in words: Chinese spells out 入/出, 通过/拦截/核验; English keeps the machine names (the catalogue's `cell.<value>`). */
const named = (value: Direction | Source | Colour | Verdict | null, language: Language): string | null => (value === null ? null : say(`cell.${value}`, language));

const COLUMNS: readonly Column[] = [
  { header: 'column.checkpoint', width: 14, cell: (e) => e.checkpointId },
  { header: 'column.device', width: 14, cell: (e) => e.deviceId },
  { header: 'column.seq', width: 8, cell: (e) => e.seq },
  { header: 'column.at', width: 30, cell: (e) => e.at },
  { header: 'column.received_at', width: 26, cell: (e) => e.receivedAt ?? null },
  { header: 'column.direction', width: 6, cell: (e, l) => named(e.direction, l) },
  { header: 'column.source', width: 10, cell: (e, l) => named(e.source, l) },
  { header: 'column.id_number', width: 21, cell: (e) => e.personId },
  { header: 'column.name', width: 12, cell: (e) => e.name },
  { header: 'column.colour', width: 6, cell: (e, l) => named(e.colour, l) },
  { header: 'column.temperature', width: 7, cell: (e) => e.temperature },
  { header: 'column.verdict', width: 6, cell: (e, l) => named(e.verdict, l) },
  // English keeps the reason keys (fever;key-person) for scripts; Chinese spells each out (a reason a newer tablet knows stays its key).
  { header: 'column.reasons', width: 24, cell: (e, l) => (l === 'en' ? e.reasons.join(';') : e.reasons.map((r) => sayAny(r, 'zh')).join('；')) },
  { header: 'column.operator', width: 12, cell: (e) => e.operator },
  { header: 'column.hash', width: 66, cell: (e) => e.hash },
];

/** The sheet's name, the same on the tablet and the server: 出入登记 / Log. */
export function exportSheetName(language: Language): string {
  return say('sheet.log', language);
}

/** The header row in a language. */
export function exportHeader(language: Language): string[] {
  return COLUMNS.map((c) => say(c.header, language));
}

/** The cells of one entry, in header order. */
export function exportCells(entry: ExportEntry, language: Language): ExportCell[] {
  return COLUMNS.map((c) => c.cell(entry, language));
}

/** Suggested column widths (characters) for a spreadsheet, in header order. */
export function exportColumnWidths(): number[] {
  return COLUMNS.map((c) => c.width);
}
