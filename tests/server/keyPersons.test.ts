/** `kadian key-persons import|list` as the operator runs them, and the list as tablets then get it in their config. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { keyPersonHash } from '../../src/core/keyPersons.ts';
import { say } from '../../src/core/catalogue.ts';
import type { Config } from '../../src/core/wire.ts';
import { kadianIn } from './cliRunner.ts';
import { addCheckpoint, enrol, harness, type Harness, type Tablet } from './helpers.ts';

let h: Harness;
let gate: Tablet;
let files: string;

/** A valid 18-character ID number from its first 17 digits. */
const id = (first17: string): string => first17 + checkCharacter(first17);
const A = id('11010519491231002'), B = id('32010219800101123'), C = id('44030419900315456'), D = id('51010719751120789');
/** B with a wrong check character. */
const badB = B.slice(0, 17) + (B.endsWith('0') ? '1' : '0');

const kadian = (...args: string[]) => kadianIn(h.dataDir, ...args);

function csv(name: string, lines: string[], bom = true): string {
  const path = join(files, name);
  writeFileSync(path, (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n');
  return path;
}

async function config(t: Tablet): Promise<Config> {
  return (await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${t.token}` } })).json<Config>();
}

beforeAll(async () => {
  h = await harness();
  addCheckpoint(h.dataDir, { id: 'north-gate', name: '北门卡点', communityId: 'river-village', communityName: '河村' });
  gate = await enrol(h);
  files = mkdtempSync(join(tmpdir(), 'kadian-kp-'));
});
afterAll(async () => {
  await h.close();
  rmSync(files, { recursive: true, force: true });
});

describe('kadian key-persons import', () => {
  it('imports a good file (Chinese or English categories, 15-digit numbers, quoted notes) and tablets get it hashed', async () => {
    const good = csv('good.csv', [
      'id_number,category,note',
      `${A},密切接触者,"与确诊者同车, 2月1日"`,
      `${B},from-hubei,`,
      `440304900315456,武汉来人员,居家观察`,
    ]);
    const before = await config(gate);
    const run = await kadian('key-persons', 'import', good);
    expect(run.stderr).not.toContain('line');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo-gate');
    expect(run.stdout).toContain('3 persons (3 added, 0 changed, 0 unchanged, 0 removed)');

    const after = await config(gate);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.keyPersons.salt).toBe(before.keyPersons.salt);
    const salt = fromBase64(after.keyPersons.salt) ?? new Uint8Array();
    const converted = id('44030419900315456');
    expect(converted).toBe(C);
    expect(after.keyPersons.persons).toHaveLength(3);
    expect(after.keyPersons.persons).toEqual(expect.arrayContaining([
      { idHash: await keyPersonHash(salt, A), category: 'close-contact', note: '与确诊者同车, 2月1日' },
      { idHash: await keyPersonHash(salt, B), category: 'from-hubei', note: '' },
      { idHash: await keyPersonHash(salt, C), category: 'from-wuhan', note: '居家观察' },
    ]));
    // The ID numbers themselves never reach a tablet.
    expect(JSON.stringify(after)).not.toContain(A);

    const list = await kadian('key-persons', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').sort()).toEqual([
      `${A}\tclose-contact\t密切接触者\t与确诊者同车, 2月1日`, `${B}\tfrom-hubei\t湖北来人员\t`, `${C}\tfrom-wuhan\t武汉来人员\t居家观察`,
    ].sort());
  });

  it('reports a bad check character on line 3 and an unknown category on line 5 by line, and imports nothing', async () => {
    const bad = csv('bad.csv', [
      'id_number,category,note',
      `${A},close-contact,`,
      `${badB},from-hubei,`,
      `${C},from-wuhan,`,
      `${D},tourist,`,
      `${id('11010519491231003')},fever-no-contact,`,
    ], false);
    const before = await config(gate);
    const run = await kadian('key-persons', 'import', bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    const line3 = lines.find((l) => l.includes('line 3:')) ?? '';
    expect(line3).toContain(say('id-check', 'zh'));
    expect(line3).toContain(say('id-check', 'en'));
    const line5 = lines.find((l) => l.includes('line 5:')) ?? '';
    expect(line5).toContain('key-person-category');
    expect(line5).toContain('市外返回人员');
    expect(lines.filter((l) => /line \d+:/.test(l))).toHaveLength(2);
    expect(run.stderr).toContain('nothing was imported');
    expect(await config(gate)).toEqual({ ...before, serverTime: expect.any(String) });
  });

  it('with --skip-bad imports the good rows, replacing the list, and says so with counts', async () => {
    const run = await kadian('key-persons', 'import', join(files, 'bad.csv'), '--skip-bad');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('line 3:');
    expect(run.stderr).toContain('line 5:');
    // A and C stay, B is gone (its line was bad), one is new.
    expect(run.stdout).toContain('3 persons (1 added, 2 changed, 0 unchanged, 1 removed)');
    const list = await kadian('key-persons', 'list');
    expect(list.stdout.trim().split('\n').map((l) => l.split('\t')[0]).sort()).toEqual([A, C, id('11010519491231003')].sort());
  });

  it('names malformed CSV lines, duplicates and a wrong header, by line', async () => {
    const messy = csv('messy.csv', ['id_number,category,note', `${A},close-contact,`, `${B},from-hubei`, `${A},from-wuhan,again`, `${C},"from-wuhan",ok`]);
    const run = await kadian('key-persons', 'import', messy);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3:.*key-person-csv/);
    expect(run.stderr).toMatch(/line 4:.*key-person-duplicate.*line 2/);
    const header = await kadian('key-persons', 'import', csv('header.csv', ['id,kind', `${A},close-contact`]));
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/line 1:.*key-person-header/);
  });

  it('refuses a file that is not UTF-8 (a GBK "CSV" from Excel), exit 2', async () => {
    const path = join(files, 'gbk.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(`id_number,category,note\r\n${A},`), Buffer.from([0xc3, 0xdc, 0xc7, 0xd0]), Buffer.from(',\r\n')]));
    const run = await kadian('key-persons', 'import', path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('UTF-8');
  });

  it('--all gives every checkpoint the list, each hashed with its own salt', async () => {
    const north = await enrol(h, 'north-gate');
    const run = await kadian('key-persons', 'import', join(files, 'good.csv'), '--all');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo-gate');
    expect(run.stdout).toContain('north-gate');
    const [a, b] = [await config(gate), await config(north)];
    expect(b.keyPersons.persons).toHaveLength(3);
    expect(a.keyPersons.salt).not.toBe(b.keyPersons.salt);
    expect(b.keyPersons.persons.map((p) => p.idHash)).not.toContain(a.keyPersons.persons[0]?.idHash);
    expect((await kadian('key-persons', 'import', join(files, 'good.csv'), '--all', '--checkpoint', 'north-gate')).code).toBe(2);
  });
});
