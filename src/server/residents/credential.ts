/** A resident phone's credential (issue #18): made at its first registration, checked on every resident route after, kept on the server only as the secret's SHA-256. */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { parseIdNumber } from '../../core/idNumber.ts';
import { RESIDENT_AUTH_SCHEME, type PhoneCredential } from '../../core/residentWire.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure } from '../http/errors.ts';
import type { BoundPerson } from '../storage/residentTypes.ts';
import type { Storage } from '../storage/storage.ts';

const HEADER = new RegExp(`^${RESIDENT_AUTH_SCHEME}\\s+([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})\\s*$`);

/** 16 random bytes of phone id and 32 of secret, base64url: the shapes of PhoneCredentialSchema. */
export const newPhoneCredential = (): PhoneCredential => ({ phoneId: randomBytes(16).toString('base64url'), secret: randomBytes(32).toString('base64url') });

export const credentialHash = (secret: string): string => sha256Hex(secret);

/**
 * What the console shows for a phone: "these persons share one phone", never the phone id itself, which is half of
 * the credential.
 */
export const householdId = (phoneId: string): string => `h-${sha256Hex(`household:${phoneId}`).slice(0, 16)}`;

/** The Authorization header's phone and secret; null when there is no header; a header of another shape is a 401. */
export function credentialOf(request: FastifyRequest): PhoneCredential | null {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') return null;
  const match = HEADER.exec(header);
  if (!match?.[1] || !match[2]) throw refusal(request, 401, 'resident-credential');
  return { phoneId: match[1], secret: match[2] };
}

/** The phone a request comes from: a 401 `resident-credential` without a credential, or with one the server did not issue. */
export async function phoneOf(request: FastifyRequest, storage: Storage, now: Date): Promise<string> {
  const credential = credentialOf(request);
  if (credential === null || !(await storage.authenticatePhone(credential.phoneId, credentialHash(credential.secret), now.toISOString()))) {
    throw refusal(request, 401, 'resident-credential');
  }
  return credential.phoneId;
}

/** The ID number as typed, checked (birth date not after today) and made canonical; a bad one is a 400 naming it. */
export function canonicalId(input: string, today: string, field = 'body/id'): string {
  const parsed = parseIdNumber(input, today);
  if (!parsed.ok) throw new ApiFailure(400, parsed.error, field);
  return parsed.value.id;
}

/**
 * The person of this ID number on this phone. Not bound, or bound to another phone: the same 404 `resident-unknown`
 * with the same body, so a phone cannot learn whether an ID number is someone else's.
 */
export async function personOnPhone(storage: Storage, phoneId: string, id: string): Promise<BoundPerson> {
  const person = await storage.boundPerson(id);
  if (person === null || person.phoneId !== phoneId) throw new ApiFailure(404, 'resident-unknown');
  return person;
}
