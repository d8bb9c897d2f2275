/**
 * Issue #18 in Chromium, on a 390 px phone: a household of three on one phone, each checked in and scanned at a gate; a
 * squatter's claim repaired by the community lead's re-binding code; a 困难诉求 raised on the phone, closed by the lead in
 * the console and seen closed on the phone; the console's 居民 page and the phone's pages pass axe.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { showCode } from './support/camera.ts';
import { type CityIds, signIn as signInAs, startConsoleCity, ZONE } from './support/consoleCity.ts';
import { enrolTablet } from './support/gateSession.ts';
import { checkInOnPhone, fillRegistration, PHONE, registerOnPhone } from './support/residentPhone.ts';
import { resident } from './support/residents.ts';
import type { TestServer } from './support/server.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
let ids: CityIds;
const contexts: BrowserContext[] = [];
const SHANGGUAN = { search: '上官', name: '上官社区' };

test.beforeAll(async () => {
  // Several phones of one test share the runner's address: the per-IP limit on resident routes is not what is tested here.
  ({ server, ids } = await startConsoleCity([['lead.shangguan', 'lead', 'community'], ['hq.hubin', 'hq', 'd1']], { RATE_LIMIT_RESIDENT: '1000' }));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

/** A page in a context of its own: a phone (390 px), a tablet or a console. */
async function newPage(browser: Browser, viewport: { width: number; height: number } = PHONE): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, viewport });
  contexts.push(context);
  return context.newPage();
}

const signIn = (page: Page, name: string): Promise<void> => signInAs(page, server, name);

async function openResidents(page: Page): Promise<void> {
  await page.getByRole('link', { name: '居民', exact: true }).click();
  await expect(page.locator('#residents-title')).toBeVisible();
}

test('a household of three on one phone: each checks in, gets a code, and the gate names the right person', async ({ browser }) => {
  test.slow();
  const [mother, child, grandfather] = [resident(101), resident(102), resident(103)];
  const phone = await newPage(browser);
  await registerOnPhone(phone, server.url, mother, { community: SHANGGUAN });
  await registerOnPhone(phone, server.url, child, { relation: 'child', community: SHANGGUAN });
  await registerOnPhone(phone, server.url, grandfather, { relation: 'grandparent', community: SHANGGUAN });
  await expect(phone.locator('.person-card')).toHaveCount(3);
  await expect(phone.locator(`.person-card[data-person="${child.id}"]`)).toContainText('子女');
  // "Myself" is taken by the first: a family member cannot be the phone's owner too.
  await phone.getByRole('button', { name: '添加家庭成员' }).click();
  await expect(phone.locator('select[name="relation"] option[value="self"]')).toHaveCount(0);

  const codes = new Map<string, string>();
  for (const person of [mother, child, grandfather]) codes.set(person.id, await checkInOnPhone(phone, server.url, person));
  expect(new Set(codes.values()).size).toBe(3);
  // Each card says whose it is: the name and the birth date of the person picked.
  await phone.locator(`.person-picker [data-person="${child.id}"]`).click();
  const card = phone.locator('.health-card');
  await expect(card).toContainText(child.name);
  await expect(card).toContainText(`${child.id.slice(6, 10)}-${child.id.slice(10, 12)}-${child.id.slice(12, 14)}`);
  // Held per person on the phone: a reload shows the picked person's code again. The page also asks the server for fresh
  // codes while online, so the code on screen may be a newer one than the check-in's: the gate below, fed the code shown
  // now, proves it is the grandfather's.
  await phone.reload();
  await phone.locator(`.person-picker [data-person="${grandfather.id}"]`).click();
  await expect(phone.locator('.health-card')).toContainText(grandfather.name);
  const shown = phone.locator('.health-card svg.qr');
  await expect(shown).toHaveAttribute('data-qr', /^KDH1:/);
  codes.set(grandfather.id, (await shown.getAttribute('data-qr'))!);

  const gate = await newPage(browser, { width: 1280, height: 800 });
  await enrolTablet(gate, server, ids.gate);
  let seq = 0;
  for (const person of [grandfather, mother, child]) {
    await showCode(gate, codes.get(person.id)!);
    const verdict = gate.locator(`[data-verdict="pass"][data-seq="${++seq}"]`);
    await expect(verdict).toContainText(person.name);
    for (const other of [mother, child, grandfather].filter((p) => p !== person)) await expect(verdict).not.toContainText(other.name);
  }
});

