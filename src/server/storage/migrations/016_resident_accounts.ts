/** Migration 016 (issue #18): resident accounts: phones with a credential, the persons bound to them, their trips and 困难诉求, and leads' re-binding codes. */
import type { Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/**
 * A person is keyed by the ID number alone: binding an ID to a second phone is an update of its row, never a second
 * row, so "claimed" is one lookup. No foreign key to `areas`: removing an area must not fail on residents who named
 * it; they are then listed by no one's subtree but an admin's (storage/residentLists.ts).
 *
 * Check-ins from before this migration bind no one: the first phone to register an ID with the name those check-ins
 * carry claims it (server/residents/register.ts).
 *
 * Citus: keyed by person (persons, trips, requests, codes) or phone, like `checkins`.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await schema.createTable('resident_phones')
    .addColumn('phone_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .execute();
  await schema.createTable('resident_persons')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('area_id', 'text')
    .addColumn('address', 'text')
    .addColumn('phone_id', 'text', (c) => c.notNull().references('resident_phones.phone_id'))
    .addColumn('bound_at', 'text', (c) => c.notNull())
    .addColumn('bound_by', 'text', (c) => c.notNull())
    .execute();
  await schema.createIndex('resident_persons_by_phone').on('resident_persons').column('phone_id').execute();
  await schema.createIndex('resident_persons_by_area').on('resident_persons').column('area_id').execute();
  // One owner per phone, whatever two registrations at once do.
  await sql`CREATE UNIQUE INDEX resident_persons_one_self ON resident_persons (phone_id) WHERE relation = 'self'`.execute(db);

  await schema.createTable('resident_trips')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resident_trips_pkey', ['person_id', 'position'])
    .execute();
  await schema.createTable('resident_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('note', 'text')
    .addColumn('done_by', 'text')
    .execute();
  await schema.createIndex('resident_requests_by_person').on('resident_requests').columns(['person_id', 'created_at']).execute();

  await schema.createTable('rebind_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await schema.createIndex('rebind_codes_by_person').on('rebind_codes').column('person_id').execute();
}
