/**
 * Issue #19, "beyond one node": the Citus plan stays true as the schema grows. Every table has a placement; every primary
 * and unique key of a distributed table holds its distribution column; no foreign key crosses what Citus allows; README
 * shows the plan's statements. Read from the database itself: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { CITUS_PLAN, citusStatements, type Placement } from '../../src/server/storage/citusPlan.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import { DATABASES, title } from './databases.ts';

/** A table's primary and unique keys (column lists) and its foreign keys, as the database describes them. */
interface TableKeys {
  keys: string[][];
  foreignKeys: Array<{ columns: string[]; target: string }>;
}
type Keys = Record<string, TableKeys>;

async function sqliteKeys(): Promise<Keys> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-citus-'));
  try {
    const storage = openStorage(dataDir, {});
    await storage.ensureDemo();
    await storage.close();
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const keys: Keys = {};
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
      for (const { name } of tables) {
        const columns = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(name) as Array<{ name: string; pk: number }>;
        const primary = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
        const unique = (db.prepare('SELECT name, "unique" AS isUnique FROM pragma_index_list(?)').all(name) as Array<{ name: string; isUnique: number }>)
          .filter((i) => i.isUnique === 1)
          .map((i) => (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(i.name) as Array<{ name: string }>).map((c) => c.name));
        const fks = db.prepare('SELECT id, "table" AS target, "from" AS col FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as Array<{ id: number; target: string; col: string }>;
        const byId = new Map<number, { columns: string[]; target: string }>();
        for (const f of fks) (byId.get(f.id) ?? byId.set(f.id, { columns: [], target: f.target }).get(f.id)!).columns.push(f.col);
        keys[name] = { keys: [...(primary.length > 0 ? [primary] : []), ...unique], foreignKeys: [...byId.values()] };
      }
      return keys;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresKeys(url: string): Promise<Keys> {
  const schema = `kadian_citus_${randomBytes(6).toString('hex')}`;
  const storage = DatabaseStorage.postgres(url, { schema, poolSize: 2 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await storage.ensureDemo();
    const keys: Keys = {};
    const tables = await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { name } of tables.rows) keys[name] = { keys: [], foreignKeys: [] };
    // Primary keys and unique indexes (a unique constraint is one too), partial ones included: Citus refuses them all alike.
    const indexes = await client.query<{ tbl: string; columns: string[] }>(
      `SELECT c.relname AS tbl, array_agg(a.attname ORDER BY k.n) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE s.nspname = $1 AND (i.indisunique OR i.indisprimary)
       GROUP BY c.relname, i.indexrelid`, [schema]);
    for (const r of indexes.rows) keys[r.tbl]?.keys.push(r.columns);
    const fks = await client.query<{ tbl: string; target: string; columns: string[] }>(
      `SELECT c.relname AS tbl, t.relname AS target, array_agg(a.attname ORDER BY k.n) AS columns
       FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class t ON t.oid = f.confrelid JOIN pg_namespace s ON s.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(f.conkey) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE s.nspname = $1 AND f.contype = 'f'
       GROUP BY c.relname, t.relname, f.oid`, [schema]);
    for (const r of fks.rows) keys[r.tbl]?.foreignKeys.push({ columns: r.columns, target: r.target });
    return keys;
  } finally {
    await storage.close();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** What Citus refuses in a database placed by the plan: one line per problem. */
function problems(keys: Keys): string[] {
  const found: string[] = [];
  const plan = CITUS_PLAN as Record<string, Placement>;
  for (const table of Object.keys(keys)) if (!(table in plan)) found.push(`${table} has no placement in citusPlan.ts`);
  for (const table of Object.keys(plan)) if (!(table in keys)) found.push(`${table} is placed but the database has no such table`);
  for (const [table, { keys: tableKeys, foreignKeys }] of Object.entries(keys)) {
    const at = plan[table];
    if (!at) continue;
    if (at.kind === 'distributed') {
      for (const key of tableKeys) if (!key.includes(at.column)) found.push(`${table}: key (${key.join(', ')}) lacks the distribution column ${at.column}`);
    }
    for (const fk of foreignKeys) {
      const to = plan[fk.target];
      if (!to || to.kind === 'reference') continue;
      if (to.kind === 'coordinator' && at.kind !== 'coordinator') found.push(`${table} (${at.kind}) references ${fk.target}, which stays on the coordinator`);
      if (to.kind === 'distributed' && (at.kind !== 'distributed' || at.group !== to.group || !fk.columns.includes(at.column))) {
        found.push(`${table} references the distributed ${fk.target} without being co-located with it on ${to.column}`);
      }
    }
  }
  return found;
}

describe('the Citus plan', () => {
  it('is what README shows, statement for statement', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- citus-plan -->\n```sql\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const shown = block.split('\n').filter((line) => line.startsWith('SELECT'));
    expect(shown).toEqual(citusStatements());
  });

  it('finds what it is for: a key without the distribution column, a reference table pointing at a distributed one', () => {
    const keys: Keys = Object.fromEntries(Object.keys(CITUS_PLAN).map((t) => [t, { keys: [], foreignKeys: [] }]));
    keys.entries = { keys: [['checkpoint_id', 'device_id', 'seq'], ['id']], foreignKeys: [] };
    keys.devices = { keys: [['id']], foreignKeys: [{ columns: ['last_seq'], target: 'entries' }] };
    keys.new_table = { keys: [['id']], foreignKeys: [] };
    expect(problems(keys)).toEqual([
      'new_table has no placement in citusPlan.ts',
      'devices references the distributed entries without being co-located with it on checkpoint_id',
      'entries: key (id) lacks the distribution column checkpoint_id',
    ]);
  });
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('the Citus plan against the schema', kind), () => {
    it('places every table, and every distributed table\'s keys and every foreign key follow Citus\'s rules', async () => {
      const keys = kind.name === 'sqlite' ? await sqliteKeys() : await postgresKeys(process.env.TEST_DATABASE_URL!.trim());
      expect(Object.keys(keys).length).toBeGreaterThan(30);
      expect(problems(keys)).toEqual([]);
    });
  });
}
