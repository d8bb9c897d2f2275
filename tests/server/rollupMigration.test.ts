/** Migrations 006 and 008 on a database made before them: the hourly roll-ups per checkpoint and per area are filled from the entries already stored, on each database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { RollupSums } from '../../src/server/storage/figures.ts';
import { BACKFILL } from '../../src/server/storage/migrations/008_area_rollups.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';
import { LEGACY, legacyEntries, writeLegacyPostgres, writeLegacySqlite } from './legacyDatabase.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

/** A database of the code before migrations, with its 7 entries, opened by this code (which runs every migration on it). */
async function legacy(kind: 'sqlite' | 'postgres'): Promise<{ storage: Storage; exec(statement: string): Promise<void>; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-rollup-migrate-'));
  if (kind === 'sqlite') {
    const file = join(dataDir, DATABASE_FILE);
    await writeLegacySqlite(file);
    const storage = openStorage(dataDir, {});
    const exec = async (statement: string) => {
      const raw = new Database(file);
      try { raw.exec(statement); } finally { raw.close(); }
    };
    return { storage, exec, drop: async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const schema = `kadian_rollup_${randomBytes(6).toString('hex')}`;
  await writeLegacyPostgres(TEST_DATABASE_URL, schema);
  const storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 });
  return {
    storage,
    async exec(statement) {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try { await c.query(`SET search_path TO ${schema}`); await c.query(statement); } finally { await c.end(); }
    },
    async drop() {
      await storage.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try { await c.query(`DROP SCHEMA ${schema} CASCADE`); } finally { await c.end(); }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The counts the plain way: all 7 legacy entries are of 2026-11-22 08:01–08:05 in Shanghai, one UTC hour. */
async function legacyCounts(): Promise<{ hour: number; want: RollupSums }> {
  const entries = await legacyEntries();
  const hour = Math.floor(Date.parse(entries[0]!.at) / 3_600_000);
  expect(entries.every((e) => Math.floor(Date.parse(e.at) / 3_600_000) === hour)).toBe(true);
  const n = (f: (e: (typeof entries)[number]) => boolean) => entries.filter(f).length;
  const want: RollupSums = {
    entries_in: n((e) => e.direction === 'in'), entries_out: n((e) => e.direction === 'out'),
    passed: n((e) => e.verdict === 'pass'), stopped: n((e) => e.verdict === 'stop'), checked: n((e) => e.verdict === 'check'),
    key_person: n((e) => e.reasons.includes('key-person')),
    green: n((e) => e.colour === 'green'), yellow: n((e) => e.colour === 'yellow'), red: n((e) => e.colour === 'red'), other_colour: n((e) => e.colour === null),
    passed_in: n((e) => e.verdict === 'pass' && e.direction === 'in'), passed_out: n((e) => e.verdict === 'pass' && e.direction === 'out'),
    // Migration 014's counters: no follow-up was stored before it.
    outcome_release: 0, outcome_turned_back: 0, outcome_hospital: 0, outcome_quarantine: 0, outcome_other: 0,
    // Migration 015's: no vehicle was stored before it.
    vehicles: 0, vehicle_people: 0,
    // Migration 026's: the wire refused blue before it.
    blue: 0,
  };
  return { hour, want };
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('migrations 006 and 008 (the roll-ups)', kind), () => {
    it('fills entry_hours from the entries already stored, per checkpoint and UTC hour', async () => {
      const db = await legacy(kind.name);
      try {
        const { hour, want } = await legacyCounts();
        expect(want).toMatchObject({ entries_in: 4, entries_out: 3, key_person: 1, other_colour: 1 });
        const cp = LEGACY.checkpoint.id;
        expect(await db.storage.figuresByCheckpoint([cp], { from: hour, to: hour + 1 })).toEqual(new Map([[cp, want]]));
        expect([...(await db.storage.figuresByHour([cp], { from: hour - 24, to: hour + 24 })).keys()]).toEqual([hour]);
        // Nothing outside that hour, and nothing for a checkpoint without entries.
        expect((await db.storage.figuresByCheckpoint([cp, 'nowhere'], { from: hour + 1, to: hour + 48 })).size).toBe(0);
      } finally {
        await db.drop();
      }
    });

    it('fills area_hours (migration 008) from entry_hours, each entry in every area above its checkpoint', async () => {
      const db = await legacy(kind.name);
      try {
        const { hour, want } = await legacyCounts();
        const range = { from: hour, to: hour + 1 };
        // Migration 005 made the community an area of one level, holding the checkpoint's place.
        const area = LEGACY.checkpoint.communityId;
        expect(await db.storage.figuresByArea([area], range)).toEqual(new Map([[area, want]]));
        // Deeper: the community moved under a new district of a new city (the move carries its rows), then the table
        // emptied and filled again by the migration's statement: three levels, each with all 7 entries.
        await db.storage.applyCityChanges({
          newAreas: [{ id: 'city', parentId: null, level: 'city', name: '市', code: null }, { id: 'district', parentId: 'city', level: 'district', name: '区', code: null }],
          renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
        });
        expect((await db.storage.moveArea(area, 'district')).ok).toBe(true);
        const all = [area, 'district', 'city'];
        const moved = await db.storage.figuresByArea(all, range);
        expect(moved).toEqual(new Map(all.map((id) => [id, want])));
        await db.exec('DELETE FROM area_hours');
        expect((await db.storage.figuresByArea(all, range)).size).toBe(0);
        await db.exec(BACKFILL);
        expect(await db.storage.figuresByArea(all, range)).toEqual(moved);
        expect([...(await db.storage.figuresByHourOfAreas(['city'], { from: hour - 24, to: hour + 24 })).keys()]).toEqual([hour]);
      } finally {
        await db.drop();
      }
    });
  });
}
