/** EU DCC signer certificates the operator adds to the trust list: checked as X.509 with a key an HC1 code can use. */
import { createHash, X509Certificate } from 'node:crypto';
import { fromBase64, toBase64 } from '../../core/base64.ts';
import { keyId } from '../../core/healthCode.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { DccSigner } from '../storage/storage.ts';

/** The trust list's Base64 field is at most 8,192 characters. */
const MAX_CERTIFICATE_BYTES = 6144;

/** A certificate read for the operator: what goes into the trust list, and what to show them. */
export interface DccCertificate {
  signer: DccSigner;
  subject: string;
  notAfter: string;
}

/** Reads Base64 DER (PEM armour and line breaks allowed); the error says, in Chinese and English, what to fix. */
export async function readDccCertificate(text: string, country: string | undefined, now: Date): Promise<Result<DccCertificate, string>> {
  const base64 = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const der = fromBase64(base64);
  if (!der || der.length === 0) return err('不是 Base64 / Not Base64: give the certificate as Base64 DER (or PEM)');
  if (der.length > MAX_CERTIFICATE_BYTES) return err(`证书过大 / Certificate too large: ${der.length} bytes, at most ${MAX_CERTIFICATE_BYTES}`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(der));
  } catch (error) {
    return err(`不是 X.509 证书 / Not an X.509 certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
  const key = certificate.publicKey;
  const usable = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  if (!usable) return err('证书密钥不是 P-256 或 RSA / The certificate key is neither P-256 nor RSA: no HC1 code can be signed with it');
  // The subject's C= is the usual source; --country overrides it.
  const fromSubject = /^C=([A-Za-z]{2})$/m.exec(certificate.subject)?.[1];
  const code = (country ?? fromSubject)?.toUpperCase();
  if (code !== undefined && !/^[A-Z]{2}$/.test(code)) return err(`国家代码应为两个字母 / --country must be two letters (ISO 3166), like DE, not "${country ?? ''}"`);
  return ok({
    signer: {
      id: createHash('sha256').update(der).digest('hex'),
      // The DCC key id: the first 8 bytes of SHA-256 of the certificate DER, computed as core computes any key id.
      kid: toBase64(keyId(der)),
      certificate: toBase64(der),
      ...(code !== undefined && { country: code }),
      addedAt: now.toISOString(),
    },
    subject: certificate.subject.replace(/\n/g, ', '),
    notAfter: new Date(certificate.validTo).toISOString(),
  });
}
