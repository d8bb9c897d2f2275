/**
 * The lead's changes made on this tablet (rules, PIN), each proven at save time with the checkpoint key the PIN unwrapped,
 * kept pending with its proof and sent by the uploader when the server can be reached (also days later).
 */
import { checkLeadPin, deriveLeadPin } from '../../core/leadPin.ts';
import { proveLeadChange } from '../../core/leadProof.ts';
import type { LeadPinChange } from '../../core/leadWire.ts';
import { unwrapForLead, wrapForLead } from '../../core/personSeal.ts';
import type { Policy } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { PolicyChange } from '../../core/wire.ts';
import { loadDevice, saveDevice, withPendingChanges, type Device } from '../../store/device.ts';
import { requestSync } from '../../sync/scheduler.ts';
import { leadKey, leadUnlocked } from './session.ts';

/**
 * Why a change could not be saved (catalogue keys): the session locked meanwhile; a PIN record from before sealing (no
 * key, so no proof: the operator sets the PIN); a wrong current PIN; a malformed new one.
 */
export type LeadChangeError = 'enterPin' | 'lead-key-missing' | 'pin-unset' | 'pin-wrong' | 'pin-differs' | 'pin-format' | 'auth-missing';

/** The rules as a pending change with the lead's proof; in force on this tablet at once (withPendingChanges). */
export async function savePolicyChange(policy: Policy): Promise<Result<PolicyChange, LeadChangeError>> {
  if (!leadUnlocked()) return err('enterPin');
  const key = leadKey();
  if (!key) return err('lead-key-missing');
  const device = await loadDevice();
  if (!device) return err('auth-missing');
  const body = { policy, changedAt: new Date().toISOString() };
  const proof = await proveLeadChange(key.pkcs8, { route: 'policy', checkpointId: device.config.checkpoint.id, deviceId: device.deviceId, body });
  const change: PolicyChange = { ...body, proof };
  const latest = (await loadDevice()) ?? device;
  // A new change supersedes an earlier refusal of the same kind: the lead has seen it and acted.
  await saveDevice({ ...latest, pending: { ...latest.pending, policy: change }, refused: { ...latest.refused, policy: undefined } });
  void requestSync();
  return ok(change);
}

/**
 * A new PIN, proven with the key the current PIN unwraps (so an unlocked tablet left on a table does not let anyone
 * change the PIN): the new record wraps that same key, and names the record it replaces, so the server refuses it if
 * the operator has set another PIN meanwhile.
 */
export async function savePinChange(currentPin: string, pin: string, again: string): Promise<Result<LeadPinChange, LeadChangeError>> {
  if (pin !== again) return err('pin-differs');
  const device = await loadDevice();
  if (!device) return err('auth-missing');
  const current = withPendingChanges(device).config.leadPin;
  if (!current) return err('pin-unset');
  if (!(await checkLeadPin(currentPin, current))) return err('pin-wrong');
  if (!current.key) return err('lead-key-missing');
  const pkcs8 = await unwrapForLead(current.key, currentPin, current.iterations);
  if (!pkcs8) return err('pin-wrong');
  const derived = await deriveLeadPin(pin);
  if (!derived.ok) return err(derived.error);
  const leadPin = { ...derived.value, key: await wrapForLead(pkcs8, pin, derived.value.iterations) };
  // A second change before the first reached the server replaces it, against the record the server still has.
  const replaces = device.pending?.pin?.replaces ?? current.hash;
  const body = { leadPin, replaces, changedAt: new Date().toISOString() };
  const proof = await proveLeadChange(pkcs8, { route: 'lead-pin', checkpointId: device.config.checkpoint.id, deviceId: device.deviceId, body });
  const change: LeadPinChange = { ...body, proof };
  const latest: Device = (await loadDevice()) ?? device;
  await saveDevice({ ...latest, pending: { ...latest.pending, pin: change }, refused: { ...latest.refused, pin: undefined } });
  void requestSync();
  return ok(change);
}
