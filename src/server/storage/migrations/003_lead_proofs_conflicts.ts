/** Migration 003 (issue #12): the lead's proofs, a restore's origin in the rules' history, and entries refused as conflicts. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Every key leads with the checkpoint, the distribution column on Citus (entry_conflicts sits beside entries).
 * - lead_proofs: each proof a tablet's change was accepted with, so the same proof never makes a change twice (a resend
 *   after a lost reply, or a replay of a change the lead made long ago).
 * - policy_changes.restored_from: the version an operator's `kadian policy restore` went back to, so the history says so.
 * - entry_conflicts: an entry refused because its seq already holds another entry of that device (a copied token, or a
 *   tablet restored from a backup), kept as sent so the operator can see both versions; one row per distinct hash.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const json: ColumnDataType = dialect === 'postgres' ? 'jsonb' : 'text';
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('lead_proofs')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('proof', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_proofs_pkey', ['checkpoint_id', 'proof'])
    .execute();
  await db.schema.alterTable('policy_changes').addColumn('restored_from', 'integer').execute();
  await db.schema.createTable('entry_conflicts')
    // Like entries on PostgreSQL: no foreign key to checkpoints, so Citus can place it beside them.
    .addColumn('checkpoint_id', 'text', (c) => (dialect === 'sqlite' ? c.notNull().references('checkpoints.id') : c.notNull()))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', int8, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('entry', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('entry_conflicts_pkey', ['checkpoint_id', 'device_id', 'seq', 'hash'])
    .execute();
}
