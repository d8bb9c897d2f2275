/** The colour from the comparison and codes that change with it, on both databases: a close contact imported turns red with the reason; a worse colour revokes the codes before, and tablets get the revocation with their config. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import type { KeyPersonCategory } from '../../src/core/keyPersons.ts';
import { deriveKeyPerson } from '../../src/core/keyPersonLookup.ts';
import { REVOCATION_KEEP_MS, revocationIndex, withFreshness } from '../../src/core/revocations.ts';
import type { Config, ConfigUnchanged } from '../../src/core/wire.ts';
import { colourWithReasons, coloursOf } from '../../src/server/issuer/colours.ts';
import { checkIn, currentHealthCode, type IssuerContext } from '../../src/server/issuer/healthCodes.ts';
import { revokeWorsenedByLists } from '../../src/server/issuer/revocations.ts';
import { derivationFor, replaceList } from '../../src/server/operator/keyPersonList.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../../src/server/settings.ts';
import { DEMO } from '../../src/server/storage/storage.ts';
import { currentConfig, fullConfig } from '../../src/server/tablets/config.ts';
import { kadianIn } from './cliRunner.ts';
import { onEachDatabase } from './databases.ts';
import { issuerHarness, resident, verifyAt } from './issuerFixture.ts';
import { asPhone, phoneOf } from './residentFixture.ts';
import type { ApiError, HealthCodeResponse } from '../../src/core/wire.ts';

const healthy = { temperature: 36.5, isolated: false, symptoms: false };
const at = (iso: string) => new Date(iso);

onEachDatabase('colours from the lists and revocations', (t) => {
  let context: IssuerContext;
  beforeAll(() => {
    context = { storage: t.storage, dataDir: t.db.dataDir, settings: DEFAULT_HEALTH_CODE_SETTINGS };
  });

  async function importList(rows: ReadonlyArray<{ personId: string; category: KeyPersonCategory }>, when: string): Promise<void> {
    const { derivation, previous } = await derivationFor(t.storage, [DEMO.checkpointId]);
    const { persons } = await sealKeyPersons(derivation, rows.map((r) => ({ ...r, note: '' })), previous);
    await replaceList(t.storage, DEMO.checkpointId, derivation, persons, when);
  }

  /** The revocation of `personId` a tablet of the demo gate would match: its not-before (ms), via the tag it derives for the key-person lookup. */
  function revokedBefore(config: Config | ConfigUnchanged, salt: string, personId: string): number | undefined {
    const { tag } = deriveKeyPerson(fromBase64(salt)!, personId, { name: 'scrypt', N: 2 ** 8, r: 8, p: 1 });
    return revocationIndex(config.revocations, salt).get(tag);
  }

  it('a close contact imported as a key person turns red with the reason, and the green code of the morning is revoked', async () => {
    const who = resident(101);
    const morning = await checkIn(context, who, healthy, at('2026-03-02T09:00:00+08:00'));
    expect(morning).toMatchObject({ ok: true, value: { colour: 'green', state: 'green', reasons: ['state-green'] } });
    const before = await fullConfig(t.storage, t.db.dataDir, DEMO.checkpointId, at('2026-03-02T09:30:00+08:00'));
    expect(before.revocations).toEqual({ salt: before.keyPersons.salt, persons: [], revision: 0 });

    await importList([{ personId: who.id, category: 'close-contact' }, { personId: resident(102).id, category: 'outside-city' }], '2026-03-02T02:00:00.000Z');
    // The import revoked the morning's code: its holder was on the list, with a code better than the list now makes them.
    // Resident 102 has no code: nothing of theirs to revoke, so nothing on the tablets' list names them.
    expect((await t.storage.listRevocations(0)).revocations).toEqual([{ personId: who.id, notBefore: '2026-03-02T02:00:00.000Z' }]);
    const now = await currentHealthCode(context, who, at('2026-03-02T10:30:00+08:00'));
    expect(now).toMatchObject({ ok: true, value: { colour: 'red', state: 'green', reasons: ['kp-close-contact', 'state-green'] } });
    // What the other pages of the resident show: the same colour and reasons, without issuing a code.
    expect(await colourWithReasons(context, who.id, at('2026-03-02T10:30:00+08:00')))
      .toMatchObject({ colour: 'red', state: 'green', reasons: ['kp-close-contact', 'state-green'], listings: [{ category: 'close-contact', since: '2026-03-02T02:00:00.000Z', until: '2026-03-16T02:00:00.000Z' }] });

    // The red code issued since revoked again, from its own issue on: a tablet refuses every code before it.
    const config = await fullConfig(t.storage, t.db.dataDir, DEMO.checkpointId, at('2026-03-02T11:00:00+08:00'));
    const revoked = revokedBefore(config, config.keyPersons.salt, who.id);
    expect(revoked).toBe(Date.parse('2026-03-02T10:30:00+08:00'));
    if (!morning.ok) throw new Error('no morning code');
    const verified = await verifyAt(morning.value.code, config.trust, '2026-03-02T11:00:00+08:00');
    expect(verified.valid).toBe(true);
    expect(withFreshness(verified, { revokedBefore: revoked, atMs: Date.parse('2026-03-02T11:00:00+08:00') })).toMatchObject({ valid: false, reasons: ['code-revoked'] });
    expect(config.revocations?.persons).toHaveLength(1);
  });

  it('a fever check-in revokes the morning\'s green code: the revocation comes with the next config pull, even an unchanged one', async () => {
    const who = resident(103);
    const morning = await checkIn(context, who, healthy, at('2026-03-03T08:00:00+08:00'));
    expect(morning).toMatchObject({ ok: true, value: { colour: 'green' } });
    const pulled = await fullConfig(t.storage, t.db.dataDir, DEMO.checkpointId, at('2026-03-03T08:30:00+08:00'));
    expect(revokedBefore(pulled, pulled.keyPersons.salt, who.id)).toBeUndefined();

    const fever = await checkIn(context, who, { ...healthy, temperature: 38.2 }, at('2026-03-03T12:00:00.400+08:00'));
    expect(fever).toMatchObject({ ok: true, value: { colour: 'red', state: 'red', reasons: ['state-red'] } });
    const next = await currentConfig(t.storage, t.db.dataDir, DEMO.checkpointId, at('2026-03-03T12:05:00+08:00'), { since: pulled.version });
    if (typeof next === 'string') throw new Error('a pull without a revision is never answered 304');
    expect(next).toMatchObject({ unchanged: true, version: pulled.version });
    // Whole seconds, as the code's issue time: the red code issued with the check-in is not revoked by its own revocation.
    const notBefore = revokedBefore(next, pulled.keyPersons.salt, who.id);
    expect(notBefore).toBe(Date.parse('2026-03-03T04:00:00.000Z'));
    if (!morning.ok || !fever.ok) throw new Error('no codes');
    const atMs = Date.parse('2026-03-03T12:05:00+08:00');
    const [old, red] = await Promise.all([verifyAt(morning.value.code, pulled.trust, '2026-03-03T12:05:00+08:00'), verifyAt(fever.value.code, pulled.trust, '2026-03-03T12:05:00+08:00')]);
    expect(withFreshness(old, { revokedBefore: notBefore, atMs })).toMatchObject({ valid: false, reasons: ['code-revoked'] });
    expect(withFreshness(red, { revokedBefore: notBefore, atMs })).toMatchObject({ valid: true, colour: 'red' });
  });

  it('a colour no worse revokes nothing; revocations go once no code they revoke can be valid', async () => {
    const who = resident(104);
    await checkIn(context, who, { ...healthy, symptoms: true }, at('2026-03-04T08:00:00+08:00'));
    await checkIn(context, who, healthy, at('2026-03-04T09:00:00+08:00'));
    await currentHealthCode(context, who, at('2026-03-04T10:00:00+08:00'));
    const { revocations: sinceStart } = await t.storage.listRevocations(Date.parse('2026-03-04T00:00:00+08:00'));
    expect(sinceStart.map((r) => r.personId)).not.toContain(who.id);

    // A day and more after the revocations above, a new one prunes them: the list stays small.
    const later = at('2026-03-06T12:00:00+08:00');
    const worse = resident(105);
    await checkIn(context, worse, healthy, later);
    await checkIn(context, worse, { ...healthy, isolated: true }, new Date(later.getTime() + 60_000));
    const { revocations: left } = await t.storage.listRevocations(0);
    expect(left.map((r) => r.personId)).toEqual([worse.id]);
    expect(Date.parse(left[0]!.notBefore)).toBeGreaterThan(later.getTime() - REVOCATION_KEEP_MS);
  });

  it('the operator\'s table decides a category\'s colour and days, counted from the day the person was first listed in it', async () => {
    const who = resident(106);
    await importList([{ personId: who.id, category: 'outside-city' }], '2026-03-10T00:00:00.000Z');
    await checkIn(context, who, healthy, at('2026-03-11T09:00:00+08:00'));
    expect(await colourWithReasons(context, who.id, at('2026-03-11T09:00:00+08:00'))).toMatchObject({ colour: 'yellow', reasons: ['kp-outside-city', 'state-green'] });
    // A later import of the same list keeps the day they were put on it.
    await importList([{ personId: who.id, category: 'outside-city' }], '2026-03-12T00:00:00.000Z');
    expect((await t.storage.listingsOf(who.id))).toEqual([{ category: 'outside-city', since: '2026-03-10T00:00:00.000Z' }]);
    expect((await colourWithReasons(context, who.id, at('2026-03-24T09:00:00+08:00'))).listings).toEqual([]);

    // Returnees made red: the holder of today's yellow code has it revoked at once.
    const code = await currentHealthCode(context, who, at('2026-03-11T10:00:00+08:00'));
    expect(code).toMatchObject({ ok: true, value: { colour: 'yellow' } });
    expect(await t.storage.setColourRule('outside-city', { colour: 'red', days: 21 }, '2026-03-11T02:30:00.000Z')).toBeNull();
    expect(await revokeWorsenedByLists(t.storage, null, at('2026-03-11T10:30:00+08:00'))).toBe(1);
    expect(await colourWithReasons(context, who.id, at('2026-03-24T09:00:00+08:00'))).toMatchObject({ colour: 'red', reasons: ['state-red', 'kp-outside-city'] });
    expect(await t.storage.resetColourRules()).toBe(1);
    expect(await t.storage.colourRules()).toEqual([]);
  });

  it('a category the operator makes blue gives a listed person blue, revokes a green code, and yields to a worse check-in colour', async () => {
    const who = resident(140);
    const morning = await currentHealthCode(context, who, at('2026-05-02T08:00:00+08:00'));
    expect(morning).toMatchObject({ ok: false });
    await checkIn(context, who, healthy, at('2026-05-02T08:00:00+08:00'));
    expect(await currentHealthCode(context, who, at('2026-05-02T08:05:00+08:00'))).toMatchObject({ ok: true, value: { colour: 'green' } });
    expect(await t.storage.setColourRule('outside-city', { colour: 'blue', days: 14 }, '2026-05-02T00:10:00.000Z')).toBeNull();
    await importList([{ personId: who.id, category: 'outside-city' }], '2026-05-02T00:30:00.000Z');
    // Blue is worse than green: the morning's green code is revoked, and the new one is blue with the list as its reason.
    expect((await t.storage.listRevocations(Date.parse('2026-05-02T00:00:00.000Z'))).revocations.map((r) => r.personId)).toContain(who.id);
    const blue = await currentHealthCode(context, who, at('2026-05-02T09:00:00+08:00'));
    expect(blue).toMatchObject({ ok: true, value: { colour: 'blue', reasons: ['kp-outside-city', 'state-green'] } });
    if (!blue.ok) throw new Error('no code');
    // A tablet reads it as blue (a tablet older than blue refuses the code as damaged: core/healthCode.ts).
    const { trust } = await fullConfig(t.storage, t.db.dataDir, DEMO.checkpointId, at('2026-05-02T09:00:00+08:00'));
    expect(await verifyAt(blue.value.code, trust, '2026-05-02T09:00:00+08:00')).toMatchObject({ valid: true, colour: 'blue' });
    // Symptoms make the check-in rules yellow, which is worse than blue: yellow wins, the rules' reason first.
    await checkIn(context, who, { ...healthy, symptoms: true }, at('2026-05-03T08:00:00+08:00'));
    expect(await colourWithReasons(context, who.id, at('2026-05-03T09:00:00+08:00'))).toMatchObject({ colour: 'yellow', reasons: ['state-yellow', 'kp-outside-city'] });
    expect(await t.storage.resetColourRules()).toBe(1);
  });

  it("the console list's colours, read for many persons at once, are each person's colour as the health code gives it", async () => {
    const when = at('2026-04-02T10:00:00+08:00');
    const [fever, contact, listedOnly, nobody] = [resident(130), resident(131), resident(132), resident(133)];
    await checkIn(context, fever, { ...healthy, temperature: 38.6 }, at('2026-04-01T09:00:00+08:00'));
    await checkIn(context, contact, healthy, at('2026-04-01T09:00:00+08:00'));
    await checkIn(context, contact, healthy, at('2026-04-02T09:00:00+08:00'));
    await importList([{ personId: contact.id, category: 'close-contact' }, { personId: listedOnly.id, category: 'outside-city' }], '2026-04-01T02:00:00.000Z');
    const ids = [fever.id, contact.id, listedOnly.id, nobody.id];
    const many = await coloursOf(context, ids, when);
    expect([...many.keys()]).toEqual(ids);
    for (const who of [fever, contact]) expect(many.get(who.id)).toEqual(await colourWithReasons(context, who.id, when));
    expect(many.get(contact.id)?.colour).toBe('red');
    expect(many.get(fever.id)?.colour).toBe('red');
    // No check-in, so no code to show a colour of, listed or not.
    expect(many.get(listedOnly.id)).toBeNull();
    expect(many.get(nobody.id)).toBeNull();
  });
});

