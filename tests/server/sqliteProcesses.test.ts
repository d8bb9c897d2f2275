/** Two processes writing one SQLite file at once (the CLI beside the server): every transaction waits its turn, none fails busy. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openStorage } from '../../src/server/settings.ts';

const WRITER = fileURLToPath(new URL('./sqliteWriter.ts', import.meta.url));
const COUNT = 150;

function writer(dataDir: string, tag: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', WRITER, dataDir, tag, String(COUNT)], { env: { ...process.env, DATABASE_URL: '' } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

it('lets two processes write one SQLite file at once, each transaction reading then writing, without SQLITE_BUSY', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-writers-'));
  const storage = openStorage(dataDir, {});
  try {
    const { checkpoint } = await storage.ensureDemo();
    const before = (await storage.getConfig(checkpoint.id))?.version ?? 0;
    const runs = await Promise.all([writer(dataDir, 'a'), writer(dataDir, 'b')]);
    expect(runs.map((r) => r.stderr)).toEqual(['', '']);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // Each change read the rules it replaced and took the next version: 2 × COUNT of them, none twice.
    const versions = (await storage.listPolicyChanges(checkpoint.id)).map((c) => c.version);
    expect(versions).toEqual(Array.from({ length: 2 * COUNT }, (_, i) => before + 1 + i));
    expect((await storage.listCheckIns('a-0')).map((c) => c.name)).toEqual(['a']);
    expect((await storage.listCheckIns(`b-${COUNT - 1}`)).map((c) => c.name)).toEqual(['b']);
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
