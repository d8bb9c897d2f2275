/** The server's side of sealed personal fields: each checkpoint's key pair, opening pushed entries, and wrapping the key for the lead. */
import { fromBase64 } from '../../core/base64.ts';
import { deriveLeadPin, type PinError } from '../../core/leadPin.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import { newCheckpointKey, wrapForLead, type UnsealError } from '../../core/personSeal.ts';
import type { Result } from '../../core/result.ts';
import { NodePersonOpener } from './personOpener.ts';
import type { SealKeyPair, Storage } from '../storage/storage.ts';
import { sealedPersonValidator } from '../http/validation.ts';

// A checkpoint's key pair never changes once made, so each process asks each database once.
const pairs = new WeakMap<Storage, Map<string, Promise<SealKeyPair>>>();
const openers = new WeakMap<Storage, Map<string, Promise<NodePersonOpener>>>();

function cached<T>(maps: WeakMap<Storage, Map<string, Promise<T>>>, storage: Storage, key: string, make: () => Promise<T>): Promise<T> {
  let map = maps.get(storage);
  if (!map) maps.set(storage, (map = new Map()));
  let value = map.get(key);
  if (!value) {
    value = make();
    value.catch(() => map.delete(key));
    map.set(key, value);
  }
  return value;
}

/** The checkpoint's key pair, made the first time anyone asks. */
export function sealKeyPair(storage: Storage, checkpointId: string): Promise<SealKeyPair> {
  return cached(pairs, storage, checkpointId, async () => storage.ensureSealKey(checkpointId, await newCheckpointKey()));
}

function pkcs8Of(pair: SealKeyPair): Uint8Array {
  const bytes = fromBase64(pair.privateKey);
  if (!bytes) throw new Error('a stored seal key is not Base64');
  return bytes;
}

/** Opens the persons sealed to one checkpoint's key. */
function openerFor(storage: Storage, checkpointId: string): Promise<NodePersonOpener> {
  return cached(openers, storage, checkpointId, async () => new NodePersonOpener(pkcs8Of(await sealKeyPair(storage, checkpointId))));
}

const hasSealed = (raw: unknown): raw is { sealed: unknown } => typeof raw === 'object' && raw !== null && 'sealed' in raw;

/** A pushed entry with its person opened: still unchecked, and the salt of its commitment when the box held one. */
export interface Opened {
  entry: unknown;
  personSalt: string | null;
}

/**
 * A pushed batch with each sealed person opened back to a plain entry (then checked like any other); entries without one
 * pass through. One await for the whole batch: the opening itself is synchronous.
 */
export async function unsealBatch(storage: Storage, checkpointId: string, batch: readonly unknown[]): Promise<Array<Result<Opened, UnsealError>>> {
  const opener = batch.some(hasSealed) ? await openerFor(storage, checkpointId) : null;
  return batch.map((raw): Result<Opened, UnsealError> => {
    if (!hasSealed(raw) || !opener) return { ok: true, value: { entry: raw, personSalt: null } };
    const { sealed, ...rest } = raw;
    if (!sealedPersonValidator()(sealed)) return { ok: false, error: 'sealed-malformed' };
    const opened = opener.open(sealed);
    if (!opened.ok) return opened;
    const { personId, name, salt } = opened.value;
    return { ok: true, value: { entry: { ...rest, personId, name }, personSalt: salt } };
  });
}

/** The lead PIN record as the operator sets it: the PIN's hash, and the checkpoint's private key wrapped with the PIN. */
export async function operatorLeadPin(storage: Storage, checkpointId: string, pin: string): Promise<Result<LeadPin, PinError>> {
  const record = await deriveLeadPin(pin);
  if (!record.ok) return record;
  const key = await wrapForLead(pkcs8Of(await sealKeyPair(storage, checkpointId)), pin, record.value.iterations);
  return { ok: true, value: { ...record.value, key } };
}
