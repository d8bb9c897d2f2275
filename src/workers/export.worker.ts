/** The log export, off the main thread: reads IndexedDB itself, reports progress, hands back the file. */
import * as Comlink from 'comlink';
import type { Language } from '../core/catalogue.ts';
import { csvRow, UTF8_BOM } from '../core/csv.ts';
import { exportCells, exportColumnWidths, exportHeader, exportSheetName, type ExportCell, type ExportContext } from '../core/exportColumns.ts';
import { xlsxChunks } from '../core/xlsx.ts';
import { PersonOpener } from '../core/personSeal.ts';
import type { CryptoKeyHandle } from '../core/webcrypto.ts';
import type { StoredEntry } from '../store/db.ts';
import { countBetween, entryPages } from '../store/pages.ts';

export interface ExportRequest {
  /** ISO instants: entries with from ≤ at < until. */
  from: string;
  until: string;
  format: 'csv' | 'xlsx';
  language: Language;
  /** The tablet's zone: the export's times are its wall clock. */
  timeZone: string;
  /** Checkpoint names by id, for the 卡点 column (the tablet knows its own). */
  checkpoints: Record<string, string>;
  /** The checkpoint key the lead's PIN unwrapped (a CryptoKey clones into the worker); without it sealed persons stay empty. */
  privateKey: CryptoKeyHandle | null;
}

type Progress = (done: number, total: number) => void;

/** Rows read from IndexedDB per transaction: bounded memory, and progress between pages. */
const PAGE = 1000;

/** The entry with its sealed person opened, or left empty when there is no key to open it. */
async function opened(entry: StoredEntry, opener: PersonOpener | null): Promise<StoredEntry> {
  if (!entry.sealed || !opener) return entry;
  const person = await opener.open(entry.sealed);
  return person.ok ? { ...entry, personId: person.value.personId, name: person.value.name } : entry;
}

/** The rows of the range in time order, a page at a time, reporting progress as it goes. */
async function* rows(request: ExportRequest, progress: Progress): AsyncGenerator<ExportCell[]> {
  const total = await countBetween(request.from, request.until);
  const opener = request.privateKey ? new PersonOpener(request.privateKey) : null;
  const context: ExportContext = { timeZone: request.timeZone, checkpointName: (id) => request.checkpoints[id] };
  progress(0, total);
  let done = 0;
  for await (const page of entryPages(request.from, request.until, PAGE)) {
    for (const entry of await Promise.all(page.map((e) => opened(e, opener)))) yield exportCells(entry, request.language, context);
    done += page.length;
    progress(Math.min(done, total), total);
  }
}

async function csv(request: ExportRequest, progress: Progress): Promise<Blob> {
  const parts: string[] = [UTF8_BOM + csvRow(exportHeader(request.language))];
  for await (const cells of rows(request, progress)) parts.push(csvRow(cells));
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

async function xlsx(request: ExportRequest, progress: Progress): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  const options = { sheetName: exportSheetName(request.language), header: exportHeader(request.language), columnWidths: exportColumnWidths() };
  for await (const chunk of xlsxChunks(rows(request, progress), options)) chunks.push(chunk);
  return new Blob(chunks as BlobPart[], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const api = {
  /** Exports the entries in the range; `progress` is a Comlink proxy. Cancel by terminating the worker. */
  exportLog(request: ExportRequest, progress: Progress): Promise<Blob> {
    return request.format === 'csv' ? csv(request, progress) : xlsx(request, progress);
  },
};

export type ExportApi = typeof api;

Comlink.expose(api);
