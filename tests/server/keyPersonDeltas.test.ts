/**
 * Issue #19 on each database: a tablet that sends its key-person revision gets, when the config changed, only what changed
 * in the list (an arrival: one person; its end: one removal; a re-import: its changed rows), the whole list when the server
 * cannot tell (a new salt, removals forgotten, no revision sent), and the list it merges is the one a fresh pull gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { mergeKeyPersons, type KeptKeyPersons } from '../../src/core/keyPersonDeltas.ts';
import { keyPersonIndex } from '../../src/core/keyPersonLookup.ts';
import type { KeyPerson } from '../../src/core/keyPersons.ts';
import type { KeyPersonList } from '../../src/core/leadWire.ts';
import type { Config } from '../../src/core/wire.ts';
import { currentTrust } from '../../src/server/issuer/trust.ts';
import { derivationFor, replaceList } from '../../src/server/operator/keyPersonList.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import type { StoredArrival } from '../../src/server/storage/arrivalTypes.ts';
import type { PublishedTag } from '../../src/server/storage/keyPersonRevisionTypes.ts';
import { newKeyPersonDerivation } from '../../src/server/tablets/config.ts';
import { REMOVALS_KEPT_MS } from '../../src/server/tablets/keyPersonDeltas.ts';
import { DATABASES, onEachDatabase, title } from './databases.ts';
import { enrol, harness, type Harness, type Tablet } from './helpers.ts';

const DAY_MS = 86_400_000;
/** Persons on the imported list: enough that a whole list is plainly larger than a delta. */
const N = 300;

