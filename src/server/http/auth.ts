/** Bearer-token authentication of tablets, as one hook on the routes that need a device; every refusal is logged. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiFailure, type ApiErrorName } from './errors.ts';
import { secretHash } from '../secrets.ts';
import type { Device, Storage } from '../storage/storage.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated tablet; set by the device hook, null on open routes. */
    device: Device | null;
  }
}

/** Far longer than our 43-character tokens, short enough that hashing junk costs nothing. */
const MAX_TOKEN_LENGTH = 256;

/**
 * Logs a refused caller (reason, route, IP, and what else is safe to name, like a revoked device's id) and
 * returns the failure to throw. Never the token or the enrolment code: a log is read by more people than the database.
 */
export function refusal(request: FastifyRequest, status: number, reason: ApiErrorName, extra: Record<string, string> = {}): ApiFailure {
  request.log.warn({ reason, route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, ip: request.ip, ...extra }, `refused: ${reason}`);
  return new ApiFailure(status, reason);
}

/** Adds the hook to this plugin scope: every route registered in it needs a valid, unrevoked device token. */
export function requireDevice(scope: FastifyInstance, storage: Storage, now: () => Date): void {
  // onRequest, before the body is read: an unknown caller does not get to make us parse a megabyte.
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') throw refusal(request, 401, 'auth-missing');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (token === undefined || token.length > MAX_TOKEN_LENGTH) throw refusal(request, 401, 'auth-invalid');
    const tokenHash = await secretHash(token);
    const device = await storage.authenticateDevice(tokenHash, now().toISOString());
    if (!device) {
      // Told apart only on the way out, so a good token costs no extra query: the tablet can say it was withdrawn.
      const revoked = await storage.revokedDeviceOf(tokenHash);
      throw revoked === null ? refusal(request, 401, 'auth-invalid') : refusal(request, 401, 'device-revoked', { deviceId: revoked });
    }
    request.device = device;
  });
}

/** The device of a request under `requireDevice`; a route outside it calling this is a programming error. */
export function deviceOf(request: FastifyRequest): Device {
  if (!request.device) throw new Error('deviceOf() on a route without requireDevice()');
  return request.device;
}
