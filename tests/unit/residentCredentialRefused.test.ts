/** Which failures of a resident call mean "this phone's credential no longer counts": only the server's 401 `resident-credential`. */
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../src/sync/api.ts';
import { credentialRefused } from '../../src/sync/residentApi.ts';

const server = (status: number, error: string): CallError => ({ kind: 'server', status, error, message: error });

describe('a refused resident credential', () => {
  it('is the 401 resident-credential the server answers for a secret it replaced or never issued', () => {
    expect(credentialRefused(server(401, 'resident-credential'))).toBe(true);
  });

  it('is not being offline, a timeout, a server failure, a rate limit or another refusal: the held codes stay usable', () => {
    expect(credentialRefused({ kind: 'offline' })).toBe(false);
    expect(credentialRefused({ kind: 'timeout' })).toBe(false);
    expect(credentialRefused(server(500, 'server-error'))).toBe(false);
    expect(credentialRefused(server(502, 'response-not-json'))).toBe(false);
    expect(credentialRefused(server(429, 'rate-limited'))).toBe(false);
    expect(credentialRefused(server(401, 'resident-passkey-failed'))).toBe(false);
    expect(credentialRefused(server(404, 'resident-unknown'))).toBe(false);
    // A proxy's 401 page is no word from our server about this phone.
    expect(credentialRefused(server(401, 'response-not-json'))).toBe(false);
  });
});
