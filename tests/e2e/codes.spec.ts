/**
 * Issue #18 at the gate: a code revoked when its holder's colour worsens reaches an offline tablet with its next config
 * pull; two people whose masked ID numbers look alike are told apart by the birth date the verdict shows.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { dismissVerdict, showCode } from './support/camera.ts';
import { enrolTablet } from './support/gateSession.ts';
import { tabletOfflineReady } from './support/offline.ts';
import { checkInOnPhone, PHONE, registerOnPhone } from './support/residentPhone.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
const contexts: BrowserContext[] = [];
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterEach(async () => { for (const context of contexts.splice(0)) await context.close(); });
test.afterAll(async () => { await server?.stop(); });

async function newPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

test('a fever check-in revokes the morning\'s green code: an offline tablet stops it after its next config pull', async ({ browser }) => {
  const person = resident(111);
  const phone = await newPage(browser, PHONE);
  await registerOnPhone(phone, server.url, person);
  const morning = await checkInOnPhone(phone, server.url, person, '36.6', 'green');

  const gate = await newPage(browser, { width: 1280, height: 800 });
  await enrolTablet(gate, server);
  await showCode(gate, morning);
  await expect(gate.locator('[data-verdict="pass"][data-seq="1"]')).toContainText(person.name);
  await dismissVerdict(gate, 1);

  // The same day, a fever: the phone gets a red code, and the server revokes the green one.
  await checkInOnPhone(phone, server.url, person, '38.6', 'red');

  // The tablet syncs once (its config pull brings the revocation), then works without a network.
  await gate.getByRole('button', { name: '立即同步' }).click();
  await expect(gate.locator('[data-sync-attempt="syncDone"]')).toBeVisible();
  await tabletOfflineReady(gate);
  await gate.context().setOffline(true);
  // Someone else between the two: the camera's repeat filter takes the green code shown again as a new scan.
  await showCode(gate, residentCode(resident(112)));
  await expect(gate.locator('[data-verdict][data-seq="2"]')).toBeVisible();
  await dismissVerdict(gate, 2);
  await showCode(gate, morning);
  const stop = gate.locator('[data-verdict="stop"][data-seq="3"]');
  await expect(stop).toContainText('已被撤销');
  await expect(stop).toContainText(person.name);
});

test('two people whose masked ID numbers look alike: the verdict shows each one\'s birth date', async ({ browser }) => {
  // The same region, the same last four characters: both show as 110105********002X.
  const red = { id: '11010519491231002X', name: '张红' };
  const green = { id: '11010519900306002X', name: '张绿' };
  const codeOf = async (person: { id: string; name: string }, colour: string) =>
    (await server.cli('health-code', '--id', person.id, '--name', person.name, '--colour', colour)).split('\n')[0]!.trim();
  const gate = await newPage(browser, { width: 1280, height: 800 });
  await enrolTablet(gate, server);
  await showCode(gate, await codeOf(green, 'green'));
  const first = gate.locator('[data-verdict="pass"][data-seq="1"]');
  await expect(first.locator('[data-born]')).toHaveAttribute('data-born', '1990-03-06');
  await expect(first).toContainText('出生 1990-03-06');
  const masked = await first.locator('.verdict-id').first().textContent();
  await dismissVerdict(gate, 1);
  // The red one's resident code with the green one's health code: the check shows both, and their birth dates differ.
  await showCode(gate, residentCode(red));
  const both = gate.locator('[data-verdict][data-seq="2"]');
  await expect(both.locator('[data-born="1949-12-31"]')).toBeVisible();
  await expect(both.locator('[data-born="1990-03-06"]')).toBeVisible();
  for (const id of await both.locator('.verdict-id:not(.verdict-born)').allTextContents()) expect(id).toBe(masked);
});
