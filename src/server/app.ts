/** The central server as a Fastify app: the API under /api/v1, its OpenAPI document, and the built PWA. */
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { API_PREFIX } from '../core/protocol.ts';
import { errorBody, errorHandler } from './http/errors.ts';
import { ensureActiveKey } from './issuer/keys.ts';
import { registerRateLimits } from './http/rateLimits.ts';
import { apiRoutes } from './tablets/routes.ts';
import { AlertHub } from './console/alertHub.ts';
import { alertBus } from './console/alertBus.ts';
import { consoleRoutes } from './console/routes.ts';
import { DEFAULT_CONSOLE_SETTINGS, type ConsoleSettings } from './console/settings.ts';
import { sampleRoutes } from './residents/samples.ts';
import { residentAccountRoutes } from './residents/accountRoutes.ts';
import { residentPasskeyRoutes } from './residents/passkeys.ts';
import { relyingParty } from './residents/relyingParty.ts';
import { arrivalRoutes } from './arrivals/routes.ts';
import { selfCheckInRoutes } from './selfCheckIn/routes.ts';
import { acceptEveryName, type RealNameVerifier } from './residents/realName.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS, DEFAULT_RATE_LIMITS, type HealthCodeSettings, type RateLimits } from './settings.ts';
import { sendAppShell, serveApp } from './http/static.ts';
import type { Storage } from './storage/storage.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { strictJsonBodies } from './http/strictJson.ts';
import { wellFormedBodies } from './http/wellFormedText.ts';
import { bodyTimeLimit } from './http/requestTimeLimit.ts';
import { SHARED_SCHEMAS } from './http/validation.ts';
import { schemaCompilers } from './http/schemaCompilers.ts';
import { SERVER_VERSION } from './version.ts';

export interface AppOptions {
  storage: Storage;
  /** The built PWA (`dist/`); without it the server is API only. */
  staticDir?: string;
  /** Where tablets reach this server; named in the OpenAPI document. */
  publicUrl: string;
  logger?: FastifyServerOptions['logger'];
  /** The server clock; tests pass their own. */
  now?: () => Date;
  /** DATA_DIR: the health-code issuer keys live under keys/ in it (made on the first start). */
  dataDir: string;
  healthCodes?: HealthCodeSettings;
  /** Per-IP limits of the open routes (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Behind a reverse proxy: whose X-Forwarded-For gives the client's IP (Fastify's trustProxy). */
  trustProxy?: string | boolean;
  /** Console session lifetimes (default DEFAULT_CONSOLE_SETTINGS). */
  console?: ConsoleSettings;
  /** Who checks a registering resident's name (RESIDENT_VERIFIER; default: no one, names are taken as given). */
  residentVerifier?: RealNameVerifier;
  /** Streaming replicas (DATABASE_READ_URL) for the console's figures, tracing and exports, taken in turn; none: the primary. */
  reads?: readonly Storage[];
  /** How long a client has for a request's headers, and then for its body (default REQUEST_TIMEOUT_MS); tests pass a short one. */
  requestTimeoutMs?: number;
  /** RESIDENT_PASSKEY_RP_ID: whose residents' passkeys are (default: PUBLIC_URL's host). */
  residentPasskeyRpId?: string;
}

