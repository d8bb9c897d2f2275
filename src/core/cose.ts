/** The signed-code container of KDH1 and HC1: Base45 → zlib → COSE_Sign1 (RFC 9052) → CBOR claims. One decoder, two profiles. */
import { encode as base45Encode } from '@digitalbazaar/base45';
import { Decoder, Encoder, Tag } from 'cbor-x';
import { Unzlib, zlibSync } from 'fflate';
import { bytesAfterPrefix } from './base45Text.ts';
import { err, ok, type Result } from './result.ts';
import { subtle, type CryptoKeyHandle } from './webcrypto.ts';

export type CoseError = 'code-prefix' | 'code-too-long' | 'code-base45' | 'code-zlib' | 'code-cose';

/** COSE algorithm identifiers we verify: ES256 (ECDSA P-256, raw r‖s) and PS256 (RSA-PSS, salt 32). */
export const ALG = { ES256: -7, PS256: -37 } as const;
const HEADER_ALG = 1;
const HEADER_KID = 4;
const COSE_SIGN1_TAG = 18;
/** RFC 8392 lets a CWT carry its own tag (61) around the COSE tag; some issuers do. */
const CWT_TAG = 61;

/** A QR code holds at most 4,296 alphanumeric characters; anything longer is not a code. */
export const MAX_SIGNED_CODE_LENGTH = 4296;
/** Signed payloads are a few hundred bytes; more than this after inflating is a zip bomb, not a certificate. */
const MAX_INFLATED = 64 * 1024;

export interface CoseSign1 {
  /** The protected header exactly as signed. */
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  payload: Uint8Array;
  signature: Uint8Array;
  /** From the protected header, else the unprotected one. */
  alg: number | undefined;
  kid: Uint8Array | undefined;
}

const cbor = { decoder: new Decoder({ mapsAsObjects: false, useRecords: false }), encoder: new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false }) };

/** Decodes one CBOR item; untrusted bytes give undefined, never an exception. */
export function decodeCbor(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: cbor.decoder.decode(bytes) };
  } catch {
    return undefined;
  }
}

export function encodeCbor(value: unknown): Uint8Array {
  // Copy: Node's encoder hands back a view into a pooled buffer.
  return new Uint8Array(cbor.encoder.encode(value));
}

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

function headerValue(protectedHeader: Map<unknown, unknown>, unprotectedHeader: Map<unknown, unknown>, label: number): unknown {
  return protectedHeader.has(label) ? protectedHeader.get(label) : unprotectedHeader.get(label);
}

/** Reads COSE_Sign1, tagged (18, possibly inside the CWT tag 61) or untagged. */
export function parseCoseSign1(bytes: Uint8Array): Result<CoseSign1, 'code-cose'> {
  let item = decodeCbor(bytes)?.value;
  if (item instanceof Tag && item.tag === CWT_TAG) item = item.value;
  if (item instanceof Tag) item = item.tag === COSE_SIGN1_TAG ? item.value : undefined;
  if (!Array.isArray(item) || item.length !== 4) return err('code-cose');
  const [protectedBytes, unprotectedHeader, payload, signature] = item as unknown[];
  if (!isBytes(protectedBytes) || !(unprotectedHeader instanceof Map) || !isBytes(payload) || !isBytes(signature)) return err('code-cose');
  let protectedHeader = new Map<unknown, unknown>();
  if (protectedBytes.length > 0) {
    const header = decodeCbor(protectedBytes)?.value;
    if (!(header instanceof Map)) return err('code-cose');
    protectedHeader = header;
  }
  const alg = headerValue(protectedHeader, unprotectedHeader, HEADER_ALG);
  const kid = headerValue(protectedHeader, unprotectedHeader, HEADER_KID);
  return ok({
    protectedBytes, protectedHeader, unprotectedHeader, payload, signature,
    alg: typeof alg === 'number' ? alg : undefined,
    kid: isBytes(kid) ? kid : undefined,
  });
}

/** Strips the prefix, Base45-decodes and inflates: the COSE bytes inside a QR text. */
export function unwrapQr(text: string, prefix: string): Result<Uint8Array, CoseError> {
  const decoded = bytesAfterPrefix(text, prefix, MAX_SIGNED_CODE_LENGTH);
  if (!decoded.ok) return decoded;
  const bytes = decoded.value;
  // hcert §3.3.2: the payload SHALL be zlib-compressed (a zlib stream starts 0x78); KDH1 follows it. The EU
  // conformance corpus (case Z2) counts an uncompressed COSE_Sign1 invalid.
  if (bytes[0] !== 0x78) return err('code-zlib');
  const inflated = inflateBounded(bytes);
  return typeof inflated === 'string' ? err(inflated) : ok(inflated);
}

/** Inflates zlib data, stopping at MAX_INFLATED; a broken stream (fflate may yield nothing rather than throw) is an error. */
function inflateBounded(bytes: Uint8Array): Uint8Array | 'code-zlib' | 'code-too-long' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Unzlib((chunk) => {
    total += chunk.length;
    if (total <= MAX_INFLATED) chunks.push(chunk.slice());
  });
  try {
    stream.push(bytes, true);
  } catch {
    return 'code-zlib';
  }
  if (total > MAX_INFLATED) return 'code-too-long';
  if (total === 0) return 'code-zlib';
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The COSE_Sign1 inside a signed QR text: unwrapped and parsed, not yet verified. */
export function readSignedQr(text: string, prefix: string): Result<CoseSign1, CoseError> {
  const cose = unwrapQr(text, prefix);
  return cose.ok ? parseCoseSign1(cose.value) : cose;
}

/** The bytes a COSE_Sign1 signature covers (Sig_structure, RFC 9052 §4.4), with no external data. */
export function toBeSigned(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

/** Verifies the signature with one candidate key, by the algorithm the header names. */
export async function verifyCoseSignature(sign1: CoseSign1, key: CryptoKeyHandle): Promise<boolean> {
  const data = toBeSigned(sign1.protectedBytes, sign1.payload);
  try {
    if (sign1.alg === ALG.ES256) return await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sign1.signature, data);
    if (sign1.alg === ALG.PS256) return await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, key, sign1.signature, data);
  } catch {
    // A key of the wrong type for this algorithm: not this one.
  }
  return false;
}

/** Signs `payload` as a tagged COSE_Sign1 with ES256, the key id in the protected header. */
export async function signCoseES256(payload: Uint8Array, kid: Uint8Array, privateKey: CryptoKeyHandle): Promise<Uint8Array> {
  const protectedBytes = encodeCbor(new Map<number, unknown>([[HEADER_ALG, ALG.ES256], [HEADER_KID, kid]]));
  const signature = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, toBeSigned(protectedBytes, payload)));
  return encodeCbor(new Tag([protectedBytes, new Map(), payload, signature], COSE_SIGN1_TAG));
}

/** Compresses and Base45-encodes COSE bytes behind `prefix`: the text of the QR code. */
export function wrapQr(prefix: string, cose: Uint8Array): string {
  return prefix + base45Encode(new Uint8Array(zlibSync(cose, { level: 9 })));
}
