/** Counting requests per route and client IP in the database (migration 020), so a limit holds across server processes. */
import { CompiledQuery } from './kysely.ts';
import { runPrepared, type Db } from './db.ts';

/** A request counted: how many the key has made in its window, this one included, and the ms until the window ends. */
export interface RequestCount {
  count: number;
  ttlMs: number;
}

/**
 * One statement, atomic under concurrent requests from every process: the first request of a key, or the first after its
 * window ended, starts a window of `$2` ms at 1; any other adds 1. Windows are timed by the database's clock, the one
 * clock all processes share (statement_timestamp: the same instant in both places it is read).
 */
const COUNT_REQUEST = `
INSERT INTO rate_limits AS r (key, count, reset_at_ms)
VALUES ($1, 1, (extract(epoch FROM statement_timestamp()) * 1000)::int8 + $2)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN r.reset_at_ms <= excluded.reset_at_ms - $2 THEN 1 ELSE r.count + 1 END,
  reset_at_ms = CASE WHEN r.reset_at_ms <= excluded.reset_at_ms - $2 THEN excluded.reset_at_ms ELSE r.reset_at_ms END
RETURNING count, reset_at_ms - (extract(epoch FROM statement_timestamp()) * 1000)::int8 AS ttl_ms`;

const PRUNE = 'DELETE FROM rate_limits WHERE reset_at_ms < (extract(epoch FROM statement_timestamp()) * 1000)::int8';

/** How often a process deletes the rows of ended windows: they are only a few bytes per client IP and route. */
const PRUNE_EVERY_MS = 10 * 60_000;
const lastPruned = new WeakMap<Db, number>();

/** PostgreSQL only: SQLite's one process counts in memory (http/rateLimits.ts). */
export async function countRequest(db: Db, key: string, windowMs: number): Promise<RequestCount> {
  const now = Date.now();
  if (now - (lastPruned.get(db) ?? 0) >= PRUNE_EVERY_MS) {
    lastPruned.set(db, now);
    await db.kysely.executeQuery(CompiledQuery.raw(PRUNE));
  }
  const { rows } = await runPrepared(db, CompiledQuery.raw(COUNT_REQUEST, [key, Math.trunc(windowMs)]) as CompiledQuery<{ count: number; ttl_ms: number }>);
  const row = rows[0];
  if (!row) throw new Error('the rate-limit count returned no row');
  return { count: Number(row.count), ttlMs: Math.max(0, Number(row.ttl_ms)) };
}
