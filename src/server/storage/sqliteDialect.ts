/** Kysely on better-sqlite3 as Kadian needs it: statements prepared once per SQL text, and every transaction IMMEDIATE. */
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDatabase } from 'kysely';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from './kysely.ts';

/** Distinct statements kept: Kadian's queries are a few dozen texts; a batch insert has one text per batch size. */
const CACHED_STATEMENTS = 256;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL again on every prepare(): a cost per query
 * the hand-written storage never paid. The cache hands back the compiled statement, least recently used dropped first.
 */
export function cachingStatements(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql); // a Map keeps insertion order: re-inserting marks it most recently used
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value ?? sql);
      return statement;
    },
  };
}

/** An async lock: `take` waits for the holder before it, so callers take turns in the order they came. */
class TurnLock {
  private last: Promise<void> = Promise.resolve();

  /** Resolves once every earlier caller has released; the caller then releases with the function it gets. */
  async take(): Promise<() => void> {
    let release = (): void => undefined;
    const mine = new Promise<void>((done) => {
      release = done;
    });
    const before = this.last;
    this.last = before.then(() => mine);
    await before;
    return release;
  }
}

/**
 * One lock per database file for every writable connection this process opens on it. better-sqlite3 is synchronous:
 * a connection that waits for SQLite's lock (busy_timeout) blocks the whole thread, so the holder, a transaction on
 * another connection of this process halfway through its awaits, never gets to finish. Connections of one process
 * therefore take turns here, as Kysely's single connection takes turns with itself; between processes (the CLI beside
 * the server) SQLite's own lock and busy_timeout do it.
 */
const fileLocks = new Map<string, TurnLock>();

/**
 * BEGIN IMMEDIATE instead of Kysely's plain BEGIN. A plain (deferred) transaction that reads and then writes must
 * upgrade its lock, and when another process (the CLI beside the server) wrote meanwhile, SQLite fails it with
 * SQLITE_BUSY at once, busy_timeout or not. IMMEDIATE takes the write lock first, waiting up to busy_timeout for it.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  private release: (() => void) | null = null;

  constructor(database: SqliteDatabase, private readonly turns: TurnLock) {
    super({ database });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.turns.take();
    const connection = await super.acquireConnection();
    this.release = release;
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    await super.releaseConnection();
    release?.();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite runs DDL inside transactions; Kysely's adapter says it does not, which would run each migration unguarded. */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect with the driver and adapter above. `sharedFile`: the file whose lock a writable connection
 * takes turns by; null for a connection that never waits for another of this process (':memory:', a read-only reader).
 */
export class KadianSqliteDialect extends SqliteDialect {
  private readonly turns: TurnLock;

  constructor(private readonly database: SqliteDatabase, sharedFile: string | null) {
    super({ database });
    this.turns = sharedFile === null ? new TurnLock() : lockOf(sharedFile);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.database, this.turns);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

function lockOf(file: string): TurnLock {
  const key = resolve(file);
  const lock = fileLocks.get(key) ?? new TurnLock();
  fileLocks.set(key, lock);
  return lock;
}
