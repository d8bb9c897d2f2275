/** What the server knows of each tablet for the operator: its bookkeeping, what it has received, and what is missing. */

/** Sequence numbers first…last (inclusive) not received from a device, below its highest one received. */
export interface SeqGap {
  first: number;
  last: number;
}

export interface DeviceReport {
  id: string;
  checkpointId: string;
  label: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** Entries the tablet said were still queued at its last push. */
  waiting: number | null;
  /** Entries received (stored) from it. */
  entries: number;
  /** Its highest seq received; null before its first entry. */
  highestSeq: number | null;
  /** Sequence numbers below `highestSeq` not received: `highestSeq - entries`, since seqs are unique per device. */
  missing: number;
  /** The first MAX_GAPS gaps, lowest first; `gapsTruncated` when there are more. */
  gaps: SeqGap[];
  gapsTruncated: boolean;
  /**
   * Tablet clock minus server clock, in ms: the largest `at - received_at` among its last SKEW_SAMPLE entries
   * (by seq). An upload's delay only makes `at - received_at` smaller than the true offset, so the largest is
   * the entry sent soonest after its scan and the closest estimate; a tablet hours off shows as hours.
   * Null without entries whose `at` is a plain instant.
   */
  clockSkewMs: number | null;
}

/** Gaps listed per device; a chain that is mostly holes (a damaged tablet) is summed up by `missing`. */
export const MAX_GAPS = 50;

/** Recent entries the clock skew is estimated from: recent, so a clock set right shows as right soon after. */
export const SKEW_SAMPLE = 20;

/** The gap rows a query returned (one more than MAX_GAPS asked for, to tell truncation). */
export function gapsOf(rows: ReadonlyArray<{ first: number; last: number }>): { gaps: SeqGap[]; gapsTruncated: boolean } {
  return { gaps: rows.slice(0, MAX_GAPS).map((r) => ({ first: r.first, last: r.last })), gapsTruncated: rows.length > MAX_GAPS };
}

/** A device's row of the report query, as both databases answer it. */
export interface DeviceReportRow {
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

/** Joins a device `d` to its entries `e` on the entries' primary key prefix. */
export const OF_DEVICE = 'e.checkpoint_id = d.checkpoint_id AND e.device_id = d.id';

/** Sequence numbers below the highest received that never arrived; 0 means the gaps need not be read. */
export const missingOf = (r: DeviceReportRow): number => (r.highest_seq === null ? 0 : r.highest_seq - r.entries);

/** The report of one device from its row and its holes (the gap query's rows, empty when nothing is missing). */
export function toDeviceReport(r: DeviceReportRow, holes: ReadonlyArray<{ first: number; last: number }>): DeviceReport {
  return {
    id: r.id, checkpointId: r.checkpoint_id, label: r.label, enrolledAt: r.enrolled_at, revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at, waiting: r.waiting, entries: r.entries, highestSeq: r.highest_seq, missing: missingOf(r),
    ...gapsOf(holes), clockSkewMs: r.skew_ms,
  };
}
