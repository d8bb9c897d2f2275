/** Security headers on every kind of response: the API, the app shell, a hashed asset, the OpenAPI document, a 404; HSTS only over HTTPS. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../../src/server/http/securityHeaders.ts';
import { harness, type Harness } from './helpers.ts';

let dist: string;
let h: Harness;
let proxied: Harness;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'kadian-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>卡点</title>');
  writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1);');
  h = await harness({ staticDir: dist });
  proxied = await harness({ staticDir: dist, trustProxy: true });
});
afterAll(async () => {
  await h.close();
  await proxied.close();
  rmSync(dist, { recursive: true, force: true });
});

/** The CSP as a map of directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(String(header).split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

const PAGES = [
  { what: 'the API', url: '/api/v1/health', status: 200 },
  { what: 'the app shell', url: '/', status: 200 },
  { what: 'a client-side route', url: '/register', status: 200 },
  { what: 'a hashed JS asset', url: '/assets/index-Ab12Cd34.js', status: 200 },
  { what: 'the OpenAPI document', url: '/api/v1/openapi.json', status: 200 },
  { what: 'an API 404', url: '/api/v1/nothing', status: 404 },
];

describe('security headers', () => {
  for (const { what, url, status } of PAGES) {
    it(`are on ${what} (${url})`, async () => {
      const res = await h.app.inject({ url });
      expect(res.statusCode).toBe(status);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const policy = csp(res.headers['content-security-policy']);
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      // WebAssembly may compile, nothing else may be evaluated, and no inline script runs.
      expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect([...policy.values()].flat()).not.toContain("'unsafe-inline'");
      expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
      expect(policy.has('upgrade-insecure-requests')).toBe(false);
      // Plain http: no HSTS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });
  }

  it('add HSTS when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const https = await proxied.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe(HSTS);
    const http = await proxied.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'http' } });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY anyone could send the header: it is not believed.
    const untrusted = await h.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
  });
});
