/** The one entry point for signed codes, shared by the tablet's worker and the CLI: trust list in, verdict on a code out. */
import { importDccSigners, verifyHcert, type DccSignerKey } from './hcert.ts';
import { importIssuerKeys, verifyHealthCode, type IssuerKey } from './healthCode.ts';
import { HCERT_PREFIX, HEALTH_PREFIX } from './prefixes.ts';
import type { VerifiedCode } from './signedCode.ts';
import type { TrustList } from './wire.ts';

/** A trust list with its keys imported, ready to verify many codes. */
export interface Trust {
  issuers: IssuerKey[];
  dccSigners: DccSignerKey[];
}

/** Imports the keys of a trust list; entries that do not import are left out (see importIssuerKeys, importDccSigners). */
export async function importTrust(list: Pick<TrustList, 'issuers' | 'dccSigners'>): Promise<Trust> {
  const [issuers, dccSigners] = await Promise.all([importIssuerKeys(list.issuers), importDccSigners(list.dccSigners)]);
  return { issuers, dccSigners };
}

/** Verifies a KDH1 or HC1 text at the clock `at`; null when the text is neither (the caller decides what else it may be). */
export async function verifySignedCode(text: string, trust: Trust, at: Date): Promise<VerifiedCode | null> {
  if (text.startsWith(HEALTH_PREFIX)) return verifyHealthCode(text, trust.issuers, at);
  if (text.startsWith(HCERT_PREFIX)) return verifyHcert(text, trust.dccSigners, at);
  return null;
}
