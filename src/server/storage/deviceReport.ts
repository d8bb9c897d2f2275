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
