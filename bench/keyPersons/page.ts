/** In Chromium: the tablet's key-person lookup (src/core/keyPersonLookup.ts, as src/gate/keyPersons.ts builds it) beside the SHA-256 lookup it replaced; times in page ms. */
import { scrypt } from '@noble/hashes/scrypt.js';
import {
  keyPersonIndex, memoisedDerive, type KeyPersonIndex, type LegacyKeyPersons, type SealedKeyPersons,
} from '../../src/core/keyPersonLookup.ts';
import { fromBase64 } from '../../src/core/base64.ts';

/** What the gate keeps in memory (src/gate/keyPersons.ts). */
const REMEMBERED = 10_000;

let sealed: KeyPersonIndex | undefined;
let legacy: KeyPersonIndex | undefined;

/** Mean ms per call over `ids`, each looked up once, in order (a batch: the SHA-256 lookup is far below the timer's resolution). */
async function batch(index: KeyPersonIndex, ids: readonly string[]): Promise<{ ms: number; hits: number }> {
  let hits = 0;
  const started = performance.now();
  for (const id of ids) if (await index.find(id)) hits++;
  return { ms: (performance.now() - started) / ids.length, hits };
}

const bench = {
  /** The lists, as the server sent them: the format-2 one with a memo as the gate has it, the legacy one as before. */
  load(list: SealedKeyPersons, old: LegacyKeyPersons): void {
    sealed = keyPersonIndex(list, memoisedDerive(fromBase64(list.salt)!, list.kdf, REMEMBERED));
    legacy = keyPersonIndex(old);
  },
  /** `sealed` for ID numbers not yet seen (a scrypt each), or seen (the memo), or `legacy`. */
  lookups(which: 'sealed' | 'legacy', ids: string[]): Promise<{ ms: number; hits: number }> {
    const index = which === 'sealed' ? sealed : legacy;
    if (!index) throw new Error('load() first');
    return batch(index, ids);
  },
  /** scrypt alone with other parameters, ms per call: what the choice of N was made from. */
  scrypt(N: number, r: number, count: number): number {
    const salt = new Uint8Array(36);
    const started = performance.now();
    for (let i = 0; i < count; i++) scrypt(`11010519800101${String(i).padStart(4, '0')}`, salt, { N, r, p: 1, dkLen: 48 });
    return (performance.now() - started) / count;
  },
};

declare global {
  interface Window { kadianKeyPersons: typeof bench }
}
window.kadianKeyPersons = bench;
