/** Enrol → scan with a real (fake-device) camera stream → verdict → IndexedDB → exactly one row on the server. */
import { expect, test } from './support/test.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeQrY4m } from './support/qr.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletDump, tabletEntries } from './support/tablet.ts';

const person = resident(1);
const video = join(mkdtempSync(join(tmpdir(), 'kadian-cam-')), 'resident.y4m');
writeQrY4m(residentCode(person), video);

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
    ],
  },
});

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

test('a resident code in front of the camera is judged, logged once, and reaches the server once', async ({ page }) => {
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toContainText('东门');
  expect(new URL(page.url()).pathname).toBe('/');

  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toHaveAttribute('data-verdict', 'pass');
  await expect(verdict).toHaveAttribute('data-saved', 'true');
  await expect(verdict).toContainText(person.name);
  await expect(verdict).toContainText(`${person.id.slice(0, 6)}********${person.id.slice(-4)}`);

  await expect.poll(async () => (await server.exportedRows()).length).toBe(1);
  const [row] = await server.exportedRows();
  expect(row).toMatchObject({ id_number: person.id, name: person.name, verdict: 'pass', direction: 'in', source: 'KDR1', seq: '1' });

  // The code stays in front of the camera: it is one scan, not one per frame.
  await expect(verdict).toBeHidden();
  // allowed: proving that nothing happens needs time to pass; longer than the 3 s repeat window, the code still in view
  await page.waitForTimeout(4000); // allowed (see above)
  await expect.poll(async () => (await tabletEntries(page)).map((e) => e.syncState)).toEqual(['synced']);
  const [entry] = await tabletEntries(page);
  expect(entry).toMatchObject({ seq: 1, personId: null, name: null, verdict: 'pass', source: 'KDR1' });
  // A finder of the tablet reads neither the ID number nor the name anywhere in its storage; the server has both (above).
  const onTablet = await tabletDump(page);
  expect(onTablet).toContain(entry!.hash);
  expect(onTablet).not.toContain(person.id);
  expect(onTablet).not.toContain(person.name);
  expect(await server.exportedRows()).toHaveLength(1);
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '0');
});
