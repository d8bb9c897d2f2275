/** A trace's line in the audit log (console and CLI alike: the query, its reason, how many persons it returned, or why it was refused), and the history read back from those lines. */
import { maskIdNumber } from '../../core/idNumber.ts';
import { TRACE_KINDS, type TraceKind, type TraceRecord } from '../../core/traceWire.ts';
import type { AuditRecord } from '../storage/accountTypes.ts';

/** What a trace asked, as it is kept: the ID number masked as a gate screen shows it (110101********123X), the place by id and name. */
export type TraceQueryLine =
  | { kind: 'person'; personId: string; since: string; until: string }
  | { kind: 'place'; placeId: string | null; placeName: string | null; checkpointId: string | null; from: string; to: string }
  | { kind: 'contacts'; personId: string; since: string; until: string; windowMinutes: number; depth: number };

/**
 * The ID number masked: the audit log is read by every hq above, and the reason (a case number) is what ties a query
 * to its case; the whole number stays out of a log nothing may delete.
 */
export const maskedPerson = (personId: string): string => maskIdNumber(personId.trim().toUpperCase());

/** The query in a line, for the history and the file's notes: `110101********123X 2026-11-20…2026-11-30`. */
export function querySummary(query: TraceQueryLine): string {
  switch (query.kind) {
    case 'person': return `${query.personId} ${query.since}…${query.until}`;
    case 'place': {
      const where = [query.placeName ?? query.placeId, query.checkpointId].filter((part) => part !== null).join(' / ');
      return `${where} ${query.from.replace('T', ' ')}…${query.to.replace('T', ' ')}`;
    }
    case 'contacts': return `${query.personId} ${query.since}…${query.until} ±${query.windowMinutes} min${query.depth === 2 ? ' ×2' : ''}`;
  }
}

/** The detail of a trace's audit line. */
export interface TraceAuditDetail {
  kind: TraceKind;
  query: TraceQueryLine;
  reason: string;
  /** Persons returned: 1 for a trail with passages, the visitors, the contacts; 0 when refused. */
  count: number;
  /** Why it was refused (an error name); absent: answered. */
  refused?: string;
  truncated?: boolean;
  /** 'json' or 'xlsx'. */
  format: string;
  timeZone: string;
}

const isKind = (text: unknown): text is TraceKind => typeof text === 'string' && (TRACE_KINDS as readonly string[]).includes(text);

/** A trace line as the history shows it; null for any other line, or one whose detail is not a trace's. */
export function traceRecord(line: AuditRecord): TraceRecord | null {
  const detail = line.detail as Partial<TraceAuditDetail>;
  if (!isKind(detail.kind) || typeof detail.query !== 'object' || typeof detail.reason !== 'string') return null;
  return {
    at: line.at, user: line.actorName, actor: line.actor, kind: detail.kind, query: querySummary(detail.query), reason: detail.reason,
    count: typeof detail.count === 'number' ? detail.count : 0, refused: typeof detail.refused === 'string' ? detail.refused : null,
  };
}
