/** Notices between the server processes on one PostgreSQL: NOTIFY on a channel, LISTEN on a connection of each process's own. */
import pg from 'pg';
import { sql } from './kysely.ts';
import type { Db } from './db.ts';
import { connectionConfig } from './postgresDialect.ts';

/** The channels Kadian notifies on. */
export type NoticeChannel = 'kadian_alerts';

/** A payload's most bytes: PostgreSQL takes up to 8000, and the schema's name (≤ 63 bytes) and a space go in front. */
export const MAX_NOTICE_BYTES = 7900;

/**
 * Sends `payload` to every listener of `channel` in this database schema, this process's own included, when the
 * statement commits (at once: it is one statement of its own).
 */
export async function notify(db: Db, channel: NoticeChannel, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, current_schema() || ' ' || ${payload})`.execute(db.kysely);
}

export interface Listening {
  /** Settles once the first connection has listened, or failed to (and is being made again). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MS = 1000;

/**
 * Listens on `channel` on a connection of its own (a pooled one goes back to the pool between queries, and a LISTEN
 * with it). `on` gets each payload notified in this schema: another Kadian in another schema of the same database is
 * not heard (channels are the database's, not a schema's). A lost connection is told to `lost` and made again a second
 * later; what was notified in between is not heard (the console's lists read the table, only the live stream misses it).
 */
export function listen(connectionString: string, schema: string | null, channel: NoticeChannel, on: (payload: string) => void, lost: (error: unknown) => void): Listening {
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const again = (): void => {
    if (stopped || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };
  const connect = async (): Promise<void> => {
    const client = new pg.Client(connectionConfig(connectionString, schema));
    current = client;
    client.on('error', (error) => {
      lost(error);
      again();
    });
    client.on('end', () => {
      if (current === client) again();
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      const prefix = `${rows[0]?.schema ?? ''} `;
      client.on('notification', (n) => {
        if (n.channel === channel && n.payload?.startsWith(prefix)) on(n.payload.slice(prefix.length));
      });
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(error);
      await client.end().catch(() => undefined);
      again();
    }
  };
  const ready = connect();
  return {
    ready,
    async stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      await ready;
      await current?.end().catch(() => undefined);
    },
  };
}
