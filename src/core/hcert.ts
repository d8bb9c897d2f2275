/** The EU Digital COVID Certificate profile `HC1:` (hcert): COSE_Sign1 (ES256 or PS256) over a CWT, verified offline against signer certificates. */
import { ALG, decodeCbor, readSignedQr, verifyCoseSignature, type CoseError, type CoseSign1 } from './cose.ts';
import { HCERT_PREFIX } from './prefixes.ts';
import { ok, type Result } from './result.ts';
import { sha256 } from './sha256.ts';
import { timeReasons, unreadable, type SignedCodeReason, type VerifiedCode } from './signedCode.ts';
import { subtle, type CryptoKeyHandle } from './webcrypto.ts';
import { readCertificate } from './x509.ts';


/** The kinds of certificate an hcert carries: vaccination, test, recovery. */
export type DccType = 'v' | 't' | 'r';
export const DCC_TYPES: readonly DccType[] = ['v', 't', 'r'];

/** CWT claim keys (RFC 8392) and the hcert claim (-260), whose key 1 holds the DCC itself. */
const CLAIM = { iss: 1, exp: 4, iat: 6, hcert: -260 } as const;
const HCERT_DCC_V1 = 1;
/** Key ids are the first 8 bytes of SHA-256 of the signer certificate; any other length cannot name one. */
const KID_LENGTH = 8;
/** Deeper than any DCC (four levels); bounds the walk over untrusted CBOR. */
const MAX_DEPTH = 16;

/**
 * Extended key usage OIDs that restrict a signer to some DCC types (hcert spec). The `1.3.6.1.4.1.0.1847…`
 * spelling is a mistake some national signers made, and verifiers honour it too.
 */
const USAGE_OIDS: Record<DccType, readonly string[]> = {
  t: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  v: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  r: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
};

/** A DCC signer (DSC) as the tablet holds it: imported once, matched by key id. */
export interface DccSignerKey {
  kid: Uint8Array;
  key: CryptoKeyHandle;
  /** The COSE algorithm this key verifies: ES256 for P-256 keys, PS256 for RSA keys. */
  alg: number;
  notBefore: Date;
  notAfter: Date;
  /** The DCC types this certificate may sign: all three when its extended key usage names none. */
  usage: readonly DccType[];
}

export interface HcertClaims {
  issuer: string | null;
  issuedAt: Date;
  expires: Date;
  /** The DCC (hcert claim -260, key 1) as plain JSON-like data; CBOR-tagged dates stay Dates. */
  dcc: Record<string, unknown>;
  /** Which of v, t, r the DCC carries entries of. */
  types: DccType[];
}

export interface DecodedHcert {
  sign1: CoseSign1;
  /** Undefined when the payload is not a CWT with an hcert claim. */
  claims: HcertClaims | undefined;
}

