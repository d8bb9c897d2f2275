/** Storage on PostgreSQL (a pg Pool): the scale path, chosen by DATABASE_URL, behind the same contract as SQLite. */
import pg, { type PoolClient, type QueryResultRow } from 'pg';
import type { Entry } from '../../core/entry.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import * as devices from './postgresDevices.ts';
import * as entries from './postgresEntries.ts';
import * as lead from './postgresLead.ts';
import { migratePostgres, type PgAccess } from './postgresSchema.ts';
import { seenIsStale, toDccSigner, toDevice, type DccSignerRow, type DeviceRow } from './sqliteRows.ts';
import {
  DEMO, type ChainLink, type Checkpoint, type CheckInError, type DccSigner, type Device, type ExportFilter, type InsertOutcome,
  type NewPolicyChange, type PolicyChangeRecord, type RedeemError, type RedeemRequest, type Storage, type StoredCheckIn,
  type SealKeyPair, type StoredConfig, type StoredEntry, type StoredKeyPerson, type TrustVersion, type DeviceReport,
} from './storage.ts';

interface CheckpointRow { id: string; name: string; community_id: string; community_name: string }
interface ConfigRow extends CheckpointRow { policy: Partial<Policy>; config_version: number }
interface CodeRow { checkpoint_id: string; expires_at: string; used_at: string | null }
interface CheckInRow { person_id: string; day: string; name: string; temperature: number; isolated: boolean; symptoms: boolean; at: string }

const toCheckIn = (r: CheckInRow): StoredCheckIn => ({
  personId: r.person_id, day: r.day, name: r.name, temperature: r.temperature, isolated: r.isolated, symptoms: r.symptoms, at: r.at,
});

const CHECKPOINT_SELECT = `
  SELECT c.id, c.name, c.community_id, m.name AS community_name, c.policy, c.config_version
  FROM checkpoints c JOIN communities m ON m.id = c.community_id`;

const DEVICE_COLUMNS = 'id, checkpoint_id, label, enrolled_at, last_seen_at, waiting';

/**
 * A condition that is always true and turns synchronous_commit off for the statement's own transaction: a row it
 * lets through was evaluated with it, so the commit returns without waiting for the WAL flush. For bookkeeping
 * (last seen, entries waiting), never for the log: one statement, where SET LOCAL would need a transaction.
 */
const NO_FLUSH_WAIT = "set_config('synchronous_commit', 'off', true) IS NOT NULL";

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({ id: r.id, name: r.name, communityId: r.community_id, communityName: r.community_name });

/** int8 (seq, at_ms, count) as numbers: every value we store fits in a safe integer (seq is capped by the wire schema). */
const types = new pg.TypeOverrides();
types.setTypeParser(20, Number);

export interface PostgresOptions {
  /** Tables go into this schema (created if missing) instead of the connection's default: tests use one per run. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export class PostgresStorage implements Storage {
  private readonly pool: pg.Pool;
  /** The schema is created on open; every method waits for it, so the constructor can stay synchronous like SQLite's. */
  private readonly ready: Promise<void>;
  /** What the entry and lead-mode modules use: the same pool, waiting for the schema. */
  private readonly access: PgAccess = {
    query: (text, values, name) => this.query(text, values, name),
    transaction: (work) => this.transaction(work),
    connect: async () => {
      await this.ready;
      return this.pool.connect();
    },
  };