describe('kadian colour-rules', { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kadian-colour-rules-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the table, sets a category by its English or Chinese name, resets, and writes each change to the audit log', async () => {
    const listed = await kadianIn(dataDir, 'colour-rules', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toContainEqual({ category: 'close-contact', colour: 'red', days: 14, default: true });

    const set = await kadianIn(dataDir, 'colour-rules', 'set', '市外返回人员', 'red', '7');
    expect(set.code).toBe(0);
    expect(JSON.parse((await kadianIn(dataDir, 'colour-rules', 'list', '--json')).stdout)).toContainEqual({ category: 'outside-city', colour: 'red', days: 7, default: false });

    expect((await kadianIn(dataDir, 'colour-rules', 'set', 'close-contact', 'purple', '7')).code).toBe(2);
    // The fourth colour, by its Chinese name too.
    expect((await kadianIn(dataDir, 'colour-rules', 'set', 'fever-no-contact', '蓝码', '10')).code).toBe(0);
    expect(JSON.parse((await kadianIn(dataDir, 'colour-rules', 'list', '--json')).stdout)).toContainEqual({ category: 'fever-no-contact', colour: 'blue', days: 10, default: false });

    expect((await kadianIn(dataDir, 'colour-rules', 'reset')).code).toBe(0);
    expect(JSON.parse((await kadianIn(dataDir, 'colour-rules', 'list', '--json')).stdout)).toContainEqual({ category: 'outside-city', colour: 'yellow', days: 14, default: true });

    const audit = JSON.parse((await kadianIn(dataDir, 'audit', '--json')).stdout) as Array<{ action: string; target: string | null; detail: Record<string, unknown> }>;
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('cli.colour-rules.set');
    expect(actions).toContain('cli.colour-rules.reset');
    // The refused command has its line too.
    expect(audit.filter((a) => a.action === 'cli.colour-rules.set').map((a) => a.detail.exitCode)).toEqual([0, 2, 0]);
    expect(audit.find((a) => a.action === 'cli.colour-rules.set' && a.target === 'outside-city' && a.detail.exitCode === 0)).toMatchObject({
      target: 'outside-city', detail: { before: { colour: 'yellow', days: 14 }, after: { colour: 'red', days: 7 }, revoked: 0 },
    });
  });
});

