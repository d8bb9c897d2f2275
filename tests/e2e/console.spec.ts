/**
 * Issue #15: the command centre's console in Chromium, over a real server and real tablets. Two districts' tablets scan
 * and sync; district 1's hq signs in, sees exactly what its tablets sent (checked against the server's own export),
 * drills down to a checkpoint, watches a key-person hit arrive live and acknowledges it, revokes a tablet, downloads the
 * export, registers a passkey and signs in with it alone; the sibling district's hq is refused district 1; a tracer
 * traces a person and their contacts (issue #16); every page passes axe at a phone's and a wall screen's width.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { scanInPage } from './support/bulkScan.ts';
import { enrolTablet } from './support/gateSession.ts';
import { resident, residentCode } from './support/residents.ts';
import { type CityIds, signIn as signInAs, startConsoleCity, ZONE } from './support/consoleCity.ts';
import type { TestServer } from './support/server.ts';
import { tabletConfig, tabletEntries } from './support/tablet.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
let ids: CityIds;
/** The contexts a test opened, closed after it: each test's CSP watch sees only its own. */
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  ({ server, ids } = await startConsoleCity([['hq.hubin', 'hq', 'd1'], ['hq.shanzhou', 'hq', 'd2'], ['tracer.hubin', 'tracer', 'd1'], ['tracer.shanzhou', 'tracer', 'd2']]));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ timezoneId: ZONE });
  contexts.push(context);
  return context;
}

/** A tablet of the checkpoint in a context of its own. */
async function tabletAt(browser: Browser, checkpointId: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await enrolTablet(page, server, checkpointId);
  return page;
}

/** Asks the tablet to sync now and waits until the server has acknowledged every entry it holds. */
async function syncAll(tablet: Page): Promise<void> {
  await tablet.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletEntries(tablet)).filter((e) => e.syncState !== 'synced').length).toBe(0);
}

const codes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => residentCode(resident(from + i)));

/** The server's own export of an area (the CLI reads the database), counted by direction. */
async function exportedCounts(areaId: string): Promise<{ in: number; out: number; rows: number }> {
  const csv = (await server.cli('export', '--format', 'csv', '--lang', 'en', '--area', areaId)).replace(/^\uFEFF/, '').trim().split('\r\n');
  const direction = csv[0]!.split(',').indexOf('direction');
  const rows = csv.slice(1).map((line) => line.split(',')[direction]);
  return { in: rows.filter((d) => d === 'in').length, out: rows.filter((d) => d === 'out').length, rows: rows.length };
}

const signIn = (page: Page, name: string): Promise<void> => signInAs(page, server, name);

const figure = (page: Page, key: string) => page.locator(`.figures [data-figure="${key}"] .figure-value`);

