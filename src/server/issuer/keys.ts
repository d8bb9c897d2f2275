/** The health-code issuer's ES256 keys under DATA_DIR/keys: one active, older ones kept until their codes have expired. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64 } from '../../core/base64.ts';
import { keyId } from '../../core/healthCode.ts';
import { err, ok, type Result } from '../../core/result.ts';

export const KEYS_DIR = 'keys';

/** One issuer key as the operator and the trust list see it; the private key stays in its file. */
export interface IssuerKeyInfo {
  /** Base64 of the 8-byte key id (core's keyId of the SPKI), as in the trust list and the COSE header. */
  kid: string;
  /** The key id in hex: the key's file names, and easier to type than Base64. */
  hex: string;
  /** Base64 of the SPKI DER. */
  publicKey: string;
  createdAt: string;
  retiredAt?: string;
}

/** What `<hex>.json` holds; written last, so a key without it (a crash mid-write) does not exist. */
interface KeyMetadata {
  kid: string;
  algorithm: 'ES256';
  createdAt: string;
  retiredAt?: string;
}

/** A key file that cannot be read as this server wrote it: the operator must look, not the server guess. */
export class IssuerKeyFileError extends Error {
  constructor(file: string, problem: string) {
    super(`签发密钥文件有误 / Issuer key file is broken: ${file}: ${problem}. 请修复或移走该文件 / Fix or move the file away.`);
    this.name = 'IssuerKeyFileError';
  }
}

export const keysDir = (dataDir: string): string => join(dataDir, KEYS_DIR);
const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const files = (dir: string, hex: string) => ({
  metadata: join(dir, `${hex}.json`),
  publicKey: join(dir, `${hex}.public.pem`),
  privateKey: join(dir, `${hex}.private.pem`),
});

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode, flag: 'w' });
  renameSync(temporary, file);
}

function readMetadata(file: string): KeyMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new IssuerKeyFileError(file, error instanceof Error ? error.message : String(error));
  }
  const m = parsed as Partial<KeyMetadata>;
  const isTime = (t: unknown) => typeof t === 'string' && Number.isFinite(Date.parse(t));
  if (typeof m.kid !== 'string' || m.algorithm !== 'ES256' || !isTime(m.createdAt) || (m.retiredAt !== undefined && !isTime(m.retiredAt))) {
    throw new IssuerKeyFileError(file, 'expected { kid, algorithm: "ES256", createdAt, retiredAt? }');
  }
  return m as KeyMetadata;
}

/** Every key on disk, oldest first; the public key is checked against the key id its metadata claims. */
export async function listKeys(dataDir: string): Promise<IssuerKeyInfo[]> {
  const dir = keysDir(dataDir);
  if (!existsSync(dir)) return [];
  const keys: IssuerKeyInfo[] = [];
  for (const name of readdirSync(dir).filter((n) => /^[0-9a-f]{16}\.json$/.test(n)).sort()) {
    const hex = name.slice(0, 16);
    const paths = files(dir, hex);
    const metadata = readMetadata(paths.metadata);
    let spki: Uint8Array;
    try {
      spki = new Uint8Array(createPublicKey(readFileSync(paths.publicKey, 'utf8')).export({ type: 'spki', format: 'der' }));
    } catch (error) {
      throw new IssuerKeyFileError(paths.publicKey, error instanceof Error ? error.message : String(error));
    }
    const kid = keyId(spki);
    if (toBase64(kid) !== metadata.kid || hexOf(kid) !== hex) throw new IssuerKeyFileError(paths.metadata, 'the key id does not match the public key');
    keys.push({ kid: metadata.kid, hex, publicKey: toBase64(spki), createdAt: metadata.createdAt, ...(metadata.retiredAt !== undefined && { retiredAt: metadata.retiredAt }) });
  }
  return keys.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.hex.localeCompare(b.hex));
}

/** The key new codes are signed with: the newest one not retired. */
export const activeKey = (keys: readonly IssuerKeyInfo[]): IssuerKeyInfo | undefined => keys.filter((k) => k.retiredAt === undefined).at(-1);

/** Makes a new P-256 key pair; being the newest, it is the active key from now on. */
export async function addKey(dataDir: string, now: Date): Promise<IssuerKeyInfo> {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const spki = new Uint8Array(createPublicKey(pair.publicKey).export({ type: 'spki', format: 'der' }));
  const kid = keyId(spki);
  const hex = hexOf(kid);
  const paths = files(dir, hex);
  writeAtomically(paths.privateKey, pair.privateKey, 0o600);
  writeAtomically(paths.publicKey, pair.publicKey, 0o644);
  const metadata: KeyMetadata = { kid: toBase64(kid), algorithm: 'ES256', createdAt: now.toISOString() };
  writeAtomically(paths.metadata, `${JSON.stringify(metadata, null, 2)}\n`, 0o644);
  return { kid: metadata.kid, hex, publicKey: toBase64(spki), createdAt: metadata.createdAt };
}

/** The active key, made first if there is none (the first start, or after the last one was retired). */
export async function ensureActiveKey(dataDir: string, now: Date): Promise<{ key: IssuerKeyInfo; created: boolean }> {
  const active = activeKey(await listKeys(dataDir));
  return active ? { key: active, created: false } : { key: await addKey(dataDir, now), created: true };
}

/** A key by its Base64 or hex key id, as the operator copies it from `kadian keys list`. */
export function findKey(keys: readonly IssuerKeyInfo[], kid: string): IssuerKeyInfo | undefined {
  const wanted = kid.trim();
  return keys.find((k) => k.kid === wanted || k.hex === wanted.toLowerCase());
}

export type RetireError = 'key-unknown' | 'key-already-retired';

/** Stops a key signing new codes; the trust list keeps it until the codes it signed have expired. */
export async function retireKey(dataDir: string, kid: string, now: Date): Promise<Result<IssuerKeyInfo, RetireError>> {
  const key = findKey(await listKeys(dataDir), kid);
  if (!key) return err('key-unknown');
  if (key.retiredAt !== undefined) return err('key-already-retired');
  const path = files(keysDir(dataDir), key.hex).metadata;
  const metadata: KeyMetadata = { ...readMetadata(path), retiredAt: now.toISOString() };
  writeAtomically(path, `${JSON.stringify(metadata, null, 2)}\n`, 0o644);
  return ok({ ...key, retiredAt: metadata.retiredAt });
}

// Importing a private key is cheap but not free; a key id always names the same key, so the import is kept.
const signers = new Map<string, Promise<webcrypto.CryptoKey>>();

/** The WebCrypto private key of an issuer key, for issueHealthCode. */
export function privateKeyOf(dataDir: string, key: IssuerKeyInfo): Promise<webcrypto.CryptoKey> {
  const path = files(keysDir(dataDir), key.hex).privateKey;
  const cacheKey = `${path}\n${key.kid}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    signer = (async () => {
      let der: Buffer;
      try {
        const privateKey = createPrivateKey(readFileSync(path, 'utf8'));
        der = privateKey.export({ type: 'pkcs8', format: 'der' });
        // A private key swapped for another would sign codes no tablet can verify: refuse it here instead.
        if (createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64') !== key.publicKey) throw new Error('not the pair of the public key');
      } catch (error) {
        throw new IssuerKeyFileError(path, error instanceof Error ? error.message : String(error));
      }
      return webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    })();
    signer.catch(() => signers.delete(cacheKey));
    signers.set(cacheKey, signer);
  }
  return signer;
}
