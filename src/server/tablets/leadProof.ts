/**
 * The server's side of the lead's proof: the same HKDF → HMAC-SHA256 as core's proveLeadChange, with node:crypto over
 * the checkpoint key in seal_keys, compared in constant time.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { fromBase64 } from '../../core/base64.ts';
import { LEAD_CHANGE_INFO, LEAD_KEY_BYTES, leadChangeBytes, type LeadChange } from '../../core/leadProof.ts';
import { sealKeyPair } from './sealing.ts';
import type { Storage } from '../storage/storage.ts';

/** The lead key of a checkpoint's PKCS#8 private key: HKDF-SHA256, empty salt, LEAD_CHANGE_INFO. */
export function leadKeyOf(pkcs8: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', pkcs8, new Uint8Array(0), LEAD_CHANGE_INFO, LEAD_KEY_BYTES));
}

/** The proof of `change` under `key`, Base64: what an unlocked lead's tablet sends. */
export const leadProofOf = (key: Buffer, change: LeadChange): string => createHmac('sha256', key).update(leadChangeBytes(change)).digest('base64');

/** Whether `proof` is the lead's proof of `change`, made with the change's own checkpoint key. */
export async function leadProofHolds(storage: Storage, change: LeadChange, proof: string): Promise<boolean> {
  const pkcs8 = fromBase64((await sealKeyPair(storage, change.checkpointId)).privateKey);
  if (!pkcs8) throw new Error('a stored seal key is not Base64');
  const expected = Buffer.from(leadProofOf(leadKeyOf(pkcs8), change), 'base64');
  const given = Buffer.from(proof, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
