/** Enrolling tablets: the operator issues a one-time code, the tablet redeems it for a device token. */
import type { Result } from '../../core/result.ts';
import { err, ok } from '../../core/result.ts';
import { newDeviceId, newDeviceToken, newEnrolmentCode, newId, normaliseEnrolmentCode, secretHash } from '../secrets.ts';
import type { Device, RedeemError, Storage } from '../storage/storage.ts';

export const ENROLMENT_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface IssuedCode {
  code: string;
  checkpointId: string;
  expiresAt: string;
  /** The code's public id: what `kadian enrol-codes` lists and revokes (the code itself is kept only as a hash). */
  id: string;
}

export interface IssueOptions {
  lifetimeMs?: number;
  /** The enrolment sheet the codes are printed on, if any: revoked together with `--sheet`. */
  sheet?: string | null;
  /** Who made them: `cli`, `server` (the start banner) or `user:ID`. */
  createdBy?: string;
}

/** Issues one code per checkpoint in one transaction; the caller checks the checkpoints exist (the database refuses others). */
export async function issueEnrolmentCodes(storage: Storage, checkpointIds: readonly string[], options: IssueOptions = {}, now = new Date()): Promise<IssuedCode[]> {
  const expiresAt = new Date(now.getTime() + (options.lifetimeMs ?? ENROLMENT_CODE_LIFETIME_MS)).toISOString();
  const issued = checkpointIds.map((checkpointId) => ({ code: newEnrolmentCode(), checkpointId, expiresAt, id: newId('ec') }));
  await storage.createEnrolmentCodes(await Promise.all(issued.map(async (c) => ({
    id: c.id, codeHash: await secretHash(c.code), checkpointId: c.checkpointId, sheet: options.sheet ?? null, createdBy: options.createdBy ?? 'cli',
    createdAt: now.toISOString(), expiresAt,
  }))));
  return issued;
}

/** Issues a code for a checkpoint, valid 24 hours. */
export async function issueEnrolmentCode(storage: Storage, checkpointId: string, now = new Date()): Promise<IssuedCode> {
  const [issued] = await issueEnrolmentCodes(storage, [checkpointId], {}, now);
  if (!issued) throw new Error('no code was issued');
  return issued;
}

/** The address a tablet opens (or scans) to enrol; the app reads `code` from it. */
export function enrolmentUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/enrol?code=${encodeURIComponent(code)}`;
}

/** Redeems a code; the token is returned once, here, and never again. */
export async function enrolDevice(
  storage: Storage,
  request: { code: string; label?: string | undefined },
  now = new Date(),
): Promise<Result<{ device: Device; token: string }, RedeemError>> {
  const token = newDeviceToken();
  const label = request.label?.trim() || null;
  const redeemed = await storage.redeemEnrolmentCode({
    codeHash: await secretHash(normaliseEnrolmentCode(request.code)),
    now: now.toISOString(),
    device: { id: newDeviceId(), tokenHash: await secretHash(token), label },
  });
  return redeemed.ok ? ok({ device: redeemed.value, token }) : err(redeemed.error);
}
