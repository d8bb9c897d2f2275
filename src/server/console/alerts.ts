/** Which entries alert the console (key-person hits, stops, a full place), the alerts the push makes of them, and their wire form. */
import { randomBytes } from 'node:crypto';
import type { Alert, AlertKind } from '../../core/consoleOps.ts';
import type { Entry } from '../../core/entry.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { AlertRecord, NewAlert } from '../storage/alerts.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import type { Storage } from '../storage/storage.ts';
import type { AlertHub } from './alertHub.ts';

/** The gate's reason for a key-person hit (core/verdict.ts judgeAtGate), beside `kp-<category>`. */
const KEY_PERSON = 'key-person';
/** The gate's reason for a full place: an entry stopped by the capacity rule alone is a capacity alert, not a stop. */
const CAPACITY_FULL = 'capacity-full';

/**
 * The kinds of alert an entry makes: none for most, so only the few alerting entries cost the push anything. None for a
 * follow-up (处置): the stop or check it follows already alerted, and a 劝返 is no second stop.
 */
export function alertKindsOf(entry: Pick<Entry, 'verdict' | 'reasons' | 'followUp'>): AlertKind[] {
  if (entry.followUp !== undefined) return [];
  const kinds: AlertKind[] = [];
  if (entry.reasons.includes(KEY_PERSON)) kinds.push('key-person');
  // A stop for another reason too (fever, a red code beside a full place) is a stop as well.
  if (entry.verdict === 'stop' && !(entry.reasons.length > 0 && entry.reasons.every((r) => r === CAPACITY_FULL))) kinds.push('stop');
  if (entry.reasons.includes(CAPACITY_FULL)) kinds.push('capacity');
  return kinds;
}

/** The name and the masked ID number, as a gate screen shows them; never the whole ID number. */
export function maskedPerson(entry: Pick<Entry, 'personId' | 'name'>): string | null {
  const parts = [entry.name, entry.personId === null ? null : maskIdNumber(entry.personId)].filter((p): p is string => p !== null && p !== '');
  return parts.length === 0 ? null : parts.join(' ');
}

const newAlertId = (): string => `al-${randomBytes(12).toString('base64url')}`;

export function alertsOf(entries: readonly Entry[], receivedAt: string): NewAlert[] {
  return entries.flatMap((e) => alertKindsOf(e).map((kind): NewAlert => ({
    id: newAlertId(), kind, checkpointId: e.checkpointId, deviceId: e.deviceId, seq: e.seq, at: e.at, receivedAt,
    reasons: e.reasons, colour: e.colour, person: maskedPerson(e),
  })));
}

export function alertWire(alert: NewAlert | AlertRecord, checkpoint: CheckpointRecord): Alert {
  return {
    id: alert.id, kind: alert.kind, at: alert.at, receivedAt: alert.receivedAt,
    checkpointId: alert.checkpointId, checkpointName: checkpoint.name, placeId: checkpoint.placeId, placeName: checkpoint.placeName,
    areaIds: checkpoint.areaIds, areaNames: checkpoint.areaPath, reasons: alert.reasons, colour: alert.colour, person: alert.person,
    acknowledgedAt: 'acknowledgedAt' in alert ? alert.acknowledgedAt : null, acknowledgedBy: 'acknowledgedBy' in alert ? alert.acknowledgedBy : null,
  };
}

/**
 * Called by the push after the insert with the entries it stored or found already stored: a duplicate too, so a batch
 * re-sent after a crash between the insert and this still makes its alerts (the table keeps one per entry and kind,
 * and gives back only the ones new now). The new ones go to the open consoles.
 */
export async function raiseAlerts(storage: Storage, hub: AlertHub | null, entries: readonly Entry[], receivedAt: string): Promise<void> {
  const candidates = alertsOf(entries, receivedAt);
  if (candidates.length === 0) return;
  const made = await storage.recordAlerts(candidates);
  if (made.length === 0 || hub === null || !hub.wanted) return;
  const checkpoints = new Map<string, CheckpointRecord | null>();
  const wire: Alert[] = [];
  for (const alert of made) {
    if (!checkpoints.has(alert.checkpointId)) checkpoints.set(alert.checkpointId, await storage.getCheckpointRecord(alert.checkpointId));
    const checkpoint = checkpoints.get(alert.checkpointId);
    if (checkpoint) wire.push(alertWire(alert, checkpoint));
  }
  hub.publish(wire);
}
