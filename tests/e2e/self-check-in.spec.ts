/**
 * Issue #20 in Chromium, on a 390 px phone: a visitor opens a place's poster page (/p/PLACE), goes offline, checks in and
 * out on the short form (kept on the phone, said so), comes back online: both passages reach the server once each, count
 * in the place's figure and show in a trace of that person; a withdrawn poster says so.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { calendarDay } from '../../src/core/calendar.ts';
import { axeProblems } from './support/axe.ts';
import { startConsoleCity, ZONE, type CityIds } from './support/consoleCity.ts';
import { pageCachedForOffline } from './support/offline.ts';
import { PHONE } from './support/residentPhone.ts';
import { resident } from './support/residents.ts';
import type { TestServer } from './support/server.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
let ids: CityIds;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  ({ server, ids } = await startConsoleCity([]));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

async function newPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, viewport: PHONE });
  contexts.push(context);
  return context.newPage();
}

/** The place's inside count as the operator lists it. */
async function insideOf(placeId: string): Promise<number> {
  const places = JSON.parse(await server.cli('places', 'list', '--json')) as Array<{ id: string; inside: number }>;
  return places.find((p) => p.id === placeId)?.inside ?? -1;
}

const selfRows = async (personId: string) => (await server.exportedRows()).filter((r) => r.source === 'self' && r.id_number === personId);

test('a visitor checks in and out offline; online, both passages reach the server once, count in the place and show in a trace', async ({ browser }) => {
  test.slow();
  const visitor = resident(301);
  // The operator prints the posters of the community: each QR opens the place's page.
  const posters = await server.cli('posters', '--area', ids.community);
  const url = `${server.url}/p/${ids.place}`;
  expect(posters).toContain(`${url}</p>`);

  const phone = await newPhone(browser);
  await phone.goto(url);
  await expect(phone.locator('.place-name')).toHaveText('上官小区');
  await pageCachedForOffline(phone);

  // Offline: the page opens from the service worker with the place's name it kept, and the taps are kept on the phone.
  await phone.context().setOffline(true);
  await phone.reload();
  await expect(phone.locator('.place-name')).toHaveText('上官小区');
  await phone.locator('input[name="name"]').fill(visitor.name);
  await phone.locator('input[name="id"]').fill(visitor.id);
  await phone.locator('input[name="phone"]').fill('13800138000');
  await phone.getByRole('button', { name: '进', exact: true }).click();
  await expect(phone.locator('[data-direction="in"] [data-state="waiting"]')).toContainText('已保存，联网后自动上传');
  await phone.getByRole('button', { name: '出', exact: true }).click();
  await expect(phone.locator('.passage-list [data-state="waiting"]')).toHaveCount(2);
  await expect(phone.locator('.place-status')).toContainText('2');
  // Readable by everyone (WCAG 2.1 A/AA): the form, the buttons, and passages waiting.
  expect(await axeProblems(phone, 'poster page offline 390')).toEqual([]);
  expect(await selfRows(visitor.id)).toHaveLength(0);

  // Online again: both are sent, and the page says when.
  await phone.context().setOffline(false);
  await expect(phone.locator('.passage-list [data-state="sent"]')).toHaveCount(2);
  await expect(phone.locator('.passage-list [data-state="sent"]').first()).toContainText('已上传');
  await expect(phone.locator('.passage-list [data-state="waiting"]')).toHaveCount(0);

  const rows = await selfRows(visitor.id);
  expect(rows.map((r) => r.direction).sort()).toEqual(['in', 'out']);
  expect(new Set(rows.map((r) => r.seq)).size).toBe(2);
  expect(await insideOf(ids.place)).toBe(0);
  // A reload sends nothing again; one more entry online counts at once.
  await phone.reload();
  await expect(phone.locator('.passage-list [data-state="sent"]')).toHaveCount(2);
  await phone.getByRole('button', { name: '进', exact: true }).click();
  await expect(phone.locator('.passage-list [data-state="sent"]')).toHaveCount(3);
  expect(await selfRows(visitor.id)).toHaveLength(3);
  expect(await insideOf(ids.place)).toBe(1);

  // The tracing team finds the visitor at the place's self check-in gate.
  const day = calendarDay(new Date(), ZONE);
  const trail = JSON.parse(await server.cli('trace', 'person', visitor.id, '--since', day, '--until', day, '--reason', '流调 2026-20', '--json')) as {
    passages: Array<{ placeId: string; checkpointName: string; direction: string }>;
  };
  expect(trail.passages.map((p) => [p.placeId, p.checkpointName, p.direction])).toEqual([
    [ids.place, '扫码自助登记', 'in'], [ids.place, '扫码自助登记', 'out'], [ids.place, '扫码自助登记', 'in'],
  ]);
});

test('a withdrawn poster says so on the phone, and works again once restored', async ({ browser }) => {
  await server.cli('posters', 'withdraw', '--place', ids.place);
  const phone = await newPhone(browser);
  await phone.goto(`${server.url}/p/${ids.place}`);
  await expect(phone.locator('.place-closed')).toContainText('此场所的扫码登记已停用');
  expect(await axeProblems(phone, 'withdrawn poster 390')).toEqual([]);
  await expect(phone.getByRole('button', { name: '进', exact: true })).toHaveCount(0);
  await server.cli('posters', 'restore', '--place', ids.place);
  await phone.reload();
  await expect(phone.locator('.place-name')).toHaveText('上官小区');
});
