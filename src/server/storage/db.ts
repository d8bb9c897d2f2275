/** The handle every storage module queries through: Kysely over either database, and the few helpers where their SQL differs. */
import Database from 'better-sqlite3';
import type { Compilable, CompiledQuery, QueryResult, RawBuilder, SqlBool, SqliteDatabase } from 'kysely';
import { Kysely, sql } from './kysely.ts';
import { migrate } from './migrations/index.ts';
import { nameStatement, postgresDialect } from './postgresDialect.ts';
import type { Database as Schema, Dialect } from './schema.ts';
import { cachingStatements, KadianSqliteDialect } from './sqliteDialect.ts';

export interface Db {
  kysely: Kysely<Schema>;
  dialect: Dialect;
  /** A reader for a long export on a connection of its own; `release` closes it. */
  exportReader(): { reader: Kysely<Schema>; release(): Promise<void> };
  /**
   * SQLite only: the statements of the connection under Kysely, for the push insert's per-row loop (entryInsert.ts),
   * run inside a Kysely transaction on that same connection. Null on PostgreSQL.
   */
  sqliteStatements: SqliteDatabase | null;
}

/** SQLite in `file` (a path, or ':memory:'), with the schema migrated; `ready` settles when it is. */
export function openSqlite(file: string): { db: Db; ready: Promise<void> } {
  const connection = new Database(file);
  connection.pragma('journal_mode = WAL');
  // FULL: once the server has acknowledged an entry the tablet may mark it synced, so the commit must survive power loss.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  // The operator CLI and the server may open the same file at once; wait for the other's write instead of failing.
  connection.pragma('busy_timeout = 5000');
  const statements = cachingStatements(connection);
  const kysely = new Kysely<Schema>({ dialect: new KadianSqliteDialect(statements, file === ':memory:' ? null : file) });
  const db: Db = {
    kysely,
    dialect: 'sqlite',
    sqliteStatements: statements,
    exportReader() {
      // An open iterator keeps its connection busy, so a long export reads through its own connection (WAL lets it
      // run beside writers) instead of holding the one every other request waits for.
      if (file === ':memory:') return { reader: kysely, release: async () => undefined };
      const reader = new Kysely<Schema>({
        dialect: new KadianSqliteDialect(cachingStatements(new Database(file, { readonly: true, fileMustExist: true })), null),
      });
      return { reader, release: () => reader.destroy() };
    },
  };
  return { db, ready: migrate(kysely, 'sqlite', null, 'DATA_DIR') };
}

export interface PostgresOptions {
  /** Tables go into this schema (created if missing) instead of the connection's default: tests use one per run. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /**
   * A streaming replica (DATABASE_READ_URL): read only, so nothing is migrated; its schema is the primary's, replayed.
   */
  replica?: boolean;
}

/** PostgreSQL at `connectionString`, with the schema migrated; `ready` settles when it is. */
export function openPostgres(connectionString: string, options: PostgresOptions = {}): { db: Db; ready: Promise<void> } {
  const schema = options.schema ?? null;
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`not a plain schema name: ${schema}`);
  const kysely = new Kysely<Schema>({ dialect: postgresDialect(connectionString, options.poolSize ?? 10, schema) });
  // Streaming takes a connection of its own from the pool for as long as the export reads (a cursor, EXPORT_ROWS at a time).
  const db: Db = { kysely, dialect: 'postgres', sqliteStatements: null, exportReader: () => ({ reader: kysely, release: async () => undefined }) };
  return { db, ready: options.replica === true ? Promise.resolve() : migratePostgres(kysely, schema) };
}

async function migratePostgres(kysely: Kysely<Schema>, schema: string | null): Promise<void> {
  // The migration tables go beside the others: in the schema asked for (Kysely creates it), else the connection's own.
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(kysely);
  const target = schema ?? rows[0]?.schema ?? null;
  if (target === null) throw new Error('The connection has no schema to create tables in: create the schema named in search_path first.');
  await migrate(kysely, 'postgres', target, 'DATABASE_URL');
}

