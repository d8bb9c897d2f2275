/** A lead's changes from a tablet: the PIN replaced only over the record it was made against, and the proofs already used. */
import type { LeadPin } from '../../core/leadWire.ts';
import { bumpVersion } from './checkpoints.ts';
import type { Db } from './db.ts';
import type { LeadProofUse, PinReplaceOutcome } from './storage.ts';

/** Thrown inside the transaction so that its version bump is rolled back with it. */
class StalePin extends Error {}

/**
 * The version bump comes first and holds the checkpoint's row (PostgreSQL; SQLite: IMMEDIATE), so a PIN the operator
 * sets at the same moment is either seen here as the record in force, or waits and lands after.
 */
export async function replaceLeadPin(db: Db, checkpointId: string, pin: LeadPin, replaces: string, setAt: string, setBy: string): Promise<PinReplaceOutcome> {
  try {
    return await db.kysely.transaction().execute(async (trx): Promise<PinReplaceOutcome> => {
      if ((await bumpVersion(trx, checkpointId)) === null) return 'unknown';
      const updated = await trx.updateTable('lead_pins')
        .set({ salt: pin.salt, hash: pin.hash, iterations: pin.iterations, set_at: setAt, set_by: setBy, lead_key: pin.key ? JSON.stringify(pin.key) : null })
        .where('checkpoint_id', '=', checkpointId).where('hash', '=', replaces).executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) throw new StalePin();
      return 'replaced';
    });
  } catch (error) {
    if (error instanceof StalePin) return 'stale';
    throw error;
  }
}

export async function leadProofUsed(db: Db, checkpointId: string, proof: string): Promise<boolean> {
  const row = await db.kysely.selectFrom('lead_proofs').select('proof').where('checkpoint_id', '=', checkpointId).where('proof', '=', proof).executeTakeFirst();
  return row !== undefined;
}

export async function recordLeadProof(db: Db, use: LeadProofUse): Promise<void> {
  await db.kysely.insertInto('lead_proofs')
    .values({ checkpoint_id: use.checkpointId, proof: use.proof, route: use.route, device_id: use.deviceId, received_at: use.receivedAt })
    .onConflict((oc) => oc.columns(['checkpoint_id', 'proof']).doNothing()).execute();
}
