/** Lead mode on PostgreSQL: the lead PIN, policy changes and key persons, as sqliteLead.ts does them on SQLite. */
import type { PoolClient } from 'pg';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import type { PgAccess } from './postgresSchema.ts';
import type { WrappedKey } from '../../core/personSeal.ts';
import type { NewPolicyChange, PolicyChangeRecord, SealKeyPair, StoredKeyPerson } from './storage.ts';

/** Lead-mode tables, as in SQLite: every key starts with the checkpoint (reference-sized, or co-located with entries on Citus). */
export const LEAD_TABLES = `
CREATE TABLE IF NOT EXISTS lead_pins (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  salt          text NOT NULL,
  hash          text NOT NULL,
  iterations    integer NOT NULL,
  set_at        text NOT NULL,
  set_by        text,
  lead_key      jsonb
);
ALTER TABLE lead_pins ADD COLUMN IF NOT EXISTS lead_key jsonb;
CREATE TABLE IF NOT EXISTS seal_keys (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  public_key    text NOT NULL,
  private_key   text NOT NULL
);
CREATE TABLE IF NOT EXISTS policy_changes (
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  version       integer NOT NULL,
  device_id     text,
  device_label  text,
  changed_at    text NOT NULL,
  received_at   text NOT NULL,
  policy_before jsonb NOT NULL,
  policy_after  jsonb NOT NULL,
  PRIMARY KEY (checkpoint_id, version)
);
CREATE TABLE IF NOT EXISTS key_person_lists (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  salt          text NOT NULL,
  updated_at    text
);
CREATE TABLE IF NOT EXISTS key_persons (
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  person_id     text NOT NULL,
  id_hash       text NOT NULL,
  category      text NOT NULL,
  note          text NOT NULL,
  PRIMARY KEY (checkpoint_id, person_id)
);
`;

interface PolicyChangeRow {
  checkpoint_id: string;
  version: number;
  device_id: string | null;
  device_label: string | null;
  changed_at: string;
  received_at: string;
  policy_before: Partial<Policy>;
  policy_after: Partial<Policy>;
}

/** Written only by this server from a typed Policy; the defaults fill fields added since. */
const readPolicy = (stored: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, ...stored });

const toPolicyChange = (r: PolicyChangeRow): PolicyChangeRecord => ({
  checkpointId: r.checkpoint_id, version: r.version, deviceId: r.device_id, deviceLabel: r.device_label,
  changedAt: r.changed_at, receivedAt: r.received_at, before: readPolicy(r.policy_before), after: readPolicy(r.policy_after),
});

/** The new config version, or null for an unknown checkpoint; its row stays locked until the transaction ends. */
async function bumpVersion(client: PoolClient, checkpointId: string): Promise<number | null> {
  const { rows } = await client.query<{ config_version: number }>(
    'UPDATE checkpoints SET config_version = config_version + 1 WHERE id = $1 RETURNING config_version', [checkpointId],
  );
  return rows[0]?.config_version ?? null;
}

export async function getLeadPin(db: PgAccess, checkpointId: string): Promise<LeadPin | null> {
  const row = (await db.query<LeadPin & { lead_key: WrappedKey | null }>(
    'SELECT salt, hash, iterations, lead_key FROM lead_pins WHERE checkpoint_id = $1', [checkpointId],
  )).rows[0];
  return row ? { salt: row.salt, hash: row.hash, iterations: row.iterations, ...(row.lead_key ? { key: row.lead_key } : {}) } : null;
}

