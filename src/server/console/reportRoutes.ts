/** The upward report (逐级上报, issue #15): one local date's figures of a scope and of each child, as of the request, as an XLSX or CSV file the level above can take as it is. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../core/calendar.ts';
import type { Language } from '../../core/catalogue.ts';
import { ReportQuerySchema, type Overview, type ReportQuery } from '../../core/consoleFigures.ts';
import { csvRow, UTF8_BOM } from '../../core/csv.ts';
import { reportCells, reportColumnWidths, reportCutOff, reportFileWords, reportHasBlue, reportHeader, reportSheetName } from '../../core/reportColumns.ts';
import { xlsxChunks, type XlsxCell } from '../../core/xlsx.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { attachmentDisposition, fileChoice, sendFile } from './exportRoutes.ts';
import { checkedDate, overviewOf } from './figureRoutes.ts';
import { figureTarget } from './figureScope.ts';
import { namedId, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

/**
 * The scope's row, then each child's (child areas then places; a place's checkpoints), then a blank row and the cut-off
 * line: below the table, so the header stays the first row (frozen in XLSX, read by scripts in CSV).
 */
export function reportRows(overview: Overview, language: Language): XlsxCell[][] {
  const { timeZone } = overview;
  const blue = reportHasBlue(overview.scope);
  return [
    ...[overview.scope, ...overview.children].map((row) => reportCells(row, language, timeZone, blue)),
    [],
    [reportCutOff(new Date(overview.asOf), timeZone, language)],
  ];
}

export async function reportRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  requireSession(api, deps);

  api.get<{ Querystring: ReportQuery }>(
    '/console/report',
    {
      schema: {
        summary: 'The upward report (日报) of an area, place or checkpoint: one local date\'s figures (default today, TIME_ZONE) of it and each child, as of now, as XLSX or CSV',
        querystring: ReportQuerySchema, response: REFUSALS,
      },
    },
    async (request, reply) => {
      const { user, scope } = callerOf(request);
      const { query } = request;
      const { format, lang } = fileChoice(query);
      await requireRight(deps, request, 'figures.report', namedId(query));
      const date = checkedDate(query.date, calendarDay(deps.now(), deps.timeZone));
      // The figures route's own target and reads: the file says what the console shows, never a count of its own.
      const target = await figureTarget(deps, request, query);
      const overview = await overviewOf(deps, target, date, date, scope);
      const { found } = target;
      await auditConsole(deps, request, {
        user, action: 'console.report', areaPath: found.areaPath, target: found.id,
        detail: { scope: found.kind, date, format, lang, timeZone: overview.timeZone, asOf: overview.asOf, rows: 1 + overview.children.length },
      });
      const rows = reportRows(overview, lang);
      const blue = reportHasBlue(overview.scope);
      const body = format === 'xlsx'
        ? Readable.from(xlsxChunks(rows, { sheetName: reportSheetName(lang), header: reportHeader(lang, blue), columnWidths: reportColumnWidths(blue) }))
        // A few hundred rows at most (one scope's children): one piece.
        : UTF8_BOM + csvRow(reportHeader(lang, blue)) + rows.map((cells) => csvRow(cells)).join('');
      // Figures as of now: no-store also keeps a cache from serving an older copy.
      return sendFile(reply, format, attachmentDisposition(reportFileWords(overview.scope, date, lang), ['report', found.id ?? 'city', date], format), body);
    },
  );
}
