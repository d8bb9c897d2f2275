/** The figures benchmark's other sides: the same storage with its area reads answered by summing each checkpoint's roll-up (entry_hours, as before area_hours), or by summing the raw log. */
import type Database from 'better-sqlite3';
import { OUTCOME_COLUMNS } from '../../src/server/storage/entryHours.ts';
import { addSums, emptySums, type HourRange, type RollupSums } from '../../src/server/storage/figures.ts';
import type { Storage } from '../../src/server/storage/storage.ts';

type CheckpointReads = Pick<Storage, 'figuresByCheckpoint' | 'figuresByHour' | 'scansByCheckpointHour'>;
type AreaReads = Pick<Storage, 'figuresByArea' | 'figuresByHourOfAreas' | 'scansByAreaHour'>;

/**
 * The area reads as the routes did them before area_hours: one read of all the checkpoints under the areas, summed
 * per area here. `under`, each area's checkpoints, is listed once before measuring, as the route had its lists anyway.
 */
export function areasFromCheckpoints(reads: CheckpointReads, under: ReadonlyMap<string, readonly string[]>): AreaReads {
  const all = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => under.get(id) ?? []))];
  return {
    async figuresByArea(ids, hours) {
      const sums = await reads.figuresByCheckpoint(all(ids), hours);
      const out = new Map<string, RollupSums>();
      for (const id of ids) {
        for (const cp of under.get(id) ?? []) {
          const s = sums.get(cp);
          if (s) out.set(id, addSums(out.get(id) ?? emptySums(), s));
        }
      }
      return out;
    },
    figuresByHourOfAreas: (ids, hours) => reads.figuresByHour(all(ids), hours),
    async scansByAreaHour(ids, hours) {
      const cells = await reads.scansByCheckpointHour(all(ids), hours);
      const out = new Map<string, { areaId: string; hour: number; scans: number }>();
      for (const id of ids) {
        const mine = new Set(under.get(id) ?? []);
        for (const c of cells) {
          if (!mine.has(c.checkpointId)) continue;
          const cell = out.get(`${id}\u0000${c.hour}`) ?? { areaId: id, hour: c.hour, scans: 0 };
          cell.scans += c.scans;
          out.set(`${id}\u0000${c.hour}`, cell);
        }
      }
      return [...out.values()];
    },
  };
}

/** The raw log's answer to the figure queries: what the routes computed before there were roll-ups, by the (checkpoint_id, at_ms) index. */
export function rawFigures(reader: Database.Database): CheckpointReads {
  const counters = `sum(CASE WHEN direction = 'in' THEN 1 ELSE 0 END) AS entries_in, sum(CASE WHEN direction = 'out' THEN 1 ELSE 0 END) AS entries_out, sum(CASE WHEN verdict = 'pass' THEN 1 ELSE 0 END) AS passed,
    sum(CASE WHEN verdict = 'stop' THEN 1 ELSE 0 END) AS stopped, sum(CASE WHEN verdict = 'check' THEN 1 ELSE 0 END) AS checked, sum(CASE WHEN instr(reasons, '"key-person"') > 0 THEN 1 ELSE 0 END) AS key_person,
    sum(CASE WHEN colour = 'green' THEN 1 ELSE 0 END) AS green, sum(CASE WHEN colour = 'yellow' THEN 1 ELSE 0 END) AS yellow, sum(CASE WHEN colour = 'red' THEN 1 ELSE 0 END) AS red, sum(CASE WHEN colour IS NULL THEN 1 ELSE 0 END) AS other_colour,
    sum(CASE WHEN verdict = 'pass' AND direction = 'in' THEN 1 ELSE 0 END) AS passed_in, sum(CASE WHEN verdict = 'pass' AND direction = 'out' THEN 1 ELSE 0 END) AS passed_out,
    ${OUTCOME_COLUMNS.map((c) => `sum(CASE WHEN outcome = '${c.slice('outcome_'.length).replace('_', '-')}' THEN 1 ELSE 0 END) AS ${c}`).join(', ')},
    sum(CASE WHEN vehicle_role = 'driver' THEN 1 ELSE 0 END) AS vehicles, sum(CASE WHEN vehicle_role IS NOT NULL THEN 1 ELSE 0 END) AS vehicle_people`;
  const where = 'checkpoint_id IN (SELECT value FROM json_each(?)) AND at_ms >= ? AND at_ms < ?';
  const byCheckpoint = reader.prepare(`SELECT checkpoint_id AS k, ${counters} FROM entries WHERE ${where} GROUP BY checkpoint_id`);
  const byHour = reader.prepare(`SELECT at_ms / 3600000 AS k, ${counters} FROM entries WHERE ${where} GROUP BY at_ms / 3600000`);
  const cells = reader.prepare(`SELECT checkpoint_id AS checkpointId, at_ms / 3600000 AS hour, count(*) AS scans FROM entries WHERE ${where} GROUP BY 1, 2`);
  const args = (ids: readonly string[], hours: HourRange) => [JSON.stringify(ids), hours.from * 3_600_000, hours.to * 3_600_000];
  const run = <K>(statement: Database.Statement, ids: readonly string[], hours: HourRange): Map<K, RollupSums> => {
    const rows = statement.all(...args(ids, hours)) as Array<RollupSums & { k: K }>;
    return new Map(rows.map(({ k, ...sums }) => [k, sums]));
  };
  return {
    figuresByCheckpoint: async (ids, hours) => run<string>(byCheckpoint, ids, hours),
    figuresByHour: async (ids, hours) => run<number>(byHour, ids, hours),
    scansByCheckpointHour: async (ids, hours) => cells.all(...args(ids, hours)) as Array<{ checkpointId: string; hour: number; scans: number }>,
  };
}

/** `storage` with some reads replaced: every other method, bound to it, as it is. */
export function withReads(storage: Storage, reads: Partial<CheckpointReads & AreaReads>): Storage {
  return new Proxy(storage, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in reads) return reads[key as keyof typeof reads];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
