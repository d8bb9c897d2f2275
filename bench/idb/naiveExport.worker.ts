/** The export baseline, in a worker like the app's: the whole range read with one toArray, persons opened, formatted into one string. */
import * as Comlink from 'comlink';
import { csvRow } from '../../src/core/csv.ts';
import { exportCells, exportHeader } from '../../src/core/exportColumns.ts';
import { PersonOpener } from '../../src/core/personSeal.ts';
import { db } from '../../src/store/db.ts';
import type { ExportApi, ExportRequest } from '../../src/workers/export.worker.ts';

const api: ExportApi = {
  async exportLog(request: ExportRequest, progress: (done: number, total: number) => void): Promise<Blob> {
    const entries = await db.entries.where('at').between(request.from, request.until, true, false).toArray();
    progress(entries.length, entries.length);
    const opener = request.privateKey ? new PersonOpener(request.privateKey) : null;
    const people = await Promise.all(entries.map(async (e) => (e.sealed && opener ? await opener.open(e.sealed) : null)));
    const context = { timeZone: request.timeZone, checkpointName: (id: string) => request.checkpoints[id] };
    const text = '\uFEFF' + csvRow(exportHeader(request.language)) + entries.map((e, i) => {
      const person = people[i];
      return csvRow(exportCells(person?.ok ? { ...e, ...person.value } : e, request.language, context));
    }).join('');
    return new Blob([text], { type: 'text/csv;charset=utf-8' });
  },
};

Comlink.expose(api);
