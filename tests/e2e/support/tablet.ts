/** What a test reads from the tablet itself: its IndexedDB log, straight from the browser. */
import type { Page } from '@playwright/test';

export interface TabletEntry {
  id: string; deviceId: string; checkpointId: string; seq: number; at: string; personId: string | null; name: string | null;
  /** The ID number and name, sealed to the checkpoint's key: personId and name are then null. */
  sealed?: { epk: string; iv: string; data: string };
  verdict: string; reasons: string[];
  syncState: string; refusedReason?: string; colour: string | null; direction: string; source: string; hash: string; prevHash: string;
}

/** All entries in the tablet's IndexedDB, read with the raw IndexedDB API (not the app's code). */
export function tabletEntries(page: Page): Promise<TabletEntry[]> {
  return page.evaluate(
    () =>
      new Promise<TabletEntry[]>((resolve, reject) => {
        const open = indexedDB.open('kadian');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('entries').objectStore('entries').getAll();
          request.onsuccess = () => { resolve(request.result as TabletEntry[]); open.result.close(); };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Everything the tablet's databases hold, as one text: what a finder of the tablet could read. */
export function tabletDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: unknown[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        dump.push(await new Promise((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        }));
      }
      db.close();
    }
    return JSON.stringify({ dump, localStorage: { ...localStorage } });
  });
}

/** One record of one of the tablet's IndexedDB stores, read with the raw IndexedDB API. */
function readRecord<T>(page: Page, database: string, store: string, key: string): Promise<T> {
  return page.evaluate(
    ([database, store, key]) =>
      new Promise<T>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(store).objectStore(store).get(key);
          request.onsuccess = () => { resolve(request.result as T); open.result.close(); };
          request.onerror = () => reject(request.error);
        };
      }),
    [database, store, key] as const,
  );
}

export interface TabletDevice {
  deviceId: string;
  config: { version: number; keyPersons: { persons: unknown[] }; policy: Record<string, unknown>; leadPin?: { hash: string } | null };
  /** The lead's changes not yet acknowledged by the server (each with the lead's proof). */
  pending?: { policy?: unknown; pin?: unknown };
  /** The last change of each kind the server refused for good. */
  refused?: { policy?: { error: string }; pin?: { error: string } };
  revokedAt?: string;
}

/** Sets fields of the key-person list the tablet holds, as another tab could have left it between a pull and its answer. */
export function changeTabletKeyPersons(page: Page, fields: Record<string, unknown>): Promise<void> {
  return page.evaluate(
    (fields) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('keyval', 'readwrite').objectStore('keyval');
          const read = store.get('kadian-device');
          read.onsuccess = () => {
            const device = read.result as { config: { keyPersons: Record<string, unknown> } };
            Object.assign(device.config.keyPersons, fields);
            const write = store.put(device, 'kadian-device');
            write.onsuccess = () => { resolve(); open.result.close(); };
            write.onerror = () => reject(write.error);
          };
          read.onerror = () => reject(read.error);
        };
      }),
    fields,
  );
}

/** The enrolment the tablet holds (idb-keyval's store). */
export const tabletDevice = (page: Page): Promise<TabletDevice> => readRecord(page, 'keyval-store', 'keyval', 'kadian-device');

/** The config the tablet holds. */
export async function tabletConfig(page: Page): Promise<TabletDevice['config']> {
  return (await tabletDevice(page)).config;
}

/** The sync status every tab shows (the app's `meta` row 'sync'). */
export const tabletSyncStatus = (page: Page): Promise<{ lastError: string | null; failures: number; lastSyncAt: string | null } | undefined> =>
  readRecord(page, 'kadian', 'meta', 'sync');
