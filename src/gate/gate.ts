/** A scan at the gate: judge it by the checkpoint's policy and log it, before any verdict is shown. */
import type { Direction, Source } from '../core/entry.ts';
import { keyPersonIndex, type KeyPersonIndex } from '../core/keyPersons.ts';
import type { KeyPersonList } from '../core/leadWire.ts';
import type { Reading } from '../core/scan.ts';
import { judgeAtGate, type Judgement } from '../core/verdict.ts';
import type { StoredEntry } from '../store/db.ts';
import type { Device } from '../store/device.ts';
import { dayFigures } from '../store/figures.ts';
import { appendEntry } from '../store/log.ts';
import { noteSaveFailure } from './saveFailure.ts';

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
 * Logs the scan and returns what the volunteer sees. A scan that could not be saved never shows a pass.
 */
/** The key-person lookup for the list in force, built once per list (the list may hold many thousands). */
let keyPersons: { list: KeyPersonList; index: KeyPersonIndex } | undefined;
function keyPersonsOf(list: KeyPersonList): KeyPersonIndex {
  if (keyPersons?.list !== list) keyPersons = { list, index: keyPersonIndex(list) };
  return keyPersons.index;
}

/**
 * Dexie keeps an IndexedDB error's name, except when the disk fills at commit: the transaction aborts and Dexie's
 * AbortError carries the QuotaExceededError as `inner`.
 */
function isQuotaError(e: unknown): boolean {
  const error = e as { name?: unknown; inner?: unknown } | null;
  return error?.name === 'QuotaExceededError' || (error?.inner != null && isQuotaError(error.inner));
}

export interface ScanCircumstances {
  direction: Direction;
  /** The ID number of the code shown just before, when it pairs with this one. */
  pairedPersonId?: string | undefined;
  /** Taken at the gate, when the policy asks for it. */
  temperature?: number | null;
}

export async function recordScan(device: Device, reading: Reading, { direction, pairedPersonId, temperature = null }: ScanCircumstances): Promise<GateOutcome> {
  const person = personOf(reading);
  const personId = person.personId ?? undefined;
  const [{ inside }, keyPerson] = await Promise.all([dayFigures(), personId ? keyPersonsOf(device.config.keyPersons).find(personId) : undefined]);
  const gate = { direction, inside, personId, pairedPersonId, temperature, ...(keyPerson ? { keyPerson } : {}) };
  const judgement = judgeAtGate(reading, device.config.policy, gate);
  try {
    const entry = await appendEntry({
      deviceId: device.deviceId,
      checkpointId: device.config.checkpoint.id,
      at: new Date().toISOString(),
      direction,
      source: sourceOf(reading),
      ...person,
      colour: colourOf(reading),
      temperature,
      verdict: judgement.verdict,
      reasons: judgement.reasons.slice(0, 16),
      operator: null,
    }, device.config.sealKey);
    return { saved: true, judgement, reading, entry };
  } catch (e) {
    const error = isQuotaError(e) ? 'save-quota' : 'save-failed';
    noteSaveFailure(error);
    return { saved: false, judgement: { verdict: 'stop', reasons: [error] }, reading, error };
  }
}
