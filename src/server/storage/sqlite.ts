/** Storage on SQLite (better-sqlite3): the embedded default, so `npm start` needs nothing else. */
import Database from 'better-sqlite3';
import type { Entry } from '../../core/entry.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import * as devices from './sqliteDevices.ts';
import * as lead from './sqliteLead.ts';
import { migrate } from './sqliteSchema.ts';
import {
  ENTRY_COLUMNS, seenIsStale, toCheckIn, toCheckInRow, toDccSigner, toDevice, toEntryRow, toStoredEntry,
  type CheckInRow, type DccSignerRow, type DeviceRow, type EntryRow,
} from './sqliteRows.ts';
import {
  DEMO, type ChainLink, type Checkpoint, type CheckInError, type DccSigner, type Device, type ExportFilter, type InsertOutcome,
  type RedeemError, type RedeemRequest, type Storage, type StoredCheckIn, type StoredConfig, type StoredEntry, type TrustVersion,
  type NewPolicyChange, type PolicyChangeRecord, type SealKeyPair, type StoredKeyPerson, type DeviceReport,
} from './storage.ts';

interface CheckpointRow { id: string; name: string; community_id: string; community_name: string }
interface ConfigRow extends CheckpointRow { policy: string; config_version: number }
interface CodeRow { checkpoint_id: string; expires_at: string; used_at: string | null }

