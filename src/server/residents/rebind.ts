/** A lead's or the operator's one-time re-binding code (issue #18): made after seeing the person's ID card, used once by that person's phone. */
import { randomInt } from 'node:crypto';
import { REBIND_CODE_HOURS, type RebindCode } from '../../core/residentWire.ts';
import type { Storage } from '../storage/storage.ts';
import { rebindCodeHash } from './register.ts';

export interface RebindOrder {
  /** The canonical ID number. */
  personId: string;
  /** As on the ID card: the person is bound under it. */
  name: string;
  reason: string;
  /** Where the person moves on use (null: they stay where they are). */
  areaId: string | null;
  /** `user:ID` of a console user, or `cli`. */
  createdBy: string;
}

/** Eight random digits, kept only as a hash with the ID number; the person's earlier open code stops working. */
export async function makeRebindCode(storage: Storage, order: RebindOrder, now: Date): Promise<RebindCode> {
  const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const expires = new Date(now.getTime() + REBIND_CODE_HOURS * 3_600_000).toISOString();
  await storage.addRebindCode({ ...order, codeHash: rebindCodeHash(order.personId, code), createdAt: now.toISOString(), expiresAt: expires });
  return { code, expires };
}
