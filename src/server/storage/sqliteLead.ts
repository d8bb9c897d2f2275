/** Lead mode on SQLite: the lead PIN, policy changes and key persons; SqliteStorage delegates here to stay readable. */
import type Database from 'better-sqlite3';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import type { WrappedKey } from '../../core/personSeal.ts';
import type { NewPolicyChange, PolicyChangeRecord, SealKeyPair, StoredKeyPerson } from './storage.ts';

type Db = Database.Database;

interface PolicyChangeRow {
  checkpoint_id: string;
  version: number;
  device_id: string | null;
  device_label: string | null;
  changed_at: string;
  received_at: string;
  policy_before: string;
  policy_after: string;
}

/** Written only by this server from a typed Policy; the defaults fill fields added since. */
export const readPolicy = (json: string): Policy => ({ ...DEFAULT_POLICY, ...(JSON.parse(json) as Partial<Policy>) });

const toPolicyChange = (r: PolicyChangeRow): PolicyChangeRecord => ({
  checkpointId: r.checkpoint_id, version: r.version, deviceId: r.device_id, deviceLabel: r.device_label,
  changedAt: r.changed_at, receivedAt: r.received_at, before: readPolicy(r.policy_before), after: readPolicy(r.policy_after),
});

const bumpVersion = (db: Db, checkpointId: string): number =>
  db.prepare<[string], { config_version: number }>('UPDATE checkpoints SET config_version = config_version + 1 WHERE id = ? RETURNING config_version')
    .get(checkpointId)?.config_version ?? 0;

const exists = (db: Db, checkpointId: string): boolean =>
  db.prepare<[string], { id: string }>('SELECT id FROM checkpoints WHERE id = ?').get(checkpointId) !== undefined;

export function getLeadPin(db: Db, checkpointId: string): LeadPin | null {
  const row = db.prepare<[string], LeadPin & { lead_key: string | null }>('SELECT salt, hash, iterations, lead_key FROM lead_pins WHERE checkpoint_id = ?')
    .get(checkpointId);
  // lead_key is written only by setLeadPin, from a checked LeadPin.
  return row ? { salt: row.salt, hash: row.hash, iterations: row.iterations, ...(row.lead_key ? { key: JSON.parse(row.lead_key) as WrappedKey } : {}) } : null;
}

export function setLeadPin(db: Db, checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): boolean {
  return db.transaction((): boolean => {
    if (!exists(db, checkpointId)) return false;
    db.prepare(
      `INSERT INTO lead_pins (checkpoint_id, salt, hash, iterations, set_at, set_by, lead_key) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (checkpoint_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, iterations = excluded.iterations,
         set_at = excluded.set_at, set_by = excluded.set_by, lead_key = excluded.lead_key`,
    ).run(checkpointId, pin.salt, pin.hash, pin.iterations, setAt, setBy, pin.key ? JSON.stringify(pin.key) : null);
    bumpVersion(db, checkpointId);
    return true;
  }).immediate();
}

export function changePolicy(db: Db, change: NewPolicyChange): PolicyChangeRecord | null {
  // IMMEDIATE: the rules read as "before" are the ones this write replaces, even with another writer about.
  return db.transaction((): PolicyChangeRecord | null => {
    const row = db.prepare<[string], { policy: string }>('SELECT policy FROM checkpoints WHERE id = ?').get(change.checkpointId);
    if (!row) return null;
    db.prepare('UPDATE checkpoints SET policy = ? WHERE id = ?').run(JSON.stringify(change.after), change.checkpointId);
    const record: PolicyChangeRecord = { ...change, before: readPolicy(row.policy), version: bumpVersion(db, change.checkpointId) };
    db.prepare(
      `INSERT INTO policy_changes (checkpoint_id, version, device_id, device_label, changed_at, received_at, policy_before, policy_after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(record.checkpointId, record.version, record.deviceId, record.deviceLabel, record.changedAt, record.receivedAt,
      JSON.stringify(record.before), JSON.stringify(record.after));
    return record;
  }).immediate();
}

export function listPolicyChanges(db: Db, checkpointId: string): PolicyChangeRecord[] {
  return db.prepare<[string], PolicyChangeRow>('SELECT * FROM policy_changes WHERE checkpoint_id = ? ORDER BY version').all(checkpointId).map(toPolicyChange);
}

export function ensureKeyPersonSalt(db: Db, checkpointId: string, candidate: string): string {
  const select = db.prepare<[string], { salt: string }>('SELECT salt FROM key_person_lists WHERE checkpoint_id = ?');
  // Every config pull lands here: read first, and take the write lock only the once a checkpoint gets its salt.
  const seen = select.get(checkpointId)?.salt;
  if (seen !== undefined) return seen;
  return db.transaction((): string => {
    const inserted = db.prepare('INSERT INTO key_person_lists (checkpoint_id, salt) VALUES (?, ?) ON CONFLICT (checkpoint_id) DO NOTHING')
      .run(checkpointId, candidate).changes === 1;
    // A config now carries a list it did not before: tablets holding the old version must pull again.
    if (inserted) bumpVersion(db, checkpointId);
    const salt = select.get(checkpointId)?.salt;
    if (salt === undefined) throw new Error(`the key-person salt of ${checkpointId} vanished right after it was written`);
    return salt;
  }).immediate();
}

export function ensureSealKey(db: Db, checkpointId: string, candidate: SealKeyPair): SealKeyPair {
  const select = db.prepare<[string], SealKeyPair>('SELECT public_key AS publicKey, private_key AS privateKey FROM seal_keys WHERE checkpoint_id = ?');
  const seen = select.get(checkpointId);
  if (seen) return seen;
  return db.transaction((): SealKeyPair => {
    const inserted = db.prepare('INSERT INTO seal_keys (checkpoint_id, public_key, private_key) VALUES (?, ?, ?) ON CONFLICT (checkpoint_id) DO NOTHING')
      .run(checkpointId, candidate.publicKey, candidate.privateKey).changes === 1;
    // Tablets holding a config without this key must pull again.
    if (inserted) bumpVersion(db, checkpointId);
    const pair = select.get(checkpointId);
    if (!pair) throw new Error(`the seal key of ${checkpointId} vanished right after it was written`);
    return pair;
  }).immediate();
}

export function listKeyPersons(db: Db, checkpointId: string): StoredKeyPerson[] {
  return db
    .prepare<[string], { person_id: string; id_hash: string; category: string; note: string }>(
      'SELECT person_id, id_hash, category, note FROM key_persons WHERE checkpoint_id = ? ORDER BY person_id',
    )
    .all(checkpointId)
    // Written only from checked rows, so the category is one of the five.
    .map((r) => ({ personId: r.person_id, idHash: r.id_hash, category: r.category as KeyPersonCategory, note: r.note }));
}

export function replaceKeyPersons(db: Db, checkpointId: string, persons: readonly StoredKeyPerson[], at: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM key_persons WHERE checkpoint_id = ?').run(checkpointId);
    const insert = db.prepare('INSERT INTO key_persons (checkpoint_id, person_id, id_hash, category, note) VALUES (?, ?, ?, ?, ?)');
    for (const p of persons) insert.run(checkpointId, p.personId, p.idHash, p.category, p.note);
    db.prepare('UPDATE key_person_lists SET updated_at = ? WHERE checkpoint_id = ?').run(at, checkpointId);
    bumpVersion(db, checkpointId);
  }).immediate();
}
