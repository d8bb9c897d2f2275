/** The upward report's columns (日报, GET /api/v1/console/report): headers in Chinese or English, a figure row's cells, the cut-off line and the file's name. */
import { localDateTime } from './calendar.ts';
import { say, type CatalogueKey, type Language } from './catalogue.ts';
import { levelName } from './city.ts';
import type { FigureRow, Figures, OutcomeFigures } from './consoleFigures.ts';
import { exportTime, type ExportCell } from './exportColumns.ts';

interface Column {
  header: Extract<CatalogueKey, `report.column.${string}`>;
  /** Characters, for a spreadsheet's column. */
  width: number;
  cell(row: FigureRow, language: Language, timeZone: string): ExportCell;
}

/** The whole city's row has no id and no name on the wire (consoleFigures.ts). */
const isCity = (row: Pick<FigureRow, 'kind' | 'id'>): boolean => row.kind === 'area' && row.id === '';

/** An area by its level (市, 区县…; a tree's own level as written), a place or a checkpoint by what it is. */
function levelOrKind(row: FigureRow, language: Language): string | null {
  if (row.kind === 'place') return say('report.place', language);
  if (row.kind === 'checkpoint') return say('report.checkpoint', language);
  return row.level === null ? null : levelName(row.level, language);
}

const count = (header: Column['header'], figure: Exclude<keyof Figures, 'outcomes'>): Column => ({ header, width: 8, cell: (row) => row.figures[figure] });
const outcome = (header: Column['header'], figure: keyof OutcomeFigures): Column => ({ header, width: 10, cell: (row) => row.figures.outcomes[figure] });

/** In the order of the console's overview: where, the flow, the verdicts, the colours, the 处置, the vehicles, then how fresh the numbers are. */
const COLUMNS: readonly Column[] = [
  { header: 'report.column.name', width: 20, cell: (row, l) => (isCity(row) ? say('report.city', l) : row.name) },
  { header: 'report.column.level', width: 10, cell: levelOrKind },
  count('report.column.in', 'in'),
  count('report.column.out', 'out'),
  count('report.column.inside', 'inside'),
  count('report.column.passed', 'passed'),
  count('report.column.stopped', 'stopped'),
  count('report.column.checked', 'checked'),
  count('report.column.key_person', 'keyPerson'),
  count('report.column.green', 'green'),
  count('report.column.blue', 'blue'),
  count('report.column.yellow', 'yellow'),
  count('report.column.red', 'red'),
  count('report.column.other_colour', 'otherColour'),
  outcome('report.column.outcome_release', 'release'),
  outcome('report.column.outcome_turned_back', 'turnedBack'),
  outcome('report.column.outcome_hospital', 'hospital'),
  outcome('report.column.outcome_quarantine', 'quarantine'),
  outcome('report.column.outcome_other', 'other'),
  count('report.column.vehicles', 'vehicles'),
  { header: 'report.column.tablets', width: 8, cell: (row) => row.devices },
  // No tablet: nothing to be fresh or stale; tablets that never synced: say so, a blank would read as "all fine".
  {
    header: 'report.column.oldest_sync', width: 24,
    cell: (row, l, timeZone) => (row.devices === 0 ? null : row.oldestLastSeenAt === null ? say('report.never', l) : exportTime(row.oldestLastSeenAt, l, { timeZone })),
  },
];

/**
 * Whether a report has the blue column: only when the scope saw a blue code that day. A city without a fourth colour
 * (core/entry.ts) sends the level above no column of zeros; one with it has blue in every report that counts any.
 */
export const reportHasBlue = (scope: FigureRow): boolean => scope.figures.blue > 0;

const columnsOf = (blue: boolean): readonly Column[] => (blue ? COLUMNS : COLUMNS.filter((c) => c.header !== 'report.column.blue'));

export const reportHeader = (language: Language, blue: boolean): string[] => columnsOf(blue).map((c) => say(c.header, language));
export const reportColumnWidths = (blue: boolean): number[] => columnsOf(blue).map((c) => c.width);
export const reportCells = (row: FigureRow, language: Language, timeZone: string, blue: boolean): ExportCell[] =>
  columnsOf(blue).map((c) => c.cell(row, language, timeZone));
export const reportSheetName = (language: Language): string => say('report.sheet', language);

/** The line under the table that says when the numbers were read: "截至 2026-11-30 16:00 (Asia/Shanghai)". */
export function reportCutOff(asOf: Date, timeZone: string, language: Language): string {
  return `${say('report.asOf', language)} ${localDateTime(asOf, timeZone).slice(0, 16)} (${timeZone})`;
}

/** The words of the file's name after `kadian-`: the report, the scope's name (the whole city's word for it), the date. */
export function reportFileWords(scope: Pick<FigureRow, 'kind' | 'id' | 'name'>, date: string, language: Language): string[] {
  return [say('report.file', language), isCity(scope) ? say('report.city', language) : scope.name, date];
}
