/** What entries_by_person costs: its size beside the log's, and a push-sized batch insert (the real one, entryInsert.ts) with and without it. */
import type { Entry } from '../../src/core/entry.ts';
import type { Db } from '../../src/server/storage/db.ts';
import { insertEntries } from '../../src/server/storage/entryInsert.ts';
import { sql } from '../../src/server/storage/kysely.ts';
import type { ReceivedEntry } from '../../src/server/storage/storage.ts';
import { buildTraceIndex, dropTraceIndex } from './seed.ts';
import { DAY0_MS, DAY_MS, nameOf, personIdOf, type Layout } from './shape.ts';

export interface Sizes {
  /** The whole database (SQLite: the pages in use) or the benchmark's schema (PostgreSQL: tables, indexes, TOAST). */
  totalBytes: number;
  /** Each index of `entries`, by name. */
  indexes: Record<string, number>;
}

export async function sizesOf(db: Db): Promise<Sizes> {
  if (db.dialect === 'sqlite') {
    const pragma = async (name: string) => Number((await sql<Record<string, number>>`SELECT * FROM ${sql.raw(`pragma_${name}`)}`.execute(db.kysely)).rows[0]?.[name] ?? 0);
    const totalBytes = ((await pragma('page_count')) - (await pragma('freelist_count'))) * (await pragma('page_size'));
    const names = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' ORDER BY name`.execute(db.kysely);
    const indexes: Record<string, number> = {};
    // dbstat's aggregate form walks only the one b-tree asked for.
    for (const { name } of names.rows) indexes[name] = Number((await sql<{ b: number }>`SELECT pgsize AS b FROM dbstat('main', 1) WHERE name = ${name}`.execute(db.kysely)).rows[0]?.b ?? 0);
    return { totalBytes, indexes };
  }
  const total = await sql<{ b: string }>`SELECT sum(pg_total_relation_size(c.oid)) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`.execute(db.kysely);
  const rows = await sql<{ name: string; b: string }>`SELECT indexrelname AS name, pg_relation_size(indexrelid) AS b FROM pg_stat_user_indexes
    WHERE schemaname = current_schema() AND relname = 'entries' ORDER BY indexrelname`.execute(db.kysely);
  return { totalBytes: Number(total.rows[0]?.b ?? 0), indexes: Object.fromEntries(rows.rows.map((r) => [r.name, Number(r.b)])) };
}

export interface Ingest {
  /** With the index: the batches before it was dropped, and after it was built again. */
  before: number[];
  without: number[];
  after: number[];
  /** entries_by_person built again by migration 009's statement, on the seeded log (and the batches so far). */
  rebuildMs: number;
}

/** 500 entries of a new tablet at a compound's gate over the last two hours of the last day, each of a random person: one push's batch. */
function batch(layout: Layout, tag: string, n: number, next: () => number): ReceivedEntry[] {
  const j = 6 * Math.floor(next() * layout.blocks) + Math.floor(next() * 3);
  const checkpointId = `cp-${2 * j + 1 + (n % 2)}`;
  const end = DAY0_MS + layout.scale.days * DAY_MS - 4 * 3_600_000;
  return Array.from({ length: 500 }, (_, i): ReceivedEntry => {
    const p = Math.floor(next() * layout.scale.persons);
    const entry: Entry = {
      id: `00000000-0000-4000-9000-${String(n * 1000 + i).padStart(12, '0')}`, deviceId: `push-${tag}-${n}`, seq: i + 1, checkpointId,
      at: new Date(end - 7_200_000 + i * 14_000).toISOString(), direction: i % 2 ? 'out' : 'in', source: 'KDR1', personId: personIdOf(p), name: nameOf(p),
      colour: 'green', temperature: 36.5, verdict: 'pass', reasons: [], operator: null,
      prevHash: String(i).padStart(64, '0'), hash: String(i + 1).padStart(64, '0'), personCommit: String(i * 7).padStart(64, '0'),
    };
    return { ...entry, personSalt: String(p).padStart(32, '0') };
  });
}

/**
 * `batches` inserts with the index, in two halves around `batches` without it (dropped, then built again by the
 * migration's statement): A B A, so a drift in the machine's load touches both alike. Two batches first as a warm-up.
 * The batches' entries are deleted at the end (their roll-up counts stay: tracing reads none).
 */
export async function ingestCost(db: Db, layout: Layout, batches: number, next: () => number, log: (line: string) => void): Promise<Ingest> {
  const tag = Date.now().toString(36);
  const receivedAt = new Date(DAY0_MS + layout.scale.days * DAY_MS - 4 * 3_600_000).toISOString();
  const made: Array<{ checkpointId: string; deviceId: string }> = [];
  let n = 0;
  const insert = async (): Promise<number> => {
    const entries = batch(layout, tag, n++, next);
    const first = entries[0];
    if (first) made.push({ checkpointId: first.checkpointId, deviceId: first.deviceId });
    const started = performance.now();
    const outcomes = await insertEntries(db, entries, receivedAt);
    const took = performance.now() - started;
    if (outcomes.some((o) => o !== 'stored')) throw new Error('a benchmark batch was not stored');
    return took;
  };
  const result: Ingest = { before: [], without: [], after: [], rebuildMs: 0 };
  for (let i = 0; i < 2; i++) await insert();
  for (let i = 0; i < Math.ceil(batches / 2); i++) result.before.push(await insert());
  await dropTraceIndex(db);
  for (let i = 0; i < batches; i++) result.without.push(await insert());
  log('  building entries_by_person again (migration 009)…');
  result.rebuildMs = await buildTraceIndex(db);
  for (let i = 0; i < Math.floor(batches / 2); i++) result.after.push(await insert());
  for (const { checkpointId, deviceId } of made) {
    await db.kysely.deleteFrom('entries').where('checkpoint_id', '=', checkpointId).where('device_id', '=', deviceId).execute();
  }
  return result;
}
