/** The console's alerts: the newest of a subtree, a live stream of new ones (Server-Sent Events), and an hq's acknowledgement. */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  AlertParamsSchema, AlertSchema, AlertsQuerySchema, AlertsSchema, AlertStreamQuerySchema, type Alert, type Alerts, type AlertsQuery,
} from '../../core/consoleOps.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import { alertWire } from './alerts.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { alertInScope, areaInScope, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';


export const DEFAULT_ALERTS = 100;
/** A comment line this often keeps proxies and phones from closing a quiet stream. */
export const PING_MS = 25_000;
/** How long a browser waits before it opens a dropped stream again. */
const RETRY_MS = 5000;

/** One Server-Sent Event: JSON has no raw newline, so the data is one line. */
export const alertEvent = (alert: Alert): string => `event: alert\ndata: ${JSON.stringify(alert)}\n\n`;

export async function alertRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: AlertsQuery; Reply: Alerts }>(
    '/console/alerts',
    { schema: { summary: 'Alerts of an area (key-person hits, stops, a full place), newest first', querystring: AlertsQuerySchema, response: { 200: AlertsSchema, ...REFUSALS } } },
    async (request) => {
      const { scope } = callerOf(request);
      const area = await areaInScope(deps, request, request.query.area);
      const within = area?.path ?? scope.root;
      const records = await storage.listAlerts({
        ...(within !== null && { within }), ...(scope.placeId !== null && { placeId: scope.placeId }),
        ...(request.query.open !== undefined && { open: request.query.open }), limit: request.query.limit ?? DEFAULT_ALERTS,
      });
      if (records.length === 0) return { alerts: [] };
      // One read of the subtree's checkpoints names them all (the alerts of a busy day come from many).
      const checkpoints = new Map<string, CheckpointRecord>((await storage.listCheckpointRecords(area?.id ?? null)).map((c) => [c.id, c]));
      return { alerts: records.flatMap((r) => { const c = checkpoints.get(r.checkpointId); return c ? [alertWire(r, c)] : []; }) };
    },
  );

  api.get<{ Querystring: { area?: string } }>(
    '/console/alerts/stream',
    {
      schema: {
        summary: 'New alerts of an area as they arrive (text/event-stream: `event: alert`, the Alert as `data`; `: ping` every 25 s)',
        querystring: AlertStreamQuerySchema, response: REFUSALS,
      },
    },
    async (request, reply) => {
      const { scope } = callerOf(request);
      const area = await areaInScope(deps, request, request.query.area);
      const stream = new PassThrough();
      stream.write(`retry: ${RETRY_MS}\n\n`);
      const unsubscribe = deps.alerts.subscribe({ within: area?.path ?? scope.root, placeId: scope.placeId }, {
        alert: (alert) => { stream.write(alertEvent(alert)); },
        end: () => { stream.end(); },
      });
      const ping = setInterval(() => stream.write(': ping\n\n'), PING_MS);
      // The session was checked when the stream opened; ending it after the idle time makes the browser open it again,
      // which checks the session again: a console signed out elsewhere stops receiving within that time.
      const recheck = setTimeout(() => stream.end(), deps.settings.idleMs);
      // Fastify destroys the stream when the browser hangs up; ended by us or not, it stops here.
      stream.on('close', () => {
        clearInterval(ping);
        clearTimeout(recheck);
        unsubscribe();
      });
      // Sent through Fastify, not written to reply.raw: the security headers set on this reply go out with it. No
      // compression plugin is registered; one would have to leave text/event-stream alone, or it would hold events back.
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        // nginx buffers a proxied response unless told not to, which would hold every event back.
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );

  api.post<{ Params: { id: string }; Reply: Alert }>(
    '/console/alerts/:id/ack',
    { schema: { summary: 'Acknowledge an alert (hq and admin; needs x-csrf-token); a second acknowledgement keeps the first', params: AlertParamsSchema, response: { 200: AlertSchema, ...REFUSALS } } },
    async (request) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'alerts.ack', request.params.id);
      const { alert, checkpoint } = await alertInScope(deps, request, request.params.id);
      const acknowledged = await storage.acknowledgeAlert(alert.id, now().toISOString(), user.id);
      const record = acknowledged?.alert ?? alert;
      await auditConsole(deps, request, {
        user, action: 'console.alert-ack', areaPath: checkpoint.areaIds, target: alert.id,
        detail: { kind: alert.kind, checkpointId: alert.checkpointId, deviceId: alert.deviceId, seq: alert.seq, first: acknowledged?.now ?? false },
      });
      return alertWire(record, checkpoint);
    },
  );
}
