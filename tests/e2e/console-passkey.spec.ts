/**
 * Issue #14: a passkey made and used in Chromium, with the DevTools virtual authenticator standing in for a phone's
 * fingerprint: sign in with the password, register a passkey, sign out, sign in with the passkey alone. The page is
 * any document of the server's origin (the ceremony is the browser's own API, as the console will call it).
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, test } from './support/test.ts';
import { TestServer } from './support/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct horse battery staple';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

/** `kadian ARGS…` on the server's DATA_DIR with `input` on standard input (the password, as an operator pipes it). */
function kadian(input: string, ...args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, [join(ROOT, 'bin/kadian.js'), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir } }, (error, stdout, stderr) =>
      error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout));
    child.stdin?.end(input);
  });
}

test('registers a passkey after a password sign-in, then signs in with the passkey alone', async ({ browser }) => {
  await kadian(PASSWORD, 'users', 'add', '--name', 'zhang.wei', '--role', 'admin', '--password-stdin');
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await page.goto(`${server.url}/api/v1/health`);

  const registered = await page.evaluate(async (password) => {
    const json = (r: Response) => r.json() as Promise<Record<string, unknown>>;
    const post = (url: string, body: unknown, csrf?: string) => fetch(url, {
      method: 'POST', headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(csrf && { 'x-csrf-token': csrf }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const session = await json(await post('/api/v1/session', { name: 'zhang.wei', password }));
    const csrf = String(session.csrf);
    const options = await json(await post('/api/v1/console/passkeys/options', undefined, csrf));
    const created = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options as unknown as PublicKeyCredentialCreationOptionsJSON) });
    const credential = (created as PublicKeyCredential).toJSON();
    const added = await post('/api/v1/console/passkeys', { credential, label: '测试指纹 test fingerprint' }, csrf);
    const signedOut = await fetch('/api/v1/session', { method: 'DELETE', headers: { 'x-csrf-token': csrf } });
    const afterSignOut = await fetch('/api/v1/console/me');
    return { added: added.status, passkeys: await json(added), signedOut: signedOut.status, afterSignOut: afterSignOut.status };
  }, PASSWORD);
  expect(registered).toMatchObject({ added: 200, signedOut: 200, afterSignOut: 401, passkeys: { passkeys: [{ label: '测试指纹 test fingerprint', lastUsedAt: null }] } });
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  const signedIn = await page.evaluate(async () => {
    const options = await (await fetch('/api/v1/session/passkey/options', { method: 'POST' })).json() as PublicKeyCredentialRequestOptionsJSON;
    const got = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    const res = await fetch('/api/v1/session/passkey', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: (got as PublicKeyCredential).toJSON() }) });
    const me = await fetch('/api/v1/console/me');
    return { status: res.status, me: me.status, name: ((await me.json()) as { user?: { name?: string } }).user?.name };
  });
  expect(signedIn).toEqual({ status: 200, me: 200, name: 'zhang.wei' });

  const audit = JSON.parse(await kadian('', 'audit', '--json')) as Array<{ action: string; detail: { method?: string } }>;
  expect(audit.filter((r) => r.action.startsWith('console.')).map((r) => `${r.action}${r.detail.method ? `:${r.detail.method}` : ''}`).reverse())
    .toEqual(['console.signin:password', 'console.passkey-add', 'console.signout', 'console.signin:passkey']);
  await context.close();
});
