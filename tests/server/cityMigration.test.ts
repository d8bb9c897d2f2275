/** Migration 005 on a database made by Kadian before it (main at ea24255): each community becomes an area with one place holding its checkpoints, nothing lost; the audit log refuses UPDATE and DELETE. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';
import { LEGACY, writeLegacyPostgres, writeLegacySqlite } from './legacyDatabase.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

interface Legacy { storage: Storage; exec(text: string): Promise<unknown>; drop(): Promise<void> }

/** A database of the old code with its rows, opened by this code (which migrates it). */
async function legacy(kind: 'sqlite' | 'postgres'): Promise<Legacy> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-city-migrate-'));
  if (kind === 'sqlite') {
    const file = join(dataDir, DATABASE_FILE);
    await writeLegacySqlite(file);
    const storage = openStorage(dataDir, {});
    return {
      storage,
      exec: async (text) => {
        const db = new Database(file);
        try { return db.prepare(text).run(); } finally { db.close(); }
      },
      drop: async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); },
    };
  }
  const schema = `kadian_city_${randomBytes(6).toString('hex')}`;
  await writeLegacyPostgres(TEST_DATABASE_URL, schema);
  const storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 });
  const client = async <T>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await c.connect();
    try { return await work(c); } finally { await c.end(); }
  };
  return {
    storage,
    exec: (text) => client((c) => c.query(text)),
    drop: async () => { await storage.close(); await client((c) => c.query(`DROP SCHEMA ${schema} CASCADE`)); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('migration 005 (the city)', kind), () => {
    it('makes each community an area at the community level, with one place of its id and name holding its checkpoints', async () => {
      const db = await legacy(kind.name);
      try {
        const { id: checkpointId, name, communityId, communityName } = LEGACY.checkpoint;
        expect(await db.storage.listAreas(null)).toEqual([
          { id: communityId, parentId: null, level: 'community', name: communityName, code: null, path: [communityId], names: [communityName] },
        ]);
        expect(await db.storage.listPlaces(communityId)).toEqual([{ id: communityId, areaId: communityId, name: communityName, kind: 'compound', capacity: null, code: null }]);
        expect(await db.storage.listCheckpointRecords(communityId)).toEqual([{
          id: checkpointId, name, code: null, placeId: communityId, placeName: communityName, areaId: communityId, areaIds: [communityId], areaPath: [communityName],
        }]);
        // What tablets pull is what they pulled before: the same checkpoint, community and config version.
        expect((await db.storage.getConfig(checkpointId))?.checkpoint).toEqual({ ...LEGACY.checkpoint, placeKind: 'compound' });
        expect((await db.storage.getConfig(checkpointId))?.version).toBe(LEGACY.configVersion);
        // The community's checkpoints can now move under a district like any area's.
        await db.storage.applyCityChanges({
          newAreas: [{ id: 'd-1', parentId: null, level: 'district', name: '湖滨区', code: '411202' }], renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
        });
        expect((await db.storage.moveArea(communityId, 'd-1')).ok).toBe(true);
        expect((await db.storage.getCheckpointRecord(checkpointId))?.areaPath).toEqual(['湖滨区', communityName]);
        expect((await db.storage.listCheckpointRecords('d-1')).map((c) => c.id)).toEqual([checkpointId]);
        // A checkpoint with tablets and entries is never removed, nor its area.
        expect(await db.storage.removeCity({ areaId: 'd-1' })).toEqual({ ok: false, error: 'city-in-use' });
        expect(await db.storage.countEntries(checkpointId)).toBe(7);
      } finally {
        await db.drop();
      }
    });

    it('keeps the audit log append-only in the database itself: UPDATE and DELETE are refused', async () => {
      const db = await legacy(kind.name);
      try {
        const record = await db.storage.appendAudit({
          at: '2026-11-23T01:00:00.000Z', actor: 'cli', actorName: 'root', action: 'areas.import', areaPath: ['c-east'], target: null, detail: { added: 1 }, origin: 'cli root@host',
        });
        expect(await db.storage.listAudit({})).toEqual([record]);
        await expect(db.exec("UPDATE audit_log SET action = 'nothing'")).rejects.toThrow(/append-only/);
        await expect(db.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
        if (kind.name === 'postgres') await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
        expect(await db.storage.listAudit({ within: ['c-east'] })).toEqual([record]);
        expect(await db.storage.listAudit({ within: ['elsewhere'] })).toEqual([]);
      } finally {
        await db.drop();
      }
    });
  });
}
