/** DATA_DIR 0700 and the database files 0600 under umask 022, and one warning line when a start finds them wider (issue #12). */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { PUBLIC_URL } from './helpers.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));

/** `kadian devices` (it opens the database) the way an operator's shell runs it: under umask 022. */
function kadianUnderUmask(dataDir: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', 'umask 022 && exec "$0" "$1" devices', process.execPath, KADIAN], { env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

let parent: string;
afterEach(() => rmSync(parent, { recursive: true, force: true }));

describe('file modes', () => {
  it('makes DATA_DIR 0700 and kadian.db 0600 under umask 022, and warns of nothing', async () => {
    parent = mkdtempSync(join(tmpdir(), 'kadian-modes-'));
    const dataDir = join(parent, 'data');
    const run = await kadianUnderUmask(dataDir);
    expect(run.code).toBe(0);
    expect(modeOf(dataDir)).toBe('700');
    const db = join(dataDir, DATABASE_FILE);
    expect(modeOf(db)).toBe('600');
    // WAL mode: the log and its index are there while and after the database is used; both owner-only.
    for (const companion of ['-wal', '-shm'].map((c) => db + c).filter((f) => existsSync(f))) expect(modeOf(companion), companion).toBe('600');
    expect(run.stderr).not.toMatch(/chmod/);
  });

  it('makes the -wal and -shm 0600 too while the database is open', async () => {
    parent = mkdtempSync(join(tmpdir(), 'kadian-modes-'));
    const dataDir = join(parent, 'data');
    const umask = process.umask(0o022);
    try {
      const storage = openStorage(dataDir, {});
      try {
        await storage.listDevices();
        const db = join(dataDir, DATABASE_FILE);
        for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(modeOf(file), file).toBe('600');
      } finally {
        await storage.close();
      }
    } finally {
      process.umask(umask);
    }
  });

  it('warns in one line, with the command that fixes it, when DATA_DIR and the database were left readable by others', async () => {
    parent = mkdtempSync(join(tmpdir(), "kadian-modes-o'brien-"));
    const dataDir = join(parent, 'data');
    expect((await kadianUnderUmask(dataDir)).code).toBe(0);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, DATABASE_FILE), 0o644);
    const run = await kadianUnderUmask(dataDir);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('chmod'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${dataDir} 0755`);
    expect(warnings[0]).toContain(`${join(dataDir, DATABASE_FILE)} 0644`);
    expect(warnings[0]).toMatch(/警告.*Warning/);
    // Only told, never changed behind the operator's back.
    expect(modeOf(dataDir)).toBe('755');
    // The command it names, run as given (the path has a quote in it), makes the next start quiet.
    const fix = warnings[0]!.slice(warnings[0]!.lastIndexOf('Fix: ') + 'Fix: '.length);
    await new Promise<void>((resolve, reject) => execFile('/bin/sh', ['-c', fix], (e) => (e ? reject(e) : resolve())));
    expect(modeOf(dataDir)).toBe('700');
    expect((await kadianUnderUmask(dataDir)).stderr).not.toMatch(/chmod/);
  });

  it('keeps to what it finds: an existing owner-only DATA_DIR is used as it is', async () => {
    parent = mkdtempSync(join(tmpdir(), 'kadian-modes-'));
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const run = await kadianUnderUmask(dataDir);
    expect(run.code).toBe(0);
    expect(modeOf(join(dataDir, DATABASE_FILE))).toBe('600');
    expect(run.stderr).not.toMatch(/chmod/);
  });
});
