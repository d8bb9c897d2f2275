/**
 * Issue #20's arrivals in Chromium, on a 390 px phone: a person from 武汉 registers at /arrive and keeps the receipt on
 * the phone; the destination community's lead sees them in the console; a gate of that community, after its next sync,
 * scans the person and says "check" with the category; the lead withdraws it as false (撤销) and the gate's next sync drops
 * the person. The form, the receipt and the console's list (with the withdraw step open and done) pass axe.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { dismissVerdict, showCode } from './support/camera.ts';
import { type CityIds, signIn, startConsoleCity, ZONE } from './support/consoleCity.ts';
import { enrolTablet } from './support/gateSession.ts';
import { PHONE } from './support/residentPhone.ts';
import { resident, residentCode } from './support/residents.ts';
import type { TestServer } from './support/server.ts';
import { tabletConfig } from './support/tablet.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
let ids: CityIds;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  ({ server, ids } = await startConsoleCity([['lead.shangguan', 'lead', 'community'], ['hq.shanzhou', 'hq', 'd2']]));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

async function newPage(browser: Browser, viewport: { width: number; height: number } = PHONE): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, viewport });
  contexts.push(context);
  return context.newPage();
}

test('an arrival from 武汉 registers at /arrive, shows in the lead\'s console and is a key person at the community\'s gate after its next sync; withdrawn by the lead, the gate drops it', async ({ browser }) => {
  test.slow();
  const problems: AxeProblem[] = [];
  const person = { ...resident(201), name: '武汉来客' };
  const gate = await newPage(browser, { width: 1280, height: 800 });
  await enrolTablet(gate, server, ids.gate);
  const heldBefore = (await tabletConfig(gate)).version;

  const phone = await newPage(browser);
  await phone.goto(`${server.url}/arrive`);
  await expect(phone.getByRole('heading', { name: '入市登记' })).toBeVisible();
  problems.push(...await axeProblems(phone, 'arrive form 390'));
  // Sent with what is missing: named next to the button, nothing sent.
  await phone.getByRole('button', { name: '提交登记' }).click();
  await expect(phone.locator('[data-error="name-missing"]')).toBeVisible();
  await phone.getByLabel('姓名').fill(person.name);
  await phone.locator('input[name="id"]').fill(`${person.id.slice(0, 17)}${person.id.endsWith('1') ? '2' : '1'}`);
  await phone.getByRole('button', { name: '提交登记' }).click();
  await expect(phone.locator('[data-error="id-check"]')).toBeVisible();
  await phone.locator('input[name="id"]').fill(person.id);
  await phone.getByLabel('手机号').fill('13800138000');
  await phone.getByLabel('出发省份').selectOption('湖北');
  await phone.getByLabel('出发城市').fill('武汉');
  await phone.getByRole('radio', { name: '火车' }).check();
  await phone.getByLabel('车次/航班/车牌（可不填）').fill('G507');
  await phone.getByRole('button', { name: '提交登记' }).click();
  await expect(phone.locator('[data-error="arrive-community-missing"]')).toBeVisible();
  await phone.getByLabel('搜索小区/村/社区').fill('上官');
  await phone.locator('.community-list button').filter({ hasText: '上官社区' }).first().click();
  await phone.getByLabel('详细住址').fill('上官小区 3 号楼');
  await phone.getByRole('checkbox', { name: '咳嗽、乏力' }).check();
  await phone.getByRole('button', { name: '提交登记' }).click();

  const receipt = phone.locator('.arrival-receipt');
  await expect(receipt).toHaveAttribute('data-category', 'from-wuhan');
  await expect(receipt).toContainText('武汉来人员');
  await expect(receipt).toContainText('上官社区');
  await expect(receipt.locator('.receipt-until')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  problems.push(...await axeProblems(phone, 'arrive receipt 390'));
  // Kept on the phone: opened again, the receipt is there.
  await phone.reload();
  await expect(phone.locator('.arrival-receipt')).toContainText(person.name);

  // The community's lead sees them on the 居民 page, with the category and the health answer.
  const lead = await newPage(browser);
  await signIn(lead, server, 'lead.shangguan');
  await lead.getByRole('link', { name: '居民', exact: true }).click();
  const row = lead.locator('[data-arrival]').filter({ hasText: person.name });
  await expect(row).toHaveAttribute('data-active', 'true');
  await expect(row).toContainText('武汉来人员');
  await expect(row).toContainText('湖北 武汉');
  await expect(row.locator('[data-flag="cough"]')).toBeVisible();
  problems.push(...await axeProblems(lead, 'console arrivals 390'));
  // The other district's hq does not.
  const sibling = await newPage(browser);
  await signIn(sibling, server, 'hq.shanzhou');
  await sibling.getByRole('link', { name: '居民', exact: true }).click();
  await expect(sibling.locator('#arrivals-title')).toBeVisible();
  await expect(sibling.getByText('暂无来人登记')).toBeVisible();

  // The gate's next sync brings the list with the person; a scan of their resident code says check, and why.
  await gate.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(gate)).version).toBeGreaterThan(heldBefore);
  await expect.poll(async () => (await tabletConfig(gate)).keyPersons.persons.length).toBe(1);
  await showCode(gate, residentCode(person));
  const verdict = gate.locator('[data-verdict="check"][data-seq="1"]');
  await expect(verdict).toContainText('武汉来人员');
  await expect(verdict).toContainText(person.name);

  const arrivals = JSON.parse(await server.cli('arrivals', 'list', '--area', ids.community, '--json')) as { arrivals: Array<{ name: string; meansDetail: string }> };
  expect(arrivals.arrivals).toMatchObject([{ name: person.name, meansDetail: 'G507' }]);

  // It was a prank: the lead withdraws it (撤销), with a reason, after a confirm step; the row says so.
  await row.getByRole('button', { name: '撤销' }).click();
  const withdraw = row.getByRole('form', { name: '撤销' });
  await expect(withdraw).toContainText('确认撤销此登记');
  problems.push(...await axeProblems(lead, 'console arrival withdraw 390'));
  await withdraw.getByRole('button', { name: '确认' }).click();
  await expect(withdraw.getByRole('alert')).toContainText('请填写撤销原因');
  await withdraw.getByLabel('撤销原因').fill('冒名登记，本人未到达');
  const heldWithdrawn = (await tabletConfig(gate)).version;
  await withdraw.getByRole('button', { name: '确认' }).click();
  await expect(row).toHaveAttribute('data-withdrawn', 'true');
  await expect(row).toHaveAttribute('data-active', 'false');
  await expect(row).toContainText('已撤销');
  await expect(row).toContainText('冒名登记，本人未到达');
  await expect(row.getByRole('button', { name: '撤销' })).toHaveCount(0);
  problems.push(...await axeProblems(lead, 'console arrival withdrawn 390'));
  // Still so after a reload; and the gate's next sync takes the person off its list.
  await lead.reload();
  await expect(lead.locator('[data-arrival]').filter({ hasText: person.name })).toContainText('已撤销');
  await dismissVerdict(gate, 1);
  await gate.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(gate)).version).toBeGreaterThan(heldWithdrawn);
  await expect.poll(async () => (await tabletConfig(gate)).keyPersons.persons.length).toBe(0);
  expect(problems).toEqual([]);
});
