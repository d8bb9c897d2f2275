/** Faults between the tablet and the server: the server killed mid-batch, replies lost, errors, a crawling server, a batch sent twice. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { expectAgreement, serverEntries } from './support/agreement.ts';
import { scanInPage } from './support/bulkScan.ts';
import { injectCamera, scanResident as scan } from './support/camera.ts';
import { FaultProxy } from './support/faultProxy.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries, tabletSyncStatus } from './support/tablet.ts';
import { tabletOfflineReady } from './support/offline.ts';

let server: TestServer;
let proxy: FaultProxy;
test.beforeAll(async () => {
  server = await TestServer.start();
  proxy = await FaultProxy.start(server.port);
});
test.beforeEach(() => proxy.reset());
test.afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

/** A fresh tablet, enrolled through the proxy: the app talks to the origin it was loaded from, so every call goes through it. */
async function enrolThroughProxy(page: Page): Promise<void> {
  await injectCamera(page);
  await page.goto(proxy.via(await server.enrolmentUrl()));
  await expect(page.locator('.checkpoint-name')).toBeVisible();
}

const status = (page: Page) => page.locator('.status');

test('the server killed (SIGKILL) with a batch half received, and restarted: every entry arrives once', async ({ page, context }) => {
  test.setTimeout(240_000);
  await enrolThroughProxy(page);
  await scan(page, 1, 1);
  await expect(status(page)).toHaveAttribute('data-waiting', '0');
  await tabletOfflineReady(page);

  // 1,199 more while offline: three batches of up to 500 when the network is back.
  await context.setOffline(true);
  proxy.reset();
  const codes = Array.from({ length: 1199 }, (_, i) => residentCode(resident(100 + (i % 800))));
  expect(await scanInPage(page, codes)).toHaveLength(1199);
  proxy.next.push({ kind: 'forward' }, { kind: 'stall-body' });
  await context.setOffline(false);

  // The first batch is stored; the second is inside the server, half read, when the process dies.
  await expect.poll(() => proxy.pushes.map((p) => p.outcome), { timeout: 60_000 }).toEqual(['answered', 'stalled']);
  expect((await serverEntries(server, (await tabletEntries(page))[0]!.deviceId)).length).toBe(501);
  await server.stop('SIGKILL');
  await expect(status(page)).toHaveAttribute('data-online', 'false', { timeout: 60_000 });
  expect(proxy.pushes[1]!.outcome).toBe('upstream-failed');

  await server.restart();
  await expectAgreement(page, server, { count: 1200, timeout: 120_000 });
  await expect(status(page)).toHaveAttribute('data-online', 'true');
});

test('the reply lost after the server committed: the tablet sends again, the server keeps one copy', async ({ page }) => {
  await enrolThroughProxy(page);
  proxy.next.push({ kind: 'drop-reply' });
  for (let n = 1; n <= 3; n++) await scan(page, 200 + n, n);

  await expect.poll(() => proxy.pushes[0]?.outcome).toBe('dropped');
  // The server has what the tablet still counts as waiting; the retry brings it again.
  const dropped = proxy.pushes[0]!.seqs;
  expect(dropped.length).toBeGreaterThan(0);
  await expectAgreement(page, server, { count: 3 });
  const posted = proxy.postedSeqs();
  for (const seq of dropped) expect(posted.filter((s) => s === seq), `seq ${seq} was posted again after its reply was lost`).toHaveLength(2);
});

test('a scan made at the end of a sync goes up right after it, not at the next period', async ({ page }) => {
  await enrolThroughProxy(page);
  await expect(status(page)).toHaveAttribute('data-online', 'true');
  // The config pull comes after the pushes: a scan while it is held is one the sync that runs has already looked past.
  proxy.delayPath = /\/api\/v1\/config/;
  await scan(page, 201, 1);
  await expect.poll(() => proxy.pushes.map((p) => p.seqs)).toEqual([[1]]);
  // The scan asks for a sync in 1.5 s; the held sync ends first and sets the next period (30–90 s), which must not
  // replace that wake: 15 s is a ceiling far below the period, not a measure of speed.
  await scan(page, 202, 2);
  proxy.release();
  await expect.poll(() => proxy.pushes.map((p) => p.seqs), { timeout: 15_000 }).toEqual([[1], [2]]);
  await expectAgreement(page, server, { count: 2 });
});

