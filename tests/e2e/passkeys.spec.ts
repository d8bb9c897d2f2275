/**
 * Issue #18's passkeys in Chromium on a 390 px phone, with the DevTools virtual authenticator (a platform authenticator
 * that verifies its user): the first registration makes a passkey; the phone's data cleared, or a new phone the passkey
 * synced to, gets the same household back with it, and the old secret is refused. A declined passkey is offered again;
 * a phone without one sees nothing new. The phone whose account moved says so in place of its codes (not when merely
 * offline), and recovers or registers again. The new states pass axe.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import type { PhoneCredential } from '../../src/core/residentWire.ts';
import { axeProblems, type AxeProblem } from './support/axe.ts';
import { checkInOnPhone, PHONE, registerOnPhone } from './support/residentPhone.ts';
import { resident } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { expect, test } from './support/test.ts';

let server: TestServer;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  // Several phones of one test share the runner's address: the per-IP limit is tests/server/residentPasskeys.test.ts's.
  server = await TestServer.start({ RATE_LIMIT_RESIDENT: '1000' });
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => { await server?.stop(); });

interface Phone { page: Page; cdp: CDPSession; authenticatorId: string }

/** A phone of its own; with `authenticator`, one that keeps passkeys behind its screen lock (verified unless told). */
async function newPhone(browser: Browser, authenticator: { verifies: boolean } | null): Promise<Phone> {
  const context = await browser.newContext({ viewport: PHONE });
  contexts.push(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (!authenticator) return { page, cdp, authenticatorId: '' };
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: authenticator.verifies, automaticPresenceSimulation: true },
  });
  return { page, cdp, authenticatorId };
}

/** The credential the phone keeps in IndexedDB (idb-keyval's store), as the page's own code reads it. */
function keptCredential(page: Page): Promise<PhoneCredential | null> {
  return page.evaluate(() => new Promise<PhoneCredential | null>((done, fail) => {
    const open = indexedDB.open('keyval-store');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('keyval')) return done(null);
      const read = db.transaction('keyval').objectStore('keyval').get('kadian-resident-credential');
      read.onsuccess = () => done((read.result as PhoneCredential | undefined) ?? null);
      read.onerror = () => fail(read.error);
    };
  }));
}

/** GET /residents/me with a credential, from outside the phone: the status says whether the server still takes it. */
async function meStatus(credential: PhoneCredential): Promise<number> {
  return (await fetch(`${server.url}/api/v1/residents/me`, { headers: { authorization: `Resident ${credential.phoneId}.${credential.secret}` } })).status;
}

/** On /register of a phone that holds nothing: the passkey sign-in, and after it the household with its codes. */
async function recover(page: Page, personId: string): Promise<void> {
  await page.goto(`${server.url}/register`);
  const section = page.locator('.passkey-recovery');
  await expect(section).toBeVisible();
  await section.getByRole('button', { name: '用通行密钥找回' }).click();
  await expect(page.locator(`.person-card[data-person="${personId}"]`)).toBeVisible();
  await expect(page.locator('[data-passkey="made"]')).toBeVisible();
  await expect(page.locator('.passkey-recovery')).toHaveCount(0);
}

