/** The `/api/v1` routes, each declared with the wire schemas from core so OpenAPI describes exactly what is checked. */
import type { FastifyInstance } from 'fastify';
import type { Config, ConfigUnchanged, EnrolRequest, EnrolResponse, Health, PushRequest, PushResponse } from '../../core/wire.ts';
import {
  ConfigQuerySchema, ConfigSchema, ConfigUnchangedSchema, EnrolRequestSchema, EnrolResponseSchema, ErrorSchema, HealthSchema,
  PushRequestSchema, PushResponseSchema,
} from '../../core/wire.ts';
import { KEY_PERSON_FORMAT } from '../../core/protocol.ts';
import { PlaceCountSchema, type PlaceCount } from '../../core/placeCount.ts';
import { deviceOf, refusal, requireDevice } from '../http/auth.ts';
import { currentConfig, fullConfig, NOT_MODIFIED } from './config.ts';
import { enrolDevice } from './enrolment.ts';
import { leadRoutes } from './leadRoutes.ts';
import { acceptPush } from './push.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { residentRoutes } from '../residents/routes.ts';
import type { HealthCodeSettings, RateLimits } from '../settings.ts';
import type { Storage } from '../storage/storage.ts';
import type { AlertHub } from '../console/alertHub.ts';
import { ref } from '../http/validation.ts';

export interface RouteOptions {
  storage: Storage;
  version: string;
  now: () => Date;
  /** DATA_DIR: the issuer keys are under keys/ in it. */
  dataDir: string;
  healthCodes: HealthCodeSettings;
  rateLimits: RateLimits;
  /** Where the alerts pushes make are announced to open consoles. */
  alerts: AlertHub;
}

const error = ref(ErrorSchema);
const deviceErrors = { 400: error, 401: error, 404: error, 413: error, 415: error, 500: error };
const bearer = [{ bearer: [] }];

export async function apiRoutes(api: FastifyInstance, { storage, version, now, dataDir, healthCodes, rateLimits, alerts }: RouteOptions): Promise<void> {
  api.get<{ Reply: Health }>('/health', { schema: { summary: 'Is the server up', response: { 200: ref(HealthSchema) } } }, async () => ({
    ok: true, version, time: now().toISOString(),
  }));

  api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());

  api.post<{ Body: EnrolRequest; Reply: EnrolResponse }>(
    '/enrol',
    {
      // Anyone can try codes here: limited per IP (RATE_LIMIT_ENROL).
      config: limitPerMinute(rateLimits.enrolPerMinute),
      schema: {
        summary: 'Enrol a tablet with a one-time code from the operator',
        body: ref(EnrolRequestSchema),
        response: { 200: ref(EnrolResponseSchema), 400: error, 410: error, 413: error, 415: error, 429: error },
      },
    },
    async (request) => {
      const at = now();
      const enrolled = await enrolDevice(storage, request.body, at);
      if (!enrolled.ok) throw refusal(request, enrolled.error === 'enrol-code-invalid' ? 400 : 410, enrolled.error);
      const { device, token } = enrolled.value;
      request.log.info({ deviceId: device.id, checkpointId: device.checkpointId }, 'tablet enrolled');
      return { deviceId: device.id, token, config: await fullConfig(storage, dataDir, device.checkpointId, at) };
    },
  );

  await api.register(residentRoutes, { issuer: { storage, dataDir, settings: healthCodes }, now, perMinute: rateLimits.residentPerMinute });

  await api.register(async (devices) => {
    requireDevice(devices, storage, now);

    devices.get<{ Querystring: { since?: number; keyPersons?: number; revocations?: number; keyPersonRevision?: number }; Reply: Config | ConfigUnchanged | undefined }>(
      '/config',
      {
        schema: {
          summary: "The tablet's checkpoint config; `unchanged` when the tablet already has this version; 304 when it also holds the revocations in force",
          security: bearer,
          querystring: ConfigQuerySchema,
          response: { 200: { anyOf: [ref(ConfigSchema), ref(ConfigUnchangedSchema)] }, 304: { type: 'null', description: 'nothing changed' }, 409: error, ...deviceErrors },
        },
      },
      // `since` without `keyPersons` is how an app from before key-person format 2 asks (it reads format 1 only); a request
      // with neither (a script, curl) gets the format in force.
      async (request, reply) => {
        const { since, keyPersons, revocations, keyPersonRevision } = request.query;
        const reads = keyPersons ?? (since === undefined ? KEY_PERSON_FORMAT : 1);
        const held = { since, reads, revocations, keyPersons: keyPersonRevision };
        const config = await currentConfig(storage, dataDir, deviceOf(request).checkpointId, now(), held);
        if (config === NOT_MODIFIED) return reply.code(304).send(undefined);
        return config;
      },
    );

    devices.post<{ Body: PushRequest; Reply: PushResponse }>(
      '/entries',
      {
        // Each entry's text is checked with the entry (push.ts): one bad entry is refused by name, the batch goes on.
        config: { textCheckedPerItem: ['entries'] },
        schema: {
          summary: "Push a batch of the tablet's log entries; each is stored, a duplicate, or refused with a reason",
          security: bearer,
          body: ref(PushRequestSchema),
          response: { 200: ref(PushResponseSchema), ...deviceErrors },
        },
      },
      async (request) => {
        const device = deviceOf(request);
        const at = now();
        const results = await acceptPush(storage, device, request.body.entries, at, request.log, alerts);
        if (request.body.waiting !== undefined) await storage.recordWaiting(device.id, request.body.waiting);
        // Counted after the batch is stored: the tablet stops adding what it acknowledges and takes this count instead.
        const place = await storage.placeCountOfCheckpoint(device.checkpointId, at, healthCodes.timeZone);
        return { results, serverTime: at.toISOString(), place };
      },
    );

    devices.get<{ Reply: PlaceCount }>(
      '/place-count',
      {
        schema: {
          summary: "How many are inside the tablet's place now, across all its gates (the gate polls it while online)",
          security: bearer,
          response: { 200: ref(PlaceCountSchema), ...deviceErrors },
        },
      },
      async (request, reply) => {
        const count = await storage.placeCountOfCheckpoint(deviceOf(request).checkpointId, now(), healthCodes.timeZone);
        // The device's checkpoint exists (the token was checked against it), unless it was removed a moment ago.
        if (!count) throw refusal(request, 404, 'checkpoint-unknown');
        // A count of a moment: no proxy on the way may answer the next poll with it.
        void reply.header('cache-control', 'no-store');
        return count;
      },
    );

    await devices.register(leadRoutes, { storage, now, dataDir });
  });
}
