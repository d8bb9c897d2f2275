/** Enrolling tablets: the operator issues a one-time code, the tablet redeems it for a device token. */
import type { Result } from '../../core/result.ts';
import { err, ok } from '../../core/result.ts';
import { newDeviceId, newDeviceToken, newEnrolmentCode, normaliseEnrolmentCode, secretHash } from '../secrets.ts';
import type { Device, RedeemError, Storage } from '../storage/storage.ts';

export const ENROLMENT_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface IssuedCode {
  code: string;
  checkpointId: string;
  expiresAt: string;
}

/** Issues a code for a checkpoint; the caller checks the checkpoint exists (the database refuses one that does not). */
export async function issueEnrolmentCode(storage: Storage, checkpointId: string, now = new Date()): Promise<IssuedCode> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_LIFETIME_MS).toISOString();
  await storage.createEnrolmentCode({ codeHash: await secretHash(code), checkpointId, createdAt: now.toISOString(), expiresAt });
  return { code, checkpointId, expiresAt };
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
