/** Migration 004 (issue #12): key persons as tablets get them become scrypt tags and sealed boxes (format 2); lists from before are sealed here. */
import type { Kysely } from 'kysely';
import { toBase64 } from '../../../core/base64.ts';
import type { KeyPersonDerivation } from '../../../core/keyPersonLookup.ts';
import type { KeyPersonCategory } from '../../../core/keyPersons.ts';
import { randomBytes } from '../../../core/webcrypto.ts';
import { sealKeyPersons } from '../../operator/keyPersonSeal.ts';
import { sql } from '../kysely.ts';

/** The parameters of every list at this migration, written out: a later change of KEY_PERSON_KDF is not this migration's. */
const KDF = { name: 'scrypt', N: 256, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
/** Rows per insert: 6 parameters each, far below both databases' limits. */
const ROWS = 1000;

interface OldRow { checkpoint_id: string; person_id: string; category: string; note: string }

/**
 * - key_person_lists.kdf: the scrypt parameters a list's tags are derived with (text, JSON).
 * - key_persons.tag and .box replace id_hash: the salted SHA-256 let anyone holding a tablet's config test a guessed ID
 *   number in a microsecond, and category and note were in clear beside it.
 * Lists imported before are sealed now (scrypt on every core): a checkpoint's tablets keep their old list until their
 * next pull, so nothing must wait for the operator. Checkpoints holding the same list (an `--all` import) get one new
 * salt, so that list is derived once, not once per checkpoint. The config version is not bumped: a tablet of this
 * release that still holds an old list asks for a full config anyway, and one of an older release keeps what it has.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('key_person_lists').addColumn('kdf', 'text', (c) => c.notNull().defaultTo(JSON.stringify(KDF))).execute();
  const { rows } = await sql<OldRow>`SELECT checkpoint_id, person_id, category, note FROM key_persons ORDER BY checkpoint_id, person_id`.execute(db);
  await db.schema.alterTable('key_persons').dropColumn('id_hash').execute();
  // SQLite adds a NOT NULL column only with a default; every row is written with both (lead.ts, and below).
  await db.schema.alterTable('key_persons').addColumn('tag', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('key_persons').addColumn('box', 'text', (c) => c.notNull().defaultTo('')).execute();
  if (rows.length === 0) return;

  const byCheckpoint = new Map<string, OldRow[]>();
  for (const row of rows) byCheckpoint.set(row.checkpoint_id, [...(byCheckpoint.get(row.checkpoint_id) ?? []), row]);
  const sameList = new Map<string, string[]>();
  for (const [checkpoint, list] of byCheckpoint) {
    const content = JSON.stringify(list.map((r) => [r.person_id, r.category, r.note]));
    sameList.set(content, [...(sameList.get(content) ?? []), checkpoint]);
  }
  const started = Date.now();
  if (rows.length >= 1000) process.stderr.write(`重点人员名单转为新格式 / Sealing key-person lists in the new format: ${rows.length} persons, ${sameList.size} list(s)\n`);
  for (const checkpoints of sameList.values()) {
    const list = byCheckpoint.get(checkpoints[0]!)!;
    const derivation: KeyPersonDerivation = { salt: toBase64(randomBytes(SALT_BYTES)), kdf: KDF };
    // Written only from checked rows, so the category is one of the five.
    const persons = list.map((r) => ({ personId: r.person_id, category: r.category as KeyPersonCategory, note: r.note }));
    const sealed = await sealKeyPersons(derivation, persons, [], (done, total) => {
      if (total >= 1000 && done % Math.ceil(total / 10) === 0) process.stderr.write(`  ${done} / ${total}\n`);
    });
    for (const checkpoint of checkpoints) {
      await sql`DELETE FROM key_persons WHERE checkpoint_id = ${checkpoint}`.execute(db);
      for (let i = 0; i < sealed.persons.length; i += ROWS) {
        const values = sealed.persons.slice(i, i + ROWS).map((p) => sql`(${checkpoint}, ${p.personId}, ${p.category}, ${p.note}, ${p.tag}, ${p.box})`);
        await sql`INSERT INTO key_persons (checkpoint_id, person_id, category, note, tag, box) VALUES ${sql.join(values)}`.execute(db);
      }
      await sql`INSERT INTO key_person_lists (checkpoint_id, salt, kdf) VALUES (${checkpoint}, ${derivation.salt}, ${JSON.stringify(KDF)})
        ON CONFLICT (checkpoint_id) DO UPDATE SET salt = excluded.salt, kdf = excluded.kdf`.execute(db);
    }
  }
  if (rows.length >= 1000) process.stderr.write(`重点人员名单已转换 / Key-person lists sealed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
