/**
 * Bytes of one config pull (issue #19) for a 5,000-person list plus one arrival: the whole list, as an app that sends no
 * key-person revision gets it, against the delta an app holding the revision gets. `npx tsx bench/keyPersons/deltaBytes.ts [N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Config, EnrolResponse } from '../../src/core/wire.ts';
import { buildApp } from '../../src/server/app.ts';
import { derivationFor, replaceList } from '../../src/server/operator/keyPersonList.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import { openStorage } from '../../src/server/settings.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { idNumbers, persons } from './server.ts';

const COUNT = Number(process.argv[2] ?? 5000);
const DAY_MS = 86_400_000;

const dataDir = mkdtempSync(join(tmpdir(), 'kadian-delta-bytes-'));
const storage = openStorage(dataDir, {});
try {
  const { checkpoint } = await storage.ensureDemo();
  const app = await buildApp({ storage, dataDir, publicUrl: 'http://kadian.test', logger: false, rateLimits: { enrolPerMinute: 0, residentPerMinute: 0, selfCheckInPerMinute: 0 } });
  await app.ready();
  const { code } = await issueEnrolmentCode(storage, checkpoint.id);
  const { token } = (await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } })).json<EnrolResponse>();
  const pull = (query: string) => app.inject({ url: `/api/v1/config${query}`, headers: { authorization: `Bearer ${token}` } });

  const { derivation, previous } = await derivationFor(storage, [checkpoint.id]);
  const { persons: sealed } = await sealKeyPersons(derivation, persons(COUNT), previous);
  await replaceList(storage, checkpoint.id, derivation, sealed, new Date().toISOString());
  const held = (await pull('')).json<Config>();

  // One arrival for the demo community: every checkpoint of it gets a new config version.
  const now = new Date();
  const [arrivalId] = idNumbers(1, 900_000);
  await storage.addArrival({
    arrivalId: 'bench-arrival', personId: arrivalId!, name: '来人', phone: '13800000000', fromProvince: '湖北', fromCity: '武汉市',
    arrivalDay: now.toISOString().slice(0, 10), means: 'train', meansDetail: 'G507', areaId: checkpoint.communityId, address: '东风路 1 号', healthYes: [],
    category: 'from-wuhan', untilDay: new Date(now.getTime() + 13 * DAY_MS).toISOString().slice(0, 10), since: now.toISOString(),
    endsAt: new Date(now.getTime() + 14 * DAY_MS).toISOString(), registeredAt: now.toISOString(), expiredAt: null,
  });
  const base = `?since=${held.version}&keyPersons=2&revocations=${held.revocations?.revision ?? 0}`;
  const before = await pull(base);
  const after = await pull(`${base}&keyPersonRevision=${held.keyPersons.revision}`);
  const delta = after.json<Config>().keyPersons;
  if (delta.after === undefined || delta.persons.length !== 1) throw new Error(`expected a delta of one person, got ${delta.persons.length} (after ${delta.after})`);

  const row = (what: string, body: string) => `| ${what} | ${body.length.toLocaleString('en')} | ${gzipSync(body).length.toLocaleString('en')} |`;
  console.log(`${COUNT.toLocaleString('en')} persons on the list, then one arrival: the next config pull`);
  console.log('| pull | bytes (JSON) | bytes gzipped |');
  console.log('|---|---:|---:|');
  console.log(row('without a key-person revision (before; older apps)', before.body));
  console.log(row('with the revision held (a delta of 1 person)', after.body));

  // The list then mostly replaced under the same salt (all but 50 gone): the delta would be its removals; the whole list is sent.
  const kept = after.json<Config>();
  const again = await derivationFor(storage, [checkpoint.id]);
  const { persons: fewer } = await sealKeyPersons(again.derivation, persons(COUNT).slice(0, 50), again.previous);
  await replaceList(storage, checkpoint.id, again.derivation, fewer, new Date().toISOString());
  const replaced = await pull(`?since=${kept.version}&keyPersons=2&revocations=${kept.revocations?.revision ?? 0}&keyPersonRevision=${kept.keyPersons.revision}`);
  const sent = replaced.json<Config>().keyPersons;
  if (sent.after !== undefined) throw new Error('expected the whole list after a replacement of all but 50');
  const { persons: changed, removed } = await storage.keyPersonTags(checkpoint.id, kept.keyPersons.revision);
  const { persons: _whole, ...list } = sent;
  const wouldBe = JSON.stringify({ ...list, persons: changed, removed, after: kept.keyPersons.revision });
  console.log(`\nThen the list replaced by 50 of its persons under the same salt: the key-person part of the next pull`);
  console.log('| key-person list | bytes (JSON) | bytes gzipped |');
  console.log('|---|---:|---:|');
  console.log(row(`the delta it would be (${changed.length} persons, ${removed.length.toLocaleString('en')} removals)`, wouldBe));
  console.log(row(`sent: the whole list (${sent.persons.length} persons)`, JSON.stringify(sent)));
  await app.close();
} finally {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
}
