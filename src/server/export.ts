/** The central log as CSV, streamed: rows are produced as the database yields them, never all at once. */
import { csvRow } from '../core/csv.ts';
import type { ExportFilter, Storage, StoredEntry } from './storage/storage.ts';

export const EXPORT_FORMATS = ['csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  'checkpoint', 'device', 'seq', 'at', 'received_at', 'direction', 'source', 'id_number', 'name',
  'colour', 'temperature', 'verdict', 'reasons', 'operator', 'hash',
] as const;

/** Excel reads a CSV without it as the local code page and garbles every Chinese name. */
const UTF8_BOM = '\uFEFF';
/** Rows are gathered into chunks of about this many characters: fewer writes, still bounded memory. */
const CHUNK_CHARS = 64 * 1024;

function entryRow(e: StoredEntry): string {
  return csvRow([
    e.checkpointId, e.deviceId, e.seq, e.at, e.receivedAt, e.direction, e.source, e.personId, e.name,
    e.colour, e.temperature, e.verdict, e.reasons.join(';'), e.operator, e.hash,
  ]);
}

/** CSV text in chunks: a BOM and the header first, then one row per entry in checkpoint, device, seq order. */
export async function* csvExport(storage: Storage, filter: ExportFilter): AsyncGenerator<string> {
  let chunk = UTF8_BOM + csvRow(CSV_COLUMNS);
  for await (const entry of storage.exportEntries(filter)) {
    chunk += entryRow(entry);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