test('a phone registers with a passkey, loses its data, and gets its household back with it; the old secret is refused', async ({ browser }) => {
  test.slow();
  const problems: AxeProblem[] = [];
  const person = resident(401);
  const phone = await newPhone(browser, { verifies: true });
  await phone.page.goto(`${server.url}/register`);
  // A phone that holds nothing is offered the way back before the form.
  await expect(phone.page.locator('.passkey-recovery')).toBeVisible();
  await registerOnPhone(phone.page, server.url, person);
  await expect(phone.page.locator('[data-passkey="made"]')).toContainText('已保存通行密钥');
  problems.push(...await axeProblems(phone.page, 'household with a passkey 390'));
  const { credentials } = await phone.cdp.send('WebAuthn.getCredentials', { authenticatorId: phone.authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
  await checkInOnPhone(phone.page, server.url, person);
  const before = await keptCredential(phone.page);
  expect(before).not.toBeNull();

  // The browser's data cleared: nothing of the phone's is left but the passkey in its authenticator. The page is left
  // first: the refresh a check-in starts could otherwise write the household back after the clear.
  await phone.page.goto('about:blank');
  await phone.cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'all' });
  await phone.page.goto(`${server.url}/health`);
  await expect(phone.page.locator('[data-health="unregistered"]')).toBeVisible();
  await phone.page.goto(`${server.url}/register`);
  await expect(phone.page.locator('.passkey-recovery')).toBeVisible();
  problems.push(...await axeProblems(phone.page, 'register with the passkey sign-in 390'));
  await recover(phone.page, person.id);
  // The resident code is made again on the phone; today's check-in is the server's, so the code comes back too.
  await expect(phone.page.locator(`.person-card[data-person="${person.id}"]`).getByRole('button', { name: '出示居民信息码' })).toBeVisible();
  await phone.page.goto(`${server.url}/health`);
  const card = phone.page.locator(`.health-card[data-person="${person.id}"]`);
  await expect(card).toHaveAttribute('data-colour', 'green');
  await phone.page.getByRole('button', { name: '只获取健康码' }).click();
  await expect(card.locator('svg.qr')).toHaveAttribute('data-qr', /^KDH1:/);

  const after = await keptCredential(phone.page);
  expect(after?.phoneId).toBe(before!.phoneId);
  expect(after?.secret).not.toBe(before!.secret);
  expect(await meStatus(before!)).toBe(401);
  expect(await meStatus(after!)).toBe(200);
  expect(problems).toEqual([]);
});

test('a new phone the passkey synced to takes the household over; the old phone says so, hides its codes, and recovers or registers again', async ({ browser }) => {
  test.slow();
  const person = resident(402);
  const old = await newPhone(browser, { verifies: true });
  await registerOnPhone(old.page, server.url, person);
  await expect(old.page.locator('[data-passkey="made"]')).toBeVisible();
  await checkInOnPhone(old.page, server.url, person);
  const oldSecret = (await keptCredential(old.page))!;

  // The passkey as a password manager syncs it: the same key, user handle and counter on the new phone's authenticator.
  const { credentials } = await old.cdp.send('WebAuthn.getCredentials', { authenticatorId: old.authenticatorId });
  const fresh = await newPhone(browser, { verifies: true });
  await fresh.cdp.send('WebAuthn.addCredential', { authenticatorId: fresh.authenticatorId, credential: credentials[0]! });
  await recover(fresh.page, person.id);
  await fresh.page.goto(`${server.url}/health`);
  await expect(fresh.page.locator(`.health-card[data-person="${person.id}"]`)).toHaveAttribute('data-colour', 'green');

  expect(await meStatus(oldSecret)).toBe(401);
  expect((await keptCredential(fresh.page))?.phoneId).toBe(oldSecret.phoneId);

  // The old phone while its calls fail offline, at a server in trouble, or rate limited: none of these says its
  // credential is gone, so its code stays on screen (the codes work offline: the product's promise).
  const problems: AxeProblem[] = [];
  const notice = old.page.locator('[data-phone="superseded"]');
  const oldCode = old.page.locator(`.health-card[data-person="${person.id}"] svg.qr`);
  const residentCalls = (url: URL) => /^\/api\/v1\/(residents\/me|health-code|checkins)$/.test(url.pathname);
  let failure: 'offline' | 503 | 429 = 'offline';
  await old.page.route(residentCalls, (route) => (failure === 'offline'
    ? route.abort('internetdisconnected')
    : route.fulfill({ status: failure, contentType: 'application/json', body: JSON.stringify({ error: failure === 503 ? 'server-error' : 'rate-limited', message: 'test' }) })));
  await old.page.reload();
  await expect(oldCode).toHaveAttribute('data-qr', /^KDH1:/);
  for (const [made, shown] of [['offline', 'sync-offline'], [503, 'server-error'], [429, 'rate-limited']] as const) {
    failure = made;
    await old.page.getByRole('button', { name: '只获取健康码' }).click();
    await expect(old.page.locator(`.health-screen [data-error="${shown}"]`)).toBeVisible();
    await expect(oldCode).toHaveAttribute('data-qr', /^KDH1:/);
  }
  await expect(notice).toHaveCount(0);

  // Online again, a code refresh meets the server's refusal of the old secret: the phone says why, and shows no code.
  await old.page.unroute(residentCalls);
  await old.page.getByRole('button', { name: '只获取健康码' }).click();
  await expect(notice).toContainText('此手机的登记已在另一部手机上找回，这里保存的码已失效');
  await expect(old.page.locator('.health-card, svg.qr, #check-in')).toHaveCount(0);
  problems.push(...await axeProblems(old.page, 'health on a superseded phone 390'));
  // Kept on the phone: reloaded with no network, the household page says it again, with no resident code.
  failure = 'offline';
  await old.page.route(residentCalls, (route) => route.abort('internetdisconnected'));
  await old.page.goto(`${server.url}/register`);
  await expect(notice).toBeVisible();
  await expect(old.page.locator('.person-card, svg.qr')).toHaveCount(0);
  await old.page.unroute(residentCalls);

  // Recover here: the passkey synced back (with the counter the new phone left it at) takes the household back.
  const synced = (await fresh.cdp.send('WebAuthn.getCredentials', { authenticatorId: fresh.authenticatorId })).credentials[0]!;
  await old.cdp.send('WebAuthn.removeCredential', { authenticatorId: old.authenticatorId, credentialId: synced.credentialId });
  await old.cdp.send('WebAuthn.addCredential', { authenticatorId: old.authenticatorId, credential: synced });
  await notice.getByRole('button', { name: '用通行密钥找回' }).click();
  await expect(old.page.locator(`.person-card[data-person="${person.id}"]`)).toBeVisible();
  await expect(notice).toHaveCount(0);
  const recovered = (await keptCredential(old.page))!;
  expect(recovered.secret).not.toBe(oldSecret.secret);
  expect(await meStatus(recovered)).toBe(200);

  // The new phone, in its turn, is told; it registers again as a new phone, nothing of the household left on it.
  await fresh.page.goto(`${server.url}/register`);
  const freshNotice = fresh.page.locator('[data-phone="superseded"]');
  await expect(freshNotice).toContainText('本机登记已失效');
  await expect(fresh.page.locator('.person-card')).toHaveCount(0);
  problems.push(...await axeProblems(fresh.page, 'household on a superseded phone 390'));
  await freshNotice.getByRole('button', { name: '重新登记' }).click();
  await expect(fresh.page.locator('form.register-form')).toBeVisible();
  await expect(fresh.page.locator('.person-card, [data-phone="superseded"]')).toHaveCount(0);
  expect(await keptCredential(fresh.page)).toBeNull();
  const newcomer = resident(405);
  await registerOnPhone(fresh.page, server.url, newcomer);
  await expect(fresh.page.locator('.person-card')).toHaveCount(1);
  expect(await meStatus((await keptCredential(fresh.page))!)).toBe(200);
  expect(problems).toEqual([]);
});