/** The n-th test person's ID number (n < 1000): valid, distinct. */
function idOf(n: number): string {
  const first17 = `11010519800101${String(n).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

const listed = (n: number, note = ''): KeyPerson => ({ personId: idOf(n), category: 'close-contact', note });

/** What a tablet holds: its config version and its list. */
interface Holding {
  version: number;
  list: KeptKeyPersons;
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('key-person lists as deltas', kind), () => {
    const clock = { at: new Date('2026-03-02T02:00:00Z') };
    let h: Harness;
    let tablet: Tablet;
    /** The enrolled tablet, following every delta. */
    let holding: Holding;
    /** What the tablet held after the first import, kept to ask with later. */
    let early: Holding;
    let people: KeyPerson[];

    beforeAll(async () => {
      h = await harness({ database: kind, now: () => clock.at });
      tablet = await enrol(h);
      const first = (await pull('')).json<Config>();
      holding = { version: first.version, list: mergeKeyPersons(undefined, first.keyPersons)! };
    });
    afterAll(() => h.close());

    const pull = (query: string) => h.app.inject({ url: `/api/v1/config${query}`, headers: { authorization: `Bearer ${tablet.token}` } });
    const asking = (held: Holding) => `?since=${held.version}&keyPersons=2&keyPersonRevision=${held.list.revision}`;

    /** One pull of a tablet holding `held`, as the uploader makes it: the list sent and what the tablet then keeps. */
    async function follow(held: Holding): Promise<{ sent: KeyPersonList; kept: Holding; bytes: number }> {
      const res = await pull(asking(held));
      expect(res.statusCode, res.body).toBe(200);
      const config = res.json<Config>();
      const list = mergeKeyPersons(held.list, config.keyPersons);
      expect(list, 'the delta follows the list held').not.toBeNull();
      return { sent: config.keyPersons, kept: { version: config.version, list: list! }, bytes: res.body.length };
    }

    /** The list a tablet holding nothing gets now, and its size. */
    async function fresh(): Promise<{ list: KeptKeyPersons; bytes: number }> {
      const res = await pull('');
      const sent = res.json<Config>().keyPersons;
      expect(sent.after).toBeUndefined();
      expect(sent.removed).toBeUndefined();
      return { list: mergeKeyPersons(undefined, sent)!, bytes: res.body.length };
    }

    async function importList(persons: readonly KeyPerson[], newSalt = false): Promise<void> {
      const { derivation, previous } = newSalt ? { derivation: newKeyPersonDerivation(), previous: [] } : await derivationFor(h.storage, [h.checkpointId]);
      const { persons: sealed } = await sealKeyPersons(derivation, persons, previous);
      await replaceList(h.storage, h.checkpointId, derivation, sealed, clock.at.toISOString());
    }

    async function arrive(n: number, days: number): Promise<StoredArrival> {
      const day = clock.at.toISOString().slice(0, 10);
      const arrival: StoredArrival = {
        arrivalId: `arrival-${n}`, personId: idOf(n), name: `来人${n}`, phone: '13800000000', fromProvince: '湖北', fromCity: '武汉市', arrivalDay: day,
        means: 'train', meansDetail: 'G507', areaId: 'demo-community', address: '东风路 1 号', healthYes: [], category: 'from-wuhan',
        untilDay: new Date(clock.at.getTime() + (days - 1) * DAY_MS).toISOString().slice(0, 10), since: clock.at.toISOString(),
        endsAt: new Date(clock.at.getTime() + days * DAY_MS).toISOString(), registeredAt: clock.at.toISOString(), expiredAt: null,
      };
      expect((await h.storage.addArrival(arrival)).checkpointIds).toContain(h.checkpointId);
      return arrival;
    }

    it('a list of N persons: a tablet holding nothing gets it whole; the enrolled one, the N persons added since its revision', async () => {
      people = Array.from({ length: N }, (_, i) => listed(i));
      await importList(people);
      const whole = await fresh();
      expect(whole.list.persons).toHaveLength(N);
      expect(whole.list.revision).toBeGreaterThan(holding.list.revision!);

      const { sent, kept } = await follow(holding);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: whole.list.revision, removed: [] });
      expect(sent.persons).toHaveLength(N);
      expect(kept.list).toEqual(whole.list);
      holding = early = kept;
    });

    it('an arrival registered for the community: the next pull carries that one person, not the whole list', async () => {
      await arrive(900, 14);
      const { sent, kept, bytes } = await follow(holding);
      expect(kept.version).toBeGreaterThan(holding.version);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision! + 1, removed: [] });
      expect(sent.persons).toHaveLength(1);
      const whole = await fresh();
      expect(kept.list).toEqual(whole.list);
      expect(whole.list.persons).toHaveLength(N + 1);
      expect(bytes * 10).toBeLessThan(whole.bytes);
      // The gate finds the arrival in the merged list.
      expect(await keyPersonIndex(kept.list).find(idOf(900))).toEqual({ category: 'from-wuhan', note: expect.stringContaining('入市登记') });
      holding = kept;
    });

    it('pulls at once after a change publish it once: every one gets the same delta, and the revision moves by one', async () => {
      await arrive(901, 30);
      const all = await Promise.all(Array.from({ length: 8 }, () => follow(holding)));
      for (const { sent, kept } of all) {
        expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision! + 1 });
        expect(sent.persons).toHaveLength(1);
        expect(kept).toEqual(all[0]!.kept);
      }
      expect(all[0]!.kept.list).toEqual((await fresh()).list);
      holding = all[0]!.kept;
    });

    it('a config changed without the list (a new trust list) brings an empty delta at the same revision', async () => {
      await h.storage.addDccSigner({ id: 'd'.repeat(64), kid: 'a2lkMw==', certificate: 'MIIB', addedAt: clock.at.toISOString() });
      await currentTrust(h.storage, h.dataDir, clock.at);
      const { sent, kept } = await follow(holding);
      expect(kept.version).toBeGreaterThan(holding.version);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision, persons: [], removed: [] });
      expect(kept.list).toEqual(holding.list);
      holding = kept;
    });

    it('the arrival\'s listing ends: one removal', async () => {
      clock.at = new Date(clock.at.getTime() + 15 * DAY_MS);
      const { sent, kept } = await follow(holding);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision! + 1, persons: [] });
      expect(sent.removed).toHaveLength(1);
      expect(await keyPersonIndex(kept.list).find(idOf(900))).toBeUndefined();
      expect(kept.list).toEqual((await fresh()).list);
      holding = kept;
    });

    it('a re-import under the same salt changing 2 rows (a note, a person replaced) sends those: 2 persons in, 1 out', async () => {
      people = [listed(0, '改了备注'), listed(500), ...people.slice(2)];
      await importList(people);
      const { sent, kept } = await follow(holding);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision! + 1, salt: holding.list.salt });
      expect(sent.persons).toHaveLength(2);
      expect(sent.removed).toHaveLength(1);
      expect(await keyPersonIndex(kept.list).find(idOf(0))).toEqual({ category: 'close-contact', note: '改了备注' });
      expect(await keyPersonIndex(kept.list).find(idOf(1))).toBeUndefined();
      expect(kept.list).toEqual((await fresh()).list);
      holding = kept;
    });

    it('removals are forgotten after a while: a tablet behind them gets the whole list, one up to date still a delta', async () => {
      clock.at = new Date(clock.at.getTime() + REMOVALS_KEPT_MS + DAY_MS);
      await arrive(902, 14);
      const { sent, kept } = await follow(holding);
      expect(sent).toMatchObject({ after: holding.list.revision, revision: holding.list.revision! + 1, removed: [] });
      expect(sent.persons).toHaveLength(1);
      const whole = await fresh();
      expect(kept.list).toEqual(whole.list);
      holding = kept;

      const behind = await follow(early);
      expect(behind.sent.after).toBeUndefined();
      expect(behind.sent.persons).toHaveLength(whole.list.persons.length);
      expect(behind.kept.list).toEqual(whole.list);
    });

    it('a re-import under a new salt sends the whole list, as does a pull without a revision (an older app), exactly as before', async () => {
      await importList(people, true);
      const { sent, kept } = await follow(holding);
      expect(sent.salt).not.toBe(holding.list.salt);
      expect(sent.after).toBeUndefined();
      expect(sent.removed).toBeUndefined();
      const whole = await fresh();
      expect(sent.persons).toHaveLength(whole.list.persons.length);
      expect(kept.list).toEqual(whole.list);
      // The two arrivals still listed (901, 902) beside the imported list, under the new salt too.
      expect(whole.list.persons).toHaveLength(N + 2);
      expect(await keyPersonIndex(kept.list).find(idOf(902))).toMatchObject({ category: 'from-wuhan' });

      const older = (await pull(`?since=${holding.version}&keyPersons=2`)).json<Config>().keyPersons;
      expect(older.after).toBeUndefined();
      expect(older.persons).toEqual(whole.list.persons);
      // A revision the server never gave (another database's): the whole list too.
      const unknown = (await pull(`?since=${holding.version}&keyPersons=2&keyPersonRevision=${whole.list.revision! + 100}`)).json<Config>().keyPersons;
      expect(unknown.after).toBeUndefined();
      expect(unknown.persons).toEqual(whole.list.persons);
      holding = kept;
    });

    it('a list mostly replaced (all but 10 removed) is sent whole: shorter than a delta of its removals', async () => {
      people = people.slice(0, 10);
      await importList(people);
      const { sent, kept, bytes } = await follow(holding);
      expect(sent.after).toBeUndefined();
      expect(sent.removed).toBeUndefined();
      const whole = await fresh();
      expect(whole.list.persons).toHaveLength(10 + 2);
      expect(kept.list).toEqual(whole.list);
      expect(bytes).toBe(whole.bytes);
      holding = kept;
    });

    it('the tablet that merged every delta holds exactly the list a fresh pull gets, and is told 304 after', async () => {
      const whole = await fresh();
      expect(holding.list).toEqual(whole.list);
      const res = await pull(`?since=${holding.version}&keyPersons=2&revocations=0&keyPersonRevision=${holding.list.revision}`);
      expect(res.statusCode).toBe(304);
    });
  });
}

onEachDatabase('publishing key-person revisions', (t) => {
  const at = '2026-03-02T02:00:00.000Z';
  const kept = { removedBefore: '2026-02-01T00:00:00.000Z', removedMax: 2 };
  const tagged = (c: string, said = 's'): PublishedTag => ({ tag: `${c.repeat(22)}==`, box: `${c}-${said}`, said });
  /** As tablets get it: the tag and the box. */
  const sent = ({ tag, box }: PublishedTag) => ({ tag, box });

  it('publishes once per version, refuses persons of a replaced salt, and forgets removals past the count kept', async () => {
    const derivation = await t.storage.ensureKeyPersonList('demo-gate', newKeyPersonDerivation());
    expect(await t.storage.keyPersonRevision('demo-gate')).toBeNull();
    expect(await t.storage.publishKeyPersons('demo-gate', 1, derivation, ['A', 'B', 'C', 'D', 'E'].map((c) => tagged(c)), at, kept)).toBe('published');
    expect(await t.storage.keyPersonRevision('demo-gate')).toEqual({ derivation, revision: 1, deltaFrom: 0, configVersion: 1 });
    // The same version again, or an older one: already done, nothing changes.
    expect(await t.storage.publishKeyPersons('demo-gate', 1, derivation, [], at, kept)).toBe('already');
    expect(await t.storage.publishKeyPersons('demo-gate', 2, { ...derivation, salt: 'b3RoZXI=' }, [], at, kept)).toBe('stale');
    expect((await t.storage.keyPersonTags('demo-gate')).persons).toHaveLength(5);

    // Four removed at revision 2, two of them remembered: a tablet at 1 cannot be told all of them.
    expect(await t.storage.publishKeyPersons('demo-gate', 2, derivation, [tagged('A')], at, kept)).toBe('published');
    expect(await t.storage.keyPersonRevision('demo-gate')).toMatchObject({ revision: 2, deltaFrom: 2 });
    expect((await t.storage.keyPersonTags('demo-gate', 1)).removed).toHaveLength(2);
    // A box sealed again saying the same is no change; saying otherwise is.
    expect(await t.storage.publishKeyPersons('demo-gate', 3, derivation, [{ ...tagged('A'), box: 'A-again' }, tagged('F')], at, kept)).toBe('published');
    expect(await t.storage.keyPersonTags('demo-gate', 2)).toEqual({ persons: [sent(tagged('F'))], removed: [] });
    expect(await t.storage.publishKeyPersons('demo-gate', 4, derivation, [tagged('A', 'other'), tagged('F')], at, kept)).toBe('published');
    expect(await t.storage.keyPersonTags('demo-gate', 3)).toEqual({ persons: [sent(tagged('A', 'other'))], removed: [] });
    expect(await t.storage.keyPersonRevision('demo-gate')).toMatchObject({ revision: 4, deltaFrom: 2, configVersion: 4 });
  });
});