test('an hq sees exactly its district as the tablets sent it, drills down to a gate, and the sibling district is refused', async ({ browser }) => {
  // Two tablets, a bundle built for their scans, three browsers and a dozen page loads: a ceiling for a loaded machine, not a wait.
  test.slow();
  const tabletA = await tabletAt(browser, ids.gate);
  const tabletB = await tabletAt(browser, ids.village);
  await scanInPage(tabletA, codes(1, 5), 'in');
  await scanInPage(tabletA, codes(1, 2), 'out');
  await syncAll(tabletA);
  await scanInPage(tabletB, codes(11, 13), 'in');
  await syncAll(tabletB);
  const expected = await exportedCounts(ids.d1);
  expect(expected).toEqual({ in: 5, out: 2, rows: 7 });

  const page = await (await newContext(browser)).newPage();
  await signIn(page, 'hq.hubin');
  await expect(page.locator('#overview-title')).toContainText('湖滨区');
  await expect(figure(page, 'in')).toHaveText(String(expected.in));
  await expect(figure(page, 'out')).toHaveText(String(expected.out));
  await expect(figure(page, 'inside')).toHaveText('3');
  // Its children: the two streets; only 湖滨街道 has the scans, and its freshness is that of the tablet that synced.
  await expect(page.locator(`[data-child="${ids.street}"] [data-figure="in"]`)).toHaveText('5');
  // The sibling district and its village, synced too, are in no number here (湖滨区's own 陕州花园 is).
  await expect(page.locator('.console-main')).not.toContainText('陕州区');
  await expect(page.locator('.console-main')).not.toContainText('温塘');
  await expect(page.locator('.console-main')).not.toContainText('地坑院');

  for (const [name, title] of [['湖滨街道', '湖滨街道'], ['上官社区', '上官社区'], ['第一网格', '第一网格'], ['上官小区', '上官小区'], ['东门', '东门']] as const) {
    await page.locator('.figures-table').getByRole('link', { name, exact: true }).click();
    await expect(page.locator('#overview-title')).toContainText(title);
  }
  expect(new URL(page.url()).searchParams.get('checkpoint')).toBe(ids.gate);
  await expect(figure(page, 'in')).toHaveText('5');
  await expect(page.locator('.heat-total td').filter({ hasText: '7' })).toHaveCount(1);
  // Breadcrumbs lead back up to the district.
  await page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '湖滨区' }).click();
  await expect(page.locator('#overview-title')).toContainText('湖滨区');
  await expect(figure(page, 'in')).toHaveText('5');
  // Any two dates (the days before today: nothing), then back to today by its button, counted from the server's today.
  const today = calendarDay(new Date(), ZONE);
  await page.getByLabel('从').fill(addDays(today, -3));
  await page.getByLabel('到').fill(addDays(today, -1));
  await page.getByRole('button', { name: '查看' }).click();
  await expect(figure(page, 'in')).toHaveText('0');
  await page.getByRole('button', { name: '今天' }).click();
  await expect(figure(page, 'in')).toHaveText('5');
  expect(new URL(page.url()).searchParams.get('to')).toBe(today);

  const sibling = await (await newContext(browser)).newPage();
  await signIn(sibling, 'hq.shanzhou');
  await expect(figure(sibling, 'in')).toHaveText('3');
  for (const query of [`area=${ids.d1}`, `place=${ids.place}`, `checkpoint=${ids.gate}`]) {
    await sibling.goto(`${server.url}/console?${query}`);
    await expect(sibling.getByRole('alert')).toContainText('无权访问此区域');
    await expect(sibling.locator('.figures')).toHaveCount(0);
    const status = await sibling.evaluate(async (q) => (await fetch(`/api/v1/console/figures?${q}`)).status, query);
    expect(status).toBe(403);
  }
  await sibling.goto(`${server.url}/console/tablets?area=${ids.d1}`);
  await expect(sibling.getByRole('alert')).toContainText('无权访问此区域');
  await expect(sibling.locator('[data-device]')).toHaveCount(0);
});

