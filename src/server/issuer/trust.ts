/** The trust list tablets pull with their config: the issuer keys in DATA_DIR/keys and the DCC signers the operator added. */
import { sha256Hex } from '../../core/sha256.ts';
import type { TrustList } from '../../core/wire.ts';
import type { Storage } from '../storage/storage.ts';
import { listKeys, type IssuerKeyInfo } from './keys.ts';

/**
 * The longest a health code can be valid: it expires at the end of the calendar day it was issued on
 * (or sooner), and a calendar day lasts 25 hours at most (the day a DST zone turns its clocks back).
 */
export const LONGEST_CODE_LIFETIME_MS = 25 * 60 * 60 * 1000;

/** A retired key stays trusted until every code it signed can have expired; then tablets may forget it. */
export function isTrusted(key: IssuerKeyInfo, now: Date): boolean {
  return key.retiredAt === undefined || now.getTime() < Date.parse(key.retiredAt) + LONGEST_CODE_LIFETIME_MS;
}

/** The issuer part of the trust list at `now`: the active key, other unretired keys, and retired keys whose codes may still be valid. */
export async function readIssuerTrust(dataDir: string, now: Date = new Date()): Promise<{ issuers: TrustList['issuers'] }> {
  const keys = await listKeys(dataDir);
  return {
    issuers: keys.filter((k) => isTrusted(k, now)).map((k) => ({ kid: k.kid, publicKey: k.publicKey, ...(k.retiredAt !== undefined && { retiredAt: k.retiredAt }) })),
  };
}

/**
 * The whole trust list and its version. The version is bumped whenever the contents differ from the last
 * ones seen, whoever changed them (the CLI in another process, a retired key ageing out), so a tablet that
 * sends its config version learns of every change.
 */
export async function currentTrust(storage: Storage, dataDir: string, now: Date): Promise<{ version: number; list: TrustList }> {
  const { issuers } = await readIssuerTrust(dataDir, now);
  const dccSigners = (await storage.listDccSigners()).map((s) => ({ kid: s.kid, certificate: s.certificate, ...(s.country !== undefined && { country: s.country }) }));
  const fingerprint = sha256Hex(JSON.stringify({ issuers, dccSigners }));
  const { version, updatedAt } = await storage.recordTrustList(fingerprint, now.toISOString());
  return { version, list: { issuers, dccSigners, updatedAt } };
}