/**
 * Runs a compiled query whose text never varies; on PostgreSQL as a named prepared statement, parsed and planned once
 * per connection (SQLite's statements are all cached by text: sqliteDialect.ts). `on`: a transaction or a held
 * connection to run it on.
 */
export async function runPrepared<R>(db: Db, query: CompiledQuery<R>, on: Kysely<Schema> = db.kysely): Promise<QueryResult<R>> {
  if (db.dialect === 'postgres') nameStatement(query.sql);
  return on.executeQuery(query);
}

/** Stands for an argument while a query is compiled; each run puts the argument in its place. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query of fixed shape built and compiled by Kysely once per dialect, then run with each call's arguments (runPrepared).
 * Building and compiling a query on every call was most of the CPU that Kysely added to a push (a CPU profile of the
 * push's storage calls). `build` must put each argument into the query as a value, untouched: the compiled parameters
 * are matched to the arguments by identity, and an argument that went elsewhere fails the first call.
 */
export function compiledOnce<A extends readonly unknown[], R>(build: (db: Db, ...args: A) => Compilable<R>) {
  const compiled = new Map<Dialect, CompiledQuery<R>>();
  return (db: Db, args: A, on: Kysely<Schema> = db.kysely): Promise<QueryResult<R>> => {
    let query = compiled.get(db.dialect);
    if (!query) {
      // The slots take the arguments' places in the query; their types are the arguments' only to the type checker.
      query = build(db, ...(args.map((_, i) => new Slot(i)) as unknown as A)).compile();
      const taken = new Set(query.parameters.flatMap((p) => (p instanceof Slot ? [p.index] : [])));
      if (taken.size !== args.length) throw new Error(`a query compiled once must take each of its ${args.length} arguments as a value (it took ${taken.size})`);
      compiled.set(db.dialect, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    return runPrepared(db, { ...query, parameters }, on);
  };
}

/**
 * A write of bookkeeping (last seen, entries waiting), not of the log, committed without waiting for its own flush:
 * an fsync per push for "last seen" cost more than storing the batch. PostgreSQL: the write has `noFlushWait(db)` in its
 * WHERE. SQLite: synchronous=NORMAL around the write, on the one connection `write` is given, held throughout; the WAL
 * stays consistent and the next entries' commit (FULL) syncs it along.
 */
export async function bookkeeping<T>(db: Db, write: (on: Kysely<Schema>) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return write(db.kysely);
  return db.kysely.connection().execute(async (connection) => {
    await sql`pragma synchronous = normal`.execute(connection);
    try {
      return await write(connection);
    } finally {
      await sql`pragma synchronous = full`.execute(connection);
    }
  });
}

/**
 * PostgreSQL: a condition that is always true and turns synchronous_commit off for the statement's own transaction (one
 * statement, where SET LOCAL would need a transaction of three). SQLite: true; bookkeeping() does it there.
 */
export const noFlushWait = (db: Db): RawBuilder<SqlBool> =>
  db.dialect === 'postgres' ? sql<SqlBool>`set_config('synchronous_commit', 'off', true) IS NOT NULL` : sql<SqlBool>`true`;

/** A list of numbers as one parameter: an int8 array for PostgreSQL, a JSON array for SQLite's json_each. */
export type NumberList = readonly number[] | string;

export const numberList = (db: Db, values: readonly number[]): NumberList => (db.dialect === 'postgres' ? values : JSON.stringify(values));

/**
 * `column` is one of the list's numbers, given as one parameter whatever their number, so the statement's text (and on
 * PostgreSQL its plan) stays the same for every batch.
 */
export function inNumbers(db: Db, column: string, list: NumberList): RawBuilder<SqlBool> {
  return db.dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = ANY(${list}::int8[])`
    : sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${list}))`;
}

/** An ISO 8601 text column as epoch milliseconds (an integer). */
export function epochMs(db: Db, column: string): RawBuilder<number> {
  return db.dialect === 'postgres'
    ? sql<number>`round(extract(epoch FROM ${sql.ref(column)}::timestamptz) * 1000)::int8`
    : sql<number>`CAST(round((julianday(${sql.ref(column)}) - 2440587.5) * 86400000) AS INTEGER)`;
}
