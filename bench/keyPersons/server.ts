/** The Node side of bench:keypersons: a guesser's cost per guess (native scrypt against the old SHA-256), and the server's import and config pull of a list. */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kdfSalt, KEY_PERSON_KDF, legacyKeyPersonHash, type KeyPersonDerivation, type LegacyKeyPersons, type SealedKeyPersons } from '../../src/core/keyPersonLookup.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { KEY_PERSON_CATEGORIES, type KeyPerson } from '../../src/core/keyPersons.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import { openStorage } from '../../src/server/settings.ts';
import { currentConfig } from '../../src/server/tablets/config.ts';

/** `n` distinct valid ID numbers of one district, born over 1950–2009, as an operator's list would hold. */
export function idNumbers(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    const day = new Date(Date.UTC(1950, 0, 1) + (k % 21_900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `411202${day}${String(Math.floor(k / 21_900) % 1000).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  });
}

export function persons(n: number): KeyPerson[] {
  return idNumbers(n).map((personId, i) => ({ personId, category: KEY_PERSON_CATEGORIES[i % 5]!, note: i % 3 === 0 ? '居家观察 14 天' : '' }));
}

/** Mean ms per guess over `count` guesses, on this thread (one core, as a guesser's CPU thread): wall time and this process's CPU time. */
export function guessCost(way: 'scrypt' | 'sha256', count: number, offset: number): { wall: number; cpu: number } {
  const salt = randomBytes(16);
  const ids = idNumbers(count, offset);
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (way === 'scrypt') {
    const s = kdfSalt(salt);
    for (const id of ids) scryptSync(id, s, 48, { N: KEY_PERSON_KDF.N, r: KEY_PERSON_KDF.r, p: KEY_PERSON_KDF.p });
  } else {
    // What the old lookup let a guesser do: SHA-256(salt ‖ ID number), natively.
    for (const id of ids) createHash('sha256').update(salt).update(id).digest();
  }
  const wall = (performance.now() - started) / count;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 / count };
}

/**
 * ms per SHA-256 of one 64-byte block (a salt and an ID number fit in one) in OpenSSL's own loop, `openssl speed`: what a
 * guesser's native code pays per guess against the old list, without Node's per-call cost. Undefined without openssl.
 */
export function opensslSha256(): number | undefined {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', '1', '-bytes', '64', 'sha256'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const thousands = Number(/^sha256\s+([\d.]+)k/m.exec(out)?.[1]);
    return Number.isFinite(thousands) && thousands > 0 ? 1000 / ((thousands * 1000) / 64) : undefined;
  } catch {
    return undefined;
  }
}

export interface ImportTimes {
  persons: number;
  /** Derive and seal every person (thread pool), wall time and the process's CPU time (all threads). */
  sealMs: number;
  sealCpuMs: number;
  /** Write the sealed list in one transaction (SQLite, synchronous=FULL as the server runs it). */
  storeMs: number;
  /** The same file again: nothing derived. */
  reimportMs: number;
  /** The old import's work for the same list: a salted SHA-256 each (noble, as it was), in the same run. */
  oldHashMs: number;
  /** A full config pull of the checkpoint, which only reads what the import stored. */
  pullMs: number;
  pullBytes: number;
}

/** One import of `n` persons into a fresh DATA_DIR, with progress on stderr. */
export async function importOnce(n: number, progress: (line: string) => void): Promise<ImportTimes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-bench-kp-'));
  const storage = openStorage(dataDir);
  try {
    const { checkpoint } = await storage.ensureDemo();
    const list = persons(n);
    const derivation: KeyPersonDerivation = { salt: randomBytes(16).toString('base64'), kdf: KEY_PERSON_KDF };
    const cpu = process.cpuUsage();
    let t = performance.now();
    const sealed = await sealKeyPersons(derivation, list, [], (done, total) => {
      if (done % Math.max(1, Math.floor(total / 10)) === 0) progress(`sealed ${done} / ${total}`);
    });
    const sealMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const sealCpuMs = (used.user + used.system) / 1000;
    t = performance.now();
    await storage.replaceKeyPersons(checkpoint.id, derivation, sealed.persons, new Date().toISOString());
    const storeMs = performance.now() - t;
    t = performance.now();
    const again = await sealKeyPersons(derivation, list, await storage.listKeyPersons(checkpoint.id));
    if (again.derived !== 0) throw new Error(`a re-import derived ${again.derived}`);
    await storage.replaceKeyPersons(checkpoint.id, derivation, again.persons, new Date().toISOString());
    const reimportMs = performance.now() - t;
    const salt = randomBytes(16);
    t = performance.now();
    for (const p of list) legacyKeyPersonHash(salt, p.personId);
    const oldHashMs = performance.now() - t;
    t = performance.now();
    const config = await currentConfig(storage, dataDir, checkpoint.id, new Date(), { since: 0 });
    const pullBytes = JSON.stringify(config).length;
    const pullMs = performance.now() - t;
    return { persons: n, sealMs, sealCpuMs, storeMs, reimportMs, oldHashMs, pullMs, pullBytes };
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The lists the page looks up in: `n` persons sealed as the server seals them, and the same list in the old format. */
export async function lists(n: number): Promise<{ sealed: SealedKeyPersons; legacy: LegacyKeyPersons; listed: string[] }> {
  const list = persons(n);
  const derivation: KeyPersonDerivation = { salt: randomBytes(16).toString('base64'), kdf: KEY_PERSON_KDF };
  const { persons: out } = await sealKeyPersons(derivation, list, []);
  const salt = randomBytes(16);
  return {
    sealed: { format: 2, kdf: derivation.kdf, salt: derivation.salt, persons: out.map(({ tag, box }) => ({ tag, box })) },
    legacy: { salt: salt.toString('base64'), persons: list.map((p) => ({ idHash: legacyKeyPersonHash(salt, p.personId), category: p.category, note: p.note })) },
    listed: list.map((p) => p.personId),
  };
}
