/** Issue #15: the console's rules and lists: a place's rules changed as a lead's change is, key-person lists uploaded line-checked, enrolment sheets; on each database. */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { say } from '../../src/core/catalogue.ts';
import type { KeyPersonImported, KeyPersonLists, KeyPersonRefusal, Rules, RulesChanged } from '../../src/core/consoleRules.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { deriveKeyPerson, openKeyPersonBox, type KeyPersonHit } from '../../src/core/keyPersonLookup.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { Config, EnrolResponse } from '../../src/core/wire.ts';
import { KEY_PERSON_FILE_LIMIT } from '../../src/server/console/keyPersonRoutes.ts';
import { CLIENT_IP, onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { enrol, type Tablet } from './helpers.ts';
import { provenPolicy } from './leadProofs.ts';

/** A valid 18-character ID number from its first 17 digits. */
const id = (first17: string): string => first17 + checkCharacter(first17);
const A = id('11010519491231002'), B = id('32010219800101123'), C = id('44030419900315456');
const badB = B.slice(0, 17) + (B.endsWith('0') ? '1' : '0');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const csv = (lines: string[]): Buffer => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);

async function xlsx(rows: Array<Array<string | number>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** What a tablet finds for an ID number in its config's list, as the gate looks it up. */
async function lookUp(list: Config['keyPersons'], idNumber: string): Promise<KeyPersonHit | undefined> {
  const { tag, key } = deriveKeyPerson(fromBase64(list.salt)!, idNumber, list.kdf);
  const person = list.persons.find((p) => p.tag === tag);
  return person && openKeyPersonBox(key, person.box);
}

onEachConsoleCity('console rules and lists', (city) => {
  let gate1: Tablet, gate2: Tablet;
  const config = async (t: Tablet): Promise<Config> => {
    const res = await city().h.app.inject({ url: '/api/v1/config?since=0&keyPersons=2', headers: { authorization: `Bearer ${t.token}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Config>();
  };
  const setRules = (who: Signed, query: string, set: Array<{ field: string; value: unknown }>) => city().as(who, 'POST', `/api/v1/console/rules?${query}`, undefined, { set });
  const upload = (who: Signed, query: string, body: Buffer, type = 'application/octet-stream'): Promise<LightMyRequestResponse> => city().h.app.inject({
    method: 'POST', url: `/api/v1/console/key-persons?${query}`, payload: body,
    headers: { 'content-type': type, 'x-csrf-token': who.csrf, 'x-forwarded-for': CLIENT_IP }, cookies: { kadian_session: who.cookie },
  });

  it("changes a place's rules on all its gates as a lead's change is: the tablets' next config pull has them, and the history says who, when and what", async () => {
    gate1 = await enrol(city().h, 'cp-c1a-1');
    gate2 = await enrol(city().h, 'cp-c1a-2');
    const before = await config(gate1);
    expect(before.policy).toEqual(DEFAULT_POLICY);
    // A lead on the second gate's tablet first makes it an entrance only (their PIN-proven change).
    const leads = await city().h.app.inject({
      method: 'PUT', url: '/api/v1/policy', headers: { authorization: `Bearer ${gate2.token}` },
      payload: await provenPolicy(city().h, gate2, { ...DEFAULT_POLICY, directions: 'in' }, { changedAt: '2026-11-30T15:59:00+08:00' }),
    });
    expect(leads.statusCode, leads.body).toBe(200);

    const hq = await city().session('hq-d1');
    const shown = await city().get<Rules>(hq, '/api/v1/console/rules?place=p-c1a');
    expect(shown).toMatchObject({ kind: 'place', id: 'p-c1a', operatorOnly: ['retentionDays'] });
    expect(shown.checkpoints.map((c) => [c.id, c.policy.directions])).toEqual([['cp-c1a-1', 'both'], ['cp-c1a-2', 'in']]);

    const res = await setRules(hq, 'place=p-c1a', [{ field: 'colours.yellow', value: 'check' }, { field: 'feverThreshold', value: 37.5 }, { field: 'capacity', value: 300 }]);
    expect(res.statusCode, res.body).toBe(200);
    const { rules, changed } = res.json<RulesChanged>();
    expect(changed.map((c) => c.checkpointId)).toEqual(['cp-c1a-1', 'cp-c1a-2']);
    // Each gate keeps what was not named: the second stays an entrance only.
    expect(rules.checkpoints.map((c) => [c.policy.colours.yellow, c.policy.feverThreshold, c.policy.capacity, c.policy.directions]))
      .toEqual([['check', 37.5, 300, 'both'], ['check', 37.5, 300, 'in']]);

    // The tablets' next pull: a new version with the new rules, as after a lead's change.
    const after = await config(gate1);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.policy).toEqual({ ...DEFAULT_POLICY, colours: { ...DEFAULT_POLICY.colours, yellow: 'check' }, feverThreshold: 37.5, capacity: 300 });
    expect((await config(gate2)).policy).toMatchObject({ directions: 'in', feverThreshold: 37.5 });
    const unchanged = await city().h.app.inject({ url: `/api/v1/config?since=${after.version}&keyPersons=2`, headers: { authorization: `Bearer ${gate1.token}` } });
    expect(unchanged.json()).toMatchObject({ unchanged: true });

    const history = (await city().get<Rules>(hq, '/api/v1/console/rules?checkpoint=cp-c1a-2')).checkpoints[0]!;
    expect(history.changeCount).toBe(2);
    expect(history.changes[0]).toMatchObject({
      by: 'console', userName: 'hq-d1', deviceId: null, version: changed[1]!.version, receivedAt: expect.stringMatching(/^2026-11-30T/),
      fields: [{ field: 'colours.yellow', before: 'stop', after: 'check' }, { field: 'feverThreshold', before: 37.3, after: 37.5 }, { field: 'capacity', before: null, after: 300 }],
    });
    expect(history.changes[1]).toMatchObject({ by: 'lead', deviceId: gate2.deviceId, deviceLabel: 'test tablet', changedAt: '2026-11-30T15:59:00+08:00', fields: [{ field: 'directions', before: 'both', after: 'in' }] });
    // The store keeps the user as the CLI's history shows it.
    expect((await city().h.storage.listPolicyChanges('cp-c1a-1')).at(-1)).toMatchObject({ user: { id: hq.userId, name: 'hq-d1' }, deviceId: null });
    expect(await city().lastAudit('console.policy')).toMatchObject({
      actor: `user:${hq.userId}`, target: 'cp-c1a-2', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'],
      detail: { scope: 'place', scopeId: 'p-c1a', version: changed[1]!.version, changes: [{ field: 'colours.yellow', before: 'stop', after: 'check' }, { field: 'feverThreshold' }, { field: 'capacity' }] },
    });

    // The same again changes and records nothing.
    const again = await setRules(hq, 'place=p-c1a', [{ field: 'colours.yellow', value: 'check' }]);
    expect(again.json<RulesChanged>().changed).toEqual([]);
    expect((await config(gate1)).version).toBe(after.version);
  });

  it('refuses the operator-only retention, an unknown rule, a value the rules do not allow, an area, and a change without CSRF; nothing changes', async () => {
    const hq = await city().session('hq-d1');
    const version = (await config(gate1)).version;
    const refused: Array<[string, Array<{ field: string; value: unknown }>, string]> = [
      ['place=p-c1a', [{ field: 'retentionDays', value: 5 }], 'rules-field'],
      ['place=p-c1a', [{ field: 'colours', value: 'pass' }], 'rules-field'],
      ['place=p-c1a', [{ field: 'toString', value: 'pass' }], 'rules-field'],
      ['place=p-c1a', [{ field: 'feverThreshold', value: 37.4 }, { field: 'feverThreshold', value: 37.6 }], 'request-invalid'],
      ['place=p-c1a', [{ field: 'colours.red', value: 'pass' }, { field: 'feverThreshold', value: 50 }], 'rules-value'],
      ['checkpoint=cp-c1a-1', [{ field: 'directions', value: 'sideways' }], 'rules-value'],
      ['area=a-c1', [{ field: 'colours.red', value: 'pass' }], 'rules-scope'],
      ['', [{ field: 'colours.red', value: 'pass' }], 'rules-scope'],
    ];
    for (const [query, set, error] of refused) {
      const res = await setRules(hq, query, set);
      expect(res.statusCode, `${query} ${JSON.stringify(set)}`).toBe(400);
      expect(res.json(), JSON.stringify(set)).toMatchObject({ error, message: expect.any(String), messageZh: expect.any(String) });
    }
    expect((await city().as(hq, 'GET', '/api/v1/console/rules?area=a-c1')).json()).toMatchObject({ error: 'rules-scope', messageZh: say('rules-scope', 'zh') });
    const noCsrf = await city().as(hq, 'POST', '/api/v1/console/rules?place=p-c1a', null, { set: [{ field: 'colours.red', value: 'pass' }] });
    expect(noCsrf.json()).toMatchObject({ error: 'csrf-invalid' });
    expect((await config(gate1)).version).toBe(version);
    expect((await config(gate1)).policy.colours.red).toBe('stop');
  });

  it("lets a lead change their own place's rules (not another place's), and not a tracer", async () => {
    const lead = await city().session('lead-p');
    // A lead of one place who names nothing is about their place.
    expect((await city().get<Rules>(lead, '/api/v1/console/rules')).id).toBe('p-c1a');
    const res = await setRules(lead, 'checkpoint=cp-c1a-1', [{ field: 'askTemperature', value: true }]);
    expect(res.statusCode, res.body).toBe(200);
    expect((await config(gate1)).policy.askTemperature).toBe(true);
    expect((await city().get<Rules>(lead, '/api/v1/console/rules?checkpoint=cp-c1a-1')).checkpoints[0]!.changes[0]).toMatchObject({ by: 'console', userName: 'lead-p' });
    const other = await setRules(lead, 'place=p-c1b', [{ field: 'askTemperature', value: true }]);
    expect(other.json()).toMatchObject({ error: 'forbidden-area' });
    const tracer = await city().session('tracer-d1');
    expect((await setRules(tracer, 'place=p-c1a', [{ field: 'askTemperature', value: false }])).json()).toMatchObject({ error: 'forbidden-role' });
    expect((await upload(lead, 'place=p-c1a', csv(['id_number,category,note'])).then((r) => r.json()))).toMatchObject({ error: 'forbidden-role' });
  });

  it("refuses a sibling district's hq (403, audited) on every route of the page", async () => {
    const sibling = await city().session('hq-d2');
    await city().expectRefused(sibling, 'GET', '/api/v1/console/rules?place=p-c1a', 'forbidden-area', 'p-c1a');
    await city().expectRefused(sibling, 'GET', '/api/v1/console/rules?checkpoint=cp-c1a-1', 'forbidden-area', 'cp-c1a-1');
    await city().expectRefused(sibling, 'GET', '/api/v1/console/key-persons?checkpoint=cp-c1a-1', 'forbidden-area', 'cp-c1a-1');
    await city().expectRefused(sibling, 'POST', '/api/v1/console/key-persons?place=p-c1a', 'forbidden-area', 'p-c1a');
    await city().expectRefused(sibling, 'POST', '/api/v1/console/enrol-sheet?area=a-d1', 'forbidden-area', 'a-d1');
    await city().expectRefused(sibling, 'POST', '/api/v1/console/enrol-sheet?checkpoint=cp-c1a-2', 'forbidden-area', 'cp-c1a-2');
    const version = (await config(gate1)).version;
    const res = await setRules(sibling, 'place=p-c1a', [{ field: 'colours.green', value: 'stop' }]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'forbidden-area' });
    expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${sibling.userId}`, target: 'p-c1a', detail: { reason: 'forbidden-area' } });
    const file = await upload(sibling, 'checkpoint=cp-c1a-1', csv(['id_number,category,note', `${A},close-contact,`]));
    expect(file.statusCode).toBe(403);
    expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${sibling.userId}`, target: 'cp-c1a-1' });
    expect((await config(gate1)).version).toBe(version);
  });

  it('answers each bad line of a key-person file (number and both languages) and imports nothing', async () => {
    const hq = await city().session('hq-d1');
    const before = await config(gate1);
    const res = await upload(hq, 'place=p-c1a', csv([
      'id_number,category,note',
      `${A},密切接触者,同车`,
      `${badB},from-hubei,`,
      `${C},from-wuhan,`,
      `${C},tourist,`,
      `${A},from-wuhan,again`,
    ]));
    expect(res.statusCode, res.body).toBe(422);
    const refusal = res.json<KeyPersonRefusal>();
    expect(refusal).toMatchObject({ error: 'key-person-file', messageZh: say('key-person-file', 'zh'), problemCount: 3 });
    expect(refusal.problems).toEqual([
      { line: 3, error: 'id-check', message: say('id-check', 'en'), messageZh: say('id-check', 'zh') },
      { line: 5, error: 'key-person-category', message: say('key-person-category', 'en'), messageZh: say('key-person-category', 'zh') },
      { line: 6, error: 'key-person-duplicate', message: say('key-person-duplicate', 'en'), messageZh: say('key-person-duplicate', 'zh'), detail: 'line 2' },
    ]);
    // The answer and the audit name lines, never the ID numbers.
    const line = await city().lastAudit('console.key-persons');
    expect(line).toMatchObject({ actor: `user:${hq.userId}`, target: 'p-c1a', detail: { imported: false, problems: 3, lines: [3, 5, 6], format: 'csv' } });
    for (const text of [res.body, JSON.stringify(line)]) for (const person of [A, badB, C]) expect(text).not.toContain(person);
    expect(await config(gate1)).toEqual({ ...before, serverTime: expect.any(String) });
    const lists = await city().get<KeyPersonLists>(hq, '/api/v1/console/key-persons?place=p-c1a');
    expect(lists.lists.map((l) => [l.checkpointId, l.persons])).toEqual([['cp-c1a-1', 0], ['cp-c1a-2', 0]]);

    const header = await upload(hq, 'place=p-c1a', csv(['id,kind', `${A},close-contact`]));
    expect(header.json<KeyPersonRefusal>().problems).toMatchObject([{ line: 1, error: 'key-person-header' }]);
    const gbk = await upload(hq, 'place=p-c1a', Buffer.from([0x49, 0x44, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0x0a]), 'text/csv');
    expect(gbk.statusCode).toBe(400);
    expect(gbk.json()).toMatchObject({ error: 'key-person-file-type' });
    const json = await city().as(hq, 'POST', '/api/v1/console/key-persons?place=p-c1a', undefined, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const huge = await upload(hq, 'place=p-c1a', Buffer.alloc(KEY_PERSON_FILE_LIMIT + 1, 0x61));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: 'request-too-large' });
  });

  it("imports a good file for a place's gates (CSV) or a checkpoint (XLSX); the tablets' config carries the list, the page its size", async () => {
    const hq = await city().session('hq-d1');
    const res = await upload(hq, 'place=p-c1a', csv(['身份证号,类别,备注', `${A},密切接触者,"与确诊者同车, 2月1日"`, `${B},from-hubei,`]), 'text/csv; charset=utf-8');
    expect(res.statusCode, res.body).toBe(200);
    const imported = res.json<KeyPersonImported>();
    expect(imported).toMatchObject({ persons: 2, derived: 2 });
    expect(imported.lists).toEqual([
      { checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', persons: 2, added: 2, changed: 0, unchanged: 0, removed: 0 },
      { checkpointId: 'cp-c1a-2', checkpointName: 'cp-c1a-2', persons: 2, added: 2, changed: 0, unchanged: 0, removed: 0 },
    ]);
    for (const gate of [gate1, gate2]) {
      const { keyPersons } = await config(gate);
      expect(keyPersons.persons).toHaveLength(2);
      expect(await lookUp(keyPersons, A)).toEqual({ category: 'close-contact', note: '与确诊者同车, 2月1日' });
      expect(await lookUp(keyPersons, B)).toEqual({ category: 'from-hubei', note: '' });
      expect(await lookUp(keyPersons, C)).toBeUndefined();
    }
    expect(await city().lastAudit('console.key-persons')).toMatchObject({
      target: 'p-c1a', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], detail: { imported: true, persons: 2, derived: 2, lists: [{ checkpointId: 'cp-c1a-1', added: 2 }, { checkpointId: 'cp-c1a-2' }] },
    });
    const lists = await city().get<KeyPersonLists>(hq, '/api/v1/console/key-persons?place=p-c1a');
    expect(lists).toMatchObject({ kind: 'place', maxBytes: KEY_PERSON_FILE_LIMIT });
    expect(lists.lists[0]).toEqual({
      checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', placeName: 'p-c1a', persons: 2, byCategory: { 'close-contact': 1, 'from-hubei': 1 }, arrivals: 0, updatedAt: expect.stringMatching(/^2026-11-30T/),
    });
    expect(JSON.stringify(lists)).not.toContain(A);

    // An XLSX for one gate: A changes category, C is added, B is taken off; the other gate keeps its list.
    const book = await xlsx([['id_number', 'category', 'note'], [A, 'from-wuhan', ''], [C, 'fever-no-contact', '体温38.2'], ['', '', '']]);
    const one = await upload(hq, 'checkpoint=cp-c1a-1', book, XLSX_TYPE);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json<KeyPersonImported>().lists).toEqual([{ checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', persons: 2, added: 1, changed: 1, unchanged: 0, removed: 1 }]);
    const list1 = (await config(gate1)).keyPersons;
    expect(await lookUp(list1, A)).toEqual({ category: 'from-wuhan', note: '' });
    expect(await lookUp(list1, C)).toEqual({ category: 'fever-no-contact', note: '体温38.2' });
    expect(await lookUp(list1, B)).toBeUndefined();
    expect(await lookUp((await config(gate2)).keyPersons, B)).toEqual({ category: 'from-hubei', note: '' });
    expect(await city().lastAudit('console.key-persons')).toMatchObject({ target: 'cp-c1a-1', detail: { format: 'xlsx', imported: true } });

    const badBook = await upload(hq, 'checkpoint=cp-c1a-1', await xlsx([['id_number', 'category', 'note'], [badB, 'from-hubei', '']]));
    expect(badBook.json<KeyPersonRefusal>().problems).toMatchObject([{ line: 2, error: 'id-check' }]);
  });

  it('downloads an enrolment sheet with one page per checkpoint, each a fresh code that enrols a tablet there (audited without the codes)', async () => {
    const hq = await city().session('hq-d1');
    const res = await city().as(hq, 'POST', '/api/v1/console/enrol-sheet?place=p-c1a&days=3');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kadian-p-c1a-sh-[^"]+\.html"/);
    const pages = [...res.body.matchAll(/<section class="page" data-checkpoint="([^"]+)">([\s\S]*?)<\/section>/g)];
    expect(pages.map((p) => p[1])).toEqual(['cp-c1a-1', 'cp-c1a-2']);
    const codes = pages.map((p) => /<p class="code">([^<]+)<\/p>/.exec(p[2]!)?.[1] ?? '');
    expect(new Set(codes).size).toBe(2);
    expect(res.body).toContain('三门峡市 › 湖滨区 › 湖滨街道 › 东风社区 › p-c1a 卡点注册码');
    const line = await city().lastAudit('console.enrol-sheet');
    expect(line).toMatchObject({ actor: `user:${hq.userId}`, target: 'p-c1a', detail: { scope: 'place', codes: 2, days: 3, sheet: expect.stringMatching(/^sh-/) } });
    for (const code of codes) expect(JSON.stringify(line)).not.toContain(code);
    const stored = await city().h.storage.listEnrolmentCodes(['cp-c1a-1', 'cp-c1a-2']);
    const sheet = (line?.detail as { sheet: string }).sheet;
    expect(stored.filter((c) => c.sheet === sheet).map((c) => [c.checkpointId, c.createdBy])).toEqual([['cp-c1a-1', `user:${hq.userId}`], ['cp-c1a-2', `user:${hq.userId}`]]);
    const enrolled = await city().h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: codes[1], label: 'sheet tablet' } });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    expect(enrolled.json<EnrolResponse>().config.checkpoint.id).toBe('cp-c1a-2');

    // The district: every checkpoint under it, and none of the sibling's.
    const district = await city().as(hq, 'POST', '/api/v1/console/enrol-sheet?area=a-d1');
    expect([...district.body.matchAll(/data-checkpoint="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1', 'cp-c2a-1']);
    expect((await city().as(hq, 'POST', '/api/v1/console/enrol-sheet?place=p-c1a&days=31')).statusCode).toBe(400);
    expect((await city().as(hq, 'POST', '/api/v1/console/enrol-sheet?place=p-c1a', null)).json()).toMatchObject({ error: 'csrf-invalid' });
    for (const name of ['lead-p', 'tracer-d1']) {
      await city().expectRefused(await city().session(name), 'POST', '/api/v1/console/enrol-sheet?place=p-c1a', 'forbidden-role');
    }
  });
});
