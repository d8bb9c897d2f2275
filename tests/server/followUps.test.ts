/** Follow-ups (处置, issue #17) pushed on each database: stored with what they follow up, verifying, counted by outcome in the roll-ups and not as scans, exported; a malformed one refused by itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, verifyChain } from '../../src/core/chain.ts';
import type { Entry, Outcome } from '../../src/core/entry.ts';
import { outcomeVerdict } from '../../src/core/followUp.ts';
import { sealPerson } from '../../src/core/personSeal.ts';
import type { Config } from '../../src/core/wire.ts';
import { toFigures } from '../../src/server/console/figureRoutes.ts';
import { csvExport } from '../../src/server/operator/export.ts';
import { emptySums, type HourRange } from '../../src/server/storage/figures.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, entryFields, harness, push, sealAll, storedOf as stored, type Harness, type Tablet } from './helpers.ts';

const HOUR_MS = 3_600_000;
/** The day of entryFields' times (2026-11-23, 08:xx in Shanghai), and a day either side. */
const RANGE: HourRange = { from: Date.parse('2026-11-22T00:00:00Z') / HOUR_MS, to: Date.parse('2026-11-25T00:00:00Z') / HOUR_MS };

type Fields = Omit<Entry, 'hash' | 'prevHash'>;

/** A scan the gate stopped or sent to be checked. */
const scan = (tablet: Tablet, seq: number, verdict: 'stop' | 'check', colour: 'red' | 'yellow'): Fields =>
  ({ ...entryFields(tablet, seq), verdict, colour, reasons: [`colour-${colour}`] });

