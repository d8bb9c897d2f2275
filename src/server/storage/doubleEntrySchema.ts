/** The row of `double_entries` (migration 013) as Kysely reads and writes it; on its own, so schema.ts imports no storage module. */
import type { ColumnType } from 'kysely';

/** A flagged pair (migration 013): `first` before `second` in time, keyed by both entries. */
export interface DoubleEntryTable {
  first_checkpoint_id: string;
  first_device_id: string;
  first_seq: number;
  second_checkpoint_id: string;
  second_device_id: string;
  second_seq: number;
  id: string;
  place_id: string;
  person_id: string;
  first_at: string;
  first_at_ms: number;
  second_at: string;
  second_at_ms: number;
  detected_at: ColumnType<string, string, never>;
}
