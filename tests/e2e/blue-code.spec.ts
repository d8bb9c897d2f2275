/** Issue #18, a fourth colour by configuration: blue (蓝码) is checked and not offered until a checkpoint's rules name it. */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { showCode } from './support/camera.ts';
import { enrolTablet } from './support/gateSession.ts';
import { resident } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletConfig, tabletEntries } from './support/tablet.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

const blueCode = async (n: number) =>
  (await server.cli('health-code', '--id', resident(n).id, '--name', resident(n).name, '--colour', 'blue')).split('\n')[0]!.trim();

/** Another system's code in front of the camera: the colour picker's buttons, bar "can't tell". */
async function pickerColours(page: Page, url: string): Promise<Locator> {
  await showCode(page, url);
  const buttons = page.locator('[data-prompt="colour"] .colour-buttons button');
  await expect(buttons.first()).toBeVisible();
  return buttons;
}

test('a blue code is checked where the rules do not name blue; once they pass it, it passes and the picker offers 蓝码', async ({ page }) => {
  await enrolTablet(page, server);

  // The demo checkpoint's rules have no blue: a signed blue code is checked, shown as blue.
  await showCode(page, await blueCode(31));
  const check = page.locator('[data-verdict="check"][data-seq="1"]');
  await expect(check).toContainText('请核验');
  await expect(check.locator('[data-colour="blue"]')).toHaveText('蓝码');
  await expect(check.locator('[data-reason="colour-blue"]')).toContainText('蓝码 → 请核验');
  await showCode(page, null);
  await check.locator('.verdict-continue').click();

  // Another system's code: the volunteer is offered the three colours only.
  await expect(await pickerColours(page, 'https://health.example.org/code?u=1')).toHaveText(['绿码', '黄码', '红码']);
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '看不清' }).click();
  await page.locator('[data-prompt="holder"]').getByRole('button', { name: '跳过（无证件）' }).click();
  await showCode(page, null);
  await page.locator('[data-verdict="check"][data-seq="2"] .verdict-continue').click();

  // The operator lets blue through at this checkpoint; the tablet pulls it.
  const [first] = await tabletEntries(page);
  await server.cli('policy', 'set', 'colours.blue', 'pass', '--checkpoint', first!.checkpointId);
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => ((await tabletConfig(page)).policy as { colours: { blue?: string } }).colours.blue).toBe('pass');

  await showCode(page, await blueCode(32));
  const pass = page.locator('[data-verdict="pass"][data-seq="3"]');
  await expect(pass).toContainText(resident(32).name);
  await expect(pass.locator('[data-colour="blue"]')).toHaveText('蓝码');

  // The picker now offers blue, in rank order; a tapped blue passes here and is logged as blue.
  await expect(await pickerColours(page, 'https://health.example.org/code?u=2')).toHaveText(['绿码', '蓝码', '黄码', '红码']);
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '蓝码' }).click();
  await page.locator('[data-prompt="holder"]').getByRole('button', { name: '跳过（无证件）' }).click();
  const seen = page.locator('[data-verdict="pass"][data-seq="4"]');
  await expect(seen.locator('[data-colour="blue"]')).toHaveText('蓝码');
  await expect(seen).toContainText('未核验');

  expect((await tabletEntries(page)).sort((a, b) => a.seq - b.seq).map((e) => [e.source, e.verdict, e.colour])).toEqual([
    ['KDH1', 'check', 'blue'], ['unknown', 'check', null], ['KDH1', 'pass', 'blue'], ['unknown', 'pass', 'blue'],
  ]);
});
