/** Test support: a made-up DCC signer (key pair and self-made X.509 certificate) and HC1 codes signed with it. */
import { webcrypto } from 'node:crypto';
import { encode as base45 } from '@digitalbazaar/base45';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, Certificate, ExtendedKeyUsage, Extension, Extensions, id_ce_extKeyUsage,
  Name, RelativeDistinguishedName, SubjectPublicKeyInfo, TBSCertificate, Validity,
} from '@peculiar/asn1-x509';
import { Tag } from 'cbor-x';
import { zlibSync } from 'fflate';
import { toBase64 } from '../../src/core/base64.ts';
import { ALG, encodeCbor, toBeSigned } from '../../src/core/cose.ts';

export const EKU = { test: '1.3.6.1.4.1.1847.2021.1.1', vaccination: '1.3.6.1.4.1.1847.2021.1.2', recovery: '1.3.6.1.4.1.1847.2021.1.3' } as const;

export interface TestSigner {
  /** Base64 DER, as a trust list carries it. */
  certificate: string;
  /** First 8 bytes of SHA-256 of the certificate DER. */
  kid: Uint8Array;
  privateKey: CryptoKey;
  alg: number;
}

export interface SignerOptions {
  type?: 'EC' | 'RSA';
  extendedKeyUsage?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Name the RSA key id-RSASSA-PSS in the certificate, as some signers do, instead of rsaEncryption. */
  pssSpki?: boolean;
}

const name = (cn: string) => new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: cn }) })])]);

/** A key pair and a certificate for its public key. The certificate's own signature is a placeholder: the verifier trusts the list, not a chain. */
export async function makeSigner(options: SignerOptions = {}): Promise<TestSigner> {
  const rsa = options.type === 'RSA';
  const pair = rsa
    ? await webcrypto.subtle.generateKey({ name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])
    : await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = AsnConvert.parse(await webcrypto.subtle.exportKey('spki', pair.publicKey), SubjectPublicKeyInfo);
  if (options.pssSpki) spki.algorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.10' });
  const signature = new AlgorithmIdentifier({ algorithm: rsa ? '1.2.840.113549.1.1.10' : '1.2.840.10045.4.3.2' });
  const extensions = options.extendedKeyUsage
    ? new Extensions([new Extension({ extnID: id_ce_extKeyUsage, extnValue: new OctetString(AsnConvert.serialize(new ExtendedKeyUsage(options.extendedKeyUsage))) })])
    : undefined;
  const tbs = new TBSCertificate({
    version: 2,
    serialNumber: new Uint8Array([1, 2, 3, 4]).buffer,
    signature,
    issuer: name('Kadian test CSCA'),
    validity: new Validity({ notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'), notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z') }),
    subject: name('Kadian test DSC'),
    subjectPublicKeyInfo: spki,
    ...(extensions ? { extensions } : {}),
  });
  const der = new Uint8Array(AsnConvert.serialize(new Certificate({ tbsCertificate: tbs, signatureAlgorithm: signature, signatureValue: new Uint8Array(64).buffer })));
  const kid = new Uint8Array(await webcrypto.subtle.digest('SHA-256', der)).slice(0, 8);
  return { certificate: toBase64(der), kid, privateKey: pair.privateKey, alg: rsa ? ALG.PS256 : ALG.ES256 };
}

export interface HcertOptions {
  issuedAt?: Date;
  expires?: Date;
  /** Where the kid goes, or a kid of one's own. */
  kid?: 'protected' | 'unprotected' | 'none' | Uint8Array;
  type?: 'v' | 't' | 'r';
  /** Use CBOR tag 1 dates instead of plain numbers. */
  taggedDates?: boolean;
  /** Wrap the COSE_Sign1 in the CWT tag (61) as well. */
  cwtTag?: boolean;
  untagged?: boolean;
  compress?: boolean;
}

export const DCC = {
  ver: '1.3.0',
  nam: { fn: 'Musterfrau', gn: 'Erika', fnt: 'MUSTERFRAU', gnt: 'ERIKA' },
  dob: '1964-08-12',
};
const ENTRY = {
  v: { tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2, dt: '2021-05-29', co: 'DE', is: 'RKI', ci: 'URN:UVCI:01:DE:TEST#1' },
  t: { tg: '840539006', tt: 'LP6464-4', sc: '2021-05-29T10:00:00Z', tr: '260415000', tc: 'Test centre', co: 'DE', is: 'RKI', ci: 'URN:UVCI:01:DE:TEST#2' },
  r: { tg: '840539006', fr: '2021-04-01', co: 'DE', is: 'RKI', df: '2021-05-01', du: '2021-10-01', ci: 'URN:UVCI:01:DE:TEST#3' },
};

/** CBOR maps with string keys, as an issuer's encoder writes the DCC. */
function toMap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toMap);
  if (typeof value === 'object' && value !== null) return new Map(Object.entries(value).map(([k, v]) => [k, toMap(v)]));
  return value;
}

/** The CWT payload of a DCC. */
export function hcertPayload(options: HcertOptions = {}): Uint8Array {
  const type = options.type ?? 'v';
  const iat = options.issuedAt ?? new Date('2021-06-01T00:00:00Z');
  const exp = options.expires ?? new Date('2022-06-01T00:00:00Z');
  const date = (d: Date) => (options.taggedDates ? d : Math.floor(d.getTime() / 1000));
  return encodeCbor(new Map<number, unknown>([
    [1, 'DE'],
    [6, date(iat)],
    [4, date(exp)],
    [-260, new Map([[1, toMap({ ...DCC, [type]: [ENTRY[type]] })]])],
  ]));
}

/** Signs a payload into COSE_Sign1 bytes, the kid where the options say. */
export async function signHcert(signer: TestSigner, payload: Uint8Array, options: HcertOptions = {}): Promise<Uint8Array> {
  const kid = options.kid instanceof Uint8Array ? options.kid : signer.kid;
  const where = options.kid instanceof Uint8Array ? 'protected' : options.kid ?? 'protected';
  const protectedHeader = new Map<number, unknown>([[1, signer.alg]]);
  const unprotectedHeader = new Map<number, unknown>();
  if (where === 'protected') protectedHeader.set(4, kid);
  if (where === 'unprotected') unprotectedHeader.set(4, kid);
  const protectedBytes = encodeCbor(protectedHeader);
  const algorithm = signer.alg === ALG.PS256 ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'ECDSA', hash: 'SHA-256' };
  const signature = new Uint8Array(await webcrypto.subtle.sign(algorithm, signer.privateKey, toBeSigned(protectedBytes, payload)));
  const sign1 = [protectedBytes, unprotectedHeader, payload, signature];
  if (options.untagged) return encodeCbor(sign1);
  const tagged = new Tag(sign1, 18);
  return encodeCbor(options.cwtTag ? new Tag(tagged, 61) : tagged);
}

/** The QR text: HC1:, Base45 of (zlib of) COSE. */
export function wrapHcert(cose: Uint8Array, compress = true): string {
  return `HC1:${base45(compress ? new Uint8Array(zlibSync(cose)) : cose)}`;
}

export async function issueHcert(signer: TestSigner, options: HcertOptions = {}): Promise<string> {
  return wrapHcert(await signHcert(signer, hcertPayload(options), options), options.compress ?? true);
}