describe('POST /health-code after a key-person import', () => {
  it('answers red with the reason to the phone of a close contact imported since the morning, and the tablet\'s next pull revokes the morning\'s code', async () => {
    const h = await issuerHarness();
    try {
      const who = resident(120);
      const phone = await phoneOf(h.app, who);
      h.at('2026-03-02T08:00:00+08:00');
      const morning = await asPhone(h.app, phone, 'POST', '/api/v1/checkins', { id: who.id, ...healthy });
      expect(morning.json<HealthCodeResponse>()).toMatchObject({ colour: 'green', reasons: ['state-green'] });
      const pulled = await h.config();

      const { derivation, previous } = await derivationFor(h.storage, [h.checkpointId]);
      const { persons } = await sealKeyPersons(derivation, [{ personId: who.id, category: 'close-contact', note: '' }], previous);
      await replaceList(h.storage, h.checkpointId, derivation, persons, '2026-03-02T02:00:00.000Z');

      h.at('2026-03-02T10:30:00+08:00');
      const res = await asPhone(h.app, phone, 'POST', '/api/v1/health-code', { id: who.id });
      expect(res.statusCode).toBe(200);
      expect(res.json<HealthCodeResponse & ApiError>()).toMatchObject({ colour: 'red', state: 'green', reasons: ['kp-close-contact', 'state-green'] });
      const next = await h.config(pulled.version);
      const { tag } = deriveKeyPerson(fromBase64(next.keyPersons.salt)!, who.id, next.keyPersons.kdf);
      expect(next.revocations?.persons.map((p) => p.tag)).toEqual([tag]);
    } finally {
      await h.close();
    }
  });
});
