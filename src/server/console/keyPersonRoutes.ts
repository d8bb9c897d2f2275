/**
 * The console's key-person lists: each gate's list at a glance (size, categories, arrivals among them, last import; never who), and an
 * upload (CSV or XLSX, the file's bytes as the body) that replaces the list of a checkpoint or of every gate of a
 * place as `kadian key-persons import` does: every line checked first, and nothing imported while any line is bad.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sayAny } from '../../core/catalogue.ts';
import {
  KEY_PERSON_PROBLEMS_SHOWN, KeyPersonImportedSchema, KeyPersonListsSchema, KeyPersonRefusalSchema, RulesQuerySchema,
  type KeyPersonImported, type KeyPersonLists, type KeyPersonRefusal,
} from '../../core/consoleRules.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { ApiFailure, errorBody } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { readKeyPersonFile, type ImportProblem } from '../operator/keyPersonImport.ts';
import { derivationFor, MAX_KEY_PERSONS, replaceList } from '../operator/keyPersonList.ts';
import { sealKeyPersons } from '../operator/keyPersonSeal.ts';
import { isXlsx } from '../operator/sheetRows.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { gateTarget, namedId, REFUSALS, requireRight, type ScopeQuery } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

/** 8 MiB: a list of 200,000 persons (what a tablet holds) with short notes; far more than a place's list. */
export const KEY_PERSON_FILE_LIMIT = 8 * 1024 * 1024;

/**
 * The types a browser gives a list file (Windows calls a CSV application/vnd.ms-excel); the page sends octet-stream.
 * Whatever it says, the bytes decide: XLSX by its ZIP signature, otherwise UTF-8 CSV.
 */
const FILE_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** The file's bytes, wrapped: a bare Buffer as the body would have the JSON text check walk it byte by byte. */
interface UploadBody { file: Buffer }

const problemWords = (p: ImportProblem) => ({
  line: p.line, error: p.error, message: sayAny(p.error, 'en'), messageZh: sayAny(p.error, 'zh'), ...(p.detail !== undefined && p.detail !== '' && { detail: p.detail }),
});

/** The uploaded bytes; no body at all is an empty file (told as a missing header); a JSON body is not a file (415). */
function uploaded(request: FastifyRequest): Buffer {
  const body = request.body as UploadBody | undefined | null;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (!Buffer.isBuffer(body.file)) throw new ApiFailure(415, 'request-media-type', 'send the file itself (CSV or XLSX) as application/octet-stream');
  return body.file;
}

export async function keyPersonRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);
  // In this plugin only: no other route takes a file.
  api.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: KEY_PERSON_FILE_LIMIT }, (_request, body, done) => done(null, { file: body }));

  api.get<{ Querystring: ScopeQuery; Reply: KeyPersonLists }>(
    '/console/key-persons',
    {
      schema: {
        summary: 'The key-person list of a checkpoint, or of each gate of a place: how many persons (arrivals listed for its community among them), of which category, and the last import (never who)',
        querystring: RulesQuerySchema, response: { 200: KeyPersonListsSchema, ...REFUSALS },
      },
    },
    async (request) => {
      await requireRight(deps, request, 'city.read', namedId(request.query));
      const target = await gateTarget(deps, request, request.query);
      const summaries = new Map((await storage.keyPersonListSummaries(target.checkpoints.map((c) => c.id))).map((s) => [s.checkpointId, s]));
      const at = now().toISOString();
      const lists = await Promise.all(target.checkpoints.map(async (c) => {
        const s = summaries.get(c.id);
        // What the gate holds: arrivals join the imported list (tablets/keyPersonDeltas.ts), so they count here too.
        const arrived = await storage.listedArrivalCounts(c.id, at);
        const byCategory: Record<string, number> = { ...s?.byCategory };
        let arrivals = 0;
        for (const [category, n] of Object.entries(arrived)) {
          byCategory[category] = (byCategory[category] ?? 0) + n;
          arrivals += n;
        }
        return { checkpointId: c.id, checkpointName: c.name, placeName: c.placeName, persons: (s?.persons ?? 0) + arrivals, byCategory, arrivals, updatedAt: s?.updatedAt ?? null };
      }));
      return { kind: target.kind, id: target.id, name: target.name, lists, maxBytes: KEY_PERSON_FILE_LIMIT };
    },
  );

  api.post<{ Querystring: ScopeQuery; Reply: KeyPersonImported | KeyPersonRefusal }>(
    '/console/key-persons',
    {
      bodyLimit: KEY_PERSON_FILE_LIMIT,
      // The file is checked line by line below (UTF-8 decoded strictly, each row's note checked); it is no JSON.
      config: { textCheckedPerItem: ['file'] },
      schema: {
        summary: "Replace the key-person list of a checkpoint, or of every gate of a place, with the file sent as the body (CSV UTF-8 or XLSX: id_number, category, note); 422 key-person-file names each bad line and imports nothing; audited; tablets get the list at their next config pull (hq and admin; needs x-csrf-token)",
        querystring: RulesQuerySchema,
        response: { 200: KeyPersonImportedSchema, ...REFUSALS, 413: ref(ErrorSchema), 415: ref(ErrorSchema), 422: KeyPersonRefusalSchema },
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'keyPersons.write', namedId(request.query));
      const target = await gateTarget(deps, request, request.query);
      const bytes = uploaded(request);
      const format = isXlsx(bytes) ? 'xlsx' : 'csv';
      const file = await readKeyPersonFile(bytes);
      if (file === undefined) throw new ApiFailure(400, 'key-person-file-type');
      const audit = (detail: Record<string, unknown>) => auditConsole(deps, request, {
        user, action: 'console.key-persons', areaPath: target.areaPath, target: target.id, detail: { scope: target.kind, format, bytes: bytes.length, ...detail },
      });
      if (file.problems.length > 0) {
        // Lines and error names only: the audit log never holds the ID numbers the file had.
        await audit({ imported: false, problems: file.problems.length, lines: file.problems.slice(0, 20).map((p) => p.line) });
        const { message, messageZh = message } = errorBody('key-person-file');
        return reply.code(422).send({
          error: 'key-person-file', message, messageZh, problems: file.problems.slice(0, KEY_PERSON_PROBLEMS_SHOWN).map(problemWords), problemCount: file.problems.length,
        });
      }
      if (file.persons.length > MAX_KEY_PERSONS) throw new ApiFailure(400, 'key-person-too-many', `${file.persons.length} > ${MAX_KEY_PERSONS}`);
      const targets = target.checkpoints.map((c) => c.id);
      if (targets.length === 0) throw new ApiFailure(400, 'scope-empty');
      const { derivation, previous } = await derivationFor(storage, targets);
      const sealed = await sealKeyPersons(derivation, file.persons, previous);
      const at = now().toISOString();
      const names = new Map(target.checkpoints.map((c) => [c.id, c.name]));
      const lists: KeyPersonImported['lists'] = [];
      for (const id of targets) lists.push({ ...(await replaceList(storage, id, derivation, sealed.persons, at)), checkpointName: names.get(id) ?? id });
      request.log.info({ userId: user.id, target: target.id, persons: sealed.persons.length, checkpoints: targets.length }, 'key-person lists replaced from the console');
      await audit({ imported: true, persons: sealed.persons.length, derived: sealed.derived, lists: lists.map(({ checkpointName: _, ...counts }) => counts) });
      return { persons: sealed.persons.length, derived: sealed.derived, lists };
    },
  );
}
