/** Proof that a change came from an unlocked lead: HMAC-SHA256 under a key derived from the checkpoint's private key. */
import { toBase64 } from './base64.ts';
import { utf8 } from './text.ts';
import { subtle } from './webcrypto.ts';

/**
 * HKDF's info for the lead key: its own purpose, so the MAC key is unrelated to the boxes' keys made from the same
 * checkpoint key (personSeal.ts). The salt is empty (RFC 5869: a hash length of zeros); the info separates.
 */
export const LEAD_CHANGE_INFO = 'kadian-lead-change-v1';
export const LEAD_KEY_BYTES = 32;

/** The routes a lead changes through; each names its change, so a proof for one is never one for the other. */
export type LeadRoute = 'policy' | 'lead-pin';

/**
 * What a proof covers: the route, the tablet's checkpoint and device (a proof is not moved to another tablet's token or
 * another checkpoint), and the request body as sent without its `proof` (the change and its `changedAt`).
 */
export interface LeadChange {
  route: LeadRoute;
  checkpointId: string;
  deviceId: string;
  body: Readonly<Record<string, unknown>>;
}

/**
 * JSON with every object's keys sorted, no spaces: the tablet and the server serialise the same value to the same text
 * whatever order its keys were built or parsed in. Numbers and strings are JSON.stringify's, the same in every engine.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('a lead change holds a number JSON cannot carry');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`a lead change holds a ${typeof value}, which JSON cannot carry`);
}

/** The bytes a proof is the HMAC of: UTF-8 of the canonical JSON of [LEAD_CHANGE_INFO, route, checkpoint, device, body]. */
export function leadChangeBytes({ route, checkpointId, deviceId, body }: LeadChange): Uint8Array {
  const { proof: _proof, ...unproven } = body;
  return utf8(canonicalJson([LEAD_CHANGE_INFO, route, checkpointId, deviceId, unproven]));
}

/**
 * The proof of a change, made on the tablet with the PKCS#8 checkpoint key the lead's PIN unwrapped (the very bytes the
 * server keeps in seal_keys and wrapped for the lead, never re-encoded). The server computes the same with node:crypto.
 */
export async function proveLeadChange(pkcs8: Uint8Array, change: LeadChange): Promise<string> {
  const material = await subtle.importKey('raw', pkcs8, 'HKDF', false, ['deriveBits']);
  const bits = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(LEAD_CHANGE_INFO) }, material, LEAD_KEY_BYTES * 8));
  const key = await subtle.importKey('raw', bits, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64(new Uint8Array(await subtle.sign('HMAC', key, leadChangeBytes(change))));
}
