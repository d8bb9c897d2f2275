/** `kadian key-persons import|list` as the operator runs them, and the list as tablets then get it in their config (format 2: tags and sealed boxes). */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { deriveKeyPerson, KEY_PERSON_KDF, openKeyPersonBox, type KeyPersonHit } from '../../src/core/keyPersonLookup.ts';
import { say } from '../../src/core/catalogue.ts';
import type { ApiError, Config } from '../../src/core/wire.ts';
import { deriveKeyPersonNative } from '../../src/server/operator/keyPersonSeal.ts';
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
/** For tests that run the CLI (a child process, seconds each on a loaded machine) several times, or a sweep of scrypts. */
const SEVERAL_RUNS = 90_000;

function csv(name: string, lines: string[], bom = true): string {
  const path = join(files, name);
  writeFileSync(path, (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n');
  return path;
}

async function config(t: Tablet): Promise<Config> {
  return (await h.app.inject({ url: '/api/v1/config?since=0&keyPersons=2', headers: { authorization: `Bearer ${t.token}` } })).json<Config>();
}

/** What a tablet finds for an ID number in a config's list, as the gate looks it up: its tag, then its box opened. */
async function lookUp(list: Config['keyPersons'], idNumber: string): Promise<KeyPersonHit | undefined> {
  const { tag, key } = deriveKeyPerson(fromBase64(list.salt)!, idNumber, list.kdf);
  const person = list.persons.find((p) => p.tag === tag);
  return person && openKeyPersonBox(key, person.box);
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
  it('imports a good file (Chinese or English categories, 15-digit numbers, quoted notes) and tablets get it sealed', async () => {
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
    expect(run.stderr).toContain(`derived 3 person(s) (scrypt N=${KEY_PERSON_KDF.N} r=${KEY_PERSON_KDF.r}`);

    const after = await config(gate);
    expect(after.version).toBeGreaterThan(before.version);
    // The checkpoint's derivation from its first pull is kept: it was made with today's parameters.
    expect(after.keyPersons).toMatchObject({ format: 2, kdf: KEY_PERSON_KDF, salt: before.keyPersons.salt });
    const converted = id('44030419900315456');
    expect(converted).toBe(C);
    expect(after.keyPersons.persons).toHaveLength(3);
    expect(await lookUp(after.keyPersons, A)).toEqual({ category: 'close-contact', note: '与确诊者同车, 2月1日' });
    expect(await lookUp(after.keyPersons, B)).toEqual({ category: 'from-hubei', note: '' });
    expect(await lookUp(after.keyPersons, C)).toEqual({ category: 'from-wuhan', note: '居家观察' });
    expect(await lookUp(after.keyPersons, D)).toBeUndefined();
    // The ID numbers, categories and notes never reach a tablet in clear.
    const sent = JSON.stringify(after);
    for (const clear of [A, B, C, 'close-contact', '密切接触者', 'from-hubei', 'from-wuhan', '与确诊者同车', '居家观察']) expect(sent).not.toContain(clear);

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
    // Only the added and the changed were derived again.
    expect(run.stderr).toContain('derived 3 person(s)');
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

  it('imports an unchanged list again without deriving anyone: same tags and boxes', async () => {
    const good = join(files, 'good.csv');
    expect((await kadian('key-persons', 'import', good)).code).toBe(0);
    const before = await config(gate);
    const run = await kadian('key-persons', 'import', good);
    expect(run.stdout).toContain('3 persons (0 added, 0 changed, 3 unchanged, 0 removed)');
    expect(run.stderr).toContain('derived 0 person(s)');
    const after = await config(gate);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.keyPersons).toEqual(before.keyPersons);
  }, SEVERAL_RUNS);

  it('--all gives every checkpoint the list, derived once under one new salt', async () => {
    const north = await enrol(h, 'north-gate');
    const before = await config(gate);
    const run = await kadian('key-persons', 'import', join(files, 'good.csv'), '--all');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo-gate');
    expect(run.stdout).toContain('north-gate');
    // Each had a salt of its own: one new salt for both, and each person derived once, not once per checkpoint.
    expect(run.stderr.match(/derived \d+ person/g)).toEqual(['derived 3 person']);
    const [a, b] = [await config(gate), await config(north)];
    expect(a.keyPersons.salt).not.toBe(before.keyPersons.salt);
    // The same list; each checkpoint numbers its own revisions (issue #19).
    expect({ ...b.keyPersons, revision: 0 }).toEqual({ ...a.keyPersons, revision: 0 });
    expect(await lookUp(b.keyPersons, A)).toEqual({ category: 'close-contact', note: '与确诊者同车, 2月1日' });
    // Again: they share the salt now, so nothing is derived.
    expect((await kadian('key-persons', 'import', join(files, 'good.csv'), '--all')).stderr).toContain('derived 0 person(s)');
    expect((await kadian('key-persons', 'import', join(files, 'good.csv'), '--all', '--checkpoint', 'north-gate')).code).toBe(2);
  }, SEVERAL_RUNS);
});

describe('the config an older app gets', () => {
  it('tells an app from before format 2 to update (it would read the list as empty), and still says "unchanged" to it', async () => {
    const current = await config(gate);
    const ask = (query: string) => h.app.inject({ url: `/api/v1/config${query}`, headers: { authorization: `Bearer ${gate.token}` } });
    const old = await ask(`?since=${current.version - 1}`);
    expect(old.statusCode).toBe(409);
    expect(old.json<ApiError>()).toMatchObject({ error: 'app-update-required', messageZh: expect.stringContaining('更新') });
    expect((await ask(`?since=${current.version}`)).json()).toMatchObject({ unchanged: true, version: current.version });
    // A request with neither (a script) gets the list in force.
    expect((await ask('')).json<Config>().keyPersons.format).toBe(2);
  });
});

describe("a guesser holding a tablet's config", () => {
  it('pays one scrypt (the parameters in force: N=256, r=8, 256 KiB) per guessed ID number, and nothing cheaper tells a guess', async () => {
    // Three key persons born on one day in one district: a space of 200 ID numbers (sequence 000–199).
    const space = Array.from({ length: 200 }, (_, n) => id(`11010519800101${String(n).padStart(3, '0')}`));
    const listed = [space[17]!, space[101]!, space[188]!];
    const file = csv('guess.csv', ['id_number,category,note', `${listed[0]},close-contact,同车`, `${listed[1]},from-wuhan,`, `${listed[2]},fever-no-contact,发热门诊`]);
    expect((await kadian('key-persons', 'import', file)).code).toBe(0);
    const { keyPersons: list } = await config(gate);
    expect(list.kdf).toEqual({ name: 'scrypt', N: 256, r: 8, p: 1 });
    const salt = fromBase64(list.salt)!;
    const tags = new Set(list.persons.map((p) => p.tag));

    // The sweep: the guesser's only test of a guess is its tag, and a tag is a scrypt with the list's parameters.
    let calls = 0;
    const found: string[] = [];
    for (const guess of space) {
      calls++;
      const { tag, key } = await deriveKeyPersonNative(salt, guess, list.kdf);
      if (tags.has(tag)) {
        found.push(guess);
        expect(await openKeyPersonBox(key, list.persons.find((p) => p.tag === tag)!.box)).toBeDefined();
      }
    }
    expect(found).toEqual(listed);
    expect(calls).toBe(space.length);

    // Nothing cheaper matches: the old salted SHA-256, a plain SHA-256, scrypt with half the work.
    const cheap = [
      (guess: string) => createHash('sha256').update(salt).update(guess).digest().subarray(0, 16).toString('base64'),
      (guess: string) => createHash('sha256').update(guess).digest().subarray(0, 16).toString('base64'),
      async (guess: string) => (await deriveKeyPersonNative(salt, guess, { ...list.kdf, N: list.kdf.N / 2 })).tag,
    ];
    for (const tagOf of cheap) {
      for (const guess of listed) expect(tags.has(await tagOf(guess))).toBe(false);
    }
    // Category and note only inside the boxes.
    const sent = JSON.stringify(list);
    for (const clear of ['close-contact', 'from-wuhan', 'fever-no-contact', '密切接触者', '同车', '发热门诊']) expect(sent).not.toContain(clear);
  }, SEVERAL_RUNS);
});
