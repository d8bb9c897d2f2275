/** The rows of migration 016's tables (issue #18): residents' phones, the persons bound to them, their trips and requests, and re-binding codes. */
import type { ColumnType } from 'kysely';

/** A phone a resident registered from: its credential's secret is kept only as its SHA-256. */
export interface ResidentPhoneTable {
  phone_id: string;
  secret_hash: string;
  created_at: string;
  /** Written at most once a minute, as a tablet's last_seen_at. */
  last_seen: string;
}

/** A person bound to one phone: the canonical 18-character ID number is the key, so one ID has one phone at a time. */
export interface ResidentPersonTable {
  person_id: string;
  name: string;
  /** One of core/residentWire.ts's RELATIONS; at most one `self` per phone (a partial unique index). */
  relation: string;
  phone: string | null;
  area_id: string | null;
  address: string | null;
  phone_id: string;
  bound_at: string;
  /** `self`: registered from the phone; `rebind`: moved to it with a lead's code. */
  bound_by: string;
}

export interface ResidentTripTable {
  person_id: string;
  /** Its place in the person's list, so the list comes back as it was sent. */
  position: number;
  place: string;
  from_day: string;
  to_day: string;
}

export interface ResidentRequestTable {
  request_id: string;
  person_id: string;
  kind: string;
  text: string;
  /** `open` or `done`. */
  status: string;
  created_at: string;
  done_at: ColumnType<string | null, string | null | undefined, string | null>;
  note: ColumnType<string | null, string | null | undefined, string | null>;
  /** The console user (`user:ID`) or `cli` who closed it. */
  done_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A one-time code a lead made after seeing a person's ID card: SHA-256 of the person and the 8 digits. */
export interface RebindCodeTable {
  code_hash: string;
  person_id: string;
  /** The name as on the ID card, which the person is bound under when the code is used. */
  name: string;
  /** Where the person is moved on use (null: where they are). */
  area_id: string | null;
  created_by: string;
  created_at: string;
  reason: string;
  expires_at: string;
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Wrong codes tried for this person while this one was open; at MAX_REBIND_ATTEMPTS it no longer works. */
  attempts: ColumnType<number, number | undefined, number>;
}
