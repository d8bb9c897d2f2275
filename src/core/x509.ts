/** What a verifier needs from an X.509 signer certificate (DER or Base64 DER): public key, key type, validity, extended key usages. */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, ExtendedKeyUsage, id_ce_extKeyUsage, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { fromBase64 } from './base64.ts';

/** The key types COSE ES256 and PS256 use; anything else cannot have signed a code we verify. */
export type CertificateKeyType = 'EC-P256' | 'RSA';

export interface CertificateInfo {
  /** The certificate DER, exactly as given (its hash is the DCC key id). */
  der: Uint8Array;
  /** SubjectPublicKeyInfo DER, for WebCrypto importKey('spki'). */
  spki: Uint8Array;
  keyType: CertificateKeyType | null;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs; empty when the certificate has no such extension. */
  extendedKeyUsage: string[];
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
} as const;
/** OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (P-256), DER-encoded. */
const P256_DER = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/** Reads a certificate; undefined for anything that is not one (bad Base64, bad DER), never a throw. */
export function readCertificate(input: string | Uint8Array): CertificateInfo | undefined {
  const der = typeof input === 'string' ? fromBase64(input.replace(/\s+/g, '')) : input;
  if (!der || der.length === 0) return undefined;
  try {
    const tbs = AsnConvert.parse(der, Certificate).tbsCertificate;
    const spki = tbs.subjectPublicKeyInfo;
    const keyType = keyTypeOf(spki);
    const extension = tbs.extensions?.find((e) => e.extnID === id_ce_extKeyUsage);
    const extendedKeyUsage = extension ? [...AsnConvert.parse(extension.extnValue, ExtendedKeyUsage)].map(String) : [];
    return {
      der,
      spki: new Uint8Array(AsnConvert.serialize(importableSpki(spki, keyType))),
      keyType,
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      extendedKeyUsage,
    };
  } catch {
    return undefined;
  }
}

function keyTypeOf(spki: SubjectPublicKeyInfo): CertificateKeyType | null {
  const { algorithm, parameters } = spki.algorithm;
  if (algorithm === OID.rsaEncryption || algorithm === OID.rsaPss) return 'RSA';
  if (algorithm !== OID.ecPublicKey || !parameters) return null;
  // A named curve is the DER of its OBJECT IDENTIFIER; explicit curve parameters (never used by DCC signers) are not supported.
  const curve = new Uint8Array(parameters);
  return curve.length === P256_DER.length && curve.every((b, i) => b === P256_DER[i]) ? 'EC-P256' : null;
}

/**
 * WebCrypto imports an RSA key for RSA-PSS only when its SPKI says rsaEncryption; a certificate may say RSASSA-PSS instead.
 * The key itself is the same, so the algorithm identifier is rewritten.
 */
function importableSpki(spki: SubjectPublicKeyInfo, keyType: CertificateKeyType | null): SubjectPublicKeyInfo {
  if (keyType !== 'RSA' || spki.algorithm.algorithm === OID.rsaEncryption) return spki;
  return new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: null }),
    subjectPublicKey: spki.subjectPublicKey,
  });
}
