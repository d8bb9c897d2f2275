/** The console's live alerts between server processes: NOTIFY kadian_alerts on PostgreSQL, heard by every other process. */
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../core/consoleOps.ts';
import { MAX_NOTICE_BYTES } from '../storage/notices.ts';
import type { SharedStorage, Storage } from '../storage/storage.ts';
import type { AlertBus } from './alertHub.ts';
import { alertWire } from './alerts.ts';

/** One notice: the sending process, and its alerts whole, or (an alert too large for a notice) their ids to read. */
type Notice = { from: string; alerts: Alert[] } | { from: string; ids: string[] };

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/**
 * The alerts as few notices as fit PostgreSQL's payload limit; an alert that fits none alone goes by its id. Each alert
 * is measured once (a notice is its fixed part, then the items and the commas between them).
 */
export function noticesOf(from: string, alerts: readonly Alert[], limit = MAX_NOTICE_BYTES): Notice[] {
  const notices: Notice[] = [];
  const wholeBase = bytes({ from, alerts: [] });
  const idsBase = bytes({ from, ids: [] });
  let whole: Alert[] = [];
  let wholeBytes = wholeBase;
  let ids: string[] = [];
  let idsBytes = idsBase;
  for (const alert of alerts) {
    const size = bytes(alert);
    if (wholeBase + size > limit) {
      const idSize = bytes(alert.id);
      if (ids.length > 0 && idsBytes + 1 + idSize > limit) {
        notices.push({ from, ids });
        ids = [];
        idsBytes = idsBase;
      }
      idsBytes += (ids.length > 0 ? 1 : 0) + idSize;
      ids.push(alert.id);
      continue;
    }
    if (whole.length > 0 && wholeBytes + 1 + size > limit) {
      notices.push({ from, alerts: whole });
      whole = [];
      wholeBytes = wholeBase;
    }
    wholeBytes += (whole.length > 0 ? 1 : 0) + size;
    whole.push(alert);
  }
  if (whole.length > 0) notices.push({ from, alerts: whole });
  if (ids.length > 0) notices.push({ from, ids });
  return notices;
}

type Log = { error(details: object, message: string): void };

/**
 * Every process sends as itself (a random id): it has given its alerts to its own streams already, so it skips its own
 * notices when they come back, and delivers each alert once. Alerts sent by id are read back from the table.
 */
export function alertBus(storage: Storage, shared: SharedStorage, log: Log): AlertBus {
  const self = randomUUID();
  const readBack = async (ids: readonly string[]): Promise<Alert[]> => {
    const read: Alert[] = [];
    for (const id of ids) {
      const record = await storage.getAlert(id);
      const checkpoint = record && (await storage.getCheckpointRecord(record.checkpointId));
      if (record && checkpoint) read.push(alertWire(record, checkpoint));
    }
    return read;
  };
  return {
    send(alerts) {
      for (const notice of noticesOf(self, alerts)) {
        shared.notify('kadian_alerts', JSON.stringify(notice)).catch((error: unknown) => log.error({ err: error }, 'alerts: could not notify the other server processes'));
      }
    },
    listen(deliver) {
      return shared.listen('kadian_alerts', (payload) => {
        const notice = JSON.parse(payload) as Notice;
        if (notice.from === self) return;
        if ('alerts' in notice) deliver(notice.alerts);
        else readBack(notice.ids).then(deliver, (error: unknown) => log.error({ err: error }, 'alerts: could not read the alerts another process announced'));
      }, (error) => log.error({ err: error }, 'alerts: the connection listening to the other server processes was lost; making it again'));
    },
  };
}
