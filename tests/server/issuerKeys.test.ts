/** Issuer keys on disk, key rotation and retirement, the trust list in the config and its version, and the CLI. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInResponse, ConfigUnchanged, TrustList } from '../../src/core/wire.ts';
import { addKey, listKeys, retireKey } from '../../src/server/issuer/keys.ts';
import { readIssuerTrust } from '../../src/server/issuer/trust.ts';
import { readSettings } from '../../src/server/settings.ts';
import { issuerHarness, resident, signerOf, verifyAt, type IssuerHarness } from './issuerFixture.ts';
import type { PhoneCredential } from '../../src/core/residentWire.ts';
import { asPhone, registered } from './residentFixture.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));
// A self-signed P-256 certificate (C=DE, O=Kadian Test, CN=Test DSC), as an EU DCC signer certificate would be.
const TEST_DSC =
  'MIIBwjCCAWegAwIBAgIUDFJ4cbRBo25OB7YJ7Jbn5dNr4+8wCgYIKoZIzj0EAwIwNjELMAkGA1UEBhMCREUxFDASBgNVBAoMC0thZGlhbiBUZXN0MREwDwYDVQQDDAhUZXN0IERTQzAeFw0yNjExMjMwMjU5MzZaFw0zNjExMjAwMjU5MzZaMDYxCzAJBgNVBAYTAkRFMRQwEgYDVQQKDAtLYWRpYW4gVGVzdDERMA8GA1UEAwwIVGVzdCBEU0MwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATjKyeVuGkcaG8oZj5bHo51doIynFCQg34MDayCA2Y9dmYkS17m76oQLfEk2u3jY7SwB41fvaiDuB7JGknpFhNTo1MwUTAdBgNVHQ4EFgQUenXomD8m89U2HGdUb7q7eIFI6wIwHwYDVR0jBBgwFoAUenXomD8m89U2HGdUb7q7eIFI6wIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAhqJ0LZVz2wtGx7ow8HfFB4+e3FP4F1++2lu2kmPKm2ICIQDtkuUkLl9SSmEIyIF7+imbxnNd/oIJMB/8AojkbVRT9g==';

let h: IssuerHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const healthy = { temperature: 36.5, isolated: false, symptoms: false };
/** Each resident's phone, per harness: registered at the first check-in (issue #18), kept across a restart (same database). */
const phones = new WeakMap<IssuerHarness, Map<number, PhoneCredential>>();
async function checkIn(harness: IssuerHarness, n: number): Promise<CheckInResponse> {
  const known = phones.get(harness) ?? new Map<number, PhoneCredential>();
  phones.set(harness, known);
  const credential = known.get(n) ?? (await registered(harness.app, resident(n))).credential;
  known.set(n, credential);
  const res = await asPhone(harness.app, credential, 'POST', '/api/v1/checkins', { id: resident(n).id, ...healthy });
  expect(res.statusCode).toBe(200);
  return res.json<CheckInResponse>();
}

