/** Sends the lead's changes made on this tablet; each leaves `pending` once the server has it, or has refused it for good. */
import { loadDevice, saveDevice, type Device, type RefusedChange } from '../store/device.ts';
import { putLeadPin, putPolicy, type CallError } from './api.ts';

/**
 * A refusal that sending the same change again cannot turn: no proof or a wrong one (403), a PIN replaced meanwhile
 * (409), a body this server will not take (400). Such a change would be refused at every sync forever: it is dropped
 * from pending and kept as refused for the lead to see. Anything else (offline, 5xx, 401) leaves it pending.
 */
export function refusedForGood(e: CallError): boolean {
  return e.kind === 'server' && (e.status === 400 || e.status === 403 || e.status === 409);
}

/** Sent, refused for good (with the server's error), or still to send (the failure to report). */
type Outcome = { sent: true } | { sent: false; refused: RefusedChange } | { sent: false; failure: CallError };

async function send<T extends { changedAt: string }>(change: T, put: (change: T) => Promise<{ ok: true } | { ok: false; error: CallError }>): Promise<Outcome> {
  const reply = await put(change);
  if (reply.ok) return { sent: true };
  if (refusedForGood(reply.error) && reply.error.kind === 'server') return { sent: false, refused: { changedAt: change.changedAt, error: reply.error.error } };
  return { sent: false, failure: reply.error };
}

/** Both kinds are tried; what was settled is saved before the first failure is reported, so nothing is sent twice for it. */
export async function sendPending(device: Device): Promise<CallError | null> {
  const { policy, pin, leadPin: unproven } = device.pending ?? {};
  if (!policy && !pin && !unproven) return null;
  const policyOutcome = policy ? await send(policy, (c) => putPolicy(device.token, c)) : null;
  const pinOutcome = pin ? await send(pin, (c) => putLeadPin(device.token, c)) : null;
  const settled = (o: Outcome | null) => o !== null && !('failure' in o);
  const refusedOf = (o: Outcome | null) => (o && 'refused' in o ? o.refused : undefined);
  const latest = (await loadDevice()) ?? device;
  // A change the lead made while this one was on its way (another proof) stays pending.
  const keepPolicy = latest.pending?.policy && !(settled(policyOutcome) && latest.pending.policy.proof === policy?.proof) ? latest.pending.policy : undefined;
  const keepPin = latest.pending?.pin && !(settled(pinOutcome) && latest.pending.pin.proof === pin?.proof) ? latest.pending.pin : undefined;
  // A PIN record saved by an app from before proofs cannot be proven now: shown refused, for the lead to set again.
  const pinRefused = refusedOf(pinOutcome) ?? (unproven ? { changedAt: latest.configAt, error: 'lead-proof-missing' } : undefined);
  const policyRefused = refusedOf(policyOutcome);
  await saveDevice({
    ...latest,
    pending: { ...(keepPolicy ? { policy: keepPolicy } : {}), ...(keepPin ? { pin: keepPin } : {}) },
    refused: { ...latest.refused, ...(policyRefused ? { policy: policyRefused } : {}), ...(pinRefused ? { pin: pinRefused } : {}) },
  });
  const failed = [policyOutcome, pinOutcome].find((o): o is { sent: false; failure: CallError } => o !== null && 'failure' in o);
  return failed?.failure ?? null;
}
