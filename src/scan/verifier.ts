/** The page's side of the verifier worker: a typed Comlink proxy, started on first use. */
import * as Comlink from 'comlink';
import type { VerifierApi } from '../workers/verifier.worker.ts';

let proxy: Comlink.Remote<VerifierApi> | undefined;

/** The verifier; the worker (and its CBOR, zlib and key code) loads only when a signed code is first scanned. */
export function verifier(): Comlink.Remote<VerifierApi> {
  proxy ??= Comlink.wrap<VerifierApi>(new Worker(new URL('../workers/verifier.worker.ts', import.meta.url), { type: 'module', name: 'kadian-verifier' }));
  return proxy;
}
