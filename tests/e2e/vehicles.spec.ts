/** A road checkpoint logs a car with the people in it: the plate checked, the driver first, each person an entry under the car. */
import { expect, test } from './support/test.ts';
import { dismissVerdict, scanResident } from './support/camera.ts';
import { startConsoleCity } from './support/consoleCity.ts';
import { enrolTablet } from './support/gateSession.ts';
import { resident } from './support/residents.ts';
import type { TestServer } from './support/server.ts';

let server: TestServer;
let road: string;
let compound: string;

test.beforeAll(async () => {
  ({ server } = await startConsoleCity([]));
  const checkpoints = JSON.parse(await server.cli('checkpoints', 'list', '--json')) as Array<{ id: string; name: string; place?: string }>;
  road = checkpoints.find((c) => c.place === '310国道会兴卡口' && c.name === '进城方向')!.id;
  compound = checkpoints.find((c) => c.place === '上官小区' && c.name === '东门')!.id;
});
test.afterAll(async () => { await server?.stop(); });

test('a car with three people at a road checkpoint: one plate, the driver and two passengers, in the export', async ({ page }) => {
  await enrolTablet(page, server, road);
  await page.getByRole('button', { name: /登记车辆/ }).click();
  const sheet = page.getByRole('dialog', { name: '车辆登记' });
  await sheet.getByLabel('车牌号').fill('AB12345');
  await sheet.getByRole('button', { name: /开始扫描车上人员/ }).click();
  await expect(sheet.getByRole('alert')).toContainText('车牌号格式不对');
  await sheet.getByLabel('车牌号').fill('豫m·12345');
  await sheet.getByRole('button', { name: /开始扫描车上人员/ }).click();
  const car = page.locator('.vehicle-bar');
  await expect(car).toHaveAttribute('data-vehicle', '豫M12345');
  await expect(car).toContainText('请先扫司机');

  for (const [seq, n] of [[1, 31], [2, 32], [3, 33]] as const) {
    await scanResident(page, n, seq);
    await dismissVerdict(page, seq);
    await expect(car).toHaveAttribute('data-people', String(seq));
  }
  await car.getByRole('button', { name: '完成本车' }).click();
  await expect(car).toBeHidden();
  // Someone on foot after the car: no plate.
  await scanResident(page, 34, 4);

  await expect.poll(async () => (await server.exportedRows()).length).toBe(4);
  const rows = (await server.exportedRows()).sort((a, b) => Number(a.seq) - Number(b.seq));
  expect(rows.map((r) => [r.id_number, r.plate, r.vehicle_role])).toEqual([
    [resident(31).id, '豫M12345', 'driver'], [resident(32).id, '豫M12345', 'passenger'], [resident(33).id, '豫M12345', 'passenger'], [resident(34).id, '', ''],
  ]);
  expect(new Set(rows.slice(0, 3).map((r) => r.vehicle)).size).toBe(1);
  expect(rows[0]!.vehicle).toMatch(/^[0-9a-f-]{36}$/);
});

test('a compound gate offers no vehicles', async ({ page }) => {
  await enrolTablet(page, server, compound);
  await expect(page.locator('button.duty')).toBeVisible();
  await expect(page.getByRole('button', { name: /登记车辆/ })).toHaveCount(0);
});
