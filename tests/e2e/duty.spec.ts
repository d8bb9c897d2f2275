/** Who was on duty (值守): a volunteer signs in for the shift, every entry names them, a shift change is one tap away. */
import { expect, test } from './support/test.ts';
import { dismissVerdict, scanResident } from './support/camera.ts';
import { enrolTablet } from './support/gateSession.ts';
import { TestServer } from './support/server.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

/** The operator column of the server's export, by seq, once the tablet has uploaded `count` entries. */
async function operators(count: number): Promise<string[]> {
  await expect.poll(async () => (await server.exportedRows()).length).toBe(count);
  return (await server.exportedRows()).sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => r.operator ?? '');
}

test('the volunteer on duty is on every entry of their shift, in the export; the next one signs in with one tap', async ({ page }) => {
  await enrolTablet(page, server);
  const duty = page.locator('button.duty');
  await expect(duty).toContainText('未登记值守人员');

  // Before anyone signs in, the gate still works: the entry names nobody.
  await scanResident(page, 1, 1);
  await dismissVerdict(page, 1);

  await duty.click();
  const sheet = page.getByRole('dialog', { name: '值守登记' });
  await sheet.getByLabel('姓名').fill('李四');
  await sheet.getByLabel('手机号（选填）').fill('1380013800');
  await sheet.getByRole('button', { name: '开始值守' }).click();
  await expect(sheet.getByRole('alert')).toContainText('手机号应为11位数字');
  await sheet.getByLabel('手机号（选填）').fill('138 0013 8000');
  await sheet.getByRole('button', { name: '开始值守' }).click();
  await expect(sheet).toBeHidden();
  await expect(duty).toHaveAttribute('data-duty', '李四');
  await scanResident(page, 2, 2);
  await dismissVerdict(page, 2);

  // The shift changes: one tap on the bar, the next volunteer's name; a reload keeps them.
  await duty.click();
  await sheet.getByLabel('姓名').fill('王五');
  await sheet.getByRole('button', { name: '开始值守' }).click();
  await expect(duty).toHaveAttribute('data-duty', '王五');
  await page.reload();
  await expect(page.locator('button.duty')).toHaveAttribute('data-duty', '王五');
  await scanResident(page, 3, 3);

  expect(await operators(3)).toEqual(['', '李四 13800138000', '王五']);
});
