/** A change of one checkpoint's rules as the database keeps it, written in the caller's transaction: lead mode's (lead.ts) and a place's new capacity (city.ts). */

// Free of the storage contract (storage.ts): city.ts, which trace.ts and so storage.ts import, must not import it back.
import type { Kysely } from 'kysely';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import { readJson, type Database } from './schema.ts';

/** A stored policy with the fields added since it was saved filled from the defaults (as checkpoints.ts's readPolicy). */
export const storedPolicy = (stored: Partial<Policy> | string): Policy => ({ ...DEFAULT_POLICY, ...readJson(stored) });

/** What a change says: whose (a tablet, a console user, or neither: the operator), when by both clocks, the rules after. */
export interface PolicyChangeRow {
  checkpointId: string;
  deviceId: string | null;
  deviceLabel: string | null;
  changedAt: string;
  receivedAt: string;
  after: Policy;
  restoredFrom: number | null;
  user?: { id: string; name: string };
}

/**
 * Bumps the config version first (on PostgreSQL the row stays locked until the transaction ends, so changes of one
 * checkpoint take turns), so the rules read as "before" are the ones this write replaces; then stores `after` and the
 * record. The version made and the rules before; null for an unknown checkpoint.
 */
export async function writePolicyChange(trx: Kysely<Database>, change: PolicyChangeRow): Promise<{ version: number; before: Policy } | null> {
  const bumped = await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) }))
    .where('id', '=', change.checkpointId).returning(['config_version', 'policy']).executeTakeFirst();
  if (!bumped) return null;
  const before = storedPolicy(bumped.policy);
  await trx.updateTable('checkpoints').set({ policy: JSON.stringify(change.after) }).where('id', '=', change.checkpointId).execute();
  await trx.insertInto('policy_changes').values({
    checkpoint_id: change.checkpointId, version: bumped.config_version, device_id: change.deviceId, device_label: change.deviceLabel,
    changed_at: change.changedAt, received_at: change.receivedAt, policy_before: JSON.stringify(before), policy_after: JSON.stringify(change.after),
    restored_from: change.restoredFrom, user_id: change.user?.id ?? null, user_name: change.user?.name ?? null,
  }).execute();
  return { version: bumped.config_version, before };
}
