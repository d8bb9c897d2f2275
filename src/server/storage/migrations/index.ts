/** The one migration history of both databases, run by Kysely's Migrator on every start; a newer database is refused. */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from '../kysely.ts';
import type { Database, Dialect } from '../schema.ts';
import * as gate from './001_gate.ts';
import * as personCommit from './002_person_commit.ts';
import * as leadProofsConflicts from './003_lead_proofs_conflicts.ts';
import * as keyPersonKdf from './004_key_person_kdf.ts';
import * as city from './005_city.ts';
import * as rollups from './006_rollups.ts';
import * as alerts from './007_alerts.ts';
import * as areaRollups from './008_area_rollups.ts';
import * as trace from './009_trace.ts';
import * as retention from './010_retention.ts';
import * as policyChangeUser from './011_policy_change_user.ts';
import * as placeCounts from './012_place_counts.ts';
import * as doubleEntries from './013_double_entries.ts';
import * as followUps from './014_follow_ups.ts';
import * as vehicles from './015_vehicles.ts';
import * as residentAccounts from './016_resident_accounts.ts';
import * as colourRules from './017_colour_rules.ts';
import * as arrivals from './018_arrivals.ts';
import * as selfCheckIn from './019_self_check_in.ts';
import * as rateLimits from './020_rate_limits.ts';
import * as revocationRevisions from './021_revocation_revisions.ts';
import * as keyPersonRevisions from './022_key_person_revisions.ts';
import * as residentPasskeys from './023_resident_passkeys.ts';
import * as residentRetention from './024_resident_retention.ts';
import * as arrivalWithdrawal from './025_arrival_withdrawal.ts';
import * as blue from './026_blue.ts';

/** In order; a name, once released, never changes (the database records the names it has run). */
const MIGRATIONS = { '001_gate': gate, '002_person_commit': personCommit, '003_lead_proofs_conflicts': leadProofsConflicts, '004_key_person_kdf': keyPersonKdf,
  '005_city': city,
  '006_rollups': rollups,
  '007_alerts': alerts,
  '008_area_rollups': areaRollups,
  '009_trace': trace,
  '010_retention': retention,
  '011_policy_change_user': policyChangeUser,
  '012_place_counts': placeCounts,
  '013_double_entries': doubleEntries,
  '014_follow_ups': followUps,
  '015_vehicles': vehicles,
  '016_resident_accounts': residentAccounts,
  '017_colour_rules': colourRules,
  '018_arrivals': arrivals,
  '019_self_check_in': selfCheckIn,
  '020_rate_limits': rateLimits,
  '021_revocation_revisions': revocationRevisions,
  '022_key_person_revisions': keyPersonRevisions,
  '023_resident_passkeys': residentPasskeys,
  '024_resident_retention': residentRetention,
  '025_arrival_withdrawal': arrivalWithdrawal,
  '026_blue': blue,
} as const;

/** The names of every migration this server knows, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/** Imported, not found on disk: the same under tsx, tests and any bundling. */
function providerFor(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, { up }] of Object.entries(MIGRATIONS)) migrations[name] = { up: (db) => up(db, dialect) };
  return { getMigrations: async () => migrations };
}

const MIGRATION_TABLE = 'kysely_migration';

/**
 * Runs what has not run yet. Each run is one transaction: on SQLite a BEGIN IMMEDIATE (the dialect makes every
 * transaction one), so a server and the CLI starting together take turns; on PostgreSQL under Kysely's advisory lock
 * (pg_advisory_lock, held for the run), so two servers starting together do too.
 * `schema` (PostgreSQL) is where the migration tables live: the connection's current schema. Kysely looks for its
 * table in every schema it can see unless told, and would take another schema's for ours.
 */
export async function migrate(db: Kysely<Database>, dialect: Dialect, schema: string | null, whereToPoint: string): Promise<void> {
  const migrator = new Migrator({ db, provider: providerFor(dialect), ...(schema !== null && { migrationTableSchema: schema }) });
  const { error } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const unknown = await unknownMigrations(db, schema);
  if (unknown.length > 0) {
    throw new Error(
      `The database was migrated by a newer Kadian (migration ${unknown.join(', ')}, unknown to this server): upgrade Kadian, or point ${whereToPoint} at another database.`,
    );
  }
  throw error instanceof Error ? error : new Error(String(error));
}

/** Migrations the database has run that this server does not know. */
async function unknownMigrations(db: Kysely<Database>, schema: string | null): Promise<string[]> {
  const table = schema === null ? sql.table(MIGRATION_TABLE) : sql.table(`${schema}.${MIGRATION_TABLE}`);
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${table} ORDER BY name`.execute(db);
    return rows.map((r) => r.name).filter((name) => !(name in MIGRATIONS));
  } catch {
    return []; // no migration table: the failure was another, reported as it is
  }
}
