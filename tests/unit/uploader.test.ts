/** The uploader's decisions: smaller batches after a 413, an empty reply as a failure, and the backoff between attempts. */
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../src/sync/api.ts';
import { backoffMs, jitter } from '../../src/sync/backoff.ts';
import { acknowledgementsOf, smallerBatch } from '../../src/sync/batches.ts';
import { refusedForGood } from '../../src/sync/pendingChanges.ts';

const serverError = (status: number, error = 'x'): CallError => ({ kind: 'server', status, error, message: error });

describe('batch size after a refusal', () => {
  it('halves what was sent on 413, down to one entry, and gives up below that', () => {
    expect(smallerBatch(500, serverError(413))).toBe(250);
    expect(smallerBatch(40, serverError(413))).toBe(20);
    expect(smallerBatch(3, serverError(413))).toBe(2);
    expect(smallerBatch(1, serverError(413))).toBeNull();
  });

  it('does not change the batch for any other failure', () => {
    expect(smallerBatch(500, serverError(500))).toBeNull();
    expect(smallerBatch(500, serverError(400, 'request-invalid'))).toBeNull();
    expect(smallerBatch(500, { kind: 'offline' })).toBeNull();
    expect(smallerBatch(500, { kind: 'timeout' })).toBeNull();
  });
});

describe('what a reply acknowledges', () => {
  const serverTime = '2026-11-30T00:00:00Z';

  it('maps results by index to the batch\'s seqs, refused ones with their reason', () => {
    const acks = acknowledgementsOf([7, 8, 9], {
      serverTime,
      results: [
        { index: 0, seq: 7, status: 'stored' },
        { index: 1, seq: 8, status: 'duplicate' },
        { index: 2, seq: 9, status: 'refused', reason: 'entry-hash' },
      ],
    });
    expect(acks).toEqual({ ok: true, value: [{ seq: 7, state: 'synced' }, { seq: 8, state: 'synced' }, { seq: 9, state: 'refused', reason: 'entry-hash' }] });
  });

  it('leaves unmentioned entries pending and ignores results for indexes it did not send', () => {
    const acks = acknowledgementsOf([7, 8, 9], { serverTime, results: [{ index: 1, seq: 8, status: 'stored' }, { index: 5, seq: null, status: 'stored' }] });
    expect(acks).toEqual({ ok: true, value: [{ seq: 8, state: 'synced' }] });
  });

  it('treats a reply that acknowledges nothing as a failure (reply-empty), never as success', () => {
    expect(acknowledgementsOf([7, 8], { serverTime, results: [] })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'server', error: 'reply-empty' }) });
    expect(acknowledgementsOf([7], { serverTime, results: [{ index: 3, seq: null, status: 'stored' }] }).ok).toBe(false);
  });
});

describe('backoff', () => {
  it('is nothing after a success, then doubles from 2 s, capped at 5 minutes', () => {
    const middle = () => 0.5; // jitter factor exactly 1
    expect(backoffMs(0, middle)).toBe(0);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, middle))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(backoffMs(9, middle)).toBe(300_000);
    expect(backoffMs(50, middle)).toBe(300_000);
  });

  it('spreads each wait over half to one and a half times itself', () => {
    expect(backoffMs(3, () => 0)).toBe(4_000);
    expect(backoffMs(3, () => 0.999999)).toBeCloseTo(12_000, -1);
    expect(jitter(60_000, () => 0)).toBe(30_000);
    expect(jitter(60_000, () => 1)).toBe(90_000);
  });
});

describe("a lead's change the server refused", () => {
  it('is refused for good on 400, 403 and 409 (kept as refused, never resent), and stays pending otherwise', () => {
    for (const [status, error] of [[403, 'lead-proof-missing'], [403, 'lead-proof-invalid'], [409, 'lead-pin-stale'], [400, 'lead-pin-invalid']] as const) {
      expect(refusedForGood(serverError(status, error)), error).toBe(true);
    }
    for (const e of [serverError(401, 'device-revoked'), serverError(500), serverError(503), { kind: 'offline' } as const, { kind: 'timeout' } as const]) {
      expect(refusedForGood(e)).toBe(false);
    }
  });
});