interface Run { code: number; stdout: string; stderr: string }
function kadian(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KADIAN, ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('issuer keys', () => {
  it('are made on the first start, private key mode 0600, and reused after a restart', async () => {
    h = await issuerHarness();
    const files = readdirSync(join(h.dataDir, 'keys'));
    expect(files.filter((f) => f.endsWith('.private.pem'))).toHaveLength(1);
    const privateFile = join(h.dataDir, 'keys', files.find((f) => f.endsWith('.private.pem'))!);
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(privateFile, 'utf8')).toContain('BEGIN PRIVATE KEY'); // PKCS#8
    const before = (await h.config()).trust.issuers;
    expect(before).toHaveLength(1);
    expect(Buffer.from(before[0]!.kid, 'base64')).toHaveLength(8);

    await h.restart();
    expect((await h.config()).trust.issuers).toEqual(before);
    expect(await listKeys(h.dataDir)).toHaveLength(1);
  });

  it('signs with a key added later, which verifies with the new trust list only', async () => {
    h = await issuerHarness();
    const oldTrust = (await h.config()).trust;
    const added = await addKey(h.dataDir, new Date('2026-03-02T09:30:00+08:00'));
    const code = (await checkIn(h, 1)).code;
    expect(signerOf(code)).toBe(added.kid);
    const newTrust = (await h.config()).trust;
    expect(newTrust.issuers.map((i) => i.kid)).toContain(added.kid);
    expect((await verifyAt(code, newTrust, '2026-03-02T12:00:00+08:00')).valid).toBe(true);
    expect((await verifyAt(code, oldTrust, '2026-03-02T12:00:00+08:00')).reasons).toEqual(['code-unknown-key']);
  });

  it("keeps a retired key's codes valid until they expire, signs new ones with the new key, and drops the old key after", async () => {
    h = await issuerHarness();
    h.at('2026-03-02T09:00:00+08:00');
    const [first] = await listKeys(h.dataDir);
    const oldCode = (await checkIn(h, 2)).code;
    expect(signerOf(oldCode)).toBe(first!.kid);

    const second = await addKey(h.dataDir, new Date('2026-03-02T10:00:00+08:00'));
    expect((await retireKey(h.dataDir, first!.hex, new Date('2026-03-02T10:00:00+08:00'))).ok).toBe(true);
    h.at('2026-03-02T11:00:00+08:00');
    const newCode = (await checkIn(h, 3)).code;
    expect(signerOf(newCode)).toBe(second.kid);

    const trust = (await h.config()).trust;
    expect(trust.issuers.find((i) => i.kid === first!.kid)?.retiredAt).toBe('2026-03-02T02:00:00.000Z');
    expect((await verifyAt(oldCode, trust, '2026-03-02T23:00:00+08:00')).valid).toBe(true);
    expect((await verifyAt(newCode, trust, '2026-03-02T23:00:00+08:00')).valid).toBe(true);
    expect((await verifyAt(oldCode, trust, '2026-03-03T00:00:01+08:00')).reasons).toEqual(['code-expired']);

    // 25 hours after retiring, no code of the old key can still be valid: it leaves the list, and the version moves.
    const before = await h.config();
    h.at('2026-03-03T11:00:01+08:00');
    const after = await h.config(before.version);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.trust.issuers.map((i) => i.kid)).toEqual([second.kid]);
    expect(await retireKey(h.dataDir, first!.kid, new Date())).toEqual({ ok: false, error: 'key-already-retired' });
    expect(await retireKey(h.dataDir, 'AAAAAAAAAAA=', new Date())).toEqual({ ok: false, error: 'key-unknown' });
  });

  it('refuses to use a key whose metadata does not match its public key', async () => {
    h = await issuerHarness();
    const [key] = await listKeys(h.dataDir);
    const metadata = join(h.dataDir, 'keys', `${key!.hex}.json`);
    writeFileSync(metadata, JSON.stringify({ ...JSON.parse(readFileSync(metadata, 'utf8')), kid: 'AAAAAAAAAAA=' }));
    await expect(listKeys(h.dataDir)).rejects.toThrow(/Issuer key file is broken/);
  });
});

describe('the trust list in the config', () => {
  it('raises the config version when a key is added, and answers unchanged when nothing changed', async () => {
    h = await issuerHarness();
    const first = await h.config();
    expect(first.trust.dccSigners).toEqual([]);
    expect(Number.isFinite(Date.parse(first.trust.updatedAt))).toBe(true);
    expect((await h.app.inject({ url: `/api/v1/config?since=${first.version}`, headers: { authorization: `Bearer ${h.tablet.token}` } })).json<ConfigUnchanged>())
      .toMatchObject({ version: first.version, unchanged: true });

    await addKey(h.dataDir, new Date());
    const next = await h.config(first.version);
    expect(next.version).toBeGreaterThan(first.version);
    expect(next.trust.issuers).toHaveLength(2);
    expect(next.trust.updatedAt >= first.trust.updatedAt).toBe(true);
  });

  it('carries DCC signer certificates the operator adds with the CLI, with a new version', async () => {
    h = await issuerHarness();
    const before = await h.config();
    const added = await kadian(h.dataDir, 'trust', 'add-dcc-cert', TEST_DSC);
    expect(added.code).toBe(0);
    const kid = added.stdout.trim();
    expect(Buffer.from(kid, 'base64')).toHaveLength(8);
    const after = await h.config(before.version);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.trust.dccSigners).toEqual([{ kid, certificate: TEST_DSC, country: 'DE' }]);

    const again = await kadian(h.dataDir, 'trust', 'add-dcc-cert', TEST_DSC, '--country', 'fr');
    expect(again.code).toBe(0);
    expect((await h.config()).trust.dccSigners).toHaveLength(1); // the same certificate once
    const junk = await kadian(h.dataDir, 'trust', 'add-dcc-cert', 'bm90IGEgY2VydGlmaWNhdGU=');
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('X.509');

    const listed = await kadian(h.dataDir, 'trust', 'list');
    expect(JSON.parse(listed.stdout)).toMatchObject({ issuers: after.trust.issuers, dccSigners: after.trust.dccSigners });
  });
});

