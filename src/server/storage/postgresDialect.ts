/** Kysely on a pg Pool as Kadian needs it: int8 read as Number, named prepared statements for the hot queries, typed cursors. */
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { PostgresDialect } from './kysely.ts';

/** int8 (seq, at_ms, count) as numbers: every value we store fits in a safe integer (seq is capped by the wire schema). */
const types = new pg.TypeOverrides();
types.setTypeParser(20, Number);

/** pg-cursor parses rows with pg's global types unless given its own: the export's seq would come back as text. */
class TypedCursor<T> extends Cursor<T> {
  constructor(text: string, values: unknown[]) {
    super(text, values, { types });
  }
}

/**
 * SQL text → statement name, for the queries run through `runPrepared()` (db.ts): a few fixed texts, mostly the push path's.
 * A named statement is parsed and planned once per connection instead of on every push. Only registered texts are
 * named, so a query whose text varies (a list of values) never fills the server with prepared statements.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED = 64;

export function nameStatement(sql: string): void {
  if (!statementNames.has(sql) && statementNames.size < MAX_NAMED) statementNames.set(sql, `kadian-${statementNames.size + 1}`);
}

/** The pool client Kysely sees: a registered text goes to pg as a named statement. */
function namingClient(client: pg.PoolClient): PostgresPoolClient {
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(text: string | PostgresCursor<R>, values?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof text !== 'string') return client.query(text as TypedCursor<R>);
    const name = statementNames.get(text);
    const config: pg.QueryConfig<unknown[]> = { text, values: values ? [...values] : [], ...(name !== undefined && { name }) };
    // pg's result has the fields Kysely reads (command, rowCount, rows).
    return client.query(config) as unknown as Promise<PostgresQueryResult<R>>;
  }
  return { query, release: (destroy?: boolean) => client.release(destroy) };
}

/** How every connection of the server is made, the pool's and the alert listener's (storage/notices.ts) alike. */
export function connectionConfig(connectionString: string, schema: string | null): pg.ClientConfig {
  // No JIT: every query here is short, and a skewed estimate (one test ID number scanned all day) made PostgreSQL spend
  // 1.4 s compiling a lookup that ran in milliseconds (the double-entry check, places/doubleEntries.ts).
  const options = ['-c jit=off', ...(schema !== null ? [`-c search_path=${schema}`] : [])].join(' ');
  return { connectionString, types, options };
}

/** `schema`: tables go there (search_path) instead of the connection's default. */
export function postgresDialect(connectionString: string, poolSize: number, schema: string | null): PostgresDialect {
  const pool = new pg.Pool({ ...connectionConfig(connectionString, schema), max: poolSize });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const naming: PostgresPool = {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = namingClient(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
  return new PostgresDialect({ pool: naming, cursor: TypedCursor });
}
