/** A trace as a spreadsheet for the tracing team (issue #16): one sheet per answer, headers in Chinese or English, and notes under the table (the query, its reason, what retention deleted, a cut-off). */
import { say, type CatalogueKey, type Language } from './catalogue.ts';
import { exportTime, type ExportCell } from './exportColumns.ts';
import type { Contacts, Passage, PersonTrail, PlaceVisitors, TraceKind } from './traceWire.ts';

export interface TraceSheet {
  sheetName: string;
  header: string[];
  columnWidths: number[];
  rows: ExportCell[][];
}

interface Column<R> {
  header: CatalogueKey;
  width: number;
  cell(row: R, language: Language, timeZone: string): ExportCell;
}

const word = (key: CatalogueKey, language: Language): string => say(key, language);
/** A value in words, as the log export writes it (入/出, 通过…; English the machine names). */
const named = (value: Passage['direction'] | Passage['verdict'] | NonNullable<Passage['colour']> | null, language: Language): string | null =>
  (value === null ? null : say(`cell.${value}`, language));

function sheet<R>(kind: TraceKind, columns: ReadonlyArray<Column<R>>, rows: readonly R[], language: Language, timeZone: string): TraceSheet {
  return {
    sheetName: word(`traceSheet.${kind}`, language),
    header: columns.map((c) => word(c.header, language)),
    columnWidths: columns.map((c) => c.width),
    rows: rows.map((r) => columns.map((c) => c.cell(r, language, timeZone))),
  };
}

/** The columns a passage fills, in whatever sheet it appears. */
function passageColumns<R>(of: (row: R) => Passage | null): Array<Column<R>> {
  return [
  { header: 'column.at', width: 20, cell: (r, l, timeZone) => exportTime(of(r)?.at, l, { timeZone }) },
  { header: 'column.direction', width: 6, cell: (r, l) => named(of(r)?.direction ?? null, l) },
  { header: 'traceColumn.place', width: 18, cell: (r) => of(r)?.placeName ?? null },
  { header: 'column.checkpoint', width: 16, cell: (r) => of(r)?.checkpointName ?? null },
  { header: 'column.verdict', width: 9, cell: (r, l) => named(of(r)?.verdict ?? null, l) },
  { header: 'column.colour', width: 6, cell: (r, l) => named(of(r)?.colour ?? null, l) },
  { header: 'column.temperature', width: 7, cell: (r) => of(r)?.temperature ?? null },
  { header: 'column.operator', width: 12, cell: (r) => of(r)?.operator ?? null },
  ];
}

const missing = (l: Language): string => word('traceCell.missing', l);

/** One row per passage, oldest first, with its area and the stay it opens or closes ("2026-11-30 08:12 – 09:40"). */
export function personSheet(trail: PersonTrail, language: Language): TraceSheet {
  const stayOf = (p: Passage): string | null => {
    const stay = trail.stays.find((s) => s.placeId === p.placeId && (s.from === p.at || s.to === p.at));
    return stay ? `${stay.fromLocal ?? missing(language)} – ${stay.toLocal ?? missing(language)}` : null;
  };
  return sheet<Passage>('person', [
    ...passageColumns<Passage>((p) => p),
    { header: 'traceColumn.area', width: 30, cell: (p) => p.areaPath.map((a) => a.name).join(' › ') },
    { header: 'traceColumn.stay', width: 36, cell: stayOf },
    { header: 'column.name', width: 12, cell: (p) => p.name },
    { header: 'column.id_number', width: 21, cell: (p) => p.personId },
  ], trail.passages, language, trail.timeZone);
}

type VisitorRow = { visitor: PlaceVisitors['visitors'][number]; passage: Passage | null };

/** One row per visitor and passage (a visitor only inside, with no passage in the window: one row without one). */
export function placeSheet(visitors: PlaceVisitors, language: Language): TraceSheet {
  const rows = visitors.visitors.flatMap((visitor): VisitorRow[] =>
    (visitor.passages.length === 0 ? [{ visitor, passage: null }] : visitor.passages.map((passage) => ({ visitor, passage }))));
  return sheet<VisitorRow>('place', [
    { header: 'column.id_number', width: 21, cell: (r) => r.visitor.personId },
    { header: 'column.name', width: 12, cell: (r) => r.visitor.name },
    { header: 'traceColumn.inside_from', width: 20, cell: (r, l, timeZone) => exportTime(r.visitor.insideFrom, l, { timeZone }) },
    { header: 'traceColumn.inside_to', width: 20, cell: (r, l, timeZone) => exportTime(r.visitor.insideTo, l, { timeZone }) },
    { header: 'traceColumn.inside_before', width: 10, cell: (r, l) => (r.visitor.insideBefore ? word('traceCell.yes', l) : null) },
    ...passageColumns<VisitorRow>((r) => r.passage),
  ], rows, language, visitors.timeZone);
}

type MeetingRow = { contact: Contacts['contacts'][number]; meeting: Contacts['contacts'][number]['meetings'][number] };

/** One row per contact and meeting, in the answer's rank. */
export function contactsSheet(contacts: Contacts, language: Language): TraceSheet {
  const rows: MeetingRow[] = contacts.contacts.flatMap((contact) => contact.meetings.map((meeting) => ({ contact, meeting })));
  return sheet<MeetingRow>('contacts', [
    { header: 'traceColumn.level', width: 6, cell: (r) => r.contact.level },
    { header: 'column.id_number', width: 21, cell: (r) => r.contact.personId },
    { header: 'column.name', width: 12, cell: (r) => r.contact.name },
    { header: 'traceColumn.via', width: 21, cell: (r) => r.contact.via },
    { header: 'traceColumn.overlap', width: 10, cell: (r) => r.contact.overlapMinutes },
    { header: 'traceColumn.place', width: 18, cell: (r) => r.meeting.placeName },
    { header: 'traceColumn.meeting_from', width: 20, cell: (r, l, timeZone) => exportTime(r.meeting.from, l, { timeZone }) },
    { header: 'traceColumn.meeting_to', width: 20, cell: (r, l, timeZone) => exportTime(r.meeting.to, l, { timeZone }) },
    { header: 'traceColumn.kind', width: 10, cell: (r, l) => word(`traceCell.${r.meeting.kind}`, l) },
    { header: 'traceColumn.minutes', width: 8, cell: (r) => r.meeting.minutes },
  ], rows, language, contacts.timeZone);
}

/** What every answer says besides its rows, for the notes. */
export interface TraceNoteFacts {
  /** The query in a line (history.ts's summary). */
  query: string;
  reason: string;
  retainedFrom: string | null;
  truncated: boolean;
  timeZone: string;
}

/** The notes under the table, after a blank row: so the header stays the first row (frozen, read by scripts). */
export function traceNotes(facts: TraceNoteFacts, language: Language): ExportCell[][] {
  return [
    [],
    [word('traceNote.query', language), facts.query],
    [word('traceNote.reason', language), facts.reason],
    ...(facts.retainedFrom === null ? [] : [[word('traceNote.retained', language), exportTime(facts.retainedFrom, language, { timeZone: facts.timeZone })]]),
    ...(facts.truncated ? [[word('traceNote.truncated', language)]] : []),
  ];
}
