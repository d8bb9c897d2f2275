/** The signed-code verifier, off the main thread: decoding and signature checks never stall the camera. */
import * as Comlink from 'comlink';
import type { VerifiedCode } from '../core/signedCode.ts';
import { importTrust, verifySignedCode, type Trust } from '../core/verifyCode.ts';
import type { TrustList } from '../core/wire.ts';

/** Imported keys, kept until the trust list changes: importing is the slow part. */
let imported: { updatedAt: string; trust: Promise<Trust> } | undefined;

function trustFor(list: TrustList): Promise<Trust> {
  if (imported?.updatedAt !== list.updatedAt) imported = { updatedAt: list.updatedAt, trust: importTrust(list) };
  return imported.trust;
}

const api = {
  /** Imports the list's keys ahead of the first code (the page calls it when the gate opens). */
  async prepare(list: TrustList): Promise<void> {
    await trustFor(list);
  },

  /** Verifies a KDH1 or HC1 text at the clock `atMs`; null for text that is neither. */
  async verify(text: string, list: TrustList, atMs: number): Promise<VerifiedCode | null> {
    return verifySignedCode(text, await trustFor(list), new Date(atMs));
  },
};

export type VerifierApi = typeof api;

Comlink.expose(api);
