/** An entry as both databases return it (snake_case columns), and back to the wire's shape. */
import type { Colour, Direction, Source, Verdict } from '../../core/entry.ts';
import type { StoredEntry } from './storage.ts';

/** The columns both storages select; `reasons` already parsed (SQLite keeps it as JSON text, PostgreSQL as jsonb). */
export interface EntryColumns {
  checkpoint_id: string;
  device_id: string;
  seq: number;
  id: string;
  at: string;
  direction: string;
  source: string;
  person_id: string | null;
  name: string | null;
  colour: string | null;
  temperature: number | null;
  verdict: string;
  reasons: string[];
  operator: string | null;
  prev_hash: string;
  hash: string;
  received_at: string;
}

/** Rows were validated against the Entry schema before insert, so the narrowing casts hold. */
export function entryFromColumns(row: EntryColumns): StoredEntry {
  return {
    id: row.id,
    deviceId: row.device_id,
    seq: row.seq,
    checkpointId: row.checkpoint_id,
    at: row.at,
    direction: row.direction as Direction,
    source: row.source as Source,
    personId: row.person_id,
    name: row.name,
    colour: row.colour as Colour | null,
    temperature: row.temperature,
    verdict: row.verdict as Verdict,
    reasons: row.reasons,
    operator: row.operator,
    prevHash: row.prev_hash,
    hash: row.hash,
    receivedAt: row.received_at,
  };
}
