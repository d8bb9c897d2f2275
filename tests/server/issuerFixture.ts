/** Set-up for health-code tests: an app with a clock the test moves, residents with valid ID numbers, and code verification. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSignedQr } from '../../src/core/cose.ts';
import { importIssuerKeys, verifyHealthCode } from '../../src/core/healthCode.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { toBase64 } from '../../src/core/base64.ts';
import type { Config, TrustList } from '../../src/core/wire.ts';
import { buildApp } from '../../src/server/app.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS, openStorage, type HealthCodeSettings } from '../../src/server/settings.ts';
import { enrol, PUBLIC_URL, type Harness, type Tablet } from './helpers.ts';

export interface IssuerHarness extends Harness {
  /** Sets the server clock. */
  at(iso: string): void;
  /** A fresh app on the same DATA_DIR and database: a restart. */
  restart(): Promise<void>;
  tablet: Tablet;
  config(since?: number): Promise<Config>;
}

export async function issuerHarness(healthCodes: Partial<HealthCodeSettings> = {}): Promise<IssuerHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-issuer-'));
  let clock = new Date('2026-03-02T09:00:00+08:00');
  const storage = openStorage(dataDir);
  const { checkpoint } = await storage.ensureDemo();
  const make = () => buildApp({ storage, dataDir, publicUrl: PUBLIC_URL, now: () => clock, healthCodes: { ...DEFAULT_HEALTH_CODE_SETTINGS, ...healthCodes } });
  const h = {
    dataDir, storage, app: await make(), checkpointId: checkpoint.id,
    at(iso: string) {
      clock = new Date(iso);
    },
    async restart() {
      await h.app.close();
      h.app = await make();
    },
    async close() {
      await h.app.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  } as IssuerHarness;
  h.tablet = await enrol(h);
  h.config = async (since?: number) => {
    const res = await h.app.inject({ url: `/api/v1/config${since === undefined ? '' : `?since=${since}&keyPersons=2`}`, headers: { authorization: `Bearer ${h.tablet.token}` } });
    if (res.statusCode !== 200) throw new Error(`config: ${res.statusCode} ${res.body}`);
    return res.json<Config>();
  };
  return h;
}

/** The n-th test resident: a valid 18-character ID number born 1980-01-01, and a name. */
export function resident(n: number): { id: string; name: string } {
  const first17 = `11010519800101${String(n).padStart(3, '0')}`;
  return { id: first17 + checkCharacter(first17), name: `居民${n}` };
}

export async function verifyAt(code: string, trust: Pick<TrustList, 'issuers'>, at: string) {
  return verifyHealthCode(code, await importIssuerKeys(trust.issuers), new Date(at));
}

/** The Base64 key id in a KDH1 code's COSE header: which key signed it. */
export function signerOf(code: string): string {
  const sign1 = readSignedQr(code, 'KDH1:');
  if (!sign1.ok || !sign1.value.kid) throw new Error('no kid');
  return toBase64(sign1.value.kid);
}