describe('the CLI', () => {
  it('issues a health code that verifies against readIssuerTrust, with the colour given or by the rules', async () => {
    h = await issuerHarness();
    const who = resident(50);
    const run = await kadian(h.dataDir, 'health-code', '--id', who.id, '--name', who.name, '--colour', 'yellow');
    expect(run.code).toBe(0);
    const code = run.stdout.split('\n')[0]!;
    expect(run.stderr).toContain('▀'); // the terminal QR code
    const trust: Pick<TrustList, 'issuers'> = await readIssuerTrust(h.dataDir);
    expect(await verifyAt(code, trust, new Date().toISOString())).toMatchObject({ valid: true, colour: 'yellow', subject: { id: who.id, name: who.name } });

    const unknown = await kadian(h.dataDir, 'health-code', '--id', who.id, '--name', who.name);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('resident-unknown');
    h.at(new Date().toISOString());
    await checkIn(h, 50);
    const byRules = await kadian(h.dataDir, 'health-code', '--id', who.id, '--name', who.name);
    expect(byRules.code).toBe(0);
    expect((await verifyAt(byRules.stdout.split('\n')[0]!, trust, new Date().toISOString())).colour).toBe('green');
    expect((await kadian(h.dataDir, 'health-code', '--id', who.id, '--name', who.name, '--colour', 'purple')).code).toBe(2);
    // A city's fourth colour (core/entry.ts) is one the issuer signs.
    const blue = await kadian(h.dataDir, 'health-code', '--id', who.id, '--name', who.name, '--colour', 'blue');
    expect(blue.code).toBe(0);
    expect((await verifyAt(blue.stdout.split('\n')[0]!, trust, new Date().toISOString())).colour).toBe('blue');
  });

  it('lists, adds and retires keys; retiring the active key makes a new one', async () => {
    h = await issuerHarness();
    const [first] = await listKeys(h.dataDir);
    const list = await kadian(h.dataDir, 'keys', 'list');
    expect(list.stdout).toMatch(new RegExp(`^${first!.kid.replace(/[+/]/g, '\\$&')}\\t${first!.hex}\\t.*\\tactive\\n$`));
    const retired = await kadian(h.dataDir, 'keys', 'retire', first!.kid);
    expect(retired.code).toBe(0);
    const keys = await listKeys(h.dataDir);
    expect(keys).toHaveLength(2);
    expect(keys[0]!.retiredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(keys[1]!.retiredAt).toBeUndefined();
    expect((await kadian(h.dataDir, 'keys', 'retire', 'nope')).code).toBe(2);
    const added = await kadian(h.dataDir, 'keys', 'add');
    expect((await listKeys(h.dataDir)).at(-1)!.kid).toBe(added.stdout.trim());
    expect(existsSync(join(h.dataDir, 'keys', `${keys[1]!.hex}.private.pem`))).toBe(true);
  });
});

describe('settings', () => {
  it('validates TIME_ZONE, CODE_TTL_MINUTES and ISSUER_NAME, with defaults', () => {
    expect(readSettings({})).toMatchObject({ ok: true, value: { healthCodes: { issuerName: 'kadian', timeZone: 'Asia/Shanghai', codeTtlMinutes: null } } });
    expect(readSettings({ TIME_ZONE: 'Europe/Berlin', CODE_TTL_MINUTES: '90', ISSUER_NAME: '三门峡' }))
      .toMatchObject({ ok: true, value: { healthCodes: { issuerName: '三门峡', timeZone: 'Europe/Berlin', codeTtlMinutes: 90 } } });
    expect(readSettings({ TIME_ZONE: 'Asia/Shangai' })).toMatchObject({ ok: false, error: expect.stringContaining('TIME_ZONE') });
    expect(readSettings({ CODE_TTL_MINUTES: '0' })).toMatchObject({ ok: false, error: expect.stringContaining('CODE_TTL_MINUTES') });
    expect(readSettings({ CODE_TTL_MINUTES: 'soon' })).toMatchObject({ ok: false, error: expect.stringContaining('CODE_TTL_MINUTES') });
  });
});
