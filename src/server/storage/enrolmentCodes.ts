/** Enrolment codes made in bulk (an enrolment sheet): each with a public id, listed by checkpoint, revoked one by one or a sheet at once. */
import type { Db } from './db.ts';

export interface NewEnrolmentCode {
  id: string;
  codeHash: string;
  checkpointId: string;
  sheet: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

export interface EnrolmentCodeRecord {
  /** Null for a code made before migration 005. */
  id: string | null;
  checkpointId: string;
  sheet: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}

const ROWS = 500;

export async function createEnrolmentCodes(db: Db, codes: readonly NewEnrolmentCode[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < codes.length; i += ROWS) {
      await trx.insertInto('enrolment_codes').values(codes.slice(i, i + ROWS).map((c) => ({
        id: c.id, code_hash: c.codeHash, checkpoint_id: c.checkpointId, sheet: c.sheet, created_by: c.createdBy, created_at: c.createdAt, expires_at: c.expiresAt,
      }))).execute();
    }
  });
}

const columns = ['id', 'checkpoint_id', 'sheet', 'created_by', 'created_at', 'expires_at', 'used_at', 'revoked_at'] as const;

type Row = { id: string | null; checkpoint_id: string; sheet: string | null; created_by: string | null; created_at: string; expires_at: string; used_at: string | null; revoked_at: string | null };

const toRecord = (r: Row): EnrolmentCodeRecord => ({
  id: r.id, checkpointId: r.checkpoint_id, sheet: r.sheet, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at,
  usedAt: r.used_at, revokedAt: r.revoked_at,
});

export async function listEnrolmentCodes(db: Db, checkpointIds: readonly string[] | null): Promise<EnrolmentCodeRecord[]> {
  if (checkpointIds !== null && checkpointIds.length === 0) return [];
  const rows = await db.kysely.selectFrom('enrolment_codes').select(columns)
    .$if(checkpointIds !== null, (q) => q.where('checkpoint_id', 'in', checkpointIds ?? []))
    .orderBy('created_at', 'desc').orderBy('checkpoint_id').execute();
  return rows.map(toRecord);
}

/** Only codes still unused and not revoked: a used code's tablet is revoked with `kadian devices revoke`. */
export async function revokeEnrolmentCodes(db: Db, which: { id?: string; sheet?: string }, at: string): Promise<EnrolmentCodeRecord[]> {
  if (which.id === undefined && which.sheet === undefined) return [];
  const rows = await db.kysely.updateTable('enrolment_codes').set({ revoked_at: at })
    .$if(which.id !== undefined, (q) => q.where('id', '=', which.id ?? ''))
    .$if(which.sheet !== undefined, (q) => q.where('sheet', '=', which.sheet ?? ''))
    .where('used_at', 'is', null).where('revoked_at', 'is', null)
    .returning(columns).execute();
  return rows.map(toRecord);
}
