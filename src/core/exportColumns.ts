/** The columns of a log export (CSV and XLSX, server and tablet alike): headers in Chinese or English, and an entry's cells. */
import { localDateTime, localIsoTime } from './calendar.ts';
import { say, sayAny, type CatalogueKey, type Language } from './catalogue.ts';
import type { Colour, Direction, Entry, Outcome, Source, Verdict, VehicleRole } from './entry.ts';

/** An entry as exported: the server adds when it received it; the tablet has no such time (empty cell). */
export type ExportEntry = Entry & { receivedAt?: string | null };

/** A cell: text stays text (ID numbers above all), numbers are numbers, null is empty. */
export type ExportCell = string | number | null;

/** What a row needs beyond its entry: the zone its times are read in, and the checkpoints' names. */
export interface ExportContext {
  /** IANA zone: the tablet's own, or the server's TIME_ZONE. */
  timeZone: string;
  /** The checkpoint's name as people call it ("示范社区 · 东门卡点"), or undefined for one the exporter does not know. */
  checkpointName(id: string): string | undefined;
}

interface Column {
  /** The catalogue's header: its English is also a stable machine name, scripts read exports by it (`--lang en`). */
  header: Extract<CatalogueKey, `column.${string}`>;
  /** Characters, for a spreadsheet's column. */
  width: number;
  cell(entry: ExportEntry, language: Language, context: ExportContext): ExportCell;
}

/** A value in words: Chinese spells out 入/出, 通过/禁止通行/请核验; English keeps the machine names (the catalogue's `cell.<value>`). */
const named = (value: Direction | Source | Colour | Verdict | Outcome | VehicleRole | null, language: Language): string | null => (value === null ? null : say(`cell.${value}`, language));

/**
 * A time in the export's zone: for a lead (Chinese) the wall clock a spreadsheet reads as a date (2026-11-30 07:03:14);
 * for scripts (English) the same wall clock in ISO 8601 with its offset, exact as the instant it names.
 */
export function exportTime(at: string | null | undefined, language: Language, { timeZone }: Pick<ExportContext, 'timeZone'>): string | null {
  if (!at) return null;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return language === 'zh' ? localDateTime(date, timeZone) : localIsoTime(date, timeZone);
}

/**
 * In the order a lead reads a row: when, which way, who, the verdict and why, what was done after it (处置), the
 * vehicle they came in; then where, how and by whom; the machine's columns (device, sequence, hash) last, the 64-character hash narrow at the end.
 */
const COLUMNS: readonly Column[] = [
  { header: 'column.at', width: 20, cell: (e, l, c) => exportTime(e.at, l, c) },
  { header: 'column.direction', width: 6, cell: (e, l) => named(e.direction, l) },
  { header: 'column.name', width: 12, cell: (e) => e.name },
  { header: 'column.id_number', width: 21, cell: (e) => e.personId },
  { header: 'column.verdict', width: 9, cell: (e, l) => named(e.verdict, l) },
  // English keeps the reason keys (fever;key-person) for scripts; Chinese spells each out (a reason a newer tablet knows stays its key).
  { header: 'column.reasons', width: 36, cell: (e, l) => (l === 'en' ? e.reasons.join(';') : e.reasons.map((r) => sayAny(r, 'zh')).join('；')) },
  // A follow-up (处置): what became of the person, in the volunteer's words, and which entry of its tablet it follows up.
  { header: 'column.outcome', width: 12, cell: (e, l) => named(e.followUp?.outcome ?? null, l) },
  { header: 'column.outcome_note', width: 20, cell: (e) => e.followUp?.note ?? null },
  { header: 'column.follows_seq', width: 8, cell: (e) => e.followUp?.of ?? null },
  // A vehicle at a road checkpoint: the passage id groups a car's driver and passengers when a spreadsheet sorts by it.
  { header: 'column.plate', width: 10, cell: (e) => e.vehicle?.plate ?? null },
  { header: 'column.vehicle', width: 36, cell: (e) => e.vehicle?.id ?? null },
  { header: 'column.vehicle_role', width: 8, cell: (e, l) => named(e.vehicle?.role ?? null, l) },
  { header: 'column.colour', width: 6, cell: (e, l) => named(e.colour, l) },
  { header: 'column.temperature', width: 7, cell: (e) => e.temperature },
  { header: 'column.source', width: 12, cell: (e, l) => named(e.source, l) },
  // Chinese names the checkpoint as people call it; English keeps its id, the name scripts join on.
  { header: 'column.checkpoint', width: 18, cell: (e, l, c) => (l === 'zh' ? (c.checkpointName(e.checkpointId) ?? e.checkpointId) : e.checkpointId) },
  { header: 'column.operator', width: 12, cell: (e) => e.operator },
  { header: 'column.received_at', width: 20, cell: (e, l, c) => exportTime(e.receivedAt, l, c) },
  { header: 'column.device', width: 16, cell: (e) => e.deviceId },
  { header: 'column.seq', width: 8, cell: (e) => e.seq },
  { header: 'column.hash', width: 12, cell: (e) => e.hash },
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
export function exportCells(entry: ExportEntry, language: Language, context: ExportContext): ExportCell[] {
  return COLUMNS.map((c) => c.cell(entry, language, context));
}

/** Suggested column widths (characters) for a spreadsheet, in header order. */
export function exportColumnWidths(): number[] {
  return COLUMNS.map((c) => c.width);
}

/** The checkpoint's name as people call it, where it stands in an export. */
export const checkpointLabel = (checkpoint: { name: string; communityName: string }): string => `${checkpoint.communityName} · ${checkpoint.name}`;
