/** The log export, off the main thread: reads IndexedDB itself, reports progress, hands back the file. */
import * as Comlink from 'comlink';
import { csvRow, neutraliseFormula } from '../core/csv.ts';
import { exportCells, exportColumnWidths, exportHeader, type ExportCell } from '../core/exportColumns.ts';
import type { Language } from '../core/messages.ts';
import { db, type StoredEntry } from '../store/db.ts';

export interface ExportRequest {
  /** ISO instants: entries with from ≤ at < until. */
  from: string;
  until: string;
  format: 'csv' | 'xlsx';
  language: Language;
}

/** Excel reads a CSV without it as the local code page and garbles every Chinese name. */
const UTF8_BOM = '\uFEFF';
const PROGRESS_EVERY = 500;

async function eachEntry(request: ExportRequest, visit: (e: StoredEntry) => void, progress: (done: number, total: number) => void): Promise<number> {
  const range = () => db.entries.where('at').between(request.from, request.until, true, false);
  const total = await range().count();
  let done = 0;
  progress(0, total);
  await range().each((entry) => {
    visit(entry);
    if (++done % PROGRESS_EVERY === 0) progress(done, total);
  });
  progress(done, total);
  return done;
}

async function csv(request: ExportRequest, progress: (done: number, total: number) => void): Promise<Blob> {
  const parts: string[] = [UTF8_BOM + csvRow(exportHeader(request.language))];
  await eachEntry(request, (e) => parts.push(csvRow(exportCells(e, request.language))), progress);
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** Text cells as text, formula-like text neutralised: ID numbers never become 1.1E+17, `=cmd()` never runs. */
const xlsxCell = (cell: ExportCell): string | number | null => (typeof cell === 'string' ? neutraliseFormula(cell) : cell);

async function xlsx(request: ExportRequest, progress: (done: number, total: number) => void): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(request.language === 'zh' ? '出入记录' : 'Log');
  const widths = exportColumnWidths();
  sheet.columns = exportHeader(request.language).map((header, i) => ({ header, width: widths[i] ?? 12, style: { numFmt: '@' } }));
  await eachEntry(request, (e) => { sheet.addRow(exportCells(e, request.language).map(xlsxCell)); }, progress);
  const buffer = await book.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const api = {
  /** Exports the entries in the range; `progress` is a Comlink proxy. Cancel by terminating the worker. */
  exportLog(request: ExportRequest, progress: (done: number, total: number) => void): Promise<Blob> {
    return request.format === 'csv' ? csv(request, progress) : xlsx(request, progress);
  },
};

export type ExportApi = typeof api;

Comlink.expose(api);
