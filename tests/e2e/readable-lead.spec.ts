/** Issue #13 for the lead and the resident: a log a lead can read, the health check-in, the export, rules that are not lost. */
import { expect, test } from './support/test.ts';
import { readFileSync } from 'node:fs';
import { localDateTime } from '../../src/core/calendar.ts';
import { dismissVerdict, showCode } from './support/camera.ts';
import { contrastOf, showsAllText } from './support/readable.ts';
import { openHealthFor, registerOnPhone } from './support/residentPhone.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';
import { enrolTablet, unlockLead } from './support/gateSession.ts';

const PIN = '9753';
/** The zone the tablets and phones of these tests live in: the server's TIME_ZONE too (its default). */
const ZONE = 'Asia/Shanghai';
let server: TestServer;
let yellow: string;
test.use({ timezoneId: ZONE });
test.beforeAll(async () => {
  server = await TestServer.start();
  await server.cli('lead-pin', 'set', PIN);
  yellow = (await server.cli('health-code', '--id', resident(90).id, '--name', resident(90).name, '--colour', 'yellow')).split('\n')[0]!.trim();
});
test.afterAll(async () => { await server?.stop(); });

test('1. the lead\'s log reads by words and shapes: column headers, verdicts on their own colour, reasons in full, upload state said', async ({ page }) => {
  await enrolTablet(page, server);
  // A foreign code between the health code and the resident code: the two are not a pair to compare.
  await showCode(page, yellow);
  await page.locator('[data-verdict="stop"][data-seq="1"]').click();
  await showCode(page, 'https://health.example.org/code?u=log');
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '看不清' }).click();
  await page.locator('[data-prompt="holder"]').getByRole('button', { name: '跳过（无证件）' }).click();
  await page.locator('[data-verdict="check"][data-seq="2"]').getByRole('button', { name: '核验完毕，继续扫码' }).click();
  await showCode(page, residentCode(resident(91)));
  await dismissVerdict(page, 3);
  await showCode(page, null);

  await unlockLead(page, PIN);
  await page.getByRole('tab', { name: '记录' }).click();
  await expect(page.locator('.log-head [role="columnheader"]')).toHaveText(['时间', '方向', '结果', '姓名 / 身份证号', '上传', '原因']);
  // Rows are not painted in the full-screen verdict's colours (the old class collision): text stays dark on white.
  await expect(page.locator('.log-row.verdict-pass, .log-row.verdict-stop, .log-row.verdict-check')).toHaveCount(0);
  const expected = { 1: ['stop', '✕ 禁止通行'], 2: ['check', '? 请核验'], 3: ['pass', '✓ 通过'] } as const;
  for (const [seq, [verdict, words]] of Object.entries(expected)) {
    const row = page.locator(`.log-row[data-seq="${seq}"]`);
    await expect(row).toHaveAttribute('data-verdict', verdict);
    expect(await row.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
    const badge = row.locator('.badge');
    await expect(badge).toHaveText(words);
    expect(await contrastOf(badge)).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(row.locator('.log-time'))).toBeGreaterThanOrEqual(4.5);
    // Whether the server has it, in words ("✓" alone was never explained).
    await expect(row.locator('.log-upload')).toHaveText(/^(✓ 已上传|⏳ 待上传)$/);
  }
  const reasons = page.locator('.log-row[data-seq="1"] .log-reasons');
  await expect(reasons).toHaveText('黄码（漏打卡或有症状）');
  expect(await showsAllText(reasons)).toBe(true);
  await expect(page.locator('.log-row[data-seq="2"] .log-reasons')).toHaveText('无法识别的二维码，请人工核验');
});

