/** What an unlocked lead's tablet sends, made in tests as the tablet makes it: core's WebCrypto proof under the checkpoint key. */
import { fromBase64 } from '../../src/core/base64.ts';
import { deriveLeadPin } from '../../src/core/leadPin.ts';
import { proveLeadChange } from '../../src/core/leadProof.ts';
import type { LeadPin, LeadPinChange } from '../../src/core/leadWire.ts';
import { wrapForLead } from '../../src/core/personSeal.ts';
import type { Policy } from '../../src/core/policy.ts';
import type { PolicyChange } from '../../src/core/wire.ts';
import { sealKeyPair } from '../../src/server/tablets/sealing.ts';
import type { Harness, Tablet } from './helpers.ts';

/** The checkpoint's PKCS#8 private key: what the lead's PIN unwraps on the tablet. */
export async function checkpointKey(h: Harness, checkpointId: string): Promise<Uint8Array> {
  const pkcs8 = fromBase64((await sealKeyPair(h.storage, checkpointId)).privateKey);
  if (!pkcs8) throw new Error('the seal key is not Base64');
  return pkcs8;
}

/** A rules change proven with `pkcs8` (the tablet's checkpoint key unless given). */
export async function provenPolicy(h: Harness, tablet: Tablet, policy: Policy, options: { changedAt?: string; pkcs8?: Uint8Array } = {}): Promise<PolicyChange> {
  const body = { policy, changedAt: options.changedAt ?? new Date().toISOString() };
  const pkcs8 = options.pkcs8 ?? (await checkpointKey(h, tablet.checkpointId));
  return { ...body, proof: await proveLeadChange(pkcs8, { route: 'policy', checkpointId: tablet.checkpointId, deviceId: tablet.deviceId, body }) };
}

/** A new PIN record with the checkpoint key wrapped again (100,000 rounds: the schema's least, for speed). */
export async function pinRecord(h: Harness, checkpointId: string, pin: string): Promise<LeadPin> {
  const made = await deriveLeadPin(pin, undefined, 100_000);
  if (!made.ok) throw new Error(made.error);
  return { ...made.value, key: await wrapForLead(await checkpointKey(h, checkpointId), pin, 100_000) };
}

/** A PIN change against the record `replaces` (its hash), proven with `pkcs8` (the checkpoint key unless given). */
export async function provenPin(h: Harness, tablet: Tablet, leadPin: LeadPin, replaces: string, pkcs8?: Uint8Array): Promise<LeadPinChange> {
  const body = { leadPin, replaces, changedAt: new Date().toISOString() };
  const key = pkcs8 ?? (await checkpointKey(h, tablet.checkpointId));
  return { ...body, proof: await proveLeadChange(key, { route: 'lead-pin', checkpointId: tablet.checkpointId, deviceId: tablet.deviceId, body }) };
}
