/** The console's API under /api/v1 (issue #14): sign-in and sessions (password or passkey), then the area-scoped reads; its own cookie parser, seen by no other route. */
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { alertRoutes } from './alertRoutes.ts';
import { anomalyRoutes } from './anomalyRoutes.ts';
import { arrivalConsoleRoutes } from './arrivalRoutes.ts';
import type { ConsoleDeps } from './deps.ts';
import { deviceRoutes } from './deviceRoutes.ts';
import { exportRoutes } from './exportRoutes.ts';
import { figureRoutes } from './figureRoutes.ts';
import { keyPersonRoutes } from './keyPersonRoutes.ts';
import { passkeyRoutes } from './passkeyRoutes.ts';
import { placeCountRoutes } from './placeCountRoutes.ts';
import { posterRoutes } from './posterRoutes.ts';
import { readRoutes } from './readRoutes.ts';
import { reportRoutes } from './reportRoutes.ts';
import { residentRoutes } from './residentRoutes.ts';
import { rulesRoutes } from './rulesRoutes.ts';
import { sessionRoutes } from './sessionRoutes.ts';
import { traceRoutes } from './traceRoutes.ts';

export async function consoleRoutes(api: FastifyInstance, { storage, reads, now, settings, publicUrl, timeZone, alerts }: ConsoleDeps): Promise<void> {
  // Only what the routes need is handed on: the options of this plugin also carry its prefix, which would repeat.
  const deps: ConsoleDeps = { storage, reads, now, settings, publicUrl, timeZone, alerts };
  await api.register(cookie);
  api.decorateRequest('consoleCaller', null);
  await api.register(sessionRoutes, deps);
  await api.register(passkeyRoutes, deps);
  await api.register(readRoutes, deps);
  await api.register(figureRoutes, deps);
  await api.register(alertRoutes, deps);
  await api.register(deviceRoutes, deps);
  await api.register(exportRoutes, deps);
  await api.register(reportRoutes, deps);
  await api.register(traceRoutes, deps);
  await api.register(rulesRoutes, deps);
  await api.register(keyPersonRoutes, deps);
  await api.register(placeCountRoutes, deps);
  await api.register(posterRoutes, deps);
  await api.register(anomalyRoutes, deps);
  await api.register(residentRoutes, deps);
  await api.register(arrivalConsoleRoutes, deps);
}
