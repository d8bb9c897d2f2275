/** The row of migration 023's table (issue #18): a resident's passkey, bound to one phone account. */
import type { ColumnType } from 'kysely';

/** jsonb on PostgreSQL (read back parsed), TEXT on SQLite; written as JSON text on both (as schema.ts's JsonColumn). */
type Json<T> = ColumnType<T | string, string, string>;

export interface ResidentPasskeyTable {
  /** base64url, as the authenticator made it. */
  credential_id: string;
  phone_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  transports: Json<string[]>;
  created_at: string;
  last_used_at: string | null;
}
