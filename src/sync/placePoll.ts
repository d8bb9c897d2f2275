/** The place's count from the server: after each sync, and every few seconds while a place with several gates is open on screen. */
import { loadDevice } from '../store/device.ts';
import { heardCount, placeTally } from '../store/placeTally.ts';
import { pullPlaceCount } from './api.ts';

/** Asks for the count and keeps it; says whether it came (failures are the sync's to report, not this help's). */
export async function refreshPlaceCount(token: string): Promise<boolean> {
  const reply = await pullPlaceCount(token);
  if (reply.ok) await heardCount(reply.value);
  return reply.ok;
}

/**
 * One poll: only for a place with more than one gate (one gate's own log and its sync replies say all there is to
 * know), and never for a revoked tablet.
 */
export async function pollPlaceCount(): Promise<void> {
  const [device, tally] = await Promise.all([loadDevice(), placeTally()]);
  if (!device || device.revokedAt || (tally.server && tally.server.gates < 2)) return;
  await refreshPlaceCount(device.token);
}
