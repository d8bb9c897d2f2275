/** The Kadian health code `KDH1:`: COSE_Sign1 (ES256) over CWT-style claims, issued by the server, verified offline. */
import { fromBase64 } from './base64.ts';
import { ALG, decodeCbor, encodeCbor, readSignedQr, signCoseES256, verifyCoseSignature, wrapQr } from './cose.ts';
import { isColour, type Colour } from './entry.ts';
import { parseIdNumber } from './idNumber.ts';
import { HEALTH_PREFIX } from './prefixes.ts';
import { sha256 } from './sha256.ts';
import { timeReasons, unreadable, type SignedCodeReason, type VerifiedCode } from './signedCode.ts';
import { subtle, type CryptoKeyHandle } from './webcrypto.ts';


/** CWT claim keys (RFC 8392) and Kadian's private claim (a negative key, as private use asks). */
const CLAIM = { iss: 1, exp: 4, iat: 6, health: -70000 } as const;
const HEALTH = { id: 1, name: 2, colour: 3 } as const;

export interface HealthClaims {
  issuer: string;
  issuedAt: Date;
  expires: Date;
  id: string;
  name: string;
  colour: Colour;
}

/** An issuer key as the tablet holds it: imported once, matched by key id. */
export interface IssuerKey {
  kid: Uint8Array;
  key: CryptoKeyHandle;
  /** Codes issued after this are refused; codes issued before stay valid until they expire. */
  retiredAt?: Date;
}

/** The key id of a public key: the first 8 bytes of the SHA-256 of its SPKI DER. */
export function keyId(spki: Uint8Array): Uint8Array {
  return sha256(spki).slice(0, 8);
}

/** Imports the issuer keys of a trust list (Base64 SPKI DER); a key that does not import is left out. */
export async function importIssuerKeys(issuers: ReadonlyArray<{ publicKey: string; retiredAt?: string }>): Promise<IssuerKey[]> {
  const keys: IssuerKey[] = [];
  for (const issuer of issuers) {
    const spki = fromBase64(issuer.publicKey);
    if (!spki) continue;
    try {
      const key = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      keys.push({ kid: keyId(spki), key, ...(issuer.retiredAt ? { retiredAt: new Date(issuer.retiredAt) } : {}) });
    } catch {
      // Not a P-256 key: it cannot have signed a KDH1 code.
    }
  }
  return keys;
}

/** Signs the claims into the text of a QR code. */
export async function issueHealthCode(claims: HealthClaims, signer: { kid: Uint8Array; privateKey: CryptoKeyHandle }): Promise<string> {
  const payload = encodeCbor(new Map<number, unknown>([
    [CLAIM.iss, claims.issuer],
    [CLAIM.exp, Math.floor(claims.expires.getTime() / 1000)],
    [CLAIM.iat, Math.floor(claims.issuedAt.getTime() / 1000)],
    [CLAIM.health, new Map<number, string>([[HEALTH.id, claims.id], [HEALTH.name, claims.name], [HEALTH.colour, claims.colour]])],
  ]));
  return wrapQr(HEALTH_PREFIX, await signCoseES256(payload, signer.kid, signer.privateKey));
}

/** Issued codes carry the 18-character form; anything else was not made by our issuer. */
function isCanonicalId(id: string): boolean {
  const parsed = parseIdNumber(id);
  return parsed.ok && parsed.value.id === id;
}

function readClaims(payload: Uint8Array): HealthClaims | undefined {
  const map = decodeCbor(payload)?.value;
  if (!(map instanceof Map)) return undefined;
  const health: unknown = map.get(CLAIM.health);
  if (!(health instanceof Map)) return undefined;
  const [iss, exp, iat] = [map.get(CLAIM.iss), map.get(CLAIM.exp), map.get(CLAIM.iat)];
  const [id, name, colour] = [health.get(HEALTH.id), health.get(HEALTH.name), health.get(HEALTH.colour)];
  if (typeof iss !== 'string' || !Number.isSafeInteger(exp) || !Number.isSafeInteger(iat)) return undefined;
  if (typeof id !== 'string' || !isCanonicalId(id) || typeof name !== 'string' || name.length === 0 || name.length > 64) return undefined;
  if (!isColour(colour)) return undefined;
  return { issuer: iss, issuedAt: new Date((iat as number) * 1000), expires: new Date((exp as number) * 1000), id, name, colour };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Verifies a `KDH1:` text against the issuer keys at the clock `at`; every failure is a named reason, never a throw. */
export async function verifyHealthCode(text: string, issuers: readonly IssuerKey[], at: Date): Promise<VerifiedCode> {
  const sign1 = readSignedQr(text, HEALTH_PREFIX);
  if (!sign1.ok) return unreadable('KDH1', sign1.error);
  const claims = readClaims(sign1.value.payload);
  if (!claims) return unreadable('KDH1', 'code-claims');

  const reasons: SignedCodeReason[] = [];
  const kid = sign1.value.kid;
  const key = kid ? issuers.find((k) => sameBytes(k.kid, kid)) : undefined;
  if (sign1.value.alg !== ALG.ES256) reasons.push('code-algorithm');
  else if (!key) reasons.push('code-unknown-key');
  else if (!(await verifyCoseSignature(sign1.value, key.key))) reasons.push('code-signature');
  else if (key.retiredAt && claims.issuedAt > key.retiredAt) reasons.push('code-key-retired');
  reasons.push(...timeReasons(at, claims.issuedAt, claims.expires));
  return {
    kind: 'KDH1',
    valid: reasons.length === 0,
    reasons,
    subject: { name: claims.name, id: claims.id },
    colour: claims.colour,
    issuer: claims.issuer,
    issuedAt: claims.issuedAt.toISOString(),
    expires: claims.expires.toISOString(),
  };
}
