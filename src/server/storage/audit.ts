/** The audit log: appended to, read by time and subtree; there is no query here that changes or deletes a row (and the database refuses one). */
import { randomBytes } from 'node:crypto';
import type { AuditFilter, AuditRecord, NewAudit } from './accountTypes.ts';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import { readJson } from './schema.ts';

const pathText = (ids: readonly string[]): string => `/${ids.map((id) => `${id}/`).join('')}`;

/** Sorts as the time does: milliseconds in 11 base-36 digits (good until the year 5188), then 8 random bytes. */
const auditId = (atMs: number): string => `${atMs.toString(36).padStart(11, '0')}-${randomBytes(8).toString('hex')}`;

export async function appendAudit(db: Db, record: NewAudit): Promise<AuditRecord> {
  const atMs = Date.parse(record.at);
  if (!Number.isFinite(atMs)) throw new RangeError(`not a date and time: ${record.at}`);
  const id = auditId(atMs);
  await db.kysely.insertInto('audit_log').values({
    actor: record.actor, id, at: record.at, at_ms: atMs, actor_name: record.actorName, action: record.action,
    area_path: record.areaPath === null ? null : pathText(record.areaPath), target: record.target, detail: JSON.stringify(record.detail),
    origin: record.origin,
  }).execute();
  return { id, ...record };
}

/** Newest first. A subtree's reader sees what was done in it; records about the whole city (null path) only an admin, who asks without `within`. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRecord[]> {
  const since = filter.since === undefined ? null : Date.parse(filter.since);
  if (since !== null && !Number.isFinite(since)) throw new RangeError(`not a date and time: ${filter.since}`);
  const within = filter.within === undefined ? null : pathText(filter.within);
  const rows = await db.kysely.selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'actor_name', 'action', 'area_path', 'target', 'detail', 'origin'])
    .$if(since !== null, (q) => q.where('at_ms', '>=', since ?? 0))
    .$if(within !== null, (q) => q.where('area_path', 'is not', null).where(sql<boolean>`substr(area_path, 1, ${(within ?? '').length}) = ${within}`))
    .orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 1000).execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actor: r.actor, actorName: r.actor_name, action: r.action,
    areaPath: r.area_path === null ? null : r.area_path.split('/').filter((id) => id !== ''), target: r.target,
    detail: readJson(r.detail), origin: r.origin,
  }));
}
