/** A scan at the gate: judge it by the checkpoint's policy and log it, before any verdict is shown. */
import type { Direction, Source } from '../core/entry.ts';
import type { Reading } from '../core/scan.ts';
import { judge, withPairing, type Judgement } from '../core/verdict.ts';
import type { StoredEntry } from '../store/db.ts';
import type { Device } from '../store/device.ts';
import { appendEntry } from '../store/log.ts';

export type GateOutcome =
  | { saved: true; judgement: Judgement; reading: Reading; entry: StoredEntry }
  | { saved: false; judgement: Judgement; reading: Reading; error: string };

function sourceOf(reading: Reading): Source {
  if (reading.kind === 'unknown') return 'unknown';
  return reading.kind === 'signed' ? reading.code.kind : reading.source;
}

/** Who the entry is about, from whatever the reading carries. */
function personOf(reading: Reading): { personId: string | null; name: string | null } {
  if (reading.kind === 'identity') return { personId: reading.resident.id, name: reading.resident.name || null };
  if (reading.kind === 'signed' && reading.code.subject) return { personId: reading.code.subject.id ?? null, name: reading.code.subject.name.slice(0, 64) || null };
  return { personId: null, name: null };
}

function colourOf(reading: Reading): StoredEntry['colour'] {
  if (reading.kind === 'signed') return reading.code.colour;
  return reading.kind === 'unknown' ? reading.seenColour ?? null : null;
}

/**
 * Logs the scan and returns what the volunteer sees. `pairedPersonId` is the ID number of the
 * code shown just before, to be compared. A scan that could not be saved never shows a pass.
 */
export async function recordScan(device: Device, reading: Reading, direction: Direction, pairedPersonId?: string): Promise<GateOutcome> {
  const person = personOf(reading);
  const judgement = withPairing(judge(reading, device.config.policy), person.personId ?? undefined, pairedPersonId);
  try {
    const entry = await appendEntry({
      deviceId: device.deviceId,
      checkpointId: device.config.checkpoint.id,
      at: new Date().toISOString(),
      direction,
      source: sourceOf(reading),
      ...person,
      colour: colourOf(reading),
      temperature: null,
      verdict: judgement.verdict,
      reasons: judgement.reasons.slice(0, 16),
      operator: null,
    });
    return { saved: true, judgement, reading, entry };
  } catch (e) {
    // Dexie re-wraps IndexedDB errors but keeps their names.
    const error = (e as { name?: unknown } | null)?.name === 'QuotaExceededError' ? 'save-quota' : 'save-failed';
    return { saved: false, judgement: { verdict: 'stop', reasons: [error] }, reading, error };
  }
}
