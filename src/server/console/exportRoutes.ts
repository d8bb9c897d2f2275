/** The console's export: the log of an area, place or checkpoint over a range of local days, as CSV or XLSX streamed from the database; and what every console file (the report's too) shares: format, name, answer. */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { endOfDay, isCalendarDay, startOfDay } from '../../core/calendar.ts';
import { say, type Language } from '../../core/catalogue.ts';
import { ExportQuerySchema, type ExportQuery } from '../../core/consoleOps.ts';
import { refusal } from '../http/auth.ts';
import { csvExport, RETAINED_FROM_HEADER, retainedFrom, xlsxExport } from '../operator/export.ts';
import type { ExportFilter } from '../storage/storage.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { namedId, REFUSALS, requireRight, scopeTarget, type ScopeTarget } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', html: 'text/html; charset=utf-8' } as const;
type FileFormat = keyof typeof CONTENT_TYPES;

/** The format and language a file route's query asks for, with the defaults its schema states: XLSX, in Chinese. */
export const fileChoice = (query: { format?: 'csv' | 'xlsx' | undefined; lang?: Language | undefined }): { format: 'csv' | 'xlsx'; lang: Language } =>
  ({ format: query.format ?? 'xlsx', lang: query.lang ?? 'zh' });

/** A file's answer (the export's, the report's, the enrolment sheet's): its type and name, and no cache on the way keeps a copy of what is about people and places. */
export function sendFile(reply: FastifyReply, format: FileFormat, disposition: string, body: Readable | string): FastifyReply {
  return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', disposition).header('cache-control', 'no-store').send(body);
}

/** What a file name may hold on every system: anything else (a slash, a quote, a control character) becomes `_`. */
const fileSafe = (text: string): string => [...text].map((c) => (/[\\/:*?"<>|]/.test(c) || c.charCodeAt(0) < 0x20 || c === '\u007f' ? '_' : c)).join('').trim();
const asciiSafe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * `attachment; kadian-<words>.<extension>` with the words (Chinese names) in RFC 5987's filename* (UTF-8,
 * percent-encoded), which every current browser prefers, and an ASCII filename of `asciiWords` (ids) for the rest.
 */
export function attachmentDisposition(words: readonly string[], asciiWords: readonly string[], extension: string): string {
  const name = `${['kadian', ...words.map(fileSafe)].join('-')}.${extension}`;
  const ascii = `${['kadian', ...asciiWords.map(asciiSafe)].join('-')}.${extension}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function exportDisposition(target: Pick<ScopeTarget, 'id' | 'name'>, from: string, to: string, format: 'csv' | 'xlsx', lang: Language): string {
  return attachmentDisposition([target.name ?? say('report.city', lang), from, to], [target.id ?? 'city', from, to], format);
}

export async function exportRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { timeZone } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: ExportQuery }>(
    '/console/export',
    {
      schema: {
        summary: "The log of an area, place or checkpoint from one local day to another (TIME_ZONE), as CSV or XLSX with the tablet export's columns",
        querystring: ExportQuerySchema, response: REFUSALS,
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const { from, to } = request.query;
      const { format, lang } = fileChoice(request.query);
      await requireRight(deps, request, 'entries.export', namedId(request.query));
      if (!isCalendarDay(from) || !isCalendarDay(to) || from > to) throw refusal(request, 400, 'request-invalid', { detail: `no days from ${from} to ${to}` });
      const target = await scopeTarget(deps, request, request.query);
      const filter: ExportFilter = {
        since: startOfDay(from, timeZone).toISOString(), until: endOfDay(to, timeZone).toISOString(),
        // The whole city needs no list; any other subtree is exactly the checkpoints the caller reaches there.
        ...(!target.wholeCity && { checkpointIds: target.checkpoints.map((c) => c.id) }),
      };
      // Written before the first row: a download cut short was still asked for.
      await auditConsole(deps, request, {
        user, action: 'console.export', areaPath: target.areaPath, target: target.id,
        detail: { scope: target.kind, from, to, format, lang, timeZone, checkpoints: target.checkpoints.length },
      });
      // A replica when there is one: the log is read whole, and nothing here must see a write of this request.
      const storage = deps.reads();
      // Entries before the mark may be gone (the server's retention): said beside the file, whose format stays as it is.
      const gone = await retainedFrom(storage, filter.since);
      if (gone !== null) void reply.header(RETAINED_FROM_HEADER, gone);
      const chunks = format === 'xlsx' ? xlsxExport(storage, filter, lang, timeZone) : csvExport(storage, filter, lang, timeZone);
      return sendFile(reply, format, exportDisposition(target, from, to, format, lang), Readable.from(chunks));
    },
  );
}
