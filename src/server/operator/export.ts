/** The central log as CSV or XLSX, streamed: rows are produced as the database yields them, never all at once. */
import { csvRow, UTF8_BOM } from '../../core/csv.ts';
import type { Language } from '../../core/catalogue.ts';
import { checkpointLabel, exportCells, exportColumnWidths, exportHeader, exportSheetName, type ExportContext } from '../../core/exportColumns.ts';
import { xlsxChunks, type XlsxCell } from '../../core/xlsx.ts';
import type { ExportFilter, Storage } from '../storage/storage.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * When an export asks for entries from before what the server still keeps (`since` before retention's mark, or no
 * `since` at all): the mark, ISO 8601, for the export to say that entries before it may no longer exist. Null when the
 * range is whole. Said beside the file (stderr, a response header), never in it: the file's format stays as it is.
 */
export async function retainedFrom(storage: Storage, since: string | undefined): Promise<string | null> {
  const retained = await storage.retainedSince();
  if (retained === null) return null;
  return since === undefined || Date.parse(since) < Date.parse(retained) ? retained : null;
}

/** The header a console export says it with (see retainedFrom). */
export const RETAINED_FROM_HEADER = 'x-kadian-retained-from';

/** Rows are gathered into chunks of about this many characters: fewer writes, still bounded memory. */
const CHUNK_CHARS = 64 * 1024;

/** The export's zone (TIME_ZONE) and every checkpoint's name, read once before the rows stream. */
async function exportContext(storage: Storage, timeZone: string): Promise<ExportContext> {
  const names = new Map((await storage.listCheckpoints()).map((c) => [c.id, checkpointLabel(c)]));
  return { timeZone, checkpointName: (id) => names.get(id) };
}

/** CSV text in chunks: a BOM and the header first, then one row per entry in checkpoint, device, seq order. */
export async function* csvExport(storage: Storage, filter: ExportFilter, language: Language, timeZone: string): AsyncGenerator<string> {
  const context = await exportContext(storage, timeZone);
  let chunk = UTF8_BOM + csvRow(exportHeader(language));
  for await (const entry of storage.exportEntries(filter)) {
    chunk += csvRow(exportCells(entry, language, context));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function* rows(storage: Storage, filter: ExportFilter, language: Language, timeZone: string): AsyncGenerator<XlsxCell[]> {
  const context = await exportContext(storage, timeZone);
  for await (const entry of storage.exportEntries(filter)) yield exportCells(entry, language, context);
}

/** The same rows as an XLSX workbook, in byte chunks; past Excel's 1,048,576 rows a sheet continues on the next. */
export function xlsxExport(storage: Storage, filter: ExportFilter, language: Language, timeZone: string): AsyncGenerator<Uint8Array> {
  return xlsxChunks(rows(storage, filter, language, timeZone), {
    sheetName: exportSheetName(language),
    header: exportHeader(language),
    columnWidths: exportColumnWidths(),
  });
}
