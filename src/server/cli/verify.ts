/** `kadian verify`: checks one scanned code offline, the way a tablet does, and prints the verdict as one JSON object. */
import { parseArgs } from 'node:util';
import { fromBase64 } from '../../core/base64.ts';
import { importDccSigners } from '../../core/hcert.ts';
import { importIssuerKeys } from '../../core/healthCode.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import { RESIDENT_PREFIX } from '../../core/prefixes.ts';
import { decodeResidentCode } from '../../core/residentCode.ts';
import { verifySignedCode, type Trust } from '../../core/verifyCode.ts';
import { readCertificate } from '../../core/x509.ts';
import { readIssuerTrust } from '../issuer/trust.ts';
import { readSettings } from '../settings.ts';
import { bilingual, say, UsageError } from './output.ts';

export const VERIFY_USAGE = 'kadian verify [--at ISO-TIME] [--trust-cert BASE64-DER]… [--trust-data-dir] "<QR text>"';

/** What `kadian verify` prints: the same whatever kind of code it was given. */
export interface VerifyOutput {
  valid: boolean;
  kind: 'KDH1' | 'HC1' | 'KDR1' | 'unknown';
  /** Reason keys (core/catalogue.ts has their words); empty when valid. */
  reasons: string[];
  subject: { name: string; dateOfBirth?: string; idNumber?: string } | null;
  /** KDH1 only. */
  colour?: string;
  /** Signed codes only: null when the code could not be read that far. */
  expires?: string | null;
}

function parseAt(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !Number.isFinite(time)) {
    throw new UsageError(`--at 需要 ISO 8601 时间 / --at needs an ISO 8601 time, like 2021-06-01T12:00:00Z, not "${text}"`);
  }
  return new Date(time);
}

/** Each --trust-cert must be a certificate whose key we can use: a typo should not silently verify nothing. */
async function dccSigners(given: readonly string[]): Promise<Trust['dccSigners']> {
  // PEM armour and line breaks are allowed, as `kadian trust add-dcc-cert` allows them.
  const certificates = given.map((text) => text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''));
  for (const certificate of certificates) {
    const shown = certificate.length > 24 ? `${certificate.slice(0, 24)}…` : certificate;
    if (!fromBase64(certificate)) throw new UsageError(`--trust-cert 不是 Base64 / --trust-cert is not Base64: "${shown}"`);
    const cert = readCertificate(certificate);
    if (!cert) throw new UsageError(`--trust-cert 不是 X.509 证书 / --trust-cert is not an X.509 certificate (Base64 DER): "${shown}"`);
    if (!cert.keyType) throw new UsageError(`--trust-cert 的密钥不是 P-256 或 RSA / the key of --trust-cert is neither P-256 nor RSA: "${shown}"`);
  }
  const keys = await importDccSigners(certificates.map((certificate) => ({ certificate })));
  if (keys.length !== certificates.length) throw new UsageError('--trust-cert 的密钥无法导入 / a --trust-cert key could not be imported');
  return keys;
}

/** The KDH1 issuer keys the server in DATA_DIR hands its tablets, as trusted at the clock `at`. */
async function dataDirIssuers(at: Date): Promise<Trust['issuers']> {
  const settings = readSettings();
  if (!settings.ok) throw new UsageError(`配置错误 / Configuration error: ${settings.error}`);
  const { issuers } = await readIssuerTrust(settings.value.dataDir, at);
  if (issuers.length === 0) say(`${settings.value.dataDir} 中没有签发密钥 / No issuer keys in ${settings.value.dataDir}`);
  return importIssuerKeys(issuers);
}

async function check(text: string, trust: Trust, at: Date): Promise<VerifyOutput> {
  if (text.startsWith(RESIDENT_PREFIX)) {
    // Self-declared: "valid" means it decodes and its ID number checks out, nothing more.
    const decoded = decodeResidentCode(text);
    return decoded.ok
      ? { valid: true, kind: 'KDR1', reasons: [], subject: { name: decoded.value.name, idNumber: maskIdNumber(decoded.value.id) } }
      : { valid: false, kind: 'KDR1', reasons: [decoded.error], subject: null };
  }
  const verified = await verifySignedCode(text, trust, at);
  if (!verified) return { valid: false, kind: 'unknown', reasons: ['code-unknown'], subject: null };
  const { subject } = verified;
  return {
    valid: verified.valid,
    kind: verified.kind,
    reasons: verified.reasons,
    subject: subject && {
      name: subject.name,
      ...(subject.dateOfBirth !== undefined && { dateOfBirth: subject.dateOfBirth }),
      ...(subject.id !== undefined && { idNumber: maskIdNumber(subject.id) }),
    },
    ...(verified.kind === 'KDH1' && verified.colour !== null && { colour: verified.colour }),
    expires: verified.expires,
  };
}

/** Exit code 0 valid, 1 not valid; usage errors throw (exit 2). */
export async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { at: { type: 'string' }, 'trust-cert': { type: 'string', multiple: true }, 'trust-data-dir': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [raw, ...extra] = positionals;
  if (raw === undefined || raw.trim() === '' || extra.length > 0) {
    throw new UsageError(`需要一个二维码内容（加引号）/ Give one QR text, quoted:\n  ${VERIFY_USAGE}`);
  }
  // A scanner or `$(cat file)` may leave a line break; Base45 has none, so it is never part of the code.
  const text = raw.replace(/[\r\n]+$/, '');
  const at = parseAt(values.at);
  const trust: Trust = {
    dccSigners: await dccSigners(values['trust-cert'] ?? []),
    issuers: values['trust-data-dir'] ? await dataDirIssuers(at) : [],
  };
  const output = await check(text, trust, at);
  process.stdout.write(`${JSON.stringify(output)}\n`);
  for (const reason of output.reasons) say(bilingual(reason));
  return output.valid ? 0 : 1;
}
