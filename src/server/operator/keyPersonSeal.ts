/** Key persons derived and sealed on the server (format 2): node:crypto's scrypt in the thread pool and its AES-256-GCM, the same bytes as core/keyPersonLookup.ts. */
import { createCipheriv, randomBytes, scrypt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  kdfSalt, KEY_PERSON_IV_BYTES, KEY_PERSON_KEY_BYTES, KEY_PERSON_TAG_BYTES, keyPersonPlaintext, splitDerived,
  type DerivedKeyPerson, type KeyPersonDerivation, type KeyPersonHit, type ScryptParams,
} from '../../core/keyPersonLookup.ts';
import type { KeyPerson } from '../../core/keyPersons.ts';

/** A person with what tablets get of them (storage's StoredKeyPerson has this shape; not imported, as the migrations use this module). */
export interface SealedKeyPerson extends KeyPerson {
  tag: string;
  box: string;
}

/** scrypt's own need (128 × N × r × p bytes) and room to spare: node's default ceiling (32 MiB) would refuse larger parameters. */
const maxmemOf = (kdf: ScryptParams): number => 2 * 128 * kdf.N * kdf.r * kdf.p + 1024 * 1024;

/** As core's deriveKeyPerson, natively and off the event loop (libuv's thread pool), so a list is derived on every core. */
export function deriveKeyPersonNative(listSalt: Uint8Array, idNumber: string, kdf: ScryptParams): Promise<DerivedKeyPerson> {
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(idNumber, 'utf8'), kdfSalt(listSalt), KEY_PERSON_TAG_BYTES + KEY_PERSON_KEY_BYTES, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: maxmemOf(kdf) },
      (error, bytes) => (error ? reject(error) : resolve(splitDerived(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)))));
  });
}

/**
 * A box: Base64 of IV ‖ AES-256-GCM(key, the padded category and note) ‖ GCM tag. A fresh random IV each time: the key
 * of a person stays the same while the list keeps its salt, and a changed note is sealed again under it.
 */
export function sealKeyPersonBox(key: Uint8Array, hit: KeyPersonHit, iv: Uint8Array = randomBytes(KEY_PERSON_IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(keyPersonPlaintext(hit)), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64');
}

/** Derivations in flight at once: one per core, within libuv's pool (4 threads unless UV_THREADPOOL_SIZE says otherwise). */
export function derivationJobs(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool));
}

export interface SealedList {
  persons: SealedKeyPerson[];
  /** How many needed a scrypt (the others were taken, unchanged, from the list before). */
  derived: number;
}

/**
 * Tags and boxes of a whole list. A person already on `previous` (sealed with the same derivation) with the same category
 * and note keeps their tag and box, so a daily import of a mostly unchanged list costs only its changes. `progress` is
 * called after each derivation.
 */
export async function sealKeyPersons(
  derivation: KeyPersonDerivation, persons: readonly KeyPerson[], previous: readonly SealedKeyPerson[],
  progress?: (done: number, total: number) => void,
): Promise<SealedList> {
  const salt = Buffer.from(derivation.salt, 'base64');
  const before = new Map(previous.map((p) => [p.personId, p]));
  const out: SealedKeyPerson[] = new Array<SealedKeyPerson>(persons.length);
  const todo: number[] = [];
  persons.forEach((p, i) => {
    const old = before.get(p.personId);
    if (old && old.category === p.category && old.note === p.note) out[i] = old;
    else todo.push(i);
  });
  let next = 0, done = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const i = todo[next++]!;
      const p = persons[i]!;
      const { tag, key } = await deriveKeyPersonNative(salt, p.personId, derivation.kdf);
      out[i] = { personId: p.personId, category: p.category, note: p.note, tag, box: sealKeyPersonBox(key, p) };
      progress?.(++done, todo.length);
    }
  };
  await Promise.all(Array.from({ length: derivationJobs() }, worker));
  return { persons: out, derived: todo.length };
}