test('a passkey declined at registration is offered again under the household', async ({ browser }) => {
  const person = resident(403);
  // The screen lock not passed: the ceremony fails, and the registration stands without a passkey.
  const phone = await newPhone(browser, { verifies: false });
  await registerOnPhone(phone.page, server.url, person);
  const offer = phone.page.locator('[data-passkey="none"]');
  await expect(offer).toBeVisible();
  expect((await phone.cdp.send('WebAuthn.getCredentials', { authenticatorId: phone.authenticatorId })).credentials).toHaveLength(0);
  expect(await axeProblems(phone.page, 'household with the passkey offer 390')).toEqual([]);

  await phone.cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone.authenticatorId, isUserVerified: true });
  await offer.getByRole('button', { name: '保存通行密钥' }).click();
  await expect(phone.page.locator('[data-passkey="made"]')).toBeVisible();
  expect((await phone.cdp.send('WebAuthn.getCredentials', { authenticatorId: phone.authenticatorId })).credentials).toHaveLength(1);
});

test('a phone without passkeys sees nothing of them', async ({ browser }) => {
  const phone = await newPhone(browser, null);
  await phone.page.goto(`${server.url}/register`);
  await expect(phone.page.locator('form.register-form')).toBeVisible();
  await registerOnPhone(phone.page, server.url, resident(404));
  await expect(phone.page.locator('.person-card')).toHaveCount(1);
  await expect(phone.page.locator('.passkey-recovery, [data-passkey]')).toHaveCount(0);
});