/** Its follow-up as the gate writes it: the scan's person, place, direction and colour again, the outcome's verdict, no reasons. */
const followUp = (of: Fields, seq: number, outcome: Outcome, note: string | null = null): Fields =>
  ({ ...of, id: entryFields({ deviceId: of.deviceId, checkpointId: of.checkpointId }, seq).id, seq, at: entryFields(of, seq).at,
    verdict: outcomeVerdict(outcome), reasons: [], followUp: { of: of.seq, outcome, note } });

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('follow-ups (处置)', kind), () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ database: kind });
    });
    afterAll(() => h.close());

    it('stores a stop then its 劝返 and a check then its 放行: verifying, counted by outcome, not as scans', async () => {
      const tablet = await enrol(h);
      const stop = scan(tablet, 1, 'stop', 'red');
      const check = scan(tablet, 3, 'check', 'yellow');
      const entries = sealAll([stop, followUp(stop, 2, 'turned-back'), check, followUp(check, 4, 'release')]);
      const sent = await push(h, tablet, entries);
      expect(sent.body.results.map((r) => r.status), JSON.stringify(sent.body)).toEqual(['stored', 'stored', 'stored', 'stored']);

      const kept = await stored(h, tablet.deviceId);
      expect(kept.map((e) => e.followUp)).toEqual([undefined, { of: 1, outcome: 'turned-back', note: null }, undefined, { of: 3, outcome: 'release', note: null }]);
      expect(kept.map((e) => e.hash)).toEqual(entries.map((e) => e.hash));
      expect(verifyChain(kept)).toEqual([]);

      const want = {
        ...emptySums(), entries_in: 2, passed: 1, passed_in: 1, stopped: 1, checked: 1, red: 1, yellow: 1, outcome_turned_back: 1, outcome_release: 1,
      };
      const byCheckpoint = await h.storage.figuresByCheckpoint([h.checkpointId], RANGE);
      expect(byCheckpoint.get(h.checkpointId)).toEqual(want);
      // The demo's community is an area of its own (migration 005): its row counts the same.
      const area = (await h.storage.listCheckpoints()).find((c) => c.id === h.checkpointId)?.communityId ?? '';
      expect((await h.storage.figuresByArea([area], RANGE)).get(area)).toEqual(want);
      expect(toFigures(want)).toMatchObject({ in: 2, out: 0, passed: 1, inside: 1, stopped: 1, checked: 1, outcomes: { release: 1, turnedBack: 1, hospital: 0, quarantine: 0, other: 0 } });

      // The stop alerted the console; its 劝返 is no second stop.
      const alerts = (await h.storage.listAlerts({ limit: 100 })).filter((a) => a.deviceId === tablet.deviceId);
      expect(alerts.map((a) => [a.seq, a.kind])).toEqual([[1, 'stop']]);

      // Sent again: duplicates, counted once.
      const again = await push(h, tablet, entries);
      expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect((await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId)).toEqual(want);
    });

    it('verifies a follow-up of a tablet that seals its persons (chain v2, the hash over the commitment)', async () => {
      const tablet = await enrol(h);
      const res = await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${tablet.token}` } });
      const { sealKey } = res.json<Config>();
      const stop = scan(tablet, 1, 'stop', 'red');
      const wire = [];
      let prev: Entry | null = null;
      for (const fields of [stop, followUp(stop, 2, 'quarantine', '转集中隔离点')]) {
        const { sealed, personCommit } = await sealPerson({ personId: fields.personId, name: fields.name }, sealKey);
        const entry: Entry = seal({ ...fields, personCommit }, prev);
        // On the wire the person travels only sealed.
        wire.push({ ...entry, personId: null, name: null, sealed });
        prev = entry;
      }
      const { body } = await push(h, tablet, wire);
      expect(body.results.map((r) => r.status), JSON.stringify(body)).toEqual(['stored', 'stored']);
      const kept = await stored(h, tablet.deviceId);
      expect(kept[1]).toMatchObject({ personId: stop.personId, followUp: { of: 1, outcome: 'quarantine', note: '转集中隔离点' } });
      expect(verifyChain(kept)).toEqual([]);
    });

    it('exports the outcome, its note and the entry it follows, in both languages', async () => {
      const tablet = await enrol(h);
      const stop = scan(tablet, 1, 'stop', 'red');
      const sent = await push(h, tablet, sealAll([stop, followUp(stop, 2, 'other', '送社区卫生服务中心')]));
      expect(sent.body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
      const table = async (language: 'zh' | 'en'): Promise<string[][]> => {
        let text = '';
        for await (const chunk of csvExport(h.storage, { checkpointId: h.checkpointId }, language, 'Asia/Shanghai')) text += chunk;
        return text.slice(1).split('\r\n').filter((l) => l !== '').map((l) => l.split(','));
      };
      const [en, ...enRows] = await table('en');
      const mine = enRows.filter((r) => r[en!.indexOf('device')] === tablet.deviceId);
      const cells = (row: string[] | undefined, header: readonly string[], names: readonly string[]) => names.map((n) => row?.[header.indexOf(n)]);
      const named = ['outcome', 'outcome_note', 'follows_seq', 'verdict'];
      expect(cells(mine[0], en!, named)).toEqual(['', '', '', 'stop']);
      expect(cells(mine[1], en!, named)).toEqual(['other', '送社区卫生服务中心', '1', 'stop']);
      const [zh, ...zhRows] = await table('zh');
      const zhMine = zhRows.filter((r) => r[zh!.indexOf('设备')] === tablet.deviceId);
      expect(cells(zhMine[1], zh!, ['处置', '处置说明', '原登记序号'])).toEqual(['其他', '送社区卫生服务中心', '1']);
      // The earlier tablet's 劝返 and 放行 in Chinese.
      expect(zhRows.map((r) => r[zh!.indexOf('处置')]).filter((c) => c !== '')).toEqual(expect.arrayContaining(['劝返', '放行', '其他']));
    });

    it('refuses a malformed follow-up with entry-schema and why, and stores the rest of the batch', async () => {
      const tablet = await enrol(h);
      const before = (await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId) ?? emptySums();
      const stop = scan(tablet, 1, 'stop', 'red');
      const entries = sealAll([
        stop,
        followUp(stop, 2, 'other'),
        { ...followUp(stop, 3, 'turned-back'), followUp: { of: 3, outcome: 'turned-back', note: null } },
        { ...followUp(stop, 4, 'release'), verdict: 'stop' },
        followUp(stop, 5, 'hospital'),
      ]);
      const { body } = await push(h, tablet, entries);
      expect(body.results.map((r) => r.status)).toEqual(['stored', 'refused', 'refused', 'refused', 'stored']);
      const refusals = body.results.filter((r) => r.status === 'refused');
      expect(refusals.map((r) => [r.seq, r.reason])).toEqual([[2, 'entry-schema'], [3, 'entry-schema'], [4, 'entry-schema']]);
      expect(refusals.map((r) => r.detail)).toEqual([
        expect.stringMatching(/other without a note/), expect.stringMatching(/follows entry 3, which is not before it/), expect.stringMatching(/verdict pass, not stop/),
      ]);
      expect((await stored(h, tablet.deviceId)).map((e) => [e.seq, e.followUp?.outcome ?? null])).toEqual([[1, null], [5, 'hospital']]);
      const after = (await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId);
      expect(after).toEqual({ ...before, entries_in: before.entries_in + 1, stopped: before.stopped + 1, red: before.red + 1, outcome_hospital: before.outcome_hospital + 1 });
    });
  });
}
