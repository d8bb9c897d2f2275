/** The operator's view of the tablets on SQLite (deviceReport.ts): what each sent, the gaps in its chain, its clock skew. */
import type Database from 'better-sqlite3';
import { gapsOf, SKEW_SAMPLE, MAX_GAPS, type DeviceReport } from './deviceReport.ts';

interface ReportRow {
  id: string;
  checkpoint_id: string;
  label: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  waiting: number | null;
  entries: number;
  highest_seq: number | null;
  skew_ms: number | null;
}

const OF_DEVICE = 'e.checkpoint_id = d.checkpoint_id AND e.device_id = d.id';

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
  return db.prepare<[{ checkpoint: string | null }], ReportRow>(REPORT).all({ checkpoint: checkpointId }).map((r): DeviceReport => {
    const missing = r.highest_seq === null ? 0 : r.highest_seq - r.entries;
    return {
      id: r.id, checkpointId: r.checkpoint_id, label: r.label, enrolledAt: r.enrolled_at, revokedAt: r.revoked_at,
      lastSeenAt: r.last_seen_at, waiting: r.waiting, entries: r.entries, highestSeq: r.highest_seq, missing,
      // A chain without holes (the usual case) is not read a second time.
      ...(missing === 0 ? { gaps: [], gapsTruncated: false } : gapsOf(gaps.all(r.checkpoint_id, r.id))),
      clockSkewMs: r.skew_ms,
    };
  });
}

export function revokedDeviceOf(db: Database.Database, tokenHash: string): string | null {
  return db.prepare<[string], { id: string }>('SELECT id FROM devices WHERE token_hash = ? AND revoked_at IS NOT NULL').get(tokenHash)?.id ?? null;
}
