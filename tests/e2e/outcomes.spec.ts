/** What happened after a stop or a check (处置): one tap on the verdict logs a follow-up, counted in the figures and the export. */
import { expect, test } from './support/test.ts';
import { expectAgreement } from './support/agreement.ts';
import { showCode } from './support/camera.ts';
import { enrolTablet, unlockLead } from './support/gateSession.ts';
import { resident } from './support/residents.ts';
import { TestServer } from './support/server.ts';

const PIN = '8642';
let server: TestServer;
const codes = { red: '', yellow: '' };
test.beforeAll(async () => {
  server = await TestServer.start();
  await server.cli('lead-pin', 'set', PIN);
  // A yellow code is a check at this gate: the volunteer decides.
  await server.cli('policy', 'set', 'colours.yellow', 'check');
  const healthCode = async (n: number, colour: string) => (await server.cli('health-code', '--id', resident(n).id, '--name', resident(n).name, '--colour', colour)).split('\n')[0]!.trim();
  codes.red = await healthCode(80, 'red');
  codes.yellow = await healthCode(81, 'yellow');
});
test.afterAll(async () => { await server?.stop(); });

test('a stop turned back and a check let through: follow-ups in the chain, in the lead\'s figures, the server\'s export and its figures', async ({ page }) => {
  await enrolTablet(page, server);

  await showCode(page, codes.red);
  const stop = page.locator('[data-verdict="stop"][data-seq="1"]');
  await expect(stop).toBeVisible();
  // Once the volunteer starts to answer, the stop waits for them instead of leaving after 6 s.
  await stop.getByRole('button', { name: '劝返' }).click();
  await expect(page.locator('.outcome-logged[data-outcome="turned-back"][data-seq="2"][data-of="1"]')).toContainText('已记录处置：劝返');
  await expect(stop).toBeHidden();
  await showCode(page, null);

  await showCode(page, codes.yellow);
  const check = page.locator('[data-verdict="check"][data-seq="3"]');
  await expect(check).toBeVisible();
  await check.getByRole('button', { name: '其他' }).click();
  await check.getByRole('button', { name: '取消' }).click();
  await check.getByRole('button', { name: '放行' }).click();
  await expect(page.locator('.outcome-logged[data-outcome="release"][data-seq="4"][data-of="3"]')).toBeVisible();
  await showCode(page, null);

  // The lead's figures: two scans, one stopped, one checked, one let through after it (inside 1), one turned back.
  await unlockLead(page, PIN);
  await expect(page.locator('[data-figure="stopped"] .figure-value')).toHaveText('1');
  await expect(page.locator('[data-figure="checked"] .figure-value')).toHaveText('1');
  await expect(page.locator('[data-figure="in"] .figure-value')).toHaveText('1');
  await expect(page.locator('[data-outcome-count="turned-back"]')).toHaveText('劝返 1');
  await expect(page.locator('[data-outcome-count="release"]')).toHaveText('放行 1');

  // The server has all four in one chain that verifies, the follow-ups naming what they follow.
  const central = await expectAgreement(page, server, { count: 4 });
  expect(central.map((e) => e.followUp ?? null)).toEqual([null, { of: 1, outcome: 'turned-back', note: null }, null, { of: 3, outcome: 'release', note: null }]);
  const rows = (await server.exportedRows()).sort((a, b) => Number(a.seq) - Number(b.seq));
  expect(rows.map((r) => [r.seq, r.verdict, r.id_number])).toEqual([
    ['1', 'stop', resident(80).id], ['2', 'stop', resident(80).id], ['3', 'check', resident(81).id], ['4', 'pass', resident(81).id],
  ]);
  expect(rows.map((r) => [r.outcome, r.follows_seq])).toEqual([['', ''], ['turned-back', '1'], ['', ''], ['release', '3']]);
});
