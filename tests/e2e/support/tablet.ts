/** What a test reads from the tablet itself: its IndexedDB log, straight from the browser. */
import type { Page } from '@playwright/test';

export interface TabletEntry { seq: number; personId: string | null; verdict: string; syncState: string; refusedReason?: string; colour: string | null; direction: string; source: string; hash: string; prevHash: string }

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

/** The config the tablet holds (idb-keyval's store), read with the raw IndexedDB API. */
export function tabletConfig(page: Page): Promise<{ version: number; keyPersons: { persons: unknown[] }; policy: Record<string, unknown> }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('keyval').objectStore('keyval').get('kadian-device');
          request.onsuccess = () => { resolve((request.result as { config: never }).config); open.result.close(); };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