  constructor(connectionString: string, options: PostgresOptions = {}) {
    const schema = options.schema ?? null;
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`not a plain schema name: ${schema}`);
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      types,
      ...(schema !== null && { options: `-c search_path=${schema}` }),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process; the next query reconnects.
    this.pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
    this.ready = this.transaction((client) => migratePostgres(client, schema), false);
    // Handled here so an unused storage cannot crash the process; every method still sees the failure.
    this.ready.catch(() => undefined);
  }

  private async query<R extends QueryResultRow>(text: string, values: unknown[] = [], name?: string): Promise<pg.QueryResult<R>> {
    await this.ready;
    return this.pool.query<R>(name === undefined ? { text, values } : { name, text, values });
  }

  /** Runs `work` in one transaction on one connection; rolled back when it throws. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>, wait = true): Promise<T> {
    if (wait) await this.ready;
    const client = await this.pool.connect();
    let broken = false;
    try {
      if (!wait) return await work(client); // the migration manages its own transaction
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped, not handed to the next caller mid-transaction.
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async ensureDemo(): Promise<{ checkpoint: Checkpoint; created: boolean }> {
    const created = await this.transaction(async (client) => {
      await client.query('INSERT INTO communities (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [DEMO.communityId, DEMO.communityName]);
      const made = await client.query(
        'INSERT INTO checkpoints (id, community_id, name, policy, config_version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT DO NOTHING',
        [DEMO.checkpointId, DEMO.communityId, DEMO.checkpointName, JSON.stringify(DEFAULT_POLICY)],
      );
      return made.rowCount === 1;
    });
    const checkpoint = await this.getCheckpoint(DEMO.checkpointId);
    if (!checkpoint) throw new Error('the demo checkpoint vanished right after it was ensured');
    return { checkpoint, created };
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return (await this.query<CheckpointRow>(`${CHECKPOINT_SELECT} ORDER BY c.community_id, c.id`)).rows.map(toCheckpoint);
  }

  async getCheckpoint(id: string): Promise<Checkpoint | null> {
    const row = (await this.query<CheckpointRow>(`${CHECKPOINT_SELECT} WHERE c.id = $1`, [id])).rows[0];
    return row ? toCheckpoint(row) : null;
  }

  async getConfig(checkpointId: string): Promise<StoredConfig | null> {
    const row = (await this.query<ConfigRow>(`${CHECKPOINT_SELECT} WHERE c.id = $1`, [checkpointId])).rows[0];
    if (!row) return null;
    // Written only by this server from a typed Policy; the defaults cover fields added since.
    return { version: row.config_version, checkpoint: toCheckpoint(row), policy: { ...DEFAULT_POLICY, ...row.policy } };
  }

  async createEnrolmentCode(code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.query(
      'INSERT INTO enrolment_codes (code_hash, checkpoint_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [code.codeHash, code.checkpointId, code.createdAt, code.expiresAt],
    );
  }

  async redeemEnrolmentCode({ codeHash, now, device }: RedeemRequest): Promise<Result<Device, RedeemError>> {
    // FOR UPDATE: a second server redeeming the same code waits for this transaction and then sees it used.
    return this.transaction(async (client): Promise<Result<Device, RedeemError>> => {
      const code = (await client.query<CodeRow>(
        'SELECT checkpoint_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE', [codeHash],
      )).rows[0];
      if (!code) return err('enrol-code-invalid');
      if (code.used_at !== null) return err('enrol-code-used');
      if (Date.parse(code.expires_at) <= Date.parse(now)) return err('enrol-code-expired');
      await client.query('UPDATE enrolment_codes SET used_at = $1 WHERE code_hash = $2', [now, codeHash]);
      await client.query(
        'INSERT INTO devices (id, checkpoint_id, token_hash, label, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
        [device.id, code.checkpoint_id, device.tokenHash, device.label, now],
      );
      return ok({ id: device.id, checkpointId: code.checkpoint_id, label: device.label, enrolledAt: now, lastSeenAt: null, waiting: null });
    });
  }

  async authenticateDevice(tokenHash: string, seenAt: string): Promise<Device | null> {
    const row = (await this.query<DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash], 'kadian-authenticate',
    )).rows[0];
    if (!row) return null;
    // A read on most pushes; the write once a minute per device. Revoked meanwhile: the write finds nothing.
    if (seenIsStale(row.last_seen_at, seenAt)) {
      await this.query(`UPDATE devices SET last_seen_at = $1 WHERE id = $2 AND revoked_at IS NULL AND ${NO_FLUSH_WAIT}`, [seenAt, row.id], 'kadian-seen');
      row.last_seen_at = seenAt;
    }
    return toDevice(row);
  }

  async recordWaiting(deviceId: string, waiting: number): Promise<void> {
    // No change, no write: a tablet that keeps up sends waiting 0 push after push.
    await this.query(`UPDATE devices SET waiting = $1 WHERE id = $2 AND waiting IS DISTINCT FROM $1 AND ${NO_FLUSH_WAIT}`, [waiting, deviceId], 'kadian-waiting');
  }

  async revokeDevice(deviceId: string, revokedAt: string): Promise<boolean> {
    return (await this.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [revokedAt, deviceId])).rowCount === 1;
  }

  revokedDeviceOf(tokenHash: string): Promise<string | null> {
    return devices.revokedDeviceOf(this.access, tokenHash);
  }

  listDevices(checkpointId?: string): Promise<DeviceReport[]> {
    return devices.listDevices(this.access, checkpointId ?? null);
  }

  getLinks(checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
    return entries.getLinks(this.access, checkpointId, deviceId, seqs);
  }

  insertEntries(batch: readonly Entry[], receivedAt: string): Promise<InsertOutcome[]> {
    return entries.insertEntries(this.access, batch, receivedAt);
  }

  async countEntries(checkpointId?: string): Promise<number> {
    const { rows } = checkpointId === undefined
      ? await this.query<{ n: number }>('SELECT count(*) AS n FROM entries')
      : await this.query<{ n: number }>('SELECT count(*) AS n FROM entries WHERE checkpoint_id = $1', [checkpointId]);
    return rows[0]?.n ?? 0;
  }

  exportEntries(filter: ExportFilter): AsyncGenerator<StoredEntry> {
    return entries.exportEntries(this.access, filter, types);
  }

  async recordCheckIn(checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>> {
    return this.transaction(async (client): Promise<Result<{ merged: boolean }, CheckInError>> => {
      // One person's check-ins take turns, so two first check-ins cannot set two names (SQLite: IMMEDIATE).
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('checkin:' || $1, 0))", [checkIn.personId]);
      const known = (await client.query<{ name: string }>(
        'SELECT name FROM checkins WHERE person_id = $1 ORDER BY day DESC LIMIT 1', [checkIn.personId],
      )).rows[0];
      if (known && known.name !== checkIn.name) return err('resident-name-mismatch');
      // The day keeps the worse of each answer: a fever checked in at 8:00 is not undone by a second try at 8:05.
      const { rows } = await client.query<{ merged: boolean }>(
        `INSERT INTO checkins AS c (person_id, day, name, temperature, isolated, symptoms, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (person_id, day) DO UPDATE SET
           temperature = greatest(c.temperature, excluded.temperature), isolated = c.isolated OR excluded.isolated,
           symptoms = c.symptoms OR excluded.symptoms, at = excluded.at
         RETURNING (xmax <> 0) AS merged`,
        [checkIn.personId, checkIn.day, checkIn.name, checkIn.temperature, checkIn.isolated, checkIn.symptoms, checkIn.at],
      );
      return ok({ merged: rows[0]?.merged === true });
    });
  }

  async listCheckIns(personId: string): Promise<StoredCheckIn[]> {
    return (await this.query<CheckInRow>('SELECT * FROM checkins WHERE person_id = $1 ORDER BY day', [personId])).rows.map(toCheckIn);
  }

  async addDccSigner(signer: DccSigner): Promise<boolean> {
    return (await this.query(
      'INSERT INTO dcc_signers (id, kid, certificate, country, added_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
      [signer.id, signer.kid, signer.certificate, signer.country ?? null, signer.addedAt],
    )).rowCount === 1;
  }

  async listDccSigners(): Promise<DccSigner[]> {
    return (await this.query<DccSignerRow>('SELECT * FROM dcc_signers ORDER BY added_at, id')).rows.map(toDccSigner);
  }

  async recordTrustList(fingerprint: string, at: string): Promise<TrustVersion> {
    const select = 'SELECT version, fingerprint, updated_at FROM trust_list WHERE id = 1';
    // Read first: every config pull lands here, and only a change needs a write.
    const seen = (await this.query<{ version: number; fingerprint: string; updated_at: string }>(select, [], 'kadian-trust')).rows[0];
    if (seen?.fingerprint === fingerprint) return { version: seen.version, updatedAt: seen.updated_at };
    return this.transaction(async (client) => {
      await client.query(
        `INSERT INTO trust_list (id, version, fingerprint, updated_at) VALUES (1, 1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET version = trust_list.version + 1, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
         WHERE trust_list.fingerprint <> excluded.fingerprint`,
        [fingerprint, at],
      );
      const row = (await client.query<{ version: number; updated_at: string }>(select)).rows[0];
      if (!row) throw new Error('the trust list version vanished right after it was written');
      return { version: row.version, updatedAt: row.updated_at };
    });
  }

  getLeadPin(checkpointId: string): Promise<LeadPin | null> {
    return lead.getLeadPin(this.access, checkpointId);
  }

  setLeadPin(checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean> {
    return lead.setLeadPin(this.access, checkpointId, pin, setAt, setBy);
  }

  changePolicy(change: NewPolicyChange): Promise<PolicyChangeRecord | null> {
    return lead.changePolicy(this.access, change);
  }

  listPolicyChanges(checkpointId: string): Promise<PolicyChangeRecord[]> {
    return lead.listPolicyChanges(this.access, checkpointId);
  }

  ensureSealKey(checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair> {
    return lead.ensureSealKey(this.access, checkpointId, candidate);
  }

  ensureKeyPersonSalt(checkpointId: string, candidate: string): Promise<string> {
    return lead.ensureKeyPersonSalt(this.access, checkpointId, candidate);
  }

  listKeyPersons(checkpointId: string): Promise<StoredKeyPerson[]> {
    return lead.listKeyPersons(this.access, checkpointId);
  }

  replaceKeyPersons(checkpointId: string, persons: readonly StoredKeyPerson[], at: string): Promise<void> {
    return lead.replaceKeyPersons(this.access, checkpointId, persons, at);
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (!this.pool.ended) await this.pool.end();
  }
}
