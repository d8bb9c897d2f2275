/**
 * Issue #15: the console's rules and lists in Chromium, over a real server. District 1's hq opens 规则与名单, picks a
 * place, changes a rule on both its gates and reads the change in the history (and a tablet of the place gets it at its
 * next sync); uploads a key-person CSV with one bad line and sees that line named with nothing imported, then a good one
 * and sees the list's size; the sibling district's hq is refused the place; the page passes axe at 390 px and 1920 px.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { say } from '../../src/core/catalogue.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { enrolTablet } from './support/gateSession.ts';
import { type CityIds, signIn as signInAs, startConsoleCity, ZONE } from './support/consoleCity.ts';
import type { TestServer } from './support/server.ts';
import { tabletConfig } from './support/tablet.ts';
import { expect, test } from './support/test.ts';


/** A valid 18-character ID number from its first 17 digits. */
const idNumber = (first17: string): string => first17 + checkCharacter(first17);
const A = idNumber('11010519491231002'), B = idNumber('32010219800101123');
const badB = B.slice(0, 17) + (B.endsWith('0') ? '1' : '0');

let server: TestServer;
/** District 1 (湖滨区) and its place 上官小区 with its gates 东门 (`gate`) and 西门 (`west`); district 2 (陕州区). */
let ids: CityIds;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  ({ server, ids } = await startConsoleCity([['hq.hubin', 'hq', 'd1'], ['hq.shanzhou', 'hq', 'd2']]));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

async function newPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, viewport });
  contexts.push(context);
  return context.newPage();
}

const signIn = (page: Page, name: string): Promise<void> => signInAs(page, server, name);

/** A key-person file as an operator saves it from Excel ("CSV UTF-8"): a BOM, CRLF lines. */
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`) });

test("an hq changes a place's rules on both its gates, reads the change in the history, and a tablet of the place gets it", async ({ browser }) => {
  const tablet = await newPage(browser);
  await enrolTablet(tablet, server, ids.west);
  const page = await newPage(browser);
  await signIn(page, 'hq.hubin');
  await page.getByRole('link', { name: '规则与名单' }).click();
  await expect(page.locator('#rules-title')).toBeVisible();
  await page.getByRole('link', { name: /上官小区/ }).click();
  await expect(page.locator(`[data-rules="${ids.place}"]`)).toBeVisible();
  await expect(page.getByText(say('rulesPlaceNote', 'zh'))).toBeVisible();

  await page.locator('select[name="colour-yellow"]').selectOption('check');
  await page.locator('input[name="feverThreshold"]').fill('37.5');
  await expect(page.locator('[data-unsaved="rules"]')).toBeVisible();
  await page.getByRole('button', { name: '保存规则' }).click();
  await expect(page.locator('[data-saved="rulesSavedSynced"]')).toHaveText(say('rulesSavedSynced', 'zh'));
  await expect(page.locator('[data-unsaved="rules"]')).toHaveCount(0);

  // The history of each gate: who (the console user), and what, in words.
  for (const gate of [ids.gate, ids.west]) {
    const latest = page.locator(`[data-history="${gate}"] .change`).first();
    await expect(latest).toContainText('控制台: hq.hubin');
    await expect(latest).toContainText('黄码: 禁止通行 → 请核验');
    await expect(latest).toContainText('发热阈值（°C）: 37.3 → 37.5');
  }
  // The operator's view of the same history, from the database.
  expect(await server.cli('policy', '--checkpoint', ids.gate)).toContain('控制台 / console: hq.hubin');

  // The tablet of the west gate applies it after its next sync, as it would a lead's change.
  await tablet.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(tablet)).policy).toMatchObject({ colours: { yellow: 'check' }, feverThreshold: 37.5 });
});

test('an hq uploads a key-person list: a bad line is named and nothing is imported; a good file replaces the lists of both gates', async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, 'hq.hubin');
  await page.goto(`${server.url}/console/rules?place=${ids.place}`);
  await expect(page.locator(`[data-list="${ids.gate}"] [data-persons]`)).toHaveText('0');

  await page.locator('input[name="key-persons"]').setInputFiles(csvFile('名单.csv', ['身份证号,类别,备注', `${A},密切接触者,同车`, `${badB},湖北来人员,`]));
  await page.getByRole('button', { name: '上传名单' }).click();
  await expect(page.getByRole('alert').filter({ hasText: say('key-person-file', 'zh') })).toBeVisible();
  const bad = page.locator('.problems [data-line="3"]');
  await expect(bad).toContainText(say('id-check', 'zh'));
  await expect(page.locator('.problems [data-line]')).toHaveCount(1);
  await expect(page.locator(`[data-list="${ids.gate}"] [data-persons]`)).toHaveText('0');
  expect((await server.cli('key-persons', 'list', '--checkpoint', ids.gate)).trim()).toBe('');

  await page.locator('input[name="key-persons"]').setInputFiles(csvFile('名单.csv', ['身份证号,类别,备注', `${A},密切接触者,同车`, `${B},湖北来人员,`]));
  await page.getByRole('button', { name: '上传名单' }).click();
  await expect(page.locator('.kp-result')).toContainText(say('kpImported', 'zh'));
  await expect(page.locator('.problems')).toHaveCount(0);
  for (const gate of [ids.gate, ids.west]) {
    await expect(page.locator(`[data-imported="${gate}"]`)).toContainText('2');
    await expect(page.locator(`[data-list="${gate}"] [data-persons]`)).toHaveText('2');
  }
  // The page says how many, never who.
  await expect(page.locator('.console')).not.toContainText(A);
  const listed = (await server.cli('key-persons', 'list', '--checkpoint', ids.west)).trim().split('\n').map((l) => l.split('\t')[0]).sort();
  expect(listed).toEqual([A, B].sort());
});

test("the sibling district's hq is refused the place, and the page passes axe on a phone and a wall screen", async ({ browser }) => {
  const sibling = await newPage(browser);
  await signIn(sibling, 'hq.shanzhou');
  await sibling.goto(`${server.url}/console/rules?place=${ids.place}`);
  await expect(sibling.getByRole('alert').filter({ hasText: say('forbidden-area', 'zh') }).first()).toBeVisible();
  await expect(sibling.locator('[data-rules]')).toHaveCount(0);
  expect(await sibling.evaluate(async (q) => (await fetch(`/api/v1/console/rules?${q}`)).status, `place=${ids.place}`)).toBe(403);

  const problems: AxeProblem[] = [];
  for (const viewport of [{ width: 390, height: 844 }, { width: 1920, height: 1080 }]) {
    const page = await newPage(browser, viewport);
    await signIn(page, 'hq.hubin');
    await page.getByRole('link', { name: '规则与名单' }).click();
    await expect(page.getByRole('link', { name: /上官小区/ })).toBeVisible();
    problems.push(...await axeProblems(page, `rules picker ${viewport.width}`));
    await page.getByRole('link', { name: /上官小区/ }).click();
    await expect(page.locator('[data-history]').first()).toBeVisible();
    problems.push(...await axeProblems(page, `rules ${viewport.width}`));
    // Nothing wider than the phone: the tables scroll inside their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.getByRole('button', { name: 'EN' }).click();
    await expect(page.getByRole('heading', { name: 'Rules and lists' })).toBeVisible();
    problems.push(...await axeProblems(page, `rules en ${viewport.width}`));
  }
  expect(problems).toEqual([]);
});
