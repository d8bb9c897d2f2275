/** A scan at the gate: judge it by the checkpoint's policy and log it, before any verdict is shown. */
import type { Direction } from '../core/entry.ts';
import type { Reading } from '../core/scan.ts';
import { judge, type Judgement } from '../core/verdict.ts';
import type { StoredEntry } from '../store/db.ts';
import type { Device } from '../store/device.ts';
import { appendEntry } from '../store/log.ts';

export type GateOutcome =
  | { saved: true; judgement: Judgement; reading: Reading; entry: StoredEntry }
  | { saved: false; judgement: Judgement; reading: Reading; error: string };

/** Logs the scan and returns what the volunteer sees. A scan that could not be saved never shows a pass. */
export async function recordScan(device: Device, reading: Reading, direction: Direction): Promise<GateOutcome> {
  const judgement = judge(reading, device.config.policy);
  const resident = reading.kind === 'identity' ? reading.resident : undefined;
  try {
    const entry = await appendEntry({
      deviceId: device.deviceId,
      checkpointId: device.config.checkpoint.id,
      at: new Date().toISOString(),
      direction,
      source: reading.kind === 'unknown' ? 'unknown' : reading.source,
      personId: resident?.id ?? null,
      name: resident?.name || null,
      colour: null,
      temperature: null,
      verdict: judgement.verdict,
      reasons: judgement.reasons,
      operator: null,
    });
    return { saved: true, judgement, reading, entry };
  } catch (e) {
    // Dexie re-wraps IndexedDB errors but keeps their names.
    const error = (e as { name?: unknown } | null)?.name === 'QuotaExceededError' ? 'save-quota' : 'save-failed';
    return { saved: false, judgement: { verdict: 'stop', reasons: [error] }, reading, error };
  }
}
