/** The operator's view of the tablets on PostgreSQL, as sqliteDevices.ts does it on SQLite (deviceReport.ts). */
import { MAX_GAPS, missingOf, OF_DEVICE, SKEW_SAMPLE, toDeviceReport, type DeviceReport, type DeviceReportRow } from './deviceReport.ts';
import type { PgAccess } from './postgresSchema.ts';


/** Per device, one range of the primary key's index for count and highest seq, and its last SKEW_SAMPLE rows for the skew. */
const REPORT = `
SELECT d.id, d.checkpoint_id, d.label, d.enrolled_at, d.revoked_at, d.last_seen_at, d.waiting, s.entries, s.highest_seq, k.skew_ms
FROM devices d
CROSS JOIN LATERAL (SELECT count(*) AS entries, max(e.seq) AS highest_seq FROM entries e WHERE ${OF_DEVICE}) s
CROSS JOIN LATERAL (
  SELECT max(r.at_ms - r.received_ms) AS skew_ms FROM (
    SELECT e.at_ms, round(extract(epoch FROM e.received_at::timestamptz) * 1000)::int8 AS received_ms
    FROM entries e WHERE ${OF_DEVICE} ORDER BY e.seq DESC LIMIT ${SKEW_SAMPLE}) r
) k
WHERE $1::text IS NULL OR d.checkpoint_id = $1
ORDER BY d.checkpoint_id, d.enrolled_at, d.id`;

/** Each hole between neighbours in seq order (LAG's default 0 makes a missing start a hole too); only the holes leave the database. */
const GAPS = `
SELECT prev + 1 AS first, seq - 1 AS last FROM (
  SELECT seq, LAG(seq, 1, 0::int8) OVER (ORDER BY seq) AS prev FROM entries WHERE checkpoint_id = $1 AND device_id = $2
) h WHERE seq > prev + 1 ORDER BY seq LIMIT ${MAX_GAPS + 1}`;

export async function listDevices(db: PgAccess, checkpointId: string | null): Promise<DeviceReport[]> {
  const { rows } = await db.query<DeviceReportRow>(REPORT, [checkpointId]);
  // A chain without holes (the usual case) is not read a second time.
  return Promise.all(rows.map(async (r) => toDeviceReport(
    r, missingOf(r) === 0 ? [] : (await db.query<{ first: number; last: number }>(GAPS, [r.checkpoint_id, r.id], 'kadian-gaps')).rows,
  )));
}

export async function revokedDeviceOf(db: PgAccess, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM devices WHERE token_hash = $1 AND revoked_at IS NOT NULL', [tokenHash]);
  return rows[0]?.id ?? null;
}
