/** A finder of the tablet tries every ID number of a birth date against a typed entry: nothing kept in clear confirms one. */
import { createHash } from 'node:crypto';
import { canonical } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { commitmentText } from '../../src/core/personSeal.ts';
import { expect, test } from './support/test.ts';
import { injectCamera } from './support/camera.ts';
import { resident } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries, type TabletEntry } from './support/tablet.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every ID number with the region and birth date of `id`: the space a finder who knows roughly who came would search. */
function sameBirthDate(id: string): string[] {
  return Array.from({ length: 1000 }, (_, n) => {
    const first17 = id.slice(0, 14) + String(n).padStart(3, '0');
    return first17 + checkCharacter(first17);
  });
}

/**
 * The attacks on a stored record: its chain hash recomputed with a guessed person in clear (as the hash covered it before),
 * and its commitment recomputed without the salt (the salt is inside the sealed box, which needs the checkpoint's key).
 */
function guessesThatMatch(record: Omit<Entry, 'personId' | 'name'> & { personCommit?: string | null }, guesses: readonly string[]): string[] {
  return guesses.filter((personId) => {
    const asV1 = { ...record, personId, name: null, personCommit: undefined };
    return sha256(canonical(asV1)) === record.hash || sha256(commitmentText('', { personId, name: null })) === record.personCommit;
  });
}

test('a typed entry: brute-forcing the ID numbers of its birth date against what the tablet stores finds nothing', async ({ page }) => {
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  const id = resident(17).id;
  await page.getByRole('button', { name: /手动输入/ }).click();
  for (const ch of id) await page.locator('.keypad').getByRole('button', { name: ch, exact: true }).click();
  await page.locator('.keypad').getByRole('button', { name: '确认' }).click();
  await expect(page.locator('[data-verdict="pass"][data-saved="true"][data-seq="1"]')).toBeVisible();

  const [record] = await tabletEntries(page) as Array<TabletEntry & { personCommit?: string | null }>;
  expect(record).toMatchObject({ personId: null, name: null, personCommit: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const guesses = sameBirthDate(id);
  expect(guesses).toContain(id);
  expect(guessesThatMatch(record as unknown as Entry, guesses)).toEqual([]);

  // The same attack on the record an older tablet kept (its hash over the person in clear) finds the ID number at once:
  // the attack is real, and only the commitment stops it.
  const { personCommit: _c, hash: _h, ...fields } = record as unknown as Entry & { sealed: unknown; syncState: string };
  const older = { ...fields, personId: id, name: null } as Omit<Entry, 'hash'>;
  const olderRecord = { ...older, hash: sha256(canonical(older)), personId: null, name: null };
  expect(guessesThatMatch(olderRecord, guesses)).toEqual([id]);

  // The server, which holds the checkpoint's key, still gets the person and checks it against the commitment.
  await expect.poll(async () => (await server.exportedRows()).map((r) => r.id_number)).toEqual([id]);
});
