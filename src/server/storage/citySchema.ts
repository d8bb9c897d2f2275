/** The row types of migration 005's tables: the city (areas, places), accounts with their passkeys and sessions, and the audit log. */
import type { ColumnType, Generated } from 'kysely';

/** jsonb on PostgreSQL (read back parsed), TEXT on SQLite; written as JSON text on both (as schema.ts's JsonColumn). */
type Json<T> = ColumnType<T | string, string, string>;

export interface AreaTable {
  id: string;
  parent_id: string | null;
  /** One of core/city.ts's AREA_LEVELS, or a level of the tree's own. */
  level: string;
  name: string;
  /** The official code (GB/T 2260, the 12-digit statistical code) or a grid's own; unique when given. */
  code: string | null;
  /** The ids from the root down, each closed by '/': `/city/district/`. */
  path: string;
}

/** Today's communities became places (the renamed table): `area_id` is set on every row, NOT NULL on PostgreSQL. */
export interface PlaceTable {
  id: string;
  name: string;
  area_id: string | null;
  kind: Generated<string>;
  capacity: number | null;
  code: string | null;
  /** "Everyone out at 02:00" (migration 012): HH:MM on TIME_ZONE's wall clock; null: the inside count never resets by itself. */
  reset_time: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserTable {
  id: string;
  name: string;
  role: string;
  area_id: string | null;
  place_id: string | null;
  password: string | null;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
  failed_signins: Generated<number>;
  locked_until: string | null;
}

export interface PasskeyTable {
  credential_id: string;
  user_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  transports: Json<string[]>;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  /** Written at most once a minute; the idle timeout counts from it. */
  seen_at: string;
  ip: string;
}

export interface WebauthnChallengeTable {
  challenge: string;
  purpose: string;
  user_id: string | null;
  expires_at: string;
}

export interface AuditTable {
  actor: string;
  id: string;
  at: string;
  at_ms: number;
  actor_name: string;
  action: string;
  area_path: string | null;
  target: string | null;
  detail: Json<Record<string, unknown>>;
  origin: string;
}
