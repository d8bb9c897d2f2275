/** Tracing in the console (追溯, issue #16): a person's trail, a place's visitors and a person's contacts in the caller's subtree, as JSON or XLSX, every query with its reason in the audit log; and the caller's own history of them. */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../core/catalogue.ts';
import { hasRight } from '../../core/roles.ts';
import { contactsSheet, personSheet, placeSheet, traceNotes, type TraceSheet } from '../../core/traceColumns.ts';
import { daySpan, minuteSpan, traceReason, tracedPersonId } from '../../core/traceQuery.ts';
import {
  ContactsSchema, ContactsTraceSchema, DEFAULT_CONTACT_WINDOW_MINUTES, PersonTrailSchema, PersonTraceSchema, PlaceTraceSchema, PlaceVisitorsSchema, TraceFileQuerySchema,
  TraceHistoryQuerySchema, TraceHistorySchema, type ContactsTrace, type PersonTrace, type PlaceTrace, type TraceFileQuery, type TraceHistory,
  type TraceHistoryQuery, type TraceKind,
} from '../../core/traceWire.ts';
import { xlsxChunks } from '../../core/xlsx.ts';
import { reachesPlace } from '../accounts/scope.ts';
import { refusal } from '../http/auth.ts';
import type { ApiErrorName } from '../http/errors.ts';
import { personContacts } from '../trace/contacts.ts';
import { maskedPerson, querySummary, traceRecord, type TraceQueryLine } from '../trace/history.ts';
import { findPlace, personTrail, placeVisitors, type TraceReader } from '../trace/trails.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { attachmentDisposition, sendFile } from './exportRoutes.ts';
import { REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

/** What every answer carries for its audit line and its file's notes. */
interface Answered {
  truncated: boolean;
  retainedFrom: string | null;
  timeZone: string;
}

/** A query on its way: what it asked (for its audit line), why, and whether it answers JSON or a file. */
interface Asked {
  kind: TraceKind;
  query: TraceQueryLine;
  reason: string;
  format: 'json' | 'xlsx';
  target: string | null;
}

/**
 * A missing or empty reason is its own 400, named, before the schema's generic one: a trace without a reason is not
 * a malformed request but an unaccounted one.
 */
async function reasonFirst(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return; // the schema says what is wrong with it
  const reason = (body as { reason?: unknown }).reason;
  if (typeof reason !== 'string' || !traceReason(reason).ok) throw refusal(request, 400, 'trace-reason-missing');
}

/** Written for every query, answered or refused: who, what, why, and how many persons it named. */
async function auditTrace(deps: ConsoleDeps, request: FastifyRequest, asked: Asked, outcome: { count: number; refused?: ApiErrorName; truncated?: boolean }): Promise<void> {
  const { user, area } = callerOf(request);
  await auditConsole(deps, request, {
    user, action: `console.trace.${asked.kind}`, areaPath: area?.path ?? null, target: asked.target,
    detail: {
      kind: asked.kind, query: asked.query, reason: asked.reason, count: outcome.count, format: asked.format, timeZone: deps.timeZone,
      ...(outcome.refused !== undefined && { refused: outcome.refused }), ...(outcome.truncated === true && { truncated: true }),
    },
  });
}

/** A refusal of a query, in the audit log with the query, then thrown. */
async function refuse(deps: ConsoleDeps, request: FastifyRequest, asked: Asked, reason: 'forbidden-role' | 'forbidden-area'): Promise<never> {
  await auditTrace(deps, request, asked, { count: 0, refused: reason });
  throw refusal(request, 403, reason, { userId: callerOf(request).user.id });
}

async function requireTrace(deps: ConsoleDeps, request: FastifyRequest, asked: Asked): Promise<void> {
  if (!hasRight(callerOf(request).user.role, 'entries.trace')) await refuse(deps, request, asked, 'forbidden-role');
}

const checked = <T>(request: FastifyRequest, result: { ok: true; value: T } | { ok: false; error: ApiErrorName }, detail?: string): T => {
  if (!result.ok) throw refusal(request, 400, result.error, detail === undefined ? {} : { detail });
  return result.value;
};

// From a replica when there is one: a trace reads much and writes nothing (its audit line goes to the primary).
const readerOf = (deps: ConsoleDeps, request: FastifyRequest): TraceReader => ({ storage: deps.reads(), timeZone: deps.timeZone, within: callerOf(request).scope.root });

/** The answer, audited, as JSON or as the tracing team's workbook. */
async function answer<T extends Answered>(
  deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, asked: Asked, result: T, count: number,
  file: { sheet(result: T, language: Language): TraceSheet; words: string[]; ascii: string[] },
): Promise<FastifyReply | T> {
  await auditTrace(deps, request, asked, { count, truncated: result.truncated });
  if (asked.format === 'json') return result;
  const language = (request.query as TraceFileQuery).lang ?? 'zh';
  const sheet = file.sheet(result, language);
  const notes = traceNotes({ query: querySummary(asked.query), reason: asked.reason, retainedFrom: result.retainedFrom, truncated: result.truncated, timeZone: result.timeZone }, language);
  const body = Readable.from(xlsxChunks([...sheet.rows, ...notes], { sheetName: sheet.sheetName, header: sheet.header, columnWidths: sheet.columnWidths }));
  return sendFile(reply, 'xlsx', attachmentDisposition([sheet.sheetName, ...file.words], ['trace', asked.kind, ...file.ascii], 'xlsx'), body);
}

export async function traceRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  requireSession(api, deps);
  // Who was where is never kept by a browser or a proxy: not the answers, not the files, not the refusals.
  api.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store');
    return payload;
  });

  for (const format of ['json', 'xlsx'] as const) {
    const suffix = format === 'xlsx' ? '.xlsx' : '';
    const described = (summary: string, body: object, reply: object) => ({
      preValidation: reasonFirst,
      schema: format === 'xlsx'
        ? { summary: `${summary}, as an XLSX workbook for the tracing team`, body, querystring: TraceFileQuerySchema, response: REFUSALS }
        : { summary, body, response: { 200: reply, ...REFUSALS } },
    });

    api.post<{ Body: PersonTrace; Querystring: TraceFileQuery }>(
      `/console/trace/person${suffix}`,
      described("A person's passages at every gate of the caller's subtree over local days (TIME_ZONE), in time order, paired into stays; needs a reason", PersonTraceSchema, PersonTrailSchema),
      async (request, reply) => {
        const { since, until } = request.body;
        const personId = tracedPersonId(request.body.personId);
        const shown = maskedPerson(personId.ok ? personId.value : request.body.personId);
        const asked: Asked = { kind: 'person', query: { kind: 'person', personId: shown, since, until }, reason: request.body.reason.trim(), format, target: shown };
        await requireTrace(deps, request, asked);
        const id = checked(request, personId);
        const span = checked(request, daySpan(since, until, deps.timeZone), `${since}…${until}`);
        const trail = await personTrail(readerOf(deps, request), id, { since, until, span });
        // A trail names one person, or none when it holds no passage.
        return answer(deps, request, reply, asked, trail, trail.passages.length > 0 ? 1 : 0, { sheet: personSheet, words: [since, until], ascii: [since, until] });
      },
    );

    api.post<{ Body: PlaceTrace; Querystring: TraceFileQuery }>(
      `/console/trace/place${suffix}`,
      described("Everyone who passed a place (or one gate of it) or was inside it within a window of local minutes [from, to); needs a reason", PlaceTraceSchema, PlaceVisitorsSchema),
      async (request, reply) => {
        const { placeId, checkpointId, from, to } = request.body;
        const query: TraceQueryLine = { kind: 'place', placeId: placeId ?? null, placeName: null, checkpointId: checkpointId ?? null, from, to };
        const asked: Asked = { kind: 'place', query, reason: request.body.reason.trim(), format, target: checkpointId ?? placeId ?? null };
        await requireTrace(deps, request, asked);
        if ((placeId === undefined) === (checkpointId === undefined)) throw refusal(request, 400, 'trace-place-one');
        const span = checked(request, minuteSpan(from, to, deps.timeZone), `${from}…${to}`);
        const target = await findPlace(deps.storage, { placeId, checkpointId });
        // Unknown and out of reach are the same refusal, so ids cannot be probed.
        if (!target || !reachesPlace(callerOf(request).scope, target.place, target.place.areaIds)) return refuse(deps, request, asked, 'forbidden-area');
        query.placeName = target.place.name;
        const visitors = await placeVisitors(readerOf(deps, request), target, { from, to, span });
        const words = [target.checkpoint?.name ?? target.place.name, from.replace(':', ''), to.replace(':', '')];
        return answer(deps, request, reply, asked, visitors, visitors.visitors.length, { sheet: placeSheet, words, ascii: [target.checkpoint?.id ?? target.place.id, ...words.slice(1)] });
      },
    );

    api.post<{ Body: ContactsTrace; Querystring: TraceFileQuery }>(
      `/console/trace/contacts${suffix}`,
      described("Whoever was inside a place with the person at the same time (or passed a gate without exits within ± windowMinutes), ranked by overlap; depth 2 adds their contacts; needs a reason", ContactsTraceSchema, ContactsSchema),
      async (request, reply) => {
        const { since, until } = request.body;
        const windowMinutes = request.body.windowMinutes ?? DEFAULT_CONTACT_WINDOW_MINUTES;
        const depth = request.body.depth ?? 1;
        const personId = tracedPersonId(request.body.personId);
        const shown = maskedPerson(personId.ok ? personId.value : request.body.personId);
        const query: TraceQueryLine = { kind: 'contacts', personId: shown, since, until, windowMinutes, depth };
        const asked: Asked = { kind: 'contacts', query, reason: request.body.reason.trim(), format, target: shown };
        await requireTrace(deps, request, asked);
        const id = checked(request, personId);
        const span = checked(request, daySpan(since, until, deps.timeZone), `${since}…${until}`);
        const contacts = await personContacts(readerOf(deps, request), { personId: id, since, until, span, windowMinutes, depth });
        return answer(deps, request, reply, asked, contacts, contacts.contacts.length, { sheet: contactsSheet, words: [since, until], ascii: [since, until] });
      },
    );
  }

  api.get<{ Querystring: TraceHistoryQuery }>(
    '/console/trace/history',
    { schema: { summary: "The caller's own trace queries, newest first (an admin: everyone's, the operator's CLI too), with reason and persons returned", querystring: TraceHistoryQuerySchema, response: { 200: TraceHistorySchema, ...REFUSALS } } },
    async (request): Promise<TraceHistory> => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'entries.trace');
      const lines = await deps.storage.listTraceAudit(user.role === 'admin' ? null : `user:${user.id}`, request.query.limit ?? 100);
      return { queries: lines.map(traceRecord).filter((r) => r !== null) };
    },
  );
}
