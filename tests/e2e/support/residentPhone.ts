/** A resident's phone as the browser tests drive it (issue #18): register a person on it, check a person in and read the code they get. */
import type { Page } from '@playwright/test';
import type { Resident } from '../../../src/core/residentCode.ts';
import { expect } from './test.ts';

/** A phone's screen: the width of a common phone, where every resident page must read. */
export const PHONE = { width: 390, height: 844 } as const;

export interface Registration {
  /** The relation to the phone's owner (self, child, parent, spouse, grandparent, other); the form's default otherwise. */
  relation?: string;
  /** A word to find the community by, and the community's name to tap in the list. */
  community?: { search: string; name: string };
}

/** Opens /register and fills the form for `person` (the first person, or a family member added), without sending it. */
export async function fillRegistration(page: Page, baseUrl: string, person: Resident, options: Registration = {}): Promise<void> {
  await page.goto(`${baseUrl}/register`);
  const add = page.getByRole('button', { name: '添加家庭成员' });
  const form = page.locator('form.register-form');
  await expect(add.or(form)).toBeVisible();
  if (await add.isVisible()) await add.click();
  await page.locator('input[name="name"]').fill(person.name);
  await page.locator('input[name="id"]').fill(person.id);
  if (options.relation) await page.locator('select[name="relation"]').selectOption(options.relation);
  if (options.community) {
    await page.getByLabel('搜索小区/村/社区').fill(options.community.search);
    await page.locator('.community-list button').filter({ hasText: options.community.name }).first().click();
    await expect(page.locator('.community-chosen')).toContainText(options.community.name);
  }
}

/** Registers `person` on the phone and waits for them in the household list. */
export async function registerOnPhone(page: Page, baseUrl: string, person: Resident, options: Registration = {}): Promise<void> {
  await fillRegistration(page, baseUrl, person, options);
  await page.getByRole('button', { name: '登记并生成居民信息码' }).click();
  await expect(page.locator(`.person-card[data-person="${person.id}"]`)).toBeVisible();
}

/** Opens /health, picks `person` when the household has more than one, and waits for their check-in form. */
export async function openHealthFor(page: Page, baseUrl: string, person: Resident): Promise<void> {
  if (new URL(page.url()).pathname !== '/health') await page.goto(`${baseUrl}/health`);
  await expect(page.locator('#check-in')).toBeVisible();
  const pick = page.locator(`.person-picker [data-person="${person.id}"]`);
  if (await page.locator('.person-picker').count() > 0) await pick.click();
  await expect(page.locator('#check-in')).toContainText(person.name);
}

/** Checks `person` in with a measured temperature and answers the health code the phone then holds for them. */
export async function checkInOnPhone(page: Page, baseUrl: string, person: Resident, temperature = '36.6', colour = 'green'): Promise<string> {
  await openHealthFor(page, baseUrl, person);
  await page.locator('input[name="temperature"]').fill(temperature);
  await page.getByRole('button', { name: '提交打卡' }).click();
  const card = page.locator(`.health-card[data-person="${person.id}"]`);
  await expect(card).toHaveAttribute('data-colour', colour);
  await expect(card).toContainText(person.name);
  return (await card.locator('svg.qr').getAttribute('data-qr'))!;
}
