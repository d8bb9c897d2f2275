/** Resident phones for server tests (issue #18): register a person (making the phone on its first registration), then call the resident routes with its credential. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { RESIDENT_AUTH_SCHEME, type Household, type PhoneCredential, type RegisterRequest } from '../../src/core/residentWire.ts';

/** The Authorization header of a phone's credential. */
export const residentAuth = (credential: PhoneCredential): Record<string, string> => ({ authorization: `${RESIDENT_AUTH_SCHEME} ${credential.phoneId}.${credential.secret}` });

/** A request from a phone: its credential when given (null: none). */
export function asPhone(app: FastifyInstance, credential: PhoneCredential | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object | string): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: credential ? residentAuth(credential) : {}, ...(payload !== undefined && { payload }) });
}

/** Registers `who` (as the phone's owner unless told) on `credential`'s phone, or on a new one; fails unless it is accepted. */
export async function registered(
  app: FastifyInstance, who: { id: string; name: string }, credential: PhoneCredential | null = null, more: Partial<RegisterRequest> = {},
): Promise<{ credential: PhoneCredential; household: Household }> {
  const res = await asPhone(app, credential, 'POST', '/api/v1/residents/register', { id: who.id, name: who.name, relation: 'self', ...more });
  if (res.statusCode !== 200) throw new Error(`registration of ${who.id} failed: ${res.statusCode} ${res.body}`);
  const household = res.json<Household>();
  const made = credential ?? household.credential;
  if (!made) throw new Error('a first registration answered no credential');
  return { credential: made, household };
}

/** A phone of its own for `who`: registered, its credential ready for /checkins and /health-code. */
export async function phoneOf(app: FastifyInstance, who: { id: string; name: string }): Promise<PhoneCredential> {
  return (await registered(app, who)).credential;
}