test('5. the health check-in asks for a measured temperature, and "my health code" says to check in first', async ({ page }) => {
  const person = resident(92);
  // Registration: required fields marked, the numeric keyboard for the ID number with an X key beside it.
  await page.goto(`${server.url}/register`);
  await expect(page.locator('.required')).toHaveCount(2);
  await expect(page.locator('input[name="id"]')).toHaveAttribute('inputmode', 'numeric');
  await page.locator('input[name="id"]').fill('11010519491231002');
  await page.getByRole('button', { name: '输入 X' }).click();
  await expect(page.locator('input[name="id"]')).toHaveValue('11010519491231002X');

  // Registered on the phone (issue #18), the person checks in by picking themselves: no name or ID number typed again.
  await registerOnPhone(page, server.url, person);
  await openHealthFor(page, server.url, person);
  await expect(page.locator('[data-health="none"]')).toHaveText('还没有健康码：请先完成下面的每日健康打卡');
  const temperature = page.locator('input[name="temperature"]');
  await expect(temperature).toHaveValue('');
  await expect(temperature).toHaveAttribute('placeholder', '请先测量体温');
  await page.getByRole('button', { name: '提交打卡' }).click();
  await expect(page.locator('.error')).toHaveAttribute('data-error', 'temperature-missing');
  await expect(page.locator('.health-card')).toHaveCount(0);
  await temperature.fill('36.7');
  await page.getByRole('button', { name: '提交打卡' }).click();
  await expect(page.locator('.health-card')).toHaveAttribute('data-colour', 'green');
  // A code ends with the day: said as a person says it.
  await expect(page.locator('[data-validity]')).toContainText('有效至今日24时');
  await expect(page.locator('[data-health="none"]')).toHaveCount(0);
});

test('6. the export reads in local time, names the checkpoint, keeps the hash last, and says where the file went', async ({ page }) => {
  await enrolTablet(page, server);
  await showCode(page, residentCode(resident(93)));
  await dismissVerdict(page, 1);
  await showCode(page, null);
  await unlockLead(page, PIN);
  await page.getByRole('tab', { name: '导出' }).click();
  await page.locator('select[name="format"]').selectOption('csv');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const file = await download;
  const [header, row] = readFileSync((await file.path())!, 'utf8').slice(1).trim().split('\r\n');
  const names = header!.split(',');
  expect(names[0]).toBe('时间');
  expect(names.at(-1)).toBe('校验值');
  const cells = Object.fromEntries(row!.split(',').map((cell, i) => [names[i]!, cell]));
  const [entry] = await tabletEntries(page);
  // The tablet's wall clock, as a spreadsheet reads a date: not UTC ISO eight hours off.
  expect(cells['时间']).toBe(localDateTime(new Date(entry!.at), ZONE));
  expect(cells['卡点']).toBe('示范社区 · 东门卡点');
  expect(cells['校验值']).toBe(entry!.hash);
  const said = page.locator('[data-result="exportDone"]');
  await expect(said).toContainText('下载');
  await expect(said).toHaveAttribute('data-file', file.suggestedFilename());
  await expect(said.locator('.file-name')).toHaveText(file.suggestedFilename());
});

test('7. rule edits survive a tab switch and are not lost on leaving; tabs are big; charts count whole people in Chinese', async ({ page }) => {
  await enrolTablet(page, server);
  await showCode(page, residentCode(resident(94)));
  await dismissVerdict(page, 1);
  await showCode(page, null);
  await unlockLead(page, PIN);
  for (const tab of await page.getByRole('tab').all()) expect((await tab.boundingBox())!.height).toBeGreaterThanOrEqual(56);

  await page.getByRole('tab', { name: '规则' }).click();
  await page.locator('input[name="capacity"]').fill('250');
  await page.getByRole('tab', { name: '今日' }).click();
  await expect(page.getByRole('tab', { name: /规则/ }).locator('[data-unsaved="rules"]')).toHaveText('· 未保存');

  // The charts: whole people on the y axis, the legend in the app's words (uPlot's own said "Value: --").
  const charts = page.locator('.chart[data-y-ticks]');
  await expect(charts).toHaveCount(2);
  for (const ticks of await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-y-ticks')!))) {
    expect(ticks.split(',').map(Number).every(Number.isInteger)).toBe(true);
  }
  await expect(page.locator('.chart-legend').first()).toHaveText('扫码次数');
  await expect(page.locator('[data-lead="unlocked"]')).not.toContainText('Value');

  await page.getByRole('tab', { name: /规则/ }).click();
  await expect(page.locator('input[name="capacity"]')).toHaveValue('250');
  // Leaving with the edit unsaved: asked, and saving it on the way out reaches the server.
  await page.getByRole('button', { name: /返回扫码/ }).click();
  const ask = page.locator('[data-prompt="unsaved-rules"]');
  await expect(ask).toContainText('规则有未保存的修改');
  await ask.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.scan-screen')).toBeVisible();
  await expect.poll(async () => server.cli('policy')).toMatch(/capacity: 250\b/);
});