test('500 and 503 for a while: the status line says so, nothing is stored half-way, all arrive once after', async ({ page }) => {
  await enrolThroughProxy(page);
  await scan(page, 301, 1);
  await expect(status(page)).toHaveAttribute('data-waiting', '0');

  // A reverse proxy's 503 page (HTML) means the server is out of reach: offline.
  proxy.fault = { kind: 'status', status: 503, contentType: 'text/html', body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' };
  await scan(page, 302, 2);
  await expect(status(page)).toHaveAttribute('data-online', 'false');
  await expect(status(page)).toHaveAttribute('data-waiting', '1');

  // The server's own 500 is JSON: the tablet is online, and names the error.
  proxy.fault = {
    kind: 'status', status: 500, contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: 'server-error', message: 'Server error: try again later', messageZh: '服务器内部错误，请稍后重试' }),
  };
  await scan(page, 303, 3);
  await expect(status(page).locator('.error')).toContainText('服务器内部错误');
  await expect(status(page)).toHaveAttribute('data-online', 'true');
  await expect(status(page)).toHaveAttribute('data-waiting', '2');
  expect(proxy.pushes.some((p) => p.status === 503) && proxy.pushes.some((p) => p.status === 500)).toBe(true);

  proxy.fault = { kind: 'forward' };
  await expectAgreement(page, server, { count: 3 });
  await expect(status(page).locator('.error')).toBeHidden();
});

test('a proxy with a smaller body limit (413): the tablet halves its batches until they pass; an empty reply is no acknowledgement', async ({ page, context }) => {
  test.setTimeout(180_000);
  await enrolThroughProxy(page);
  await scan(page, 400, 1);
  await expect(status(page)).toHaveAttribute('data-waiting', '0');
  await tabletOfflineReady(page);

  await context.setOffline(true);
  expect(await scanInPage(page, Array.from({ length: 40 }, (_, i) => residentCode(resident(401 + i))))).toHaveLength(40);
  proxy.reset();
  // First a server (or a broken middlebox) that answers 200 with nothing in it, then a proxy that takes 16 entries at most.
  proxy.next.push({ kind: 'status', status: 200, contentType: 'application/json', body: JSON.stringify({ results: [], serverTime: new Date().toISOString() }) });
  proxy.fault = { kind: 'too-large', maxEntries: 16 };
  await context.setOffline(false);

  // The tablet retries on its own soon after, so "40 waiting" may have passed already: the proxy's log below shows them kept.
  await expect(status(page).locator('.error')).toContainText('服务器未确认');
  await expectAgreement(page, server, { count: 41 });
  const [empty, ...rest] = proxy.pushes;
  expect(empty).toMatchObject({ status: 200, outcome: 'answered' });
  expect(empty!.seqs).toHaveLength(40);
  // 40 is refused, 20 is refused, then batches of 10 pass, and stay that size.
  expect(rest.map((p) => [p.seqs.length, p.status])).toEqual([[40, 413], [20, 413], [10, 200], [10, 200], [10, 200], [10, 200]]);
  expect(rest.filter((p) => p.status === 200).flatMap((p) => p.seqs)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
});

test('a server slower than the request time limit: offline by itself, back when it is fast again', async ({ page }) => {
  test.setTimeout(180_000);
  await enrolThroughProxy(page);
  await scan(page, 401, 1);
  await expect(status(page)).toHaveAttribute('data-online', 'true');

  proxy.fault = { kind: 'delay-reply', ms: 20_000 };
  await scan(page, 402, 2);
  await expect(status(page)).toHaveAttribute('data-online', 'false', { timeout: 60_000 });
  expect((await tabletSyncStatus(page))?.lastError).toBe('sync-timeout');
  // The browser itself was online all along: the tablet decided this on its own.
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);

  proxy.fault = { kind: 'forward' };
  await expect(status(page)).toHaveAttribute('data-online', 'true', { timeout: 60_000 });
  await expectAgreement(page, server, { count: 2 });
});

test('the same batch sent twice at once: stored once', async ({ page }) => {
  await enrolThroughProxy(page);
  proxy.next.push({ kind: 'twice' });
  for (let n = 1; n <= 3; n++) await scan(page, 500 + n, n);
  await expectAgreement(page, server, { count: 3 });
  expect(proxy.pushes[0]).toMatchObject({ fault: 'twice', outcome: 'answered', status: 200 });
});
