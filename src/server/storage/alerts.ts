/** The console's alerts: inserted by the push once per entry and kind, read newest first by subtree, acknowledged once. */
import type { AlertKind } from '../../core/consoleOps.ts';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import { readJson } from './schema.ts';

export interface NewAlert {
  id: string;
  kind: AlertKind;
  checkpointId: string;
  deviceId: string;
  seq: number;
  /** The entry's time as the tablet wrote it. */
  at: string;
  receivedAt: string;
  reasons: string[];
  colour: string | null;
  /** The name and the masked ID number; never the whole ID number. */
  person: string | null;
}

export interface AlertRecord extends NewAlert {
  acknowledgedAt: string | null;
  /** The acknowledging user's name (null when not acknowledged, or the account is gone). */
  acknowledgedBy: string | null;
}

export interface AlertFilter {
  /** Area ids from the root down: only alerts of checkpoints in this subtree; absent: the whole city. */
  within?: readonly string[];
  /** Only this place's checkpoints (a lead of one place). */
  placeId?: string;
  /** true: not acknowledged; false: acknowledged; absent: both. */
  open?: boolean;
  limit: number;
}

const pathText = (ids: readonly string[]): string => `/${ids.map((id) => `${id}/`).join('')}`;

const atMs = (at: string): number | null => {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
};

/** Rows per multi-row insert: 12 values each, far below both databases' parameter limits. */
const ROWS = 500;

/** Inserts what is not there yet and gives back only those: a re-sent entry's alert is already there and is not new. */
export async function recordAlerts(db: Db, alerts: readonly NewAlert[]): Promise<NewAlert[]> {
  if (alerts.length === 0) return [];
  const made = new Set<string>();
  for (let i = 0; i < alerts.length; i += ROWS) {
    const rows = await db.kysely.insertInto('alerts').values(alerts.slice(i, i + ROWS).map((a) => ({
      checkpoint_id: a.checkpointId, device_id: a.deviceId, seq: a.seq, kind: a.kind, id: a.id, at: a.at, at_ms: atMs(a.at),
      received_at: a.receivedAt, reasons: JSON.stringify(a.reasons), colour: a.colour, person: a.person,
    })))
      .onConflict((oc) => oc.columns(['checkpoint_id', 'device_id', 'seq', 'kind']).doNothing())
      .returning('id').execute();
    for (const r of rows) made.add(r.id);
  }
  return alerts.filter((a) => made.has(a.id));
}

const selectAlerts = (db: Db) => db.kysely.selectFrom('alerts as al')
  .leftJoin('users as u', 'u.id', 'al.acknowledged_by')
  .select(['al.id', 'al.kind', 'al.checkpoint_id', 'al.device_id', 'al.seq', 'al.at', 'al.received_at', 'al.reasons', 'al.colour', 'al.person',
    'al.acknowledged_at', 'u.name as acknowledged_by']);

type AlertRow = {
  id: string; kind: string; checkpoint_id: string; device_id: string; seq: number; at: string; received_at: string; reasons: string[] | string;
  colour: string | null; person: string | null; acknowledged_at: string | null; acknowledged_by: string | null;
};

const toRecord = (r: AlertRow): AlertRecord => ({
  // Written only by recordAlerts from an AlertKind.
  id: r.id, kind: r.kind as AlertKind, checkpointId: r.checkpoint_id, deviceId: r.device_id, seq: Number(r.seq), at: r.at, receivedAt: r.received_at,
  reasons: readJson(r.reasons), colour: r.colour, person: r.person, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by,
});

/** Newest first: by when the server received them, then by the tablet's time. */
export async function listAlerts(db: Db, filter: AlertFilter): Promise<AlertRecord[]> {
  const within = filter.within === undefined ? null : pathText(filter.within);
  const rows = await selectAlerts(db)
    .$if(within !== null || filter.placeId !== undefined, (q) => q.where('al.checkpoint_id', 'in', db.kysely.selectFrom('checkpoints as c')
      .innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id').select('c.id')
      .$if(within !== null, (s) => s.where(sql<boolean>`substr(a.path, 1, ${(within ?? '').length}) = ${within}`))
      .$if(filter.placeId !== undefined, (s) => s.where('p.id', '=', filter.placeId ?? ''))))
    .$if(filter.open === true, (q) => q.where('al.acknowledged_at', 'is', null))
    .$if(filter.open === false, (q) => q.where('al.acknowledged_at', 'is not', null))
    .orderBy('al.received_at', 'desc').orderBy('al.at_ms', 'desc').orderBy('al.id', 'desc')
    .limit(filter.limit).execute();
  return rows.map(toRecord);
}

export async function getAlert(db: Db, id: string): Promise<AlertRecord | null> {
  const row = await selectAlerts(db).where('al.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/**
 * The first acknowledgement stays: a second one (another operator, a double click) changes nothing, and `now` says
 * whether this call was the one. Null: no such alert.
 */
export async function acknowledgeAlert(db: Db, id: string, at: string, userId: string): Promise<{ alert: AlertRecord; now: boolean } | null> {
  const result = await db.kysely.updateTable('alerts').set({ acknowledged_at: at, acknowledged_by: userId })
    .where('id', '=', id).where('acknowledged_at', 'is', null).executeTakeFirst();
  const alert = await getAlert(db, id);
  return alert && { alert, now: result.numUpdatedRows === 1n };
}
