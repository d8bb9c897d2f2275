/** The operator's view of the tablets on SQLite (deviceReport.ts): what each sent, the gaps in its chain, its clock skew. */
import type Database from 'better-sqlite3';
import { MAX_GAPS, missingOf, OF_DEVICE, SKEW_SAMPLE, toDeviceReport, type DeviceReport, type DeviceReportRow } from './deviceReport.ts';


/**
 * Count and highest seq come from the primary key's index (a range per device, never the table); the skew reads
 * only the device's last SKEW_SAMPLE rows. received_at is ISO text written by the server: julianday reads it.
 */
const REPORT = `
SELECT d.id, d.checkpoint_id, d.label, d.enrolled_at, d.revoked_at, d.last_seen_at, d.waiting,
  (SELECT count(*) FROM entries e WHERE ${OF_DEVICE}) AS entries,
  (SELECT max(e.seq) FROM entries e WHERE ${OF_DEVICE}) AS highest_seq,
  (SELECT max(r.at_ms - r.received_ms) FROM (
     SELECT e.at_ms, CAST(round((julianday(e.received_at) - 2440587.5) * 86400000) AS INTEGER) AS received_ms
     FROM entries e WHERE ${OF_DEVICE} ORDER BY e.seq DESC LIMIT ${SKEW_SAMPLE}) r) AS skew_ms
FROM devices d
WHERE @checkpoint IS NULL OR d.checkpoint_id = @checkpoint
ORDER BY d.checkpoint_id, d.enrolled_at, d.id`;

/**
 * Each hole between neighbours in seq order (LAG's default 0 makes a missing start a hole too), found in one pass over
 * the device's index range; only the holes leave the database, and only MAX_GAPS + 1 of them. No outer ORDER BY: the
 * rows come out in the window's order, and sorting them again cost a temporary B-tree of the whole range (2.4× the time
 * on 2 million entries).
 */
const GAPS = `
SELECT prev + 1 AS first, seq - 1 AS last FROM (
  SELECT seq, LAG(seq, 1, 0) OVER (ORDER BY seq) AS prev FROM entries WHERE checkpoint_id = ? AND device_id = ?
) WHERE seq > prev + 1 LIMIT ${MAX_GAPS + 1}`;

export function listDevices(db: Database.Database, checkpointId: string | null): DeviceReport[] {
  const gaps = db.prepare<[string, string], { first: number; last: number }>(GAPS);
  // A chain without holes (the usual case) is not read a second time.
  return db.prepare<[{ checkpoint: string | null }], DeviceReportRow>(REPORT).all({ checkpoint: checkpointId })
    .map((r) => toDeviceReport(r, missingOf(r) === 0 ? [] : gaps.all(r.checkpoint_id, r.id)));
}

export function revokedDeviceOf(db: Database.Database, tokenHash: string): string | null {
  return db.prepare<[string], { id: string }>('SELECT id FROM devices WHERE token_hash = ? AND revoked_at IS NOT NULL').get(tokenHash)?.id ?? null;
}