test('a squatter registers an ID first; the lead re-binds it to the real person, who then gets their code', async ({ browser }) => {
  test.slow();
  const real = resident(111);
  const squatter = await newPage(browser);
  await registerOnPhone(squatter, server.url, { ...real, name: '冒名者' });

  const phone = await newPage(browser);
  await fillRegistration(phone, server.url, real, { community: SHANGGUAN });
  await phone.getByRole('button', { name: '登记并生成居民信息码' }).click();
  const claimed = phone.locator('[data-error="resident-claimed"]');
  await expect(claimed).toContainText('已绑定在另一部手机上');
  await expect(claimed).toContainText('村/社区负责人');
  // A code typed wrong is named before anything is sent.
  await phone.getByLabel('重新绑定码（8位数字）').fill('1234');
  await phone.getByRole('button', { name: '用重新绑定码登记' }).click();
  await expect(phone.locator('[data-error="rebind-code-format"]')).toBeVisible();

  const lead = await newPage(browser);
  await signIn(lead, 'lead.shangguan');
  await openResidents(lead);
  await lead.getByLabel('身份证号码').fill(real.id);
  await lead.getByLabel('姓名（与身份证一致）').fill(real.name);
  await lead.getByLabel(/原因/).fill('已核验身份证，本人手机');
  await lead.getByRole('button', { name: '生成重新绑定码' }).click();
  const made = lead.locator('[data-rebind-code]');
  await expect(made).toHaveText(/^\d{8}$/);
  await expect(lead.locator('.rebind-code')).toContainText('有效至');
  const code = (await made.textContent())!;

  await phone.getByLabel('重新绑定码（8位数字）').fill(code);
  await phone.getByRole('button', { name: '用重新绑定码登记' }).click();
  await expect(phone.locator(`.person-card[data-person="${real.id}"]`)).toContainText(real.name);
  const held = await checkInOnPhone(phone, server.url, real);
  expect(held.startsWith('KDH1:')).toBe(true);
  // The squatter's phone holds the number no more.
  await squatter.goto(`${server.url}/health`);
  await expect(squatter.locator(`[data-person="${real.id}"]`)).toHaveCount(0);
});

test('a 困难诉求 raised on the phone is seen and closed by the lead, and the phone shows it closed with the note', async ({ browser }) => {
  test.slow();
  const person = resident(121);
  const phone = await newPage(browser);
  await registerOnPhone(phone, server.url, person, { community: SHANGGUAN });
  await phone.getByRole('link', { name: '出行与诉求' }).click();
  await phone.getByRole('radio', { name: '药品' }).check();
  await phone.getByLabel('具体说明').fill('需要降压药，家中老人行动不便');
  await phone.getByRole('button', { name: '提交诉求' }).click();
  const mine = phone.locator('.request-list [data-request]');
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-status', 'open');
  await expect(mine).toContainText('待处理');
  // Recent travel, saved to the server: the lead sees a trip in the last 14 days.
  const today = calendarDay(new Date(), ZONE);
  await phone.getByRole('button', { name: '添加一条行程' }).click();
  const trip = phone.locator('[data-trip="0"]');
  await trip.getByLabel('地点').fill('郑州市');
  await trip.getByLabel('出发日期').fill(addDays(today, -5));
  await trip.getByLabel('返回日期').fill(addDays(today, -2));
  await phone.getByRole('button', { name: '保存出行信息' }).click();
  await expect(phone.getByRole('status').filter({ hasText: '出行信息已保存' })).toBeVisible();

  const lead = await newPage(browser);
  await signIn(lead, 'lead.shangguan');
  await openResidents(lead);
  const row = lead.locator('[data-resident]').filter({ hasText: person.name });
  await expect(row).toBeVisible();
  await expect(row.locator('[data-flag="requests"]')).toBeVisible();
  await expect(row.locator('[data-flag="trips"]')).toContainText('1');
  const open = lead.locator('[data-request][data-status="open"]').filter({ hasText: '需要降压药' });
  await expect(open).toContainText(person.name);
  await open.getByLabel('处理说明（居民会看到）').fill('已送药上门');
  await open.getByRole('button', { name: '标记已处理' }).click();
  await expect(lead.locator('[data-request][data-status="open"]').filter({ hasText: '需要降压药' })).toHaveCount(0);

  await phone.reload();
  await expect(mine).toHaveAttribute('data-status', 'done');
  await expect(mine).toContainText('已处理');
  await expect(mine).toContainText('已送药上门');
  await expect(phone.locator('[data-trip="0"] input[name="place"]')).toHaveValue('郑州市');
});

