/** A queue that never pauses: the upload waits for a gap between people, but not for the queue's end, and runs off the page. */
import { expect, test } from './support/test.ts';
import { showCode } from './support/camera.ts';
import { enrolTablet } from './support/gateSession.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

/**
 * Far more scans than fit in the 10 s an upload may wait at a queue, however fast this machine scans: a scheduler that
 * waited for the queue to end would upload none of them before the last.
 */
const QUEUE = 120;

test('at a queue with no gap, entries reach the server while it goes on, uploaded by the sync worker', async ({ page }) => {
  await enrolTablet(page, server);
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '0');

  let scanned = 0;
  let synced = 0;
  // Each next code is shown as soon as the verdict before it is up: no gap for the sync to wait for.
  while (scanned < QUEUE && synced === 0) {
    scanned++;
    await showCode(page, residentCode(resident(200 + scanned)));
    await expect(page.locator(`[data-verdict][data-seq="${scanned}"]`)).toBeVisible();
    synced = (await tabletEntries(page)).filter((e) => e.syncState === 'synced').length;
  }
  await showCode(page, null);
  expect(synced, `none of ${scanned} entries was uploaded during the queue`).toBeGreaterThan(0);
  expect(scanned).toBeLessThan(QUEUE);

  // The page only asked: the upload itself ran in the worker, off the main thread that draws the verdicts.
  expect(page.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(expect.stringMatching(/\/sync\.worker-[\w-]+\.js$/));
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '0');
  expect(await server.exportedRows()).toHaveLength(scanned);
});
