/** Signed health codes end to end: a resident checks in and holds a code; the tablet, offline, verifies it. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { injectCamera, showCode } from './support/camera.ts';
import { openHealthFor, registerOnPhone } from './support/residentPhone.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { forgeColour } from './support/tamper.ts';
import { tabletEntries } from './support/tablet.ts';
import { pageCachedForOffline, tabletOfflineReady } from './support/offline.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

const zhang = resident(11);

async function residentChecksIn(page: Page): Promise<string> {
  // Registered on the phone first (issue #18): the check-in is signed with the phone's credential, by ID number only.
  await registerOnPhone(page, server.url, zhang);
  await openHealthFor(page, server.url, zhang);
  await page.locator('input[name="temperature"]').fill('36.6');
  await page.getByRole('button', { name: '提交打卡' }).click();
  const card = page.locator('.health-card');
  await expect(card).toHaveAttribute('data-colour', 'green');
  await expect(card).toContainText(zhang.name);
  await expect(card).toContainText(`${zhang.id.slice(0, 6)}********${zhang.id.slice(-4)}`);
  return (await card.locator('svg.qr').getAttribute('data-qr'))!;
}

test('a resident checks in, keeps the code offline, and an offline tablet passes it; forged and yellow codes stop', async ({ page, browser, context }) => {
  const code = await residentChecksIn(page);
  expect(code.startsWith('KDH1:')).toBe(true);
  // Kept on the phone: shown again with no network.
  await pageCachedForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.health-card svg.qr')).toHaveAttribute('data-qr', code);
  await context.setOffline(false);

  const yellow = (await server.cli('health-code', '--id', resident(12).id, '--name', resident(12).name, '--colour', 'yellow')).split('\n')[0]!.trim();
  const forged = forgeColour(yellow, 'green');

  const tabletContext = await browser.newContext();
  const gate = await tabletContext.newPage();
  await injectCamera(gate);
  await gate.goto(await server.enrolmentUrl());
  await expect(gate.locator('.checkpoint-name')).toBeVisible();
  await tabletOfflineReady(gate);
  // The gate loses the network: verification is offline, against the trust list it holds.
  await tabletContext.setOffline(true);

  await showCode(gate, code);
  const pass = gate.locator('[data-verdict="pass"][data-seq="1"]');
  await expect(pass).toContainText(zhang.name);
  await expect(pass.locator('[data-colour="green"]')).toBeVisible();

  await showCode(gate, yellow);
  await expect(gate.locator('[data-verdict="stop"][data-seq="2"]')).toContainText('黄码');

  await showCode(gate, forged);
  await expect(gate.locator('[data-verdict="stop"][data-seq="3"]')).toContainText('签名无效');

  // A health code, then at once a resident code of someone else: check.
  await showCode(gate, residentCode(resident(13)));
  await expect(gate.locator('[data-verdict="check"][data-seq="4"]')).toContainText('不是同一人');
  // A check waits for the volunteer: the next code is taken once they tap on.
  await gate.locator('.verdict-continue').click();
  // A health code, then the same person's resident code: a pair that matches.
  await showCode(gate, code);
  await expect(gate.locator('[data-verdict="pass"][data-seq="5"]')).toBeVisible();
  await showCode(gate, residentCode(zhang));
  await expect(gate.locator('[data-verdict="pass"][data-seq="6"]')).toContainText(zhang.name);

  const entries = await tabletEntries(gate);
  expect(entries.map((e) => [e.source, e.verdict, e.colour])).toEqual([
    ['KDH1', 'pass', 'green'], ['KDH1', 'stop', 'yellow'], ['KDH1', 'stop', 'green'], ['KDR1', 'check', null], ['KDH1', 'pass', 'green'], ['KDR1', 'pass', null],
  ]);
  await tabletContext.setOffline(false);
  await expect(gate.locator('.status')).toHaveAttribute('data-waiting', '0');
  await tabletContext.close();
});
