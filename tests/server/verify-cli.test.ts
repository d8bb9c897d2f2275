/** `kadian verify` as an operator runs it: `node bin/kadian.js verify …`, one JSON object on stdout, exit 0/1/2. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeResidentCode } from '../../src/core/residentCode.ts';
import type { VerifyOutput } from '../../src/server/cli/verify.ts';
import { issueHcert, makeSigner } from '../unit/dccSigner.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));
/** One case of the shared EU test corpus; a fresh clone has no such folder. */
const CASE = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/fixtures/dcc/common/2DCode/raw/CO3.json');
let dataDir: string;

interface Run { code: number; json: VerifyOutput | undefined; stderr: string }

async function kadian(...args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [KADIAN, 'verify', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
  const lines = stdout.trim().split('\n').filter(Boolean);
  // Exactly one JSON line, or nothing (usage errors).
  expect(lines.length).toBeLessThanOrEqual(1);
  return { code, json: lines[0] === undefined ? undefined : (JSON.parse(lines[0]) as VerifyOutput), stderr };
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kadian-verify-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!existsSync(CASE))('kadian verify: an EU DCC test case (../shared/fixtures/dcc)', () => {
  const fixture = existsSync(CASE)
    ? (JSON.parse(readFileSync(CASE, 'utf8')) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } })
    : { PREFIX: '', TESTCTX: { CERTIFICATE: '', VALIDATIONCLOCK: '' } };

  it('is valid with its signer trusted, at its clock', async () => {
    const run = await kadian('--at', fixture.TESTCTX.VALIDATIONCLOCK, '--trust-cert', fixture.TESTCTX.CERTIFICATE, fixture.PREFIX);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ valid: true, kind: 'HC1', reasons: [], subject: { name: expect.any(String), dateOfBirth: expect.any(String) } });
    expect(run.json?.expires).toMatch(/^2021-/);
    expect(run.json).not.toHaveProperty('colour');
  });

  it('is not valid with nobody trusted', async () => {
    const run = await kadian('--at', fixture.TESTCTX.VALIDATIONCLOCK, fixture.PREFIX);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ valid: false, kind: 'HC1', reasons: ['code-unknown-key'] });
    expect(run.stderr).toContain('code-unknown-key');
  });
});

describe.skipIf(existsSync(CASE))('kadian verify: EU DCC test case', () => {
  it.skip(`skipped: no test corpus at ${CASE} (shared test data, not part of the repository)`, () => {});
});

describe('kadian verify', () => {
  it('checks a generated HC1 code, and its expiry against --at', async () => {
    const signer = await makeSigner();
    const text = await issueHcert(signer);
    expect((await kadian('--at', '2021-07-01T00:00:00Z', '--trust-cert', signer.certificate, text)).code).toBe(0);
    const expired = await kadian('--at', '2023-01-01T00:00:00Z', '--trust-cert', signer.certificate, text);
    expect(expired.code).toBe(1);
    expect(expired.json?.reasons).toEqual(['code-expired']);
  });

  it('reads a resident code, ID number masked', async () => {
    const encoded = encodeResidentCode({ id: '11010519491231002X', name: '张三' });
    if (!encoded.ok) throw new Error(encoded.error);
    const run = await kadian(encoded.value);
    expect(run.code).toBe(0);
    expect(run.json).toEqual({ valid: true, kind: 'KDR1', reasons: [], subject: { name: '张三', idNumber: '110105********002X' } });
  });

  it('verifies a KDH1 code against the issuer keys in DATA_DIR with --trust-data-dir', async () => {
    const env = { ...process.env, DATA_DIR: dataDir };
    const cli = (...args: string[]) => new Promise<string>((done, fail) => {
      execFile(process.execPath, [KADIAN, ...args], { env, encoding: 'utf8' }, (error, stdout) => (error ? fail(error) : done(stdout.trim())));
    });
    await cli('keys', 'add');
    const code = await cli('health-code', '--id', '11010519491231002X', '--name', '张三', '--colour', 'green');
    const run = await kadian('--trust-data-dir', code);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ valid: true, kind: 'KDH1', colour: 'green', subject: { name: '张三', idNumber: '110105********002X' } });
    expect((await kadian(code)).json?.reasons).toEqual(['code-unknown-key']);
  });

  it('names garbage and exits 1', async () => {
    const run = await kadian('garbage');
    expect(run.code).toBe(1);
    expect(run.json).toEqual({ valid: false, kind: 'unknown', reasons: ['code-unknown'], subject: null });
    const broken = await kadian('HC1:NOT*BASE45~');
    expect(broken.json).toMatchObject({ valid: false, kind: 'HC1', reasons: ['code-base45'] });
  });

  it('exits 2 on a usage error: no text, a bad --at, a bad certificate', async () => {
    for (const args of [[], ['--at', 'yesterday', 'HC1:ABC'], ['--trust-cert', 'not base64!', 'HC1:ABC'], ['--trust-cert', 'QUJD', 'HC1:ABC']]) {
      const run = await kadian(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.json).toBeUndefined();
    }
  });
});
