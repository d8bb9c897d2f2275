/** The gate as the tablet runs it: the pipeline with the tablet's store, verifier worker and uploader as its parts. */
import { prepareSeal } from '../core/personSeal.ts';
import { readCode } from '../core/scan.ts';
import { appendEntry, lastEntry } from '../store/log.ts';
import { requestSync } from '../sync/scheduler.ts';
import { createGate, type Gate, type GateParts } from './gate.ts';
import { warmKeyPersons } from './keyPersons.ts';
import { noteSaveFailure } from './saveFailure.ts';
import { verifySigned, warmVerifier } from './verifier.ts';
import type { Device } from '../store/device.ts';

/** A valid resident code of nobody in particular (a made-up ID number with a correct check character), decoded once to warm up. */
const WARM_CODE = 'KDR1:DRKW50SJE$96$96RW6JA7GA7QF6$96846U5BK0DOOK2CT%3';

/** The User Timing mark of the moment warmGate has finished: the scan benchmark shows it beside the first code. */
export const GATE_WARM_MARK = 'kadian-gate-warm';

/** What only the screen can give: the state it shows, and the volunteer's answers to its prompts. */
export type ScreenParts = Pick<GateParts, 'device' | 'direction' | 'operator' | 'vehicle' | 'askColour' | 'askHolder' | 'askTemperature' | 'verifierFailed'>;

/** The tablet's gate; `overrides` replace tablet parts (a test's bulk scans request no sync). */
export function tabletGate(screen: ScreenParts, overrides: Partial<GateParts> = {}): Gate {
  return createGate({
    verify: verifySigned,
    append: appendEntry,
    // After the verdict is drawn, not before it: the sync's timing reads its status from IndexedDB, and it waits 1.5 s anyway.
    logged: () => void setTimeout(() => void requestSync(), 0),
    saveFailed: noteSaveFailure,
    nowMs: () => performance.now(),
    ...screen,
    ...overrides,
  });
}

/**
 * Gets the slow first-time work out of the way before the first code: the verifier worker started with the trust
 * list's keys imported, the key-person index built and scrypt run once; says whether the verifier is there (it may not have loaded offline).
 */
export async function warmGate(device: Device): Promise<{ verifier: boolean }> {
  warmKeyPersons(device.config);
  // A sample of each step a resident code takes: the CBOR decoder's first run, the store opened, the sealing key made.
  readCode(WARM_CODE);
  const [verifier] = await Promise.all([
    warmVerifier(device.config.trust).then(() => true, () => false),
    prepareSeal(device.config.sealKey).catch(() => undefined),
    lastEntry(device.deviceId).catch(() => undefined),
  ]);
  performance.mark(GATE_WARM_MARK);
  return { verifier };
}
