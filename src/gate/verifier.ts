/** The verifier worker's bridge: signed codes are checked off the main thread, with the trust list imported once. */
import type { VerifiedCode } from '../core/signedCode.ts';
import type { TrustList } from '../core/wire.ts';
import { WorkerBridge } from '../workers/bridge.ts';
import type { VerifierApi } from '../workers/verifier.worker.ts';

const bridge = new WorkerBridge<VerifierApi>(
  () => new Worker(new URL('../workers/verifier.worker.ts', import.meta.url), { type: 'module', name: 'kadian-verifier' }),
  { name: 'verifier' },
);

/** Verifies a KDH1 or HC1 text at the clock `atMs`; null for text that is neither. */
export const verifySigned = (text: string, trust: TrustList, atMs: number): Promise<VerifiedCode | null> =>
  bridge.run((api) => api.verify(text, trust, atMs));

/** Starts the worker and imports the trust list's keys now, so the first signed code waits for neither. */
export const warmVerifier = (trust: TrustList): Promise<void> => bridge.run((api) => api.prepare(trust));
