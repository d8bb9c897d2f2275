/** The operator's trust: EU DCC signer certificates, and the trust list's version that tablets pull against. */
import { compiledOnce, type Db } from './db.ts';
import type { DccSigner, TrustVersion } from './storage.ts';

/** False when this certificate was already there. */
export async function addDccSigner(db: Db, signer: DccSigner): Promise<boolean> {
  const result = await db.kysely.insertInto('dcc_signers')
    .values({ id: signer.id, kid: signer.kid, certificate: signer.certificate, country: signer.country ?? null, added_at: signer.addedAt })
    .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

export async function listDccSigners(db: Db): Promise<DccSigner[]> {
  const rows = await db.kysely.selectFrom('dcc_signers').selectAll().orderBy('added_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kid: r.kid, certificate: r.certificate, ...(r.country !== null && { country: r.country }), addedAt: r.added_at }));
}

const trustNow = compiledOnce((db) => db.kysely.selectFrom('trust_list').select(['version', 'fingerprint', 'updated_at']).where('id', '=', 1));

/** Bumps the version only when the fingerprint changed; every config pull lands here, so it reads first. */
export async function recordTrustList(db: Db, fingerprint: string, at: string): Promise<TrustVersion> {
  const [seen] = (await trustNow(db, [])).rows;
  if (seen?.fingerprint === fingerprint) return { version: seen.version, updatedAt: seen.updated_at };
  return db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('trust_list').values({ id: 1, version: 1, fingerprint, updated_at: at })
      .onConflict((oc) => oc.column('id')
        .doUpdateSet((eb) => ({ version: eb('trust_list.version', '+', 1), fingerprint: eb.ref('excluded.fingerprint'), updated_at: eb.ref('excluded.updated_at') }))
        .whereRef('trust_list.fingerprint', '<>', 'excluded.fingerprint'))
      .execute();
    const row = await trx.selectFrom('trust_list').select(['version', 'updated_at']).where('id', '=', 1).executeTakeFirst();
    if (!row) throw new Error('the trust list version vanished right after it was written');
    return { version: row.version, updatedAt: row.updated_at };
  });
}
