/** An entry the server refuses stays on the tablet, marked and shown, and never blocks the entries behind it. */
import { expect, test } from './support/test.ts';
import { injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';
import { tabletOfflineReady } from './support/offline.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

test('an altered entry is refused by the server and kept; the rest sync', async ({ page, context }) => {
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await tabletOfflineReady(page);
  await context.setOffline(true);
  for (let n = 1; n <= 3; n++) {
    await showCode(page, residentCode(resident(n)));
    await expect(page.locator(`[data-verdict][data-seq="${n}"]`)).toBeVisible();
  }
  // Someone edits entry 2 on the tablet (its verdict: the ID number and name are sealed), without being able to re-sign the chain.
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('kadian');
    open.onsuccess = () => {
      const store = open.result.transaction('entries', 'readwrite').objectStore('entries');
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) { resolve(); return; }
        if ((c.value as { seq: number }).seq === 2) c.update({ ...c.value, verdict: 'stop' });
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    };
  }));

  await context.setOffline(false);
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '0');
  await expect(page.locator('.status .refused')).toContainText('1');
  const entries = await tabletEntries(page);
  expect(entries.map((e) => [e.seq, e.syncState])).toEqual([[1, 'synced'], [2, 'refused'], [3, 'synced']]);
  expect(entries[1]).toMatchObject({ refusedReason: 'entry-hash' });
  const rows = await server.exportedRows();
  expect(rows.map((r) => r.seq).sort()).toEqual(['1', '3']);
});
