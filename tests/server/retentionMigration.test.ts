/** Migration 010 on a database made before it: the server's retention starts at 28 days with nothing deleted, and its first run over the old log keeps the device report and the colours right; on each database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { colourToday } from '../../src/server/issuer/healthCodes.ts';
import { DATABASE_FILE, DEFAULT_HEALTH_CODE_SETTINGS, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';
import { LEGACY, legacyReports, writeLegacyPostgres, writeLegacySqlite } from './legacyDatabase.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

/** A database of the code before migrations (7 entries of 2026-11-22, two check-ins), opened by this code, which migrates it. */
async function legacy(kind: 'sqlite' | 'postgres'): Promise<{ storage: Storage; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-retention-migrate-'));
  if (kind === 'sqlite') {
    await writeLegacySqlite(join(dataDir, DATABASE_FILE));
    const storage = openStorage(dataDir, {});
    return { storage, dataDir, drop: async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const schema = `kadian_retention_${randomBytes(6).toString('hex')}`;
  await writeLegacyPostgres(TEST_DATABASE_URL, schema);
  const storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 });
  return {
    storage, dataDir,
    async drop() {
      await storage.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try { await c.query(`DROP SCHEMA ${schema} CASCADE`); } finally { await c.end(); }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('migration 010 (the server\'s retention)', kind), () => {
    it('starts at 28 days with nothing deleted; the first run deletes the old log and keeps reports and colours as they were', async () => {
      const db = await legacy(kind.name);
      try {
        expect(await db.storage.serverRetention()).toEqual({ days: 28, retainedSince: null, ranAt: null });
        expect(await db.storage.retainedSince()).toBeNull();
        expect(await db.storage.listDevices(LEGACY.checkpoint.id)).toMatchObject(legacyReports());
        const person = LEGACY.checkIns[0]!;
        const issuer = { storage: db.storage, dataDir: db.dataDir, settings: DEFAULT_HEALTH_CODE_SETTINGS };
        const later = new Date('2027-01-10T04:00:00.000Z');
        const colour = await colourToday(issuer, { id: person.personId, name: person.name }, later);
        expect(colour).toMatchObject({ ok: true, value: { colour: 'red' } });

        const run = await db.storage.applyRetention(later, DEFAULT_HEALTH_CODE_SETTINGS.timeZone);
        expect(run).toMatchObject({ entries: 7, checkIns: 2, stopped: false });
        expect(await db.storage.countEntries()).toBe(0);
        expect(await db.storage.retainedSince()).toBe(run.cutoff);
        // What was deleted had been received: no tablet shows it as missing.
        expect(await db.storage.listDevices(LEGACY.checkpoint.id)).toMatchObject(
          legacyReports().map((r) => ({ ...r, entries: 0, highestSeq: null, missing: 0, gaps: [] })),
        );
        expect(await db.storage.listCheckIns(person.personId)).toEqual([]);
        expect(await colourToday(issuer, { id: person.personId, name: person.name }, later)).toEqual(colour);
        // The roll-ups made from the old log by migration 006 stay.
        const hour = Math.floor(Date.parse('2026-11-22T00:01:00.000Z') / 3_600_000);
        expect((await db.storage.figuresByCheckpoint([LEGACY.checkpoint.id], { from: hour, to: hour + 1 })).get(LEGACY.checkpoint.id)).toMatchObject({ entries_in: 4, entries_out: 3 });
      } finally {
        await db.drop();
      }
    });
  });
}
