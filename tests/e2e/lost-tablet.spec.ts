/** A lost tablet: synced entries are wiped after the operator's retention, and a revoked tablet wipes what the server has and stops. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { verifyChain } from '../../src/core/chain.ts';
import { serverEntries } from './support/agreement.ts';
import { dismissVerdict, injectCamera, showCode } from './support/camera.ts';
import { setSkew, skewClock } from './support/clock.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletDevice, tabletEntries } from './support/tablet.ts';
import { enterPin } from './support/gateSession.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

async function scan(page: Page, n: number, seq: number): Promise<void> {
  await showCode(page, residentCode(resident(n)));
  await dismissVerdict(page, seq);
  await showCode(page, null);
}

const syncStates = async (page: Page) => (await tabletEntries(page)).map((e) => [e.seq, e.syncState]);

test('synced entries older than the retention are wiped; the chain goes on from the newest, and the server keeps all', async ({ page }) => {
  await server.cli('policy', '--retention-days', '2');
  await injectCamera(page);
  // The first scans are made three days ago (the server accepts past times; a clock days ahead it refuses). Only the
  // page's clock is set back: the uploader runs in its worker, which Playwright's init scripts do not reach.
  await skewClock(page, -72);
  await page.goto(await server.enrolmentUrl());
  for (let n = 1; n <= 3; n++) await scan(page, n, n);
  // Synced, they are older than the retention: wiped, except the chain's head.
  await expect.poll(() => syncStates(page)).toEqual([[3, 'synced']]);

  // Entries of today stay once synced; the old head goes when a newer entry is synced, and 4 links to it.
  await setSkew(page, 0);
  await scan(page, 4, 4);
  await scan(page, 5, 5);
  await expect.poll(() => syncStates(page)).toEqual([[4, 'synced'], [5, 'synced']]);
  const rows = await server.exportedRows();
  expect(rows.map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5']);
  expect(rows.map((r) => r.id_number)).toEqual([1, 2, 3, 4, 5].map((n) => resident(n).id));
  // The entry written after the wipe links to the one kept: the server's chain is whole.
  const { deviceId } = (await tabletEntries(page))[0]!;
  expect(await verifyChain(await serverEntries(server, deviceId))).toEqual([]);
});

test('a revoked tablet wipes what the server has, keeps what it does not, and stops scanning', async ({ page }) => {
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await scan(page, 11, 1);
  await scan(page, 12, 2);
  await expect.poll(() => syncStates(page)).toEqual([[1, 'synced'], [2, 'synced']]);
  const { deviceId } = (await tabletEntries(page))[0]!;

  await server.cli('devices', 'revoke', deviceId);
  await showCode(page, residentCode(resident(13)));
  await expect(page.locator('[data-revoked]')).toBeVisible();
  await expect(page.locator('[data-revoked] [role="alert"]')).toContainText('撤销');
  // Entry 3 never reached the server: it stays, sealed; 1 and 2 are on the server and gone from the tablet.
  const left = await tabletEntries(page);
  expect(left.map((e) => [e.seq, e.syncState])).toEqual([[3, 'pending']]);
  expect(left[0]!.personId).toBeNull();
  expect(left[0]!.sealed).toEqual({ epk: expect.stringMatching(/^[A-Za-z0-9+/]{87}=$/), iv: expect.stringMatching(/^[A-Za-z0-9+/]{16}$/), data: expect.any(String) });
  expect((await server.exportedRows()).filter((r) => r.device === deviceId).map((r) => r.seq)).toEqual(['1', '2']);
  expect(server.output).toMatch(/refused: device-revoked/);

  // A reload keeps it withdrawn: no camera, no scans.
  await page.reload();
  await expect(page.locator('[data-revoked]')).toBeVisible();
  await expect(page.locator('.camera')).toHaveCount(0);

  // Returned to the operator, it enrols again; the old chain's unsent entry stays beside the new one.
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await scan(page, 14, 1);
  await expect.poll(async () => (await tabletEntries(page)).map((e) => [e.deviceId === deviceId ? 'revoked' : 'new', e.seq, e.syncState]).sort())
    .toEqual([['new', 1, 'synced'], ['revoked', 3, 'pending']]);
});

async function unlock(page: Page, pin: string): Promise<void> {
  await enterPin(page, pin);
  await expect(page.locator('[data-lead="unlocked"]')).toBeVisible();
}

test("the lead's PIN opens the sealed log; a new PIN set on the tablet wraps the key again and reaches the server", async ({ page }) => {
  await server.cli('lead-pin', 'set', '2468');
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await scan(page, 21, 1);

  await page.getByRole('button', { name: '负责人' }).click();
  await unlock(page, '2468');
  await page.getByRole('tab', { name: '记录' }).click();
  await expect(page.locator('.log-row[data-seq="1"] .log-name')).toContainText(resident(21).name);

  await page.getByRole('tab', { name: '设置' }).click();
  await page.locator('input[name="currentPin"]').fill('2468');
  await page.locator('input[name="pin"]').fill('135790');
  await page.locator('input[name="pinAgain"]').fill('135790');
  await page.locator('.change-pin').getByRole('button', { name: '保存' }).click();
  await expect(page.locator('[data-message="pinChanged"]')).toBeVisible();
  // The server gets the new record with the key wrapped again, for every tablet of the checkpoint.
  // Once acknowledged, the tablet's config is the server's answer: the unlock below uses what the server keeps.
  await expect.poll(async () => (await tabletDevice(page)).pending?.pin).toBeUndefined();

  // A reload locks (the page stays on lead mode's PIN pad); the old PIN no longer opens, the new one opens the log.
  await page.reload();
  for (const d of '2468') await page.locator('.pin-pad').getByRole('button', { name: d, exact: true }).click();
  await page.locator('.pin-pad').getByRole('button', { name: '确认' }).click();
  await expect(page.locator('.pin-pad .error')).toHaveAttribute('data-error', 'pin-wrong');
  await unlock(page, '135790');
  await page.getByRole('tab', { name: '记录' }).click();
  await expect(page.locator('.log-row[data-seq="1"] .log-name')).toContainText(resident(21).name);
});
