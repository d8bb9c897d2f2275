/** This tablet's enrolment (device id, token, checkpoint config), kept with idb-keyval. */
import { get, set } from 'idb-keyval';
import type { LeadPin, LeadPinChange } from '../core/leadWire.ts';
import type { Config, PolicyChange } from '../core/wire.ts';

/** A lead's change the server refused for good (no proof, a wrong one, a PIN replaced meanwhile): shown, never resent. */
export interface RefusedChange {
  /** The tablet's clock when the lead saved it. */
  changedAt: string;
  /** The server's error name, a catalogue key (lead-proof-missing, lead-proof-invalid, lead-pin-stale, …). */
  error: string;
}

export interface Device {
  deviceId: string;
  token: string;
  config: Config;
  /** When the config was last pulled from the server, ISO; the lead sees its age. */
  configAt: string;
  enrolledAt: string;
  /**
   * Changes the lead made on this tablet, each with the lead's proof, in force here at once, sent when the server can be
   * reached. `leadPin` is a PIN record kept by an app from before proofs: it cannot be proven now, and is shown refused.
   */
  pending?: { policy?: PolicyChange; pin?: LeadPinChange; leadPin?: LeadPin };
  /** The last change of each kind the server refused: the lead sees it until making another. */
  refused?: { policy?: RefusedChange | undefined; pin?: RefusedChange | undefined };
  /** When the server said the operator revoked this tablet: it no longer scans or syncs. */
  revokedAt?: string;
}

/** The device as the screens use it: the server's config with the lead's unsent changes on top. */
export function withPendingChanges(device: Device): Device {
  const { policy, pin } = device.pending ?? {};
  return { ...device, config: { ...device.config, ...(policy ? { policy: policy.policy } : {}), ...(pin ? { leadPin: pin.leadPin } : {}) } };
}

const KEY = 'kadian-device';
const CHANNEL = 'kadian-device';

export const loadDevice = (): Promise<Device | undefined> => get<Device>(KEY);

/** Saves the enrolment and tells every screen, in this tab and others, to read it again. */
export async function saveDevice(device: Device): Promise<void> {
  await set(KEY, device);
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Calls `listener` whenever any tab saves the enrolment; returns the unsubscribe. */
export function onDeviceChange(listener: () => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = listener;
  return () => channel.close();
}
