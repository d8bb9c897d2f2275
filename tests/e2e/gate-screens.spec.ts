/** The gate's other paths: typed ID numbers with named mistakes, broken and foreign codes, direction, self-registration. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { decodeResidentCode, encodeResidentCode } from '../../src/core/residentCode.ts';
import { injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';
import { enrolTablet } from './support/gateSession.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

/** Holders of other systems' codes: one gives the number by mouth, the other shows their resident code. */
const HOLDER = resident(21);
const SCANNED_HOLDER = resident(22);

async function type(page: Page, id: string): Promise<void> {
  for (const ch of id) await page.getByRole('button', { name: ch, exact: true }).click();
}

test('manual entry names each mistake, then logs a valid number as a pass', async ({ page }) => {
  await enrolTablet(page, server);
  await page.getByRole('button', { name: /手动输入/ }).click();
  const error = page.locator('.keypad-error');

  await type(page, '4112021990');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(error).toHaveAttribute('data-error', 'id-length');
  await expect(error).toContainText('18位');

  await page.getByRole('button', { name: '清空' }).click();
  const good = resident(7).id;
  await type(page, good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
  await page.getByRole('button', { name: '确认' }).click();
  await expect(error).toHaveAttribute('data-error', 'id-check');

  await page.getByRole('button', { name: '清空' }).click();
  await type(page, '41120220010229001'); // 2001 is not a leap year
  await page.getByRole('button', { name: '5' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await expect(error).toHaveAttribute('data-error', 'id-date');

  await page.getByRole('button', { name: '清空' }).click();
  await type(page, good);
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toBeVisible();
  const [entry] = await tabletEntries(page);
  // Sealed at rest: the tablet keeps no ID number in clear.
  expect(entry).toMatchObject({ personId: null, name: null, source: 'manual', verdict: 'pass' });
  expect(entry?.sealed).toEqual({ epk: expect.stringMatching(/^[A-Za-z0-9+/]{87}=$/), iv: expect.stringMatching(/^[A-Za-z0-9+/]{16}$/), data: expect.any(String) });
  expect(JSON.stringify(entry)).not.toContain(good);
});

test('a damaged resident code stops; a foreign code is logged with the colour the volunteer saw', async ({ page }) => {
  await enrolTablet(page, server);
  await page.getByRole('radio', { name: '出' }).click();
  await showCode(page, 'KDR1:6BFOXN*TS0BI$ZD.P9');
  await expect(page.locator('[data-verdict="stop"][data-seq="1"]')).toContainText('二维码已损坏');

  // Asked who holds it, the volunteer may skip (no ID at hand), type the number, or scan the holder's resident code.
  await showCode(page, 'https://health.example.org/code?u=123');
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '看不清' }).click();
  await page.locator('[data-prompt="holder"]').getByRole('button', { name: '跳过（无证件）' }).click();
  await expect(page.locator('[data-verdict="check"][data-seq="2"]')).toContainText('人工核验');
  await page.locator('.verdict-continue').click();

  await showCode(page, 'https://health.example.org/code?u=456');
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '绿码' }).click();
  const holderPrompt = page.locator('[data-prompt="holder"]');
  for (const key of HOLDER.id) await holderPrompt.getByRole('button', { name: key, exact: true }).click();
  await holderPrompt.getByRole('button', { name: '确认' }).click();
  await expect(page.locator('[data-verdict="pass"][data-seq="3"]')).toContainText('未核验');
  await expect(page.locator('[data-verdict="pass"][data-seq="3"]')).toBeHidden();

  await showCode(page, 'https://health.example.org/code?u=789');
  await page.locator('[data-prompt="colour"]').getByRole('button', { name: '绿码' }).click();
  await expect(page.locator('[data-prompt="holder"]')).toBeVisible();
  await showCode(page, residentCode(SCANNED_HOLDER));
  await expect(page.locator('[data-verdict="pass"][data-seq="4"]')).toContainText('未核验');
  // The resident code still in view was the answer, not the next person.
  await expect.poll(async () => (await tabletEntries(page)).length).toBe(4);

  const entries = await tabletEntries(page);
  expect(entries.map((e) => [e.source, e.verdict, e.direction, e.colour])).toEqual([
    ['KDR1', 'stop', 'out', null],
    ['unknown', 'check', 'out', null],
    ['unknown', 'pass', 'out', 'green'],
    ['unknown', 'pass', 'out', 'green'],
  ]);
  // The tablet keeps who passed sealed; on the server the holders are there to trace.
  const outOnServer = async () => (await server.exportedRows()).filter((r) => r.direction === 'out');
  await expect.poll(async () => (await outOnServer()).length).toBe(4);
  const exported = (await outOnServer()).map((r) => Object.values(r).join(' '));
  expect(exported.filter((row) => row.includes(HOLDER.id))).toHaveLength(1);
  expect(exported.filter((row) => row.includes(SCANNED_HOLDER.id))).toHaveLength(1);
});

