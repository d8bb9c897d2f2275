/** Issue #16: the server's retention, on each database: old entries and check-ins gone, recent ones and the roll-ups intact, re-sends still judged exactly, an idle tablet still linking. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import type { Entry } from '../../src/core/entry.ts';
import { colourToday } from '../../src/server/issuer/healthCodes.ts';
import { scheduleRetention } from '../../src/server/operator/retentionSchedule.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../../src/server/settings.ts';
import type { RetentionRun } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, harness, push, type Harness, type Tablet } from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-30T04:00:00.000Z');
const ZONE = DEFAULT_HEALTH_CODE_SETTINGS.timeZone;
const ago = (days: number, minutes = 0): string => new Date(NOW.getTime() - days * DAY + minutes * 60_000).toISOString();
const HOURS = { from: Math.floor((NOW.getTime() - 60 * DAY) / 3_600_000), to: Math.floor(NOW.getTime() / 3_600_000) + 1 };

/** The next entries of a tablet's chain at these times (ISO instants). */
const at = (tablet: Tablet, times: readonly string[], prev: Entry | null = null): Entry[] => sealedChain(tablet, times.map((t) => ({ at: t })), prev);

/** An entry at the seq of `original` (and linked as it is) that is another entry: a copy's, or a forgery. */
const other = (tablet: Tablet, original: Entry, prev: Entry | null): Entry => sealedChain(tablet, [{ at: original.at, name: '李四' }], prev)[0]!;

