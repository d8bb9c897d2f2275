/** Issue #19: the config pull 20,000 tablets make after each push is conditional: 304 when nothing changed, revocations as deltas. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRevocations } from '../../src/core/revocations.ts';
import type { Config, ConfigUnchanged, RevocationListWire } from '../../src/core/wire.ts';
import { currentTrust } from '../../src/server/issuer/trust.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, harness, type Harness, type Tablet } from './helpers.ts';

/** Persons whose codes get revoked (the list holds any ID number the issuer revoked; nothing here checks them). */
const PERSONS = ['110105194912310025', '11010519491231002X', '110105199001011234'];

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('the conditional config pull', kind), () => {
    let h: Harness;
    let tablet: Tablet;
    let first: Config;
    beforeAll(async () => {
      h = await harness({ database: kind });
      tablet = await enrol(h);
      first = (await pull()).json<Config>();
    });
    afterAll(() => h.close());

    const pull = (query = '') => h.app.inject({ url: `/api/v1/config${query}`, headers: { authorization: `Bearer ${tablet.token}` } });
    const held = (version: number, revision: number) => pull(`?since=${version}&keyPersons=2&revocations=${revision}`);
    const revoke = (personId: string, notBefore: Date) => h.storage.recordRevocation({ personId, notBefore: notBefore.toISOString() }, 0);

    it('answers 304 with no body to a tablet that holds the version and the revocations in force', async () => {
      expect(first.revocations).toMatchObject({ persons: [], revision: 0 });
      const res = await held(first.version, 0);
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
    });

    it('sends only the revocations revised since the tablet\'s revision, which it merges, and then 304 again', async () => {
      await revoke(PERSONS[0]!, new Date());
      const delta = await held(first.version, 0);
      expect(delta.statusCode).toBe(200);
      const unchanged = delta.json<ConfigUnchanged>();
      expect(unchanged).toMatchObject({ unchanged: true, version: first.version, revocations: { after: 0, revision: 1 } });
      expect(unchanged.revocations?.persons).toHaveLength(1);

      await revoke(PERSONS[1]!, new Date());
      const second = (await held(first.version, 1)).json<ConfigUnchanged>().revocations!;
      expect(second).toMatchObject({ after: 1, revision: 2 });
      expect(second.persons).toHaveLength(1);
      expect(second.persons[0]!.tag).not.toBe(unchanged.revocations!.persons[0]!.tag);

      // What the tablet then holds is what a full pull gives.
      const merged = mergeRevocations(mergeRevocations(first.revocations, unchanged.revocations!, Date.now()) ?? undefined, second, Date.now());
      const full = (await pull()).json<Config>().revocations!;
      expect(merged).toEqual({ salt: full.salt, persons: full.persons, revision: 2 });
      expect((await held(first.version, 2)).statusCode).toBe(304);
    });

    it('a revocation revised again (a later not-before) comes again; an app that sends no revision gets the whole list', async () => {
      const later = new Date(Date.now() + 60_000);
      await revoke(PERSONS[0]!, later);
      const delta = (await held(first.version, 2)).json<ConfigUnchanged>().revocations!;
      expect(delta).toMatchObject({ after: 2, revision: 3, persons: [{ notBefore: later.toISOString() }] });
      const old = (await pull(`?since=${first.version}&keyPersons=2`)).json<ConfigUnchanged>();
      expect(old).toMatchObject({ unchanged: true });
      expect(old.revocations?.persons).toHaveLength(2);
      expect(old.revocations?.after).toBeUndefined();
    });

    it('a changed trust list (as `kadian trust add-dcc-cert` records it) is no 304: the full config, with the whole revocation list', async () => {
      await h.storage.addDccSigner({ id: 'c'.repeat(64), kid: 'a2lkMg==', certificate: 'MIIB', addedAt: new Date().toISOString() });
      await currentTrust(h.storage, h.dataDir, new Date());
      const res = await held(first.version, 3);
      expect(res.statusCode).toBe(200);
      const config = res.json<Config>();
      expect(config.version).toBeGreaterThan(first.version);
      expect(config.trust.dccSigners.map((s) => s.kid)).toContain('a2lkMg==');
      expect(config.revocations).toMatchObject({ revision: 3 });
      expect(config.revocations?.after).toBeUndefined();
      expect((await held(config.version, 3)).statusCode).toBe(304);
    });

    it('revocations written at once by many writers each get their own revision, and a tablet following the deltas misses none', async () => {
      let holding: RevocationListWire = (await pull()).json<Config>().revocations!;
      const version = (await pull()).json<Config>().version;
      const writes = Array.from({ length: 12 }, (_, i) => revoke(`11010519900101${1000 + i}`, new Date()));
      // Pulls interleaved with the writes: each delta is merged into what the tablet holds.
      for (let round = 0; round < 6; round++) {
        const res = await held(version, holding.revision!);
        if (res.statusCode === 200) holding = mergeRevocations(holding, res.json<ConfigUnchanged>().revocations!, Date.now()) ?? holding;
      }
      await Promise.all(writes);
      const last = await held(version, holding.revision!);
      if (last.statusCode === 200) holding = mergeRevocations(holding, last.json<ConfigUnchanged>().revocations!, Date.now()) ?? holding;
      const full = (await pull()).json<Config>().revocations!;
      expect(holding.persons).toEqual(full.persons);
      expect(holding.revision).toBe(full.revision);
      expect((await held(version, full.revision!)).statusCode).toBe(304);
    });
  });
}