test('a key-person hit appears live and is acknowledged; the hq revokes the tablet and downloads the export', async ({ browser }) => {
  // A tablet and a console, two syncs, four pages and an export: a ceiling for a loaded machine (CI ran out of 120 s), not a wait.
  test.slow();
  const tablet = await tabletAt(browser, ids.gate);
  const page = await (await newContext(browser)).newPage();
  await signIn(page, 'hq.hubin');
  await page.getByRole('link', { name: '警报' }).click();
  await expect(page.getByRole('status').filter({ hasText: '实时' })).toBeVisible();
  await expect(page.locator('[data-alert]')).toHaveCount(0);

  // The operator lists a key person; the tablet takes the list with its next sync, then sees them at the gate.
  const list = join(server.dataDir, 'key-persons.csv');
  writeFileSync(list, `id_number,category,note\n${resident(30).id},密切接触者,\n`);
  await server.cli('key-persons', 'import', list, '--checkpoint', ids.gate);
  await tablet.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(tablet)).keyPersons.persons.length).toBe(1);
  await scanInPage(tablet, codes(30, 30), 'in');
  await syncAll(tablet);
  const { deviceId } = (await tabletEntries(tablet))[0]!;

  const alert = page.locator('[data-kind="key-person"]');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('上官小区');
  await expect(alert).toContainText('密切接触者');
  await alert.getByRole('button', { name: '已知晓' }).click();
  await expect(alert).toContainText('已处理: hq.hubin');
  const audit = JSON.parse(await server.cli('audit', '--json')) as Array<{ action: string; actorName: string }>;
  expect(audit.filter((r) => r.action === 'console.alert-ack').map((r) => r.actorName)).toEqual(['hq.hubin']);

  // Tablets: the district's two (the first test's and this one); this one revoked from here, the server refuses it from now on.
  await page.getByRole('link', { name: '平板' }).click();
  await expect(page.locator('[data-device]')).toHaveCount(2);
  const row = page.locator(`[data-device="${deviceId}"]`);
  await row.getByRole('button', { name: '撤销' }).click();
  await row.getByRole('button', { name: '确认' }).click();
  await expect(row).toContainText('已撤销');
  const devices = JSON.parse(await server.cli('devices', '--json')) as Array<{ id: string; revokedAt: string | null }>;
  expect(devices.filter((d) => d.revokedAt !== null).map((d) => d.id)).toEqual([deviceId]);

  // Export: the district's log for today, as CSV, the same rows as the server's own export of it.
  await page.getByRole('link', { name: '导出' }).click();
  await page.getByRole('radio', { name: 'CSV' }).check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '开始导出' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines.length - 1).toBe((await exportedCounts(ids.d1)).rows);
  expect(lines.length - 1).toBe(8);
  await expect(page.getByRole('status').filter({ hasText: '完成' })).toBeVisible();

  // The day's report for the level above: the district's row and its streets', the numbers the overview shows.
  await page.getByRole('link', { name: '概览' }).click();
  const report = page.waitForEvent('download');
  await page.getByRole('link', { name: /下载日报/ }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await report).path())!);
  const rows = book.worksheets[0]!.getSheetValues().filter(Array.isArray).map((r) => (r as unknown[]).slice(1));
  const header = rows[0] as string[];
  const district = rows.find((r) => r[0] === '湖滨区')!;
  expect(district[header.indexOf('进入')]).toBe(6);
  expect(district[header.indexOf('重点人员')]).toBe(1);
  expect(rows.find((r) => r[0] === '湖滨街道')?.[header.indexOf('进入')]).toBe(6);
});

