/** The uploader's decisions about one batch, apart from its I/O: what a reply acknowledges, and how big the next batch may be. */
import type { PushResponse } from '../core/wire.ts';
import type { Acknowledgement } from '../store/log.ts';
import type { CallError } from './api.ts';

/** Pushing this many was refused as too large (413, a proxy with a smaller body limit than ours): half as many next; null when even one is too large. */
export function smallerBatch(sent: number, error: CallError): number | null {
  if (error.kind !== 'server' || error.status !== 413) return null;
  return sent > 1 ? Math.ceil(sent / 2) : null;
}

/**
 * What the server's reply says of each entry of the batch (by the batch's `seq`s, by index); an entry the reply does not
 * mention stays pending and goes again (sending twice is harmless). A reply that mentions none is a failure: the
 * server acknowledged nothing, and the tablet must not loop on the same batch without a pause.
 */
export function acknowledgementsOf(seqs: readonly number[], reply: PushResponse): { ok: true; value: Acknowledgement[] } | { ok: false; error: CallError } {
  const acks = reply.results.flatMap((r): Acknowledgement[] => {
    const seq = seqs[r.index];
    if (seq === undefined) return [];
    return [r.status === 'refused' ? { seq, state: 'refused', reason: r.reason ?? 'refused' } : { seq, state: 'synced' }];
  });
  if (acks.length === 0) return { ok: false, error: { kind: 'server', status: 200, error: 'reply-empty', message: 'The server acknowledged nothing' } };
  return { ok: true, value: acks };
}