/** Imports signer certificates (Base64 DER); a certificate that does not parse or holds no usable key is left out. */
export async function importDccSigners(signers: ReadonlyArray<{ certificate: string; kid?: string }>): Promise<DccSignerKey[]> {
  const keys: DccSignerKey[] = [];
  for (const signer of signers) {
    const cert = readCertificate(signer.certificate);
    if (!cert?.keyType) continue;
    const ec = cert.keyType === 'EC-P256';
    try {
      const key = await subtle.importKey('spki', cert.spki, ec ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
      // The kid is computed, not taken from the list: it is what a signer puts in its codes.
      keys.push({
        kid: sha256(cert.der).slice(0, KID_LENGTH),
        key,
        alg: ec ? ALG.ES256 : ALG.PS256,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        usage: usageOf(cert.extendedKeyUsage),
      });
    } catch {
      // A key WebCrypto refuses (an RSA key too short, say) cannot have signed a code we accept.
    }
  }
  return keys;
}

function usageOf(extendedKeyUsage: readonly string[]): DccType[] {
  const types = DCC_TYPES.filter((type) => USAGE_OIDS[type].some((oid) => extendedKeyUsage.includes(oid)));
  return types.length > 0 ? types : [...DCC_TYPES];
}

/** Unwraps and parses an `HC1:` text as far as it goes, without checking signature or time. */
export function decodeHcert(text: string): Result<DecodedHcert, CoseError> {
  const sign1 = readSignedQr(text, HCERT_PREFIX);
  if (!sign1.ok) return sign1;
  return ok({ sign1: sign1.value, claims: readClaims(sign1.value.payload) });
}

/** A CWT NumericDate: seconds as a number, or a Date where the issuer tagged it (cbor-x decodes tags 0 and 1 to Dates). */
function toDate(value: unknown): Date | undefined {
  const date = typeof value === 'number' ? new Date(value * 1000) : value instanceof Date ? value : undefined;
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

/** CBOR maps (string keys only, as JSON has) to plain objects, recursively; undefined for anything JSON could not say. */
function toPlain(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => toPlain(item, depth + 1));
    return items.includes(undefined) ? undefined : items;
  }
  if (!(value instanceof Map)) return value;
  const entries: [string, unknown][] = [];
  for (const [key, item] of value) {
    const plain = toPlain(item, depth + 1);
    if (typeof key !== 'string' || plain === undefined) return undefined;
    entries.push([key, plain]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(entries);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

function readClaims(payload: Uint8Array): HcertClaims | undefined {
  const cwt = decodeCbor(payload)?.value;
  if (!(cwt instanceof Map)) return undefined;
  const hcert: unknown = cwt.get(CLAIM.hcert);
  const dcc = hcert instanceof Map ? toPlain(hcert.get(HCERT_DCC_V1), 0) : undefined;
  const [issuedAt, expires, iss] = [toDate(cwt.get(CLAIM.iat)), toDate(cwt.get(CLAIM.exp)), cwt.get(CLAIM.iss)];
  if (!isRecord(dcc) || !issuedAt || !expires || (iss !== undefined && typeof iss !== 'string')) return undefined;
  const types = DCC_TYPES.filter((type) => Array.isArray(dcc[type]) && (dcc[type] as unknown[]).length > 0);
  return { issuer: iss ?? null, issuedAt, expires, dcc, types };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The signer whose key verifies the signature, or why there is none. The kid picks the candidates (all of them:
 * hcert allows two certificates with one kid); a well-formed kid that names no signer, or no kid at all, means trying
 * every key of the code's algorithm. A kid of another length is malformed (EU test cases CO22, CO23, CO25, CO26).
 */
async function findSigner(sign1: CoseSign1, signers: readonly DccSignerKey[]): Promise<DccSignerKey | SignedCodeReason> {
  if (sign1.alg !== ALG.ES256 && sign1.alg !== ALG.PS256) return 'code-algorithm';
  const kid = sign1.kid;
  if (kid && kid.length !== KID_LENGTH) return 'code-unknown-key';
  const named = kid ? signers.filter((signer) => sameBytes(signer.kid, kid)) : [];
  const candidates = named.length > 0 ? named : signers.filter((signer) => signer.alg === sign1.alg);
  for (const signer of candidates) {
    if (await verifyCoseSignature(sign1, signer.key)) return signer;
  }
  return named.length > 0 ? 'code-signature' : 'code-unknown-key';
}

function personName(nam: unknown): string {
  if (!isRecord(nam)) return '';
  const text = (key: string) => (typeof nam[key] === 'string' ? (nam[key] as string).trim() : '');
  const name = [text('fn'), text('gn')].filter(Boolean).join(' ');
  // The ICAO transliteration (fnt, gnt) uses '<' between name parts.
  return name || [text('fnt'), text('gnt')].filter(Boolean).join(' ').replace(/</g, ' ');
}

function dateOfBirth(dob: unknown): string | undefined {
  // Early schema versions allowed a date-time ("1978-01-26T00:00:00"); the date is what a volunteer compares.
  if (typeof dob === 'string' && dob.length > 0) return /^\d{4}-\d{2}-\d{2}T/.test(dob) ? dob.slice(0, 10) : dob;
  return dob instanceof Date && Number.isFinite(dob.getTime()) ? dob.toISOString().slice(0, 10) : undefined;
}

const later = (a: Date, b: Date | undefined) => (b && b > a ? b : a);
const earlier = (a: Date, b: Date | undefined) => (b && b < a ? b : a);

/** Verifies an `HC1:` text against the signer keys at the clock `at`; every failure is a named reason, never a throw. */
export async function verifyHcert(text: string, signers: readonly DccSignerKey[], at: Date): Promise<VerifiedCode> {
  const decoded = decodeHcert(text);
  if (!decoded.ok) return unreadable('HC1', decoded.error);
  const { sign1, claims } = decoded.value;
  const signer = await findSigner(sign1, signers);
  const key = typeof signer === 'string' ? undefined : signer;
  const reasons: SignedCodeReason[] = typeof signer === 'string' ? [signer] : [];
  if (!claims) return { ...unreadable('HC1', 'code-claims'), reasons: [...reasons, 'code-claims'] };

  if (key && claims.types.some((type) => !key.usage.includes(type))) reasons.push('code-key-usage');
  // A code is good only while its signer certificate is too: the EU tests ask notBefore ≤ iat and exp ≤ notAfter.
  reasons.push(...timeReasons(at, later(claims.issuedAt, key?.notBefore), earlier(claims.expires, key?.notAfter)));
  const dob = dateOfBirth(claims.dcc['dob']);
  return {
    kind: 'HC1',
    valid: reasons.length === 0,
    reasons,
    subject: { name: personName(claims.dcc['nam']), ...(dob ? { dateOfBirth: dob } : {}) },
    colour: null,
    issuer: claims.issuer,
    issuedAt: claims.issuedAt.toISOString(),
    expires: claims.expires.toISOString(),
  };
}