export function setLeadPin(db: PgAccess, checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean> {
  return db.transaction(async (client) => {
    if ((await bumpVersion(client, checkpointId)) === null) return false;
    await client.query(
      `INSERT INTO lead_pins (checkpoint_id, salt, hash, iterations, set_at, set_by, lead_key) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (checkpoint_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, iterations = excluded.iterations,
         set_at = excluded.set_at, set_by = excluded.set_by, lead_key = excluded.lead_key`,
      [checkpointId, pin.salt, pin.hash, pin.iterations, setAt, setBy, pin.key ? JSON.stringify(pin.key) : null],
    );
    return true;
  });
}

export function changePolicy(db: PgAccess, change: NewPolicyChange): Promise<PolicyChangeRecord | null> {
  return db.transaction(async (client): Promise<PolicyChangeRecord | null> => {
    // FOR UPDATE: the rules read as "before" are the ones this write replaces, even with another server about.
    const row = (await client.query<{ policy: Partial<Policy> }>('SELECT policy FROM checkpoints WHERE id = $1 FOR UPDATE', [change.checkpointId])).rows[0];
    if (!row) return null;
    await client.query('UPDATE checkpoints SET policy = $1 WHERE id = $2', [JSON.stringify(change.after), change.checkpointId]);
    const version = await bumpVersion(client, change.checkpointId);
    if (version === null) throw new Error(`the checkpoint ${change.checkpointId} vanished during its policy change`);
    const record: PolicyChangeRecord = { ...change, before: readPolicy(row.policy), version };
    await client.query(
      `INSERT INTO policy_changes (checkpoint_id, version, device_id, device_label, changed_at, received_at, policy_before, policy_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [record.checkpointId, record.version, record.deviceId, record.deviceLabel, record.changedAt, record.receivedAt,
        JSON.stringify(record.before), JSON.stringify(record.after)],
    );
    return record;
  });
}

export async function listPolicyChanges(db: PgAccess, checkpointId: string): Promise<PolicyChangeRecord[]> {
  return (await db.query<PolicyChangeRow>('SELECT * FROM policy_changes WHERE checkpoint_id = $1 ORDER BY version', [checkpointId])).rows.map(toPolicyChange);
}

export async function ensureKeyPersonSalt(db: PgAccess, checkpointId: string, candidate: string): Promise<string> {
  const select = 'SELECT salt FROM key_person_lists WHERE checkpoint_id = $1';
  // Every config pull lands here: read first, and write only the once a checkpoint gets its salt.
  const seen = (await db.query<{ salt: string }>(select, [checkpointId])).rows[0]?.salt;
  if (seen !== undefined) return seen;
  return db.transaction(async (client) => {
    const inserted = (await client.query(
      'INSERT INTO key_person_lists (checkpoint_id, salt) VALUES ($1, $2) ON CONFLICT (checkpoint_id) DO NOTHING', [checkpointId, candidate],
    )).rowCount === 1;
    // A config now carries a list it did not before: tablets holding the old version must pull again.
    if (inserted) await bumpVersion(client, checkpointId);
    const salt = (await client.query<{ salt: string }>(select, [checkpointId])).rows[0]?.salt;
    if (salt === undefined) throw new Error(`the key-person salt of ${checkpointId} vanished right after it was written`);
    return salt;
  });
}

export async function ensureSealKey(db: PgAccess, checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair> {
  const select = 'SELECT public_key AS "publicKey", private_key AS "privateKey" FROM seal_keys WHERE checkpoint_id = $1';
  const seen = (await db.query<SealKeyPair>(select, [checkpointId])).rows[0];
  if (seen) return seen;
  return db.transaction(async (client) => {
    const inserted = (await client.query(
      'INSERT INTO seal_keys (checkpoint_id, public_key, private_key) VALUES ($1, $2, $3) ON CONFLICT (checkpoint_id) DO NOTHING',
      [checkpointId, candidate.publicKey, candidate.privateKey],
    )).rowCount === 1;
    // Tablets holding a config without this key must pull again.
    if (inserted) await bumpVersion(client, checkpointId);
    const pair = (await client.query<SealKeyPair>(select, [checkpointId])).rows[0];
    if (!pair) throw new Error(`the seal key of ${checkpointId} vanished right after it was written`);
    return pair;
  });
}

export async function listKeyPersons(db: PgAccess, checkpointId: string): Promise<StoredKeyPerson[]> {
  const { rows } = await db.query<{ person_id: string; id_hash: string; category: string; note: string }>(
    'SELECT person_id, id_hash, category, note FROM key_persons WHERE checkpoint_id = $1 ORDER BY person_id', [checkpointId],
  );
  // Written only from checked rows, so the category is one of the five.
  return rows.map((r) => ({ personId: r.person_id, idHash: r.id_hash, category: r.category as KeyPersonCategory, note: r.note }));
}

export async function replaceKeyPersons(db: PgAccess, checkpointId: string, persons: readonly StoredKeyPerson[], at: string): Promise<void> {
  await db.transaction(async (client) => {
    // The version bump first: it locks the checkpoint's row, so two replacements of one list take turns.
    await bumpVersion(client, checkpointId);
    await client.query('DELETE FROM key_persons WHERE checkpoint_id = $1', [checkpointId]);
    await client.query(
      `INSERT INTO key_persons (checkpoint_id, person_id, id_hash, category, note)
       SELECT $1, u.person_id, u.id_hash, u.category, u.note FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(person_id, id_hash, category, note)`,
      [checkpointId, persons.map((p) => p.personId), persons.map((p) => p.idHash), persons.map((p) => p.category), persons.map((p) => p.note)],
    );
    await client.query('UPDATE key_person_lists SET updated_at = $1 WHERE checkpoint_id = $2', [at, checkpointId]);
  });
}
