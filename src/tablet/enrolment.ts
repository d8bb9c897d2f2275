/** Enrolling this tablet at a checkpoint with the operator's one-time code. */
import { err, ok, type Result } from '../core/result.ts';
import { enrol } from '../sync/api.ts';
import { saveDevice, loadDevice, type Device } from '../store/device.ts';

/**
 * The code inside an enrolment URL (…/enrol?code=X), or the text itself when it is a bare code (spaces and dashes a
 * person typed between its groups dropped); null when the text is neither.
 */
export function enrolmentCodeFrom(text: string): string | null {
  const trimmed = text.trim();
  try {
    const code = new URL(trimmed).searchParams.get('code');
    if (code) return code.trim();
  } catch {
    // Not a URL: a bare code.
  }
  const bare = trimmed.replace(/[\s-]/g, '');
  return /^[A-Za-z0-9]{8,64}$/.test(bare) ? bare : null;
}

/**
 * Enrols with `code`; refused while a previous enrolment still has entries to upload, unless it was revoked: those can
 * never be uploaded, and stay on the tablet (sealed, in the lead's log and export) beside the new chain.
 */
export async function enrolTablet(code: string): Promise<Result<Device, string>> {
  const previous = await loadDevice();
  // The log's store is loaded only for a tablet enrolled before: a new tablet's first screen goes without it.
  if (previous && !previous.revokedAt && (await (await import('../store/log.ts')).pendingCount(previous.deviceId)) > 0) return err('enrolPending');
  const reply = await enrol(code, navigator.userAgent.slice(0, 64));
  if (!reply.ok) return err(reply.error.kind === 'server' ? reply.error.error : 'enrol-offline');
  const now = new Date().toISOString();
  const device: Device = { deviceId: reply.value.deviceId, token: reply.value.token, config: reply.value.config, configAt: now, enrolledAt: now };
  await saveDevice(device);
  return ok(device);
}