test("the console's 居民 page and the phone's pages pass axe on a phone, and the console's on a wall screen", async ({ browser }) => {
  const problems: AxeProblem[] = [];
  const phone = await newPage(browser);
  await phone.goto(`${server.url}/register`);
  await expect(phone.locator('form.register-form')).toBeVisible();
  problems.push(...await axeProblems(phone, 'register form 390'));
  const person = resident(131);
  await registerOnPhone(phone, server.url, person, { community: SHANGGUAN });
  problems.push(...await axeProblems(phone, 'household 390'));
  await checkInOnPhone(phone, server.url, person);
  problems.push(...await axeProblems(phone, 'health 390'));
  await phone.getByRole('link', { name: '出行与诉求' }).click();
  await phone.getByRole('button', { name: '添加一条行程' }).click();
  problems.push(...await axeProblems(phone, 'travel and requests 390'));

  for (const viewport of [PHONE, { width: 1920, height: 1080 }]) {
    const page = await newPage(browser, viewport);
    await signIn(page, 'lead.shangguan');
    await openResidents(page);
    await expect(page.locator('[data-resident]').first()).toBeVisible();
    problems.push(...await axeProblems(page, `console residents ${viewport.width}`));
    // Readable on the phone: the table fits its width, nothing to scroll sideways.
    if (viewport.width === PHONE.width) {
      const widths = await page.locator('.residents-table').evaluate((table) => [table.scrollWidth, table.parentElement!.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    }
  }
  expect(problems).toEqual([]);
});

test('a phone whose credential the server does not know registers again as a new phone, and keeps the new one', async ({ browser }) => {
  const phone = await newPage(browser);
  await phone.goto(`${server.url}/register`);
  await expect(phone.locator('form.register-form')).toBeVisible();
  // As if the server's database were restored from before this phone registered: a well-formed credential it never issued.
  const stale = { phoneId: 'A'.repeat(22), secret: 'B'.repeat(43) };
  await phone.evaluate((credential) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('keyval-store');
    open.onupgradeneeded = () => open.result.createObjectStore('keyval');
    open.onsuccess = () => {
      const tx = open.result.transaction('keyval', 'readwrite');
      tx.objectStore('keyval').put(credential, 'kadian-resident-credential');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), stale);
  const person = resident(141);
  await registerOnPhone(phone, server.url, person);
  await checkInOnPhone(phone, server.url, person);
  const kept = await phone.evaluate(() => new Promise<string>((resolve) => {
    const open = indexedDB.open('keyval-store');
    open.onsuccess = () => {
      const get = open.result.transaction('keyval').objectStore('keyval').get('kadian-resident-credential');
      get.onsuccess = () => { open.result.close(); resolve((get.result as { phoneId: string }).phoneId); };
    };
  }));
  expect(kept).not.toBe(stale.phoneId);
});
