/**
 * Where each table goes on a Citus cluster (README, "Beyond one node"): the one statement of the plan. A table added to
 * schema.ts without a place here does not compile, and tests/server/citusPlan.test.ts checks each distributed table's
 * keys and every foreign key against the database itself, and that README shows exactly these statements.
 */
import type { Database } from './schema.ts';

/**
 * `reference`: small, rarely written, read by everything: a copy on every node. `distributed`: sharded by `column`;
 * tables of one `group` are co-located (a shard of each on the same node for the same value). `coordinator`: stays on
 * the coordinator (added to Citus's metadata so it can join and keep foreign keys with reference tables).
 */
export type Placement =
  | { kind: 'reference' }
  | { kind: 'distributed'; column: string; group: 'checkpoint' | 'person' | 'area' }
  | { kind: 'coordinator'; why: string };

const reference: Placement = { kind: 'reference' };
const byCheckpoint: Placement = { kind: 'distributed', column: 'checkpoint_id', group: 'checkpoint' };
const byPerson: Placement = { kind: 'distributed', column: 'person_id', group: 'person' };
const coordinator = (why: string): Placement => ({ kind: 'coordinator', why });

/** Kysely's own tables: the migration history every node must agree on. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

export const CITUS_PLAN: Record<keyof Database | (typeof MIGRATION_TABLES)[number], Placement> = {
  kysely_migration: reference,
  kysely_migration_lock: reference,
  schema_version: reference,
  server_settings: reference,
  areas: reference,
  places: reference,
  checkpoints: reference,
  enrolment_codes: reference,
  devices: reference,
  dcc_signers: reference,
  trust_list: reference,
  lead_pins: reference,
  seal_keys: reference,
  policy_changes: reference,
  key_person_lists: reference,
  colour_rules: reference,
  revocation_revision: reference,
  arrival_rules: reference,
  self_places: reference,

  // The log, sharded by checkpoint: a tablet's batch, its roll-ups and its link checks go to one shard.
  entries: byCheckpoint,
  entry_hours: byCheckpoint,
  entry_conflicts: byCheckpoint,
  key_persons: byCheckpoint,
  key_person_revisions: byCheckpoint,
  key_person_tags: byCheckpoint,
  lead_proofs: byCheckpoint,

  // Residents, by person: a check-in, its colour and its codes go to one shard.
  checkins: byPerson,
  checkin_states: byPerson,
  issued_codes: byPerson,
  code_revocations: byPerson,
  resident_trips: byPerson,

  area_hours: { kind: 'distributed', column: 'area_id', group: 'area' },

  users: coordinator('accounts: a few thousand rows, read at every sign-in'),
  passkeys: coordinator('accounts'),
  sessions: coordinator('accounts'),
  webauthn_challenges: coordinator('accounts'),
  audit_log: coordinator('one audit trail, read whole by the operator'),
  alerts: coordinator('only the entries that alert; its id is unique across the city, not per checkpoint'),
  double_entries: coordinator('a pair spans two checkpoints, so no one checkpoint shard holds it'),
  place_count_corrections: coordinator('a few rows per place'),
  resident_phones: coordinator('a phone holds persons of any shard'),
  resident_persons: coordinator('one "self" per phone: a key on the phone, not the person'),
  resident_requests: coordinator('few, read by the community\'s lead'),
  rebind_codes: coordinator('few, short-lived'),
  resident_passkeys: coordinator('keyed by credential, joined to its phone: a recovery knows only the passkey'),
  rate_limits: coordinator('counters every server process writes: one row per client, short-lived'),
  arrivals: coordinator('read by destination community, written once per arrival'),
  self_passages: coordinator('keyed by the phone\'s client id, for exactly-once; the entries themselves are in the log'),
  self_passage_hours: coordinator('a counter per phone and hour'),
};

const quote = (name: string): string => `'${name}'`;

/** The statements that place every table, in an order Citus takes: reference tables first (the foreign keys' targets). */
export function citusStatements(): string[] {
  const entries = Object.entries(CITUS_PLAN) as Array<[string, Placement]>;
  const lines: string[] = [];
  for (const [table, p] of entries) if (p.kind === 'reference') lines.push(`SELECT create_reference_table(${quote(table)});`);
  const firstOfGroup = new Map<string, string>();
  for (const [table, p] of entries) {
    if (p.kind !== 'distributed') continue;
    const with_ = firstOfGroup.get(p.group);
    if (with_ === undefined) firstOfGroup.set(p.group, table);
    lines.push(`SELECT create_distributed_table(${quote(table)}, ${quote(p.column)}${with_ === undefined ? '' : `, colocate_with => ${quote(with_)}`});`);
  }
  for (const [table, p] of entries) if (p.kind === 'coordinator') lines.push(`SELECT citus_add_local_table_to_metadata(${quote(table)});`);
  return lines;
}