/**
 * Fastify's two lines per request at info would scroll the start banner (the enrolment URL, the PIN) out of the
 * operator's terminal within a minute of tablets syncing: one line per request, at debug (LOG_LEVEL=debug); a request
 * that failed still says so at error.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    // Said once, when the request is done.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.debug(line, 'request');
  }
}

/** 1 MiB: a full batch of 500 entries is about a third of it. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * The headers within a minute (else 408), then the body within a minute, or the connection is closed: a client trickling
 * them (slowloris) cannot hold sockets open for ever. A tablet gives up on its own requests after 15 s: none comes near it.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

export async function buildApp({
  storage, staticDir, publicUrl, logger = false, now = () => new Date(), dataDir, healthCodes = DEFAULT_HEALTH_CODE_SETTINGS,
  rateLimits = DEFAULT_RATE_LIMITS, trustProxy = false, console: consoleSettings = DEFAULT_CONSOLE_SETTINGS, residentVerifier = acceptEveryName, reads = [], residentPasskeyRpId,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
}: AppOptions): Promise<FastifyInstance> {
  const schemas = schemaCompilers();
  const app = Fastify({
    schemaController: { compilersFactory: { buildSerializer: schemas.buildSerializer } },
    logger, bodyLimit: BODY_LIMIT, onProtoPoisoning: 'error', onConstructorPoisoning: 'error', trustProxy, logController: new OneLinePerRequest(),
    requestTimeout: requestTimeoutMs,
    // Node looks for requests past their time every 30 s by default: a quarter of the limit keeps the cut near it.
    http: { connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeoutMs / 4)) },
  });
  app.setValidatorCompiler(schemas.validatorCompiler);
  app.decorate('compileSchemas', schemas.compileAll);
  app.setErrorHandler(errorHandler);
  // Only JSON is spoken here; a text/plain body is refused with 415 instead of failing validation as a string.
  app.removeContentTypeParser('text/plain');
  strictJsonBodies(app);
  bodyTimeLimit(app, requestTimeoutMs);
  app.decorateRequest('device', null);
  // First, so every response has them: the API's, the app's files, the OpenAPI document, 404s and errors.
  await securityHeaders(app);
  // Before any route: a lone surrogate or a non-character in any string of a body is refused, never stored.
  wellFormedBodies(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Kadian (卡点) central server', version: SERVER_VERSION, description: 'Tablets enrol, pull their checkpoint config, and push their log.' },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'the device token from /enrol' },
          resident: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'a resident phone\'s credential from /residents/register: `Resident <phoneId>.<secret>`' },
        },
      },
    },
    // Components keep their schema names (Entry, Policy, …) instead of def-0, def-1.
    refResolver: { buildLocalReference: (json: { $id?: unknown }, _base: unknown, _fragment: unknown, i: number) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => ({ schema: url.startsWith(API_PREFIX) ? schema : { ...schema, hide: true }, url }),
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  const issuerKey = await ensureActiveKey(dataDir, now());
  if (issuerKey.created) app.log.info({ kid: issuerKey.key.kid }, 'created the health-code issuer key');
  await registerRateLimits(app, storage.shared);
  // One hub for the pushes (which make alerts) and the console streams (which show them); on PostgreSQL also those of
  // every other server process (console/alertBus.ts).
  const alerts = new AlertHub(storage.shared && alertBus(storage, storage.shared, app.log));
  await alerts.ready;
  // Before the server waits for open requests to finish: a console's alert stream never finishes by itself. Ended at
  // once, in the hook itself: the server closes its connections right after. Listening stops once the server has closed.
  app.addHook('preClose', async () => alerts.close());
  app.addHook('onClose', () => alerts.stopListening());
  await app.register(apiRoutes, { prefix: API_PREFIX, storage, version: SERVER_VERSION, now, dataDir, healthCodes, rateLimits, alerts });
  let nextRead = 0;
  const readFrom = (): Storage => (reads.length === 0 ? storage : reads[nextRead++ % reads.length]!);
  await app.register(consoleRoutes, { prefix: API_PREFIX, storage, reads: readFrom, now, settings: consoleSettings, publicUrl, timeZone: healthCodes.timeZone, alerts });
  await app.register(sampleRoutes, { prefix: API_PREFIX, issuer: { storage, dataDir, settings: healthCodes }, now, perMinute: rateLimits.residentPerMinute });
  await app.register(arrivalRoutes, { prefix: API_PREFIX, storage, now, timeZone: healthCodes.timeZone, perMinute: rateLimits.residentPerMinute, verifier: residentVerifier });
  await app.register(residentAccountRoutes, {
    prefix: API_PREFIX, issuer: { storage, dataDir, settings: healthCodes }, now, perMinute: rateLimits.residentPerMinute, verifier: residentVerifier,
  });
  await app.register(residentPasskeyRoutes, {
    prefix: API_PREFIX, issuer: { storage, dataDir, settings: healthCodes }, now, perMinute: rateLimits.residentPerMinute, rp: relyingParty(publicUrl, residentPasskeyRpId),
  });
  await app.register(selfCheckInRoutes, {
    prefix: API_PREFIX, storage, settings: healthCodes, alerts, now, perMinute: rateLimits.selfCheckInPerMinute ?? DEFAULT_RATE_LIMITS.selfCheckInPerMinute ?? 0,
  });
  if (staticDir !== undefined) await serveApp(app, staticDir);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');
    if (staticDir !== undefined && !isApi && (request.method === 'GET' || request.method === 'HEAD')) return sendAppShell(reply);
    return reply.code(404).type('application/json; charset=utf-8').send(errorBody('not-found', `${request.method} ${path}`));
  });
  return app;
}