test('a passkey registered on My account signs in alone', async ({ browser }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await signIn(page, 'hq.hubin');
  await page.getByRole('link', { name: '我的账号' }).click();
  await expect(page.getByText('还没有通行密钥')).toBeVisible();
  await page.getByRole('button', { name: '添加通行密钥' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已添加通行密钥' })).toBeVisible();
  await expect(page.locator('.passkeys li')).toHaveCount(1);
  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();

  await page.getByRole('button', { name: /用通行密钥登录/ }).click();
  await expect(page.locator('.console-who')).toContainText('hq.hubin');
  const audit = JSON.parse(await server.cli('audit', '--json')) as Array<{ action: string; actorName: string; detail: { method?: string } }>;
  const mine = audit.filter((r) => r.actorName === 'hq.hubin' && r.action.startsWith('console.')).map((r) => `${r.action}${r.detail.method ? `:${r.detail.method}` : ''}`);
  expect(mine.slice(0, 3)).toEqual(['console.signin:passkey', 'console.signout', 'console.passkey-add']);
});

test("a tracer traces a person and their contacts, downloads the XLSX and finds the query in their history; nothing stays in the browser; the sibling district's tracer finds nothing", async ({ browser }) => {
  test.slow();
  const [person, contact] = [resident(31), resident(32)];
  const tablet = await tabletAt(browser, ids.gate);
  await scanInPage(tablet, [residentCode(person), residentCode(contact)], 'in');
  await scanInPage(tablet, [residentCode(person)], 'out');
  await syncAll(tablet);

  const trace = async (page: Page, kind: '人员轨迹' | '密接人员', reason: string) => {
    await page.getByRole('radio', { name: kind }).click();
    await page.getByLabel('身份证号').fill(person.id);
    await page.getByLabel(/查询事由/).fill(reason);
    await page.getByRole('button', { name: '查询', exact: true }).click();
  };
  const page = await (await newContext(browser)).newPage();
  await signIn(page, 'tracer.hubin');
  await page.getByRole('link', { name: '追溯' }).click();
  await trace(page, '人员轨迹', '案件 2026-117');
  await expect(page.locator('[data-table="passages"] tbody tr')).toHaveCount(2);
  const stays = page.locator('[data-table="stays"] tbody tr');
  await expect(stays).toHaveCount(1);
  await expect(stays).toContainText('上官小区');
  await expect(page.locator('[data-table="passages"]')).toContainText('东门');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载 Excel/ }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await download).path())!);
  const cells = book.worksheets.flatMap((sheet) => sheet.getSheetValues().filter(Array.isArray).flat().map(String));
  expect(cells.filter((c) => c.includes(person.id)).length).toBeGreaterThan(0);
  expect(cells.join(' ')).toContain('案件 2026-117');

  await trace(page, '密接人员', '案件 2026-117 密接');
  // The contact who entered beside them (others scanned at this gate today by the tests before may be listed too).
  await expect(page.locator('[data-table="contacts"] tbody tr').filter({ hasText: contact.id })).toHaveCount(1);
  // Every query is in the tracer's history with its reason, newest first.
  // The XLSX was a query too: the person's trail twice (page and file), then the contacts.
  const history = page.locator('[data-table="history"] tbody tr');
  await expect(history).toHaveCount(3);
  await expect(history.first()).toContainText('案件 2026-117 密接');
  // What was traced is on the page only: no storage of the browser holds the ID number (web storage, every IndexedDB
  // database the page has, the Cache API).
  const stored = await page.evaluate(async () => {
    const dump = async (name: string) => {
      const db = await new Promise<IDBDatabase>((done, fail) => { const open = indexedDB.open(name); open.onsuccess = () => done(open.result); open.onerror = () => fail(open.error); });
      const stores = [...db.objectStoreNames];
      const values = await Promise.all(stores.map((store) => new Promise<unknown[]>((done) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => done(all.result);
      })));
      db.close();
      return JSON.stringify(values);
    };
    const names = (await indexedDB.databases()).map((d) => d.name!).filter(Boolean);
    return {
      everything: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + (await Promise.all(names.map(dump))).join(''),
      caches: (await caches.keys()).length,
    };
  });
  expect(stored.everything).not.toContain(person.id);
  expect(stored.caches).toBe(0);

  const sibling = await (await newContext(browser)).newPage();
  await signIn(sibling, 'tracer.shanzhou');
  await sibling.getByRole('link', { name: '追溯' }).click();
  await trace(sibling, '人员轨迹', '案件 2026-117');
  await expect(sibling.locator('.trace-answer')).toContainText('此范围内没有记录');
  await expect(sibling.locator('[data-table="passages"]')).toHaveCount(0);
});

test('every console page passes axe on a phone and on a wall screen, in Chinese and English', async ({ browser }) => {
  const problems: AxeProblem[] = [];
  for (const viewport of [{ width: 390, height: 844 }, { width: 1920, height: 1080 }]) {
    const page = await (await newContext(browser)).newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${server.url}/console`);
    await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
    problems.push(...await axeProblems(page, `sign-in ${viewport.width}`));
    await signIn(page, 'hq.hubin');
    await expect(page.locator('.heat')).toBeVisible();
    problems.push(...await axeProblems(page, `overview ${viewport.width}`));
    for (const [link, ready] of [['警报', '#alerts-title'], ['平板', '[data-device]'], ['导出', '#export-title'], ['追溯', '#trace-title'], ['我的账号', '#account-title']] as const) {
      await page.getByRole('link', { name: link }).click();
      await expect(page.locator(ready).first()).toBeVisible();
      problems.push(...await axeProblems(page, `${link} ${viewport.width}`));
    }
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.locator('.heat')).toBeVisible();
    problems.push(...await axeProblems(page, `overview en ${viewport.width}`));
  }
  expect(problems).toEqual([]);
});
