/**
 * Issue #12 in the browser: a lead's rule change, proven on the tablet with the key the PIN unwrapped, reaches the server
 * and another tablet; a new PIN needs the current one; a change the server refuses for good is shown, not resent forever.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { TestServer } from './support/server.ts';
import { tabletConfig, tabletDevice } from './support/tablet.ts';
import { enrolTablet, enterPin } from './support/gateSession.ts';

let server: TestServer;
test.beforeAll(async () => {
  server = await TestServer.start();
  await server.cli('lead-pin', 'set', '2468');
});
test.afterAll(async () => { await server?.stop(); });

/** Into lead mode with `pin` from the scan screen or a locked lead screen. */
async function unlock(page: Page, pin: string): Promise<void> {
  const lead = page.getByRole('button', { name: '负责人' });
  // After a reload the screen is still coming: wait for the button or the pad before deciding which it is.
  await expect(lead.or(page.locator('.pin-pad')).first()).toBeVisible();
  if (await lead.isVisible()) await lead.click();
  await enterPin(page, pin);
}

async function changePin(page: Page, current: string, next: string): Promise<void> {
  await page.locator('input[name="currentPin"]').fill(current);
  await page.locator('input[name="pin"]').fill(next);
  await page.locator('input[name="pinAgain"]').fill(next);
  await page.locator('.change-pin').getByRole('button', { name: '保存' }).click();
}

test("a lead's rule change reaches the server and another tablet; a new PIN needs the current one; a stale one is shown refused", async ({ page, browser }) => {
  // Two tablets, four operator commands and a server restart: more than the suite's two minutes on a busy machine.
  test.setTimeout(300_000);
  await enrolTablet(page, server);
  const other = await (await browser.newContext()).newPage();
  await enrolTablet(other, server);
  const { deviceId } = await tabletDevice(page);

  // The lead unlocks with the PIN and sets yellow codes to be checked: in force here, proven, and sent.
  await unlock(page, '2468');
  await expect(page.locator('[data-lead="unlocked"]')).toBeVisible();
  await page.getByRole('tab', { name: '规则' }).click();
  await page.locator('select[name="colour-yellow"]').selectOption('check');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('[data-saved="policy"]')).toBeVisible();
  await expect.poll(async () => (await tabletDevice(page)).pending?.policy).toBeUndefined();
  // The server took it as the lead's, on this tablet, beside the tablet's clock.
  expect(await server.cli('policy')).toMatch(new RegExp(`负责人，平板 / lead on tablet ${deviceId}[\\s\\S]*黄码: 禁止通行 → 请核验`));
  // The other tablet of the checkpoint pulls it.
  await other.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => ((await tabletConfig(other)).policy as { colours: { yellow: string } }).colours.yellow).toBe('check');

  // A new PIN needs the current one: a wrong one changes nothing.
  await page.getByRole('tab', { name: '设置' }).click();
  await changePin(page, '1111', '135790');
  await expect(page.locator('.change-pin [data-message="pin-wrong"]')).toBeVisible();
  expect((await tabletDevice(page)).pending?.pin).toBeUndefined();
  await changePin(page, '2468', '135790');
  await expect(page.locator('.change-pin [data-message="pinChanged"]')).toBeVisible();
  await expect.poll(async () => (await tabletDevice(page)).pending?.pin).toBeUndefined();

  // The other tablet gets the new PIN: the old one no longer opens lead mode there, the new one does.
  const newRecord = (await tabletConfig(page)).leadPin?.hash;
  expect(newRecord).toBeDefined();
  await other.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(other)).leadPin?.hash).toBe(newRecord);
  await other.reload();
  await unlock(other, '2468');
  await expect(other.locator('.pin-pad .error')).toHaveAttribute('data-error', 'pin-wrong');
  await unlock(other, '135790');
  await expect(other.locator('[data-lead="unlocked"]')).toBeVisible();

  // With the server out of reach, the lead changes the PIN again; meanwhile the operator sets another. The lead's change,
  // made against a PIN no longer in force, is refused when it arrives: shown to the lead, dropped from what is sent.
  await server.stop();
  await changePin(page, '135790', '97531');
  await expect.poll(async () => (await tabletDevice(page)).pending?.pin).toBeDefined();
  await server.cli('lead-pin', 'set', '8642');
  await server.restart();
  await page.getByRole('button', { name: /返回扫码/ }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletDevice(page)).refused?.pin?.error).toBe('lead-pin-stale');
  expect((await tabletDevice(page)).pending?.pin).toBeUndefined();
  // The operator's PIN is the one in force on this tablet again; the lead sees why theirs is not.
  await expect.poll(async () => (await tabletConfig(page)).leadPin?.hash).not.toBe(newRecord);
  // Lead mode stays unlocked for five idle minutes (the key in memory), so the lead goes straight back to the settings.
  await page.getByRole('button', { name: '负责人' }).click();
  await page.getByRole('tab', { name: '设置' }).click();
  await expect(page.locator('[data-refused="pin"]')).toHaveAttribute('data-error', 'lead-pin-stale');
  await expect(page.locator('[data-refused="pin"]')).toContainText('负责人密码已在别处被修改');
  await other.context().close();
});