const statuses = (results: ReadonlyArray<{ status: string; reason?: string }>): string[] => results.map((r) => (r.status === 'refused' ? `refused ${r.reason}` : r.status));

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('server retention', kind), () => {
    let h: Harness;
    let gate: Tablet;
    let idle: Tablet;
    let gateLog: Entry[];
    let idleLog: Entry[];
    let figuresBefore: unknown;
    let run: RetentionRun;
    const today = calendarDay(NOW, ZONE);
    const issuer = () => ({ storage: h.storage, dataDir: h.dataDir, settings: DEFAULT_HEALTH_CODE_SETTINGS });
    /** Check-in patterns, by days before today (negative: none that day); each person's colour must not change with retention. */
    const residents: Record<string, { name: string; days: ReadonlyArray<[number, 'clean' | 'fever' | 'symptoms']> }> = {
      // Red from a fever 35 days ago, two clean days, then silent: red, and three clean days from red to green.
      'p-red': { name: '王五', days: [[35, 'fever'], [34, 'clean'], [33, 'clean']] },
      // Every day for 40 days: green.
      'p-green': { name: '赵六', days: Array.from({ length: 41 }, (_, i) => [40 - i, 'clean'] as [number, 'clean']) },
      // A fever just before the cutoff, clean days across it, silent for the last two: a state carried over the cutoff.
      'p-across': { name: '钱七', days: [[30, 'fever'], [29, 'clean'], [28, 'clean'], [27, 'clean'], [26, 'symptoms'], [2, 'clean']] },
    };
    const colours = async (): Promise<Record<string, unknown>> => Object.fromEntries(await Promise.all(Object.entries(residents).map(
      async ([id, { name }]) => [id, await colourToday(issuer(), { id, name }, NOW)] as const,
    )));
    let coloursBefore: Record<string, unknown>;

    beforeAll(async () => {
      h = await harness({ database: kind, now: () => NOW });
      gate = await enrol(h);
      idle = await enrol(h);
      // Five entries 40 days old, three of yesterday.
      gateLog = at(gate, [ago(40), ago(40, 1), ago(40, 2), ago(29, 0), ago(28, 1), ago(1), ago(1, 1), ago(1, 2)]);
      expect(statuses((await push(h, gate, gateLog)).body.results)).toEqual(Array(8).fill('stored'));
      // A tablet last used 35 days ago.
      idleLog = at(idle, [ago(35), ago(35, 1), ago(35, 2)]);
      expect(statuses((await push(h, idle, idleLog)).body.results)).toEqual(Array(3).fill('stored'));
      for (const [personId, { name, days }] of Object.entries(residents)) {
        for (const [back, how] of days) {
          const stored = await h.storage.recordCheckIn({
            personId, name, day: addDays(today, -back), temperature: how === 'fever' ? 38.5 : 36.5, isolated: false, symptoms: how === 'symptoms', at: ago(back),
          });
          expect(stored.ok).toBe(true);
        }
      }
      figuresBefore = await h.storage.figuresByCheckpoint([h.checkpointId], HOURS);
      coloursBefore = await colours();
      expect(await h.storage.retainedSince()).toBeNull();
      run = await h.storage.applyRetention(NOW, ZONE);
    });
    afterAll(() => h.close());

    it('keeps 28 days by default and deletes the entries older than that, and only those', async () => {
      expect((await h.storage.serverRetention()).days).toBe(28);
      expect(run).toMatchObject({ entries: 4 + 3, stopped: false, cutoff: ago(28) });
      const left: Entry[] = [];
      for await (const e of h.storage.exportEntries({})) left.push(e);
      // ago(28, 1) is a minute younger than the cutoff: kept.
      expect(left.map((e) => `${e.deviceId === gate.deviceId ? 'gate' : 'idle'} ${e.seq}`)).toEqual(['gate 5', 'gate 6', 'gate 7', 'gate 8']);
      expect(await h.storage.countEntries()).toBe(4);
    });

    it('says since when entries may be missing, and when it last ran', async () => {
      expect(await h.storage.retainedSince()).toBe(ago(28));
      expect(await h.storage.serverRetention()).toEqual({ days: 28, retainedSince: ago(28), ranAt: NOW.toISOString() });
    });

    it('keeps the roll-ups: the figures of the deleted days are what they were', async () => {
      expect(await h.storage.figuresByCheckpoint([h.checkpointId], HOURS)).toEqual(figuresBefore);
    });

    it('still tells duplicates and conflicts of a re-sent recent batch', async () => {
      expect(statuses((await push(h, gate, gateLog.slice(4))).body.results)).toEqual(Array(4).fill('duplicate'));
      const copy = other(gate, gateLog[6]!, gateLog[5]!);
      expect(statuses((await push(h, gate, [copy])).body.results)).toEqual(['refused entry-conflict']);
      expect(await h.storage.countEntries()).toBe(4);
    });

    it('acknowledges re-sent deleted entries as duplicates without storing or counting them again', async () => {
      expect(statuses((await push(h, gate, gateLog.slice(0, 4))).body.results)).toEqual(Array(4).fill('duplicate'));
      expect(statuses((await push(h, idle, idleLog)).body.results)).toEqual(Array(3).fill('duplicate'));
      expect(await h.storage.countEntries()).toBe(4);
      expect(await h.storage.figuresByCheckpoint([h.checkpointId], HOURS)).toEqual(figuresBefore);
      // The newest deleted link is known by its hash: another entry there is still a conflict.
      expect(statuses((await push(h, idle, [other(idle, idleLog[2]!, idleLog[1]!)])).body.results)).toEqual(['refused entry-conflict']);
    });

    it('links the next push of a tablet idle past the retention to its deleted last entry', async () => {
      const [next] = at(idle, [ago(0, -5)], idleLog[2]!);
      // An entry that does not link to the deleted one is refused, as if that one were stored.
      const forged = sealedChain(idle, [{ at: ago(0, -5) }], { ...idleLog[2]!, hash: 'f'.repeat(64) })[0]!;
      expect(forged.seq).toBe(4);
      expect(statuses((await push(h, idle, [forged])).body.results)).toEqual(['refused entry-link']);
      expect(statuses((await push(h, idle, [next!])).body.results)).toEqual(['stored']);
      // What retention deleted is not missing: the report shows no gap below the tablet's first entry kept.
      const [report] = await h.storage.listDevices({ deviceId: idle.deviceId });
      expect(report).toMatchObject({ entries: 1, highestSeq: 4, missing: 0, gaps: [] });
      const [gateReport] = await h.storage.listDevices({ deviceId: gate.deviceId });
      expect(gateReport).toMatchObject({ entries: 4, highestSeq: 8, missing: 0, gaps: [] });
    });

    it('still reports a gap above what retention deleted', async () => {
      const later = at(idle, [ago(0, -4), ago(0, -3)], (await idleChainHead())!);
      expect(statuses((await push(h, idle, [later[1]!])).body.results)).toEqual(['stored']);
      const [report] = await h.storage.listDevices({ deviceId: idle.deviceId });
      expect(report).toMatchObject({ highestSeq: 6, missing: 1, gaps: [{ first: 5, last: 5 }] });
    });

    /** The idle tablet's newest stored entry. */
    async function idleChainHead(): Promise<Entry | undefined> {
      const mine: Entry[] = [];
      for await (const e of h.storage.exportEntries({})) if (e.deviceId === idle.deviceId) mine.push(e);
      return mine.at(-1);
    }

    it('deletes check-ins of the days before the cutoff, and carries each colour past them', async () => {
      const cutoffDay = calendarDay(new Date(ago(28)), ZONE);
      expect(run.cutoffDay).toBe(cutoffDay);
      for (const [personId, { days }] of Object.entries(residents)) {
        const kept = (await h.storage.listCheckIns(personId)).map((c) => c.day);
        expect(kept, personId).toEqual(days.map(([back]) => addDays(today, -back)).filter((d) => d >= cutoffDay));
      }
      expect(run.checkIns).toBe(3 + (41 - 29) + 2);
      expect(await colours()).toEqual(coloursBefore);
      expect(coloursBefore).toMatchObject({ 'p-red': { value: { colour: 'red' } }, 'p-green': { value: { colour: 'green' } } });
      // The next check-in of a red code is the first of three, not a fresh start.
      await h.storage.recordCheckIn({ personId: 'p-red', name: '王五', day: today, temperature: 36.5, isolated: false, symptoms: false, at: NOW.toISOString() });
      expect(await colourToday(issuer(), { id: 'p-red', name: '王五' }, NOW)).toMatchObject({ ok: true, value: { colour: 'red', state: 'red-1' } });
    });

    it('keeps the name a person checked in with after their check-ins are deleted: the one a phone must register them under (issue #18)', async () => {
      expect(await h.storage.listCheckIns('p-gone')).toEqual([]);
      await h.storage.recordCheckIn({ personId: 'p-gone', name: '孙八', day: addDays(today, -40), temperature: 36.5, isolated: false, symptoms: false, at: ago(40) });
      await h.storage.applyRetention(NOW, ZONE);
      expect(await h.storage.listCheckIns('p-gone')).toEqual([]);
      expect(await h.storage.checkInsCarried('p-gone')).toMatchObject({ name: '孙八' });
      // The colour carried past the deleted days; whose name the code carries is the binding's, not the check-ins'.
      expect(await colourToday(issuer(), { id: 'p-gone', name: '孙八' }, NOW)).toMatchObject({ ok: true, value: { colour: 'red' } });
    });

    it('deletes by batches until nothing older is left, and a longer retention brings nothing back', async () => {
      const busy = await enrol(h);
      const log = at(busy, Array.from({ length: 1200 }, (_, i) => ago(50, i)));
      for (let i = 0; i < log.length; i += 400) {
        expect(new Set(statuses((await push(h, busy, log.slice(i, i + 400))).body.results))).toEqual(new Set(['stored']));
      }
      await h.storage.setServerRetentionDays(60);
      expect(await h.storage.applyRetention(NOW, ZONE)).toMatchObject({ entries: 0, cutoff: ago(60) });
      // The mark stays where entries were deleted: a longer retention does not make them exist again.
      expect(await h.storage.retainedSince()).toBe(ago(28));
      await h.storage.setServerRetentionDays(28);
      expect(await h.storage.applyRetention(NOW, ZONE)).toMatchObject({ entries: 1200 });
      const [report] = await h.storage.listDevices({ deviceId: busy.deviceId });
      expect(report).toMatchObject({ entries: 0, highestSeq: null, missing: 0 });
      const [next] = at(busy, [ago(0, -1)], log.at(-1)!);
      expect(statuses((await push(h, busy, [next!])).body.results)).toEqual(['stored']);
    });

    it('stops between two batches when asked, with what it did so far kept', async () => {
      const stopped = await h.storage.applyRetention(NOW, ZONE, AbortSignal.abort());
      expect(stopped).toMatchObject({ stopped: true, entries: 0 });
      expect((await h.storage.serverRetention()).ranAt).toBe(NOW.toISOString());
    });

    it('refuses a retention out of range', async () => {
      await expect(h.storage.setServerRetentionDays(0)).rejects.toThrow(RangeError);
      await expect(h.storage.setServerRetentionDays(2.5)).rejects.toThrow(RangeError);
    });
  });
}

describe('the server runs retention at start and then by the hour', () => {
  it('runs once at start, logs what it deleted, and stops on close', async () => {
    const h = await harness({ now: () => NOW });
    try {
      const tablet = await enrol(h);
      expect(statuses((await push(h, tablet, at(tablet, [ago(30), ago(1)]))).body.results)).toEqual(['stored', 'stored']);
      const lines: unknown[] = [];
      const log = { info: (line: unknown) => lines.push(line), debug: () => undefined, error: (line: unknown) => lines.push(line) };
      const ran = new Promise<RetentionRun>((resolve) => {
        const schedule = scheduleRetention(h.storage, log, { timeZone: ZONE, now: () => NOW, onRun: (r) => { resolve(r); void schedule.stop(); } });
      });
      expect(await ran).toMatchObject({ entries: 1, stopped: false });
      expect(lines).toEqual([expect.objectContaining({ entries: 1, checkIns: 0 })]);
      expect(await h.storage.countEntries()).toBe(1);
    } finally {
      await h.close();
    }
  });
});
