/** Migration 023 (issue #18): residents' passkeys, each bound to one phone account, so a phone that lost its secret can get a new one. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Keyed by the credential id the authenticator made: a recovery finds the phone from the passkey alone (the phone asking
 * holds nothing). The challenges of these ceremonies are kept with the console's, in `webauthn_challenges` (005), under
 * purposes of their own.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  const json: ColumnDataType = dialect === 'postgres' ? 'jsonb' : 'text';
  await db.schema.createTable('resident_passkeys')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('phone_id', 'text', (c) => c.notNull().references('resident_phones.phone_id'))
    // COSE public key, base64url.
    .addColumn('public_key', 'text', (c) => c.notNull())
    // The authenticator's signature counter as last seen: an assertion must carry a greater one (0 stays 0 for synced passkeys).
    .addColumn('counter', int8, (c) => c.notNull())
    .addColumn('transports', json, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('resident_passkeys_by_phone').on('resident_passkeys').column('phone_id').execute();
}
