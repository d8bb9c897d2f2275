/** Bearer-token authentication of tablets, as one hook on the routes that need a device. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiFailure } from './errors.ts';
import { secretHash } from './secrets.ts';
import type { Device, Storage } from './storage/storage.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated tablet; set by the device hook, null on open routes. */
    device: Device | null;
  }
}

/** Far longer than our 43-character tokens, short enough that hashing junk costs nothing. */
const MAX_TOKEN_LENGTH = 256;

/** Adds the hook to this plugin scope: every route registered in it needs a valid, unrevoked device token. */
export function requireDevice(scope: FastifyInstance, storage: Storage, now: () => Date): void {
  // onRequest, before the body is read: an unknown caller does not get to make us parse a megabyte.
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') throw new ApiFailure(401, 'auth-missing');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (token === undefined || token.length > MAX_TOKEN_LENGTH) throw new ApiFailure(401, 'auth-invalid');
    const device = await storage.authenticateDevice(await secretHash(token), now().toISOString());
    if (!device) throw new ApiFailure(401, 'auth-invalid');
    request.device = device;
  });
}

/** The device of a request under `requireDevice`; a route outside it calling this is a programming error. */
export function deviceOf(request: FastifyRequest): Device {
  if (!request.device) throw new Error('deviceOf() on a route without requireDevice()');
  return request.device;
}
