/**
 * Issue #19 in Chromium: a key-person delta that does not follow the list the tablet holds (another tab pulled in between,
 * or another server's database) is not merged; the tablet asks again at once without its revision and keeps the whole list.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resident } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { changeTabletKeyPersons, tabletConfig } from './support/tablet.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

test('a delta that does not follow the list held is asked for again at once without the revision, and the whole list is kept', async ({ page }) => {
  const pulls: URL[] = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/config')) pulls.push(new URL(request.url())); });
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();

  const list = join(server.dataDir, 'key-persons.csv');
  writeFileSync(list, `id_number,category,note\n${resident(40).id},密切接触者,\n`);
  await server.cli('key-persons', 'import', list);
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect.poll(async () => (await tabletConfig(page)).keyPersons.persons.length).toBe(1);
  const held = (await tabletConfig(page)).keyPersons as unknown as { salt: string; revision: number };
  expect(held.revision).toBeGreaterThan(0);

  // Another person listed, and the list held changed under the tablet: same revision, another salt.
  writeFileSync(list, `id_number,category,note\n${resident(40).id},密切接触者,\n${resident(41).id},密切接触者,\n`);
  await server.cli('key-persons', 'import', list);
  await changeTabletKeyPersons(page, { salt: 'AAAAAAAAAAAAAAAAAAAAAA==' });
  pulls.length = 0;
  await page.getByRole('button', { name: '立即同步' }).click();

  await expect.poll(async () => (await tabletConfig(page)).keyPersons.persons.length).toBe(2);
  const kept = (await tabletConfig(page)).keyPersons as unknown as { salt: string; revision: number };
  expect(kept.salt).toBe(held.salt);
  expect(kept.revision).toBeGreaterThan(held.revision);
  // The delta asked with the revision held, then the whole list asked without it, at once.
  expect(pulls.map((u) => u.searchParams.get('keyPersonRevision'))).toEqual([String(held.revision), null]);
});
