/** axe-core over every screen, in Chinese and in English: any serious or critical violation of WCAG 2.1 A/AA fails. */
import { type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';

const PIN = '1357';
let server: TestServer;
let yellow: string;
let green: string;
// A server for each language: the Chinese walk sets a rule (a temperature at each entry) the English one must not meet.
test.beforeEach(async () => {
  server = await TestServer.start();
  await server.cli('lead-pin', 'set', PIN);
  yellow = (await server.cli('health-code', '--id', resident(61).id, '--name', resident(61).name, '--colour', 'yellow')).split('\n')[0]!.trim();
  green = (await server.cli('health-code', '--id', resident(62).id, '--name', resident(62).name, '--colour', 'green')).split('\n')[0]!.trim();
});
test.afterEach(async () => { await server?.stop(); });

for (const language of ['zh', 'en'] as const) {
  const words = language === 'zh'
    ? { lead: '负责人', confirm: '确认', manual: /手动输入/, cancel: '取消', cannotTell: /看不清/, skip: /跳过/, rules: '规则', save: '保存', back: /返回扫码/, continue: '核验完毕，继续扫码' }
    : { lead: 'Lead', confirm: 'OK', manual: /Type ID/, cancel: 'Cancel', cannotTell: /Can't tell/, skip: /Skip/, rules: 'Rules', save: 'Save', back: /Back to scanning/, continue: 'Checked: scan the next' };
  const tabs = language === 'zh' ? ['今日', '记录', '导出', '规则', '设置'] : ['Today', 'Log', 'Export', 'Rules', 'Settings'];

  test(`every screen passes axe in ${language === 'zh' ? 'Chinese' : 'English'}`, async ({ browser }) => {
    test.setTimeout(300_000);
    const problems: AxeProblem[] = [];
    const check = async (page: Page, screen: string) => { problems.push(...(await axeProblems(page, `${language}: ${screen}`))); };
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((l) => localStorage.setItem('kadian-language', l), language);
    const page = await context.newPage();
    await injectCamera(page);

    // The resident's phone: registration (form and code), the health code (none yet, then one), the samples.
    await page.goto(`${server.url}/register`);
    await expect(page.locator('form input[name="name"]')).toBeVisible();
    await check(page, 'register form');
    await page.locator('input[name="name"]').fill(resident(60).name);
    await page.locator('input[name="id"]').fill(resident(60).id);
    await page.locator('form button[type="submit"]').click();
    // Registered with the server (issue #18): the household list, with the person's resident code open.
    await expect(page.locator('svg.qr')).toBeVisible();
    await check(page, 'resident code');
    await page.goto(`${server.url}/health`);
    await expect(page.locator('[data-health="none"]')).toBeVisible();
    await check(page, 'health, no code yet');
    await page.locator('input[name="temperature"]').fill('36.6');
    await page.locator('form button[type="submit"]').click();
    await expect(page.locator('.health-card svg.qr')).toBeVisible();
    await check(page, 'health code');
    await page.goto(`${server.url}/samples`);
    await expect(page.locator('svg.qr')).toHaveCount(8);
    await check(page, 'samples');

    await page.goto(`${server.url}/household`);
    await expect(page.locator('#requests-title')).toBeVisible();
    await check(page, 'travel and requests');

    // The tablet: enrolment, with an error shown, then the gate.
    await page.goto(server.url + '/enrol');
    await page.locator('input[name="code"]').fill('not a code');
    await page.locator('form button[type="submit"]').click();
    await expect(page.locator('.enrol-screen .error')).toBeVisible();
    await check(page, 'enrolment');
    await page.goto(await server.enrolmentUrl());
    await expect(page.locator('.checkpoint-name')).toBeVisible();
    await showCode(page, residentCode(resident(63)));
    await expect(page.locator('[data-verdict="pass"]')).toBeVisible();
    await check(page, 'scan screen, pass verdict');
    await page.locator('[data-verdict]').click();
    await showCode(page, null);
    await expect(page.locator('.recent li')).toHaveCount(1);
    await check(page, 'scan screen with recent verdicts');
    await showCode(page, yellow);
    await expect(page.locator('[data-verdict="stop"]')).toBeVisible();
    await check(page, 'stop verdict (yellow code)');
    await page.locator('[data-verdict]').click();
    await showCode(page, residentCode(resident(64)));
    await expect(page.locator('[data-verdict="pass"][data-seq="3"]')).toBeVisible();
    await page.locator('[data-verdict]').click();
    await showCode(page, green);
    await expect(page.locator('[data-verdict="check"] [data-people="2"]')).toBeVisible();
    await check(page, 'check verdict (two persons)');
    await page.getByRole('button', { name: words.continue }).click();
    await showCode(page, null);
    await page.getByRole('button', { name: words.manual }).click();
    await expect(page.locator('.keypad')).toBeVisible();
    await check(page, 'keypad');
    await page.locator('.keypad').getByRole('button', { name: words.cancel }).click();
    await showCode(page, 'https://health.example.org/code?u=a11y');
    await expect(page.locator('[data-prompt="colour"]')).toBeVisible();
    await check(page, 'colour picker');
    await page.locator('[data-prompt="colour"]').getByRole('button', { name: words.cannotTell }).click();
    await expect(page.locator('[data-prompt="holder"]')).toBeVisible();
    await check(page, 'holder prompt');
    await page.locator('[data-prompt="holder"]').getByRole('button', { name: words.skip }).click();
    // The check with its outcome buttons (处置) and the duty sheet, then on to the next person.
    await expect(page.locator('[data-verdict] .outcomes')).toBeVisible();
    await check(page, 'check with outcomes');
    await page.locator('[data-verdict] .verdict-continue').click();
    await page.locator('button.duty').click();
    await expect(page.locator('[data-prompt="duty"]')).toBeVisible();
    await check(page, 'duty sheet');
    await page.locator('[data-prompt="duty"]').getByRole('button', { name: words.cancel }).click();
    await showCode(page, null);

    // Lead mode: the PIN pad, every tab with entries in the log; the temperature prompt comes with a rule set here.
    await page.getByRole('button', { name: words.lead, exact: true }).click();
    await expect(page.locator('.pin-pad')).toBeVisible();
    await check(page, 'lead PIN pad');
    for (const d of PIN) await page.locator('.pin-pad').getByRole('button', { name: d, exact: true }).click();
    await page.locator('.pin-pad').getByRole('button', { name: words.confirm }).click();
    await expect(page.locator('[data-lead="unlocked"]')).toBeVisible();
    for (const tab of tabs) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      if (tab === tabs[1]) await expect(page.locator('.log-row[data-seq="5"]')).toBeVisible();
      if (tab === tabs[0]) await expect(page.locator('.chart[data-y-ticks]').first()).toBeVisible();
      await check(page, `lead: ${tab}`);
    }
    // A temperature at each entry, and a place already full (two are in): the prompt, then the "full" verdict.
    await page.getByRole('tab', { name: words.rules }).click();
    await page.locator('input[name="askTemperature"]').check();
    await page.locator('input[name="capacity"]').fill('1');
    await page.locator('form.rules button[type="submit"]').click();
    await expect(page.locator('[data-saved="policy"]')).toBeVisible();
    await page.getByRole('button', { name: words.back }).click();
    await showCode(page, residentCode(resident(65)));
    await expect(page.locator('[data-prompt="temperature"]')).toBeVisible();
    await check(page, 'temperature prompt');
    await page.locator('[data-prompt="temperature"]').getByRole('button', { name: '36.5' }).click();
    await expect(page.locator('[data-verdict="stop"][data-full="true"]')).toBeVisible();
    await check(page, 'full verdict');

    await context.close();
    expect(problems, problems.map((p) => `${p.screen} · ${p.impact} ${p.rule}: ${p.help}\n    ${p.nodes.join('\n    ')}`).join('\n')).toEqual([]);
  });
}
