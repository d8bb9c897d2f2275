/**
 * Opening sealed persons on the server with node:crypto, synchronously: the same ECDH → HKDF → AES-256-GCM as core's
 * PersonOpener, but WebCrypto's promise-per-call thread-pool jobs cost a push of 500 sealed entries 3× its time.
 */
import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { IV_BYTES, PUBLIC_KEY_BYTES, readPerson, SEAL_INFO, type OpenedPerson, type SealedPerson, type UnsealError } from '../../core/personSeal.ts';
import type { Result } from '../../core/result.ts';

const TAG_BYTES = 16;
/** The SPKI header of an uncompressed P-256 key: a raw key after it is the whole SubjectPublicKeyInfo. */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export class NodePersonOpener {
  private readonly privateKey: KeyObject;
  /** The box key of each sender's one-off key (a tablet makes one an hour). */
  private readonly keys = new Map<string, Buffer>();

  constructor(pkcs8: Uint8Array, private readonly cacheSize = 4096) {
    this.privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  }

  /** The box key of a sender, or null when `epk` is not a raw P-256 key; decoded only the first time it is seen. */
  private keyFor(epk: string): Buffer | null {
    let key = this.keys.get(epk);
    if (!key) {
      const raw = Buffer.from(epk, 'base64');
      if (raw.length !== PUBLIC_KEY_BYTES) return null;
      const sender = createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
      const secret = diffieHellman({ privateKey: this.privateKey, publicKey: sender });
      key = Buffer.from(hkdfSync('sha256', secret, raw, SEAL_INFO, 32));
      if (this.keys.size >= this.cacheSize) this.keys.clear();
      this.keys.set(epk, key);
    }
    return key;
  }

  open(sealed: SealedPerson): Result<OpenedPerson, UnsealError> {
    const iv = Buffer.from(sealed.iv, 'base64'), data = Buffer.from(sealed.data, 'base64');
    if (iv.length !== IV_BYTES || data.length <= TAG_BYTES) return { ok: false, error: 'sealed-malformed' };
    let plain: string;
    try {
      const key = this.keyFor(sealed.epk);
      if (!key) return { ok: false, error: 'sealed-malformed' };
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = decipher.update(data.subarray(0, data.length - TAG_BYTES), undefined, 'utf8') + decipher.final('utf8');
    } catch {
      // Not a point on the curve, or the tag does not match: either way, not ours to open.
      return { ok: false, error: 'sealed-undecryptable' };
    }
    return readPerson(plain);
  }
}