test('English switch, and the verdict element for kiosks', async ({ page }) => {
  await enrolTablet(page, server);
  await page.getByRole('button', { name: 'EN' }).click();
  await showCode(page, residentCode(resident(3)));
  // What a kiosk or a test reads off the page: the verdict, whether it was saved, and under which sequence number.
  const verdict = page.locator('[role="alert"].verdict');
  await expect(verdict).toContainText('PASS');
  await expect(verdict).toHaveAttribute('data-verdict', 'pass');
  await expect(verdict).toHaveAttribute('data-saved', 'true');
  await expect(verdict).toHaveAttribute('data-seq', '1');
  await verdict.click();
  await showCode(page, 'KDR1:6BFOXN*TS0BI$ZD.P9');
  await expect(verdict).toHaveAttribute('data-verdict', 'stop');
  await expect(verdict).toHaveAttribute('data-saved', 'true');
  await expect(verdict).toHaveAttribute('data-seq', '2');
  expect((await tabletEntries(page)).map((e) => [e.seq, e.verdict])).toEqual([[1, 'pass'], [2, 'stop']]);
});

test('a resident registers offline-ready and the gate passes the code they get', async ({ page, browser }) => {
  await page.goto(`${server.url}/register`);
  await page.locator('input[name="name"]').fill('赵六');
  await page.locator('input[name="id"]').fill('110105194912310021');
  await page.getByRole('button', { name: '生成居民信息码' }).click();
  await expect(page.locator('.error')).toHaveAttribute('data-error', 'id-check');
  await page.locator('input[name="id"]').fill('11010519491231002x');
  await page.locator('input[name="phone"]').fill('13800138000');
  await page.getByRole('button', { name: '生成居民信息码' }).click();
  const code = await page.locator('svg.qr').getAttribute('data-qr');
  expect(code && decodeResidentCode(code)).toEqual({ ok: true, value: { id: '11010519491231002X', name: '赵六', phone: '13800138000' } });
  // Kept on the phone: a reload shows the same code without the form.
  await page.reload();
  await expect(page.locator('svg.qr')).toHaveAttribute('data-qr', code!);

  const gate = await browser.newPage();
  await enrolTablet(gate, server);
  await showCode(gate, code);
  await expect(gate.locator('[data-verdict="pass"]')).toContainText('赵六');
  // Its context closes with it: the next test's CSP watch finds none it did not open.
  await gate.close();
});

test('an unenrolled tablet enrols by scanning the enrolment QR code, and names a used code', async ({ page, browser }) => {
  const url = await server.enrolmentUrl();
  await injectCamera(page);
  await page.goto(server.url);
  await expect(page.locator('.enrol-screen')).toContainText('尚未注册');
  await page.getByRole('button', { name: '扫描注册码' }).click();
  await showCode(page, url);
  await expect(page.locator('.checkpoint-name')).toBeVisible();

  // The same one-time code on a second tablet is refused by name.
  const second = await browser.newPage();
  await second.goto(url);
  await expect(second.locator('.enrol-screen .error')).toHaveAttribute('data-error', 'enrol-code-used');
  await expect(second.locator('.enrol-screen .error')).toContainText('已被使用');
  await second.close();
});

test('the sample codes page shows codes the gate passes, stops and checks, and green, yellow and red health codes', async ({ page, browser }) => {
  await page.goto(`${server.url}/samples`);
  // The page is a lazy chunk, and the health codes come signed from the server: wait for all of them.
  await expect(page.locator('svg.qr')).toHaveCount(8);
  const kinds = await page.locator('[data-sample]').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-sample')));
  expect(kinds).toEqual(['resident', 'health-green', 'resident', 'health-yellow', 'resident', 'health-red', 'damaged', 'unknown']);
  const codes = await page.locator('svg.qr').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('data-qr')!));
  const gate = await browser.newPage();
  await enrolTablet(gate, server);
  // Each resident's code, then their own health code: a matching pair, judged by its colour.
  const verdicts = ['pass', 'pass', 'pass', 'stop', 'pass', 'stop', 'stop', 'check'];
  for (const [i, code] of codes.entries()) {
    await showCode(gate, code);
    if (verdicts[i] === 'check') {
      await gate.locator('[data-prompt="colour"]').getByRole('button', { name: '看不清' }).click();
      await gate.locator('[data-prompt="holder"]').getByRole('button', { name: '跳过（无证件）' }).click();
    }
    const verdict = gate.locator(`[data-verdict="${verdicts[i]}"][data-seq="${i + 1}"]`);
    await expect(verdict).toBeVisible();
    await verdict.click();
    await showCode(gate, null);
  }
  const colours = (await tabletEntries(gate)).map((e) => e.colour);
  expect([colours[1], colours[3], colours[5]]).toEqual(['green', 'yellow', 'red']);
  await gate.close();
});

test('markup and right-to-left marks in a name are shown as text, never run', async ({ page }) => {
  await enrolTablet(page, server);
  const name = '<img src=x onerror="window.__xss=1">\u202e张';
  const code = encodeResidentCode({ id: resident(40).id, name });
  if (!code.ok) throw new Error(code.error);
  await showCode(page, code.value);
  await expect(page.locator('[data-verdict="pass"] .verdict-name')).toHaveText(name);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('[data-verdict] img').count()).toBe(0);
});