const CHECKPOINT_SELECT = `
  SELECT c.id, c.name, c.community_id, m.name AS community_name, c.policy, c.config_version
  FROM checkpoints c JOIN communities m ON m.id = c.community_id`;

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({ id: r.id, name: r.name, communityId: r.community_id, communityName: r.community_name });

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;

  /** `file` is a path, or ':memory:' for a throwaway database. */
  constructor(private readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: once the server has acknowledged an entry the tablet may mark it synced, so the commit must survive power loss.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // The operator CLI and the server may open the same file at once; wait for the other's write instead of failing.
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
  }

  async ensureDemo(): Promise<{ checkpoint: Checkpoint; created: boolean }> {
    const created = this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO communities (id, name) VALUES (?, ?)').run(DEMO.communityId, DEMO.communityName);
      return this.db
        .prepare('INSERT OR IGNORE INTO checkpoints (id, community_id, name, policy, config_version) VALUES (?, ?, ?, ?, 1)')
        .run(DEMO.checkpointId, DEMO.communityId, DEMO.checkpointName, JSON.stringify(DEFAULT_POLICY)).changes === 1;
    }).immediate();
    const checkpoint = await this.getCheckpoint(DEMO.checkpointId);
    if (!checkpoint) throw new Error('the demo checkpoint vanished right after it was ensured');
    return { checkpoint, created };
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return this.db.prepare<[], CheckpointRow>(`${CHECKPOINT_SELECT} ORDER BY c.community_id, c.id`).all().map(toCheckpoint);
  }

  async getCheckpoint(id: string): Promise<Checkpoint | null> {
    const row = this.db.prepare<[string], CheckpointRow>(`${CHECKPOINT_SELECT} WHERE c.id = ?`).get(id);
    return row ? toCheckpoint(row) : null;
  }

  async getConfig(checkpointId: string): Promise<StoredConfig | null> {
    const row = this.db.prepare<[string], ConfigRow>(`${CHECKPOINT_SELECT} WHERE c.id = ?`).get(checkpointId);
    if (!row) return null;
    // Written only by this server from a typed Policy; the defaults cover fields added since.
    const policy = { ...DEFAULT_POLICY, ...(JSON.parse(row.policy) as Partial<Policy>) };
    return { version: row.config_version, checkpoint: toCheckpoint(row), policy };
  }

  async createEnrolmentCode(code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO enrolment_codes (code_hash, checkpoint_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(code.codeHash, code.checkpointId, code.createdAt, code.expiresAt);
  }

  async redeemEnrolmentCode({ codeHash, now, device }: RedeemRequest): Promise<Result<Device, RedeemError>> {
    // IMMEDIATE takes the write lock first, so a second process redeeming the same code waits and then sees it used.
    return this.db.transaction((): Result<Device, RedeemError> => {
      const code = this.db.prepare<[string], CodeRow>('SELECT checkpoint_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?').get(codeHash);
      if (!code) return err('enrol-code-invalid');
      if (code.used_at !== null) return err('enrol-code-used');
      if (Date.parse(code.expires_at) <= Date.parse(now)) return err('enrol-code-expired');
      this.db.prepare('UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL').run(now, codeHash);
      this.db
        .prepare('INSERT INTO devices (id, checkpoint_id, token_hash, label, enrolled_at) VALUES (?, ?, ?, ?, ?)')
        .run(device.id, code.checkpoint_id, device.tokenHash, device.label, now);
      return ok({ id: device.id, checkpointId: code.checkpoint_id, label: device.label, enrolledAt: now, lastSeenAt: null, waiting: null });
    }).immediate();
  }

  async authenticateDevice(tokenHash: string, seenAt: string): Promise<Device | null> {
    const row = this.db
      .prepare<[string], DeviceRow>('SELECT id, checkpoint_id, label, enrolled_at, last_seen_at, waiting FROM devices WHERE token_hash = ? AND revoked_at IS NULL')
      .get(tokenHash);
    if (!row) return null;
    // A read on most pushes; the write once a minute per device.
    if (seenIsStale(row.last_seen_at, seenAt)) {
      this.bookkeeping(() => this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(seenAt, row.id));
      row.last_seen_at = seenAt;
    }
    return toDevice(row);
  }

  async recordWaiting(deviceId: string, waiting: number): Promise<void> {
    // No change, no write: a tablet that keeps up sends waiting 0 push after push.
    this.bookkeeping(() => this.db.prepare('UPDATE devices SET waiting = ? WHERE id = ? AND waiting IS NOT ?').run(waiting, deviceId, waiting));
  }

  /**
   * A write of bookkeeping, not of the log, committed without an fsync of its own: the WAL stays consistent and the
   * next entries' commit (FULL) syncs it along. An fsync per push for "last seen" cost more than storing the batch.
   */
  private bookkeeping(write: () => unknown): void {
    this.db.pragma('synchronous = NORMAL');
    try {
      write();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async revokeDevice(deviceId: string, revokedAt: string): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(revokedAt, deviceId).changes === 1;
  }

  async revokedDeviceOf(tokenHash: string): Promise<string | null> {
    return devices.revokedDeviceOf(this.db, tokenHash);
  }

  async listDevices(checkpointId?: string): Promise<DeviceReport[]> {
    return devices.listDevices(this.db, checkpointId ?? null);
  }

  async getLinks(checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
    const links = new Map<number, ChainLink>();
    if (seqs.length === 0) return links;
    const rows = this.db
      .prepare<[string, string, string], { seq: number; hash: string; prev_hash: string }>(
        'SELECT seq, hash, prev_hash FROM entries WHERE checkpoint_id = ? AND device_id = ? AND seq IN (SELECT value FROM json_each(?))',
      )
      .all(checkpointId, deviceId, JSON.stringify(seqs));
    for (const r of rows) links.set(r.seq, { hash: r.hash, prevHash: r.prev_hash });
    return links;
  }

  async insertEntries(entries: readonly Entry[], receivedAt: string): Promise<InsertOutcome[]> {
    const insert = this.db.prepare<[EntryRow]>(
      `INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (checkpoint_id, device_id, seq) DO NOTHING`,
    );
    const existing = this.db.prepare<[string, string, number], { hash: string }>(
      'SELECT hash FROM entries WHERE checkpoint_id = ? AND device_id = ? AND seq = ?',
    );
    return this.db.transaction((): InsertOutcome[] =>
      entries.map((e) => {
        if (insert.run(toEntryRow(e, receivedAt)).changes === 1) return 'stored';
        return existing.get(e.checkpointId, e.deviceId, e.seq)?.hash === e.hash ? 'duplicate' : 'conflict';
      }),
    ).immediate();
  }

  async countEntries(checkpointId?: string): Promise<number> {
    const row = checkpointId === undefined
      ? this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM entries').get()
      : this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM entries WHERE checkpoint_id = ?').get(checkpointId);
    return row?.n ?? 0;
  }

  async *exportEntries(filter: ExportFilter): AsyncGenerator<StoredEntry> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.checkpointId !== undefined) {
      where.push('checkpoint_id = ?');
      params.push(filter.checkpointId);
    }
    if (filter.communityId !== undefined) {
      where.push('checkpoint_id IN (SELECT id FROM checkpoints WHERE community_id = ?)');
      params.push(filter.communityId);
    }
    if (filter.since !== undefined) {
      const since = Date.parse(filter.since);
      if (!Number.isFinite(since)) throw new RangeError(`not a date and time: ${filter.since}`);
      where.push('at_ms >= ?');
      params.push(since);
    }
    const sql = `SELECT * FROM entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY checkpoint_id, device_id, seq`;
    // An open iterator keeps its connection busy, so a long export reads through its own connection
    // (WAL lets it run beside writers) instead of blocking every other request on the main one.
    const reader = this.file === ':memory:' ? this.db : new Database(this.file, { readonly: true, fileMustExist: true });
    try {
      for (const row of reader.prepare<Array<string | number>, EntryRow>(sql).iterate(...params)) yield toStoredEntry(row);
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  async recordCheckIn(checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>> {
    // IMMEDIATE: the name check and the write are one step, so two first check-ins cannot set two names.
    return this.db.transaction((): Result<{ merged: boolean }, CheckInError> => {
      const known = this.db
        .prepare<[string], { name: string }>('SELECT name FROM checkins WHERE person_id = ? ORDER BY day DESC LIMIT 1')
        .get(checkIn.personId);
      if (known && known.name !== checkIn.name) return err('resident-name-mismatch');
      const merged = this.db
        .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM checkins WHERE person_id = ? AND day = ?')
        .get(checkIn.personId, checkIn.day)?.n === 1;
      this.db
        .prepare<[CheckInRow]>(
          `INSERT INTO checkins (person_id, day, name, temperature, isolated, symptoms, at)
           VALUES (@person_id, @day, @name, @temperature, @isolated, @symptoms, @at)
           ON CONFLICT (person_id, day) DO UPDATE SET
             temperature = max(temperature, excluded.temperature), isolated = max(isolated, excluded.isolated),
             symptoms = max(symptoms, excluded.symptoms), at = excluded.at`,
        )
        .run(toCheckInRow(checkIn));
      // The day keeps the worse of each answer: a fever checked in at 8:00 is not undone by a second try at 8:05.
      return ok({ merged });
    }).immediate();
  }

  async listCheckIns(personId: string): Promise<StoredCheckIn[]> {
    return this.db.prepare<[string], CheckInRow>('SELECT * FROM checkins WHERE person_id = ? ORDER BY day').all(personId).map(toCheckIn);
  }

  async addDccSigner(signer: DccSigner): Promise<boolean> {
    return this.db
      .prepare('INSERT INTO dcc_signers (id, kid, certificate, country, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(signer.id, signer.kid, signer.certificate, signer.country ?? null, signer.addedAt).changes === 1;
  }

  async listDccSigners(): Promise<DccSigner[]> {
    return this.db.prepare<[], DccSignerRow>('SELECT * FROM dcc_signers ORDER BY added_at, id').all().map(toDccSigner);
  }

  async recordTrustList(fingerprint: string, at: string): Promise<TrustVersion> {
    const select = this.db.prepare<[], { version: number; fingerprint: string; updated_at: string }>('SELECT version, fingerprint, updated_at FROM trust_list WHERE id = 1');
    // Read first: every config pull lands here, and only a change needs the write lock.
    const seen = select.get();
    if (seen?.fingerprint === fingerprint) return { version: seen.version, updatedAt: seen.updated_at };
    return this.db.transaction((): TrustVersion => {
      this.db
        .prepare(
          `INSERT INTO trust_list (id, version, fingerprint, updated_at) VALUES (1, 1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET version = version + 1, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
           WHERE trust_list.fingerprint <> excluded.fingerprint`,
        )
        .run(fingerprint, at);
      const row = select.get();
      if (!row) throw new Error('the trust list version vanished right after it was written');
      return { version: row.version, updatedAt: row.updated_at };
    }).immediate();
  }

  async getLeadPin(checkpointId: string): Promise<LeadPin | null> {
    return lead.getLeadPin(this.db, checkpointId);
  }

  async setLeadPin(checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean> {
    return lead.setLeadPin(this.db, checkpointId, pin, setAt, setBy);
  }

  async changePolicy(change: NewPolicyChange): Promise<PolicyChangeRecord | null> {
    return lead.changePolicy(this.db, change);
  }

  async listPolicyChanges(checkpointId: string): Promise<PolicyChangeRecord[]> {
    return lead.listPolicyChanges(this.db, checkpointId);
  }

  async ensureSealKey(checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair> {
    return lead.ensureSealKey(this.db, checkpointId, candidate);
  }

  async ensureKeyPersonSalt(checkpointId: string, candidate: string): Promise<string> {
    return lead.ensureKeyPersonSalt(this.db, checkpointId, candidate);
  }

  async listKeyPersons(checkpointId: string): Promise<StoredKeyPerson[]> {
    return lead.listKeyPersons(this.db, checkpointId);
  }

  async replaceKeyPersons(checkpointId: string, persons: readonly StoredKeyPerson[], at: string): Promise<void> {
    lead.replaceKeyPersons(this.db, checkpointId, persons, at);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
