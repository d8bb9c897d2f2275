/** The lead's unlocked session: held in memory only (a reload locks), and locked again after a few idle minutes. */
import { importPrivateKey, PersonOpener } from '../../core/personSeal.ts';
import type { CryptoKeyHandle } from '../../core/webcrypto.ts';

const IDLE_MS = 5 * 60_000;
let lastActivity = 0;
let unlocked = false;
/** The checkpoint's private key the PIN unwrapped: it opens sealed entries, and is wrapped again when the PIN changes. */
let key: { privateKey: CryptoKeyHandle; pkcs8: Uint8Array; opener: PersonOpener } | null = null;

/** Unlocks; `pkcs8` is the checkpoint key the PIN unwrapped, null when the config carried none. */
export async function unlockLead(pkcs8: Uint8Array | null): Promise<void> {
  const privateKey = pkcs8 ? await importPrivateKey(pkcs8) : null;
  key = privateKey && pkcs8 ? { privateKey, pkcs8, opener: new PersonOpener(privateKey) } : null;
  unlocked = true;
  lastActivity = Date.now();
}

export function lockLead(): void {
  unlocked = false;
  key = null;
}

/** Any touch or key keeps the session alive. */
export function touchLead(): void {
  if (unlocked) lastActivity = Date.now();
}

export function leadUnlocked(): boolean {
  if (unlocked && Date.now() - lastActivity > IDLE_MS) lockLead();
  return unlocked;
}

/** The unwrapped checkpoint key while unlocked; null when locked or when the PIN record carried none. */
export function leadKey(): { privateKey: CryptoKeyHandle; pkcs8: Uint8Array; opener: PersonOpener } | null {
  return leadUnlocked() ? key : null;
}
