/** A tablet at the gate as the browser tests start it: enrolled with a fresh one-time code, and into lead mode with the PIN. */
import type { Page } from '@playwright/test';
import { injectCamera } from './camera.ts';
import type { TestServer } from './server.ts';
import { expect } from './test.ts';

/** Enrols the page as a tablet of the demo checkpoint (or of `checkpointId`) and waits for the gate. */
export async function enrolTablet(page: Page, server: TestServer, checkpointId?: string): Promise<void> {
  await injectCamera(page);
  const url = checkpointId === undefined ? await server.enrolmentUrl() : (await server.cli('enrol-code', '--checkpoint', checkpointId)).split('\n')[0]!.trim();
  await page.goto(url);
  await expect(page.locator('.checkpoint-name')).toBeVisible();
}

/** Types `pin` on the lead's pad and confirms it; a wrong one too: the caller checks what follows. */
export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.locator('.pin-pad').getByRole('button', { name: d, exact: true }).click();
  await page.locator('.pin-pad').getByRole('button', { name: '确认' }).click();
}

/** Into lead mode from the gate: the PIN when the session is locked; an unlocked one stays so for five idle minutes. */
export async function unlockLead(page: Page, pin: string): Promise<void> {
  await page.getByRole('button', { name: '负责人', exact: true }).click();
  await expect(page.locator('.pin-pad, [data-lead="unlocked"]')).toBeVisible();
  if (await page.locator('[data-lead="unlocked"]').isVisible()) return;
  await enterPin(page, pin);
  await expect(page.locator('[data-lead="unlocked"]')).toBeVisible();
}
