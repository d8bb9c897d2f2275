/** Kysely's runtime, loaded from its CommonJS build: storage modules take Kysely's classes and `sql` from here. */
import { createRequire } from 'node:module';
import type * as Types from 'kysely';

/**
 * The server runs its TypeScript through tsx, whose ESM hooks see every module loaded: Kysely's ESM build is some 400
 * files and took 420 ms to import that way, its CommonJS build 100 ms (measured here), on every server start and every
 * `kadian` command. One build for the whole process, so Kysely's classes and ours agree; types still come from 'kysely'.
 */
const runtime = createRequire(import.meta.url)('kysely') as typeof Types;

export const { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql } = runtime;
// The classes and CompiledQuery are types too; these keep `Kysely<DB>` and the rest usable as types where imported from here.
export type CompiledQuery<O = unknown> = Types.CompiledQuery<O>;
export type Kysely<DB> = Types.Kysely<DB>;
export type PostgresDialect = Types.PostgresDialect;
