/** The figures benchmark's city on SQLite: Sanmenxia's shape (4,136 checkpoints over five levels), ~20 million entries over 30 local days in a day-and-night shape, and their roll-ups, all by bulk SQL. */
import Database from 'better-sqlite3';
import type { CityChanges } from '../../src/server/storage/cityTypes.ts';

export interface Shape {
  districts: number;
  streets: number;
  communities: number;
  grids: number;
  checkpoints: number;
  /** Local days, the last one "today". */
  days: number;
  /** Entries per checkpoint per day, on average (each checkpoint gets 62–138 % of it, each day 80–120 % of that). */
  perDay: number;
}

/** 4,136 × 30 × 162 ≈ 20.1 million entries. */
export const CITY: Shape = { districts: 6, streets: 6, communities: 10, grids: 4, checkpoints: 4136, days: 30, perDay: 162 };

/**
 * How a gate's day goes, by local hour (relative weights): quiet at night, the morning rush to work and market, a
 * lunchtime bump, the evening rush home. Shaped after the by-hour figures a lead's tablet shows.
 */
const HOURLY = [0.3, 0.15, 0.1, 0.1, 0.2, 0.8, 3, 6.5, 7, 4.5, 3.5, 4, 4.5, 3.5, 3, 3.2, 4, 6, 7, 5, 3.5, 2.5, 1.5, 0.7];

/** The city as an import would make it: ids a-<district>-<street>-…, places of two gates each, as bench/city's file. */
export function cityChanges(shape: Shape): { changes: CityChanges; districts: string[] } {
  const changes: CityChanges = { newAreas: [], renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [] };
  const area = (id: string, parentId: string | null, level: string, name: string) => changes.newAreas.push({ id, parentId, level, name, code: null });
  area('a', null, 'city', '三门峡市');
  const grids: string[] = [];
  const districts: string[] = [];
  for (let d = 1; d <= shape.districts; d++) {
    const dId = `a-${d}`;
    districts.push(dId);
    area(dId, 'a', 'district', `第${d}区`);
    for (let s = 1; s <= shape.streets; s++) {
      const sId = `${dId}-${s}`;
      area(sId, dId, 'street', `第${d}区第${s}街道`);
      for (let c = 1; c <= shape.communities; c++) {
        const cId = `${sId}-${c}`;
        area(cId, sId, 'community', `第${d}区${s}街${c}社区`);
        for (let g = 1; g <= shape.grids; g++) {
          area(`${cId}-${g}`, cId, 'grid', `第${g}网格`);
          grids.push(`${cId}-${g}`);
        }
      }
    }
  }
  for (let i = 0; i < shape.checkpoints; i++) {
    const place = Math.floor(i / 2);
    if (i % 2 === 0) changes.newPlaces.push({ id: `p-${place + 1}`, areaId: grids[place % grids.length] ?? 'a', name: `场所${place + 1}`, kind: 'compound', capacity: null, code: null });
    changes.newCheckpoints.push({ id: `cp-${i + 1}`, placeId: `p-${place + 1}`, name: i % 2 === 0 ? '东门' : '西门', code: null, capacity: null });
  }
  return { changes, districts };
}

/**
 * The minute of the local day of each of a day's possible entry slots, drawn from HOURLY by a golden-ratio sequence:
 * any first n of them are spread over the day in its shape, so a quieter checkpoint (fewer slots) has the same shape.
 */
function daySlots(count: number): number[] {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  const slots: number[] = [];
  for (let k = 0; k < count; k++) {
    let u = (((k + 1) * 0.6180339887498949) % 1) * total;
    let hour = 0;
    while (hour < 23 && u >= (HOURLY[hour] ?? 0)) u -= HOURLY[hour++] ?? 0;
    slots.push(hour * 60 + Math.min(59, Math.floor((u / (HOURLY[hour] ?? 1)) * 60)));
  }
  return slots;
}

/**
 * Every checkpoint's entries, one tablet each, seq in time order (so both of the log's indexes grow at their ends),
 * then its roll-ups from them as migration 006 makes them, and its tablet, last seen up to 90 minutes before `nowMs`.
 * `day0Ms`: the first local midnight. Verdicts, colours and
 * directions are spread by a hash of the seq: 3 % stopped, 4 % checked, 0.2 % key persons, 85 % green, 6 % yellow,
 * 1 % red; more in than out before noon.
 */
export function seedEntries(file: string, shape: Shape, day0Ms: number, nowMs: number, log: (line: string) => void): number {
  const db = new Database(file);
  try {
    // Seeding only: nothing here is the measured path, and a crash means seeding again.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -400000');
    const maxSlots = Math.ceil(shape.perDay * 1.38 * 1.2) + 1;
    db.exec('CREATE TEMP TABLE day_slots (k INTEGER PRIMARY KEY, minute INTEGER NOT NULL); CREATE TEMP TABLE days (d INTEGER PRIMARY KEY)');
    const slot = db.prepare('INSERT INTO day_slots VALUES (?, ?)');
    daySlots(maxSlots).forEach((minute, k) => slot.run(k, minute));
    for (let d = 0; d < shape.days; d++) db.prepare('INSERT INTO days VALUES (?)').run(d);
    const insert = db.prepare(`
      INSERT INTO entries (checkpoint_id, device_id, seq, id, at, at_ms, direction, source, person_id, name, colour, temperature, verdict,
        reasons, operator, prev_hash, hash, received_at, chain_version, person_commit, person_salt)
      SELECT :cp, :device, n, printf('00000000-0000-4000-8000-%012d', :i * 100000 + n),
        strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch'), ms,
        CASE WHEN r % 10 < (CASE WHEN minute < 720 THEN 6 ELSE 4 END) THEN 'in' ELSE 'out' END, 'KDR1', '11010519491231002X', '张三',
        CASE WHEN c < 85 THEN 'green' WHEN c < 91 THEN 'yellow' WHEN c < 92 THEN 'red' END, 36.5,
        CASE WHEN r < 30 THEN 'stop' WHEN r < 70 THEN 'check' ELSE 'pass' END,
        CASE WHEN r < 2 THEN '["key-person","kp-other"]' WHEN r < 30 THEN '["fever"]' WHEN r < 70 THEN '["code-unknown"]' ELSE '[]' END,
        NULL, printf('%064d', n - 1), printf('%064d', n), strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0 + 30, 'unixepoch'), 2,
        printf('%064d', n * 7), printf('%032d', n * 13)
      FROM (
        SELECT row_number() OVER (ORDER BY ms) AS n, ms, minute, (x * 7919 + :i * 104729) % 1000 AS r, (x * 31 + :i) % 100 AS c FROM (
          SELECT :day0 + d * 86400000 + s.minute * 60000 + (s.k * 7919) % 60000 AS ms, s.minute, d * 1000 + s.k AS x
          FROM days JOIN day_slots s ON s.k < :base * (80 + (d * 7 + :i) % 41) / 100
        )
      ) ORDER BY n`);
    const rollup = db.prepare(`
      INSERT INTO entry_hours (checkpoint_id, hour, entries_in, entries_out, passed, stopped, checked, key_person, green, yellow, red, other_colour, passed_in, passed_out)
      SELECT checkpoint_id, at_ms / 3600000, sum(CASE WHEN direction = 'in' THEN 1 ELSE 0 END), sum(CASE WHEN direction = 'out' THEN 1 ELSE 0 END), sum(CASE WHEN verdict = 'pass' THEN 1 ELSE 0 END), sum(CASE WHEN verdict = 'stop' THEN 1 ELSE 0 END), sum(CASE WHEN verdict = 'check' THEN 1 ELSE 0 END),
        sum(EXISTS (SELECT 1 FROM json_each(reasons) WHERE value = 'key-person')), sum(CASE WHEN colour = 'green' THEN 1 ELSE 0 END), sum(CASE WHEN colour = 'yellow' THEN 1 ELSE 0 END), sum(CASE WHEN colour = 'red' THEN 1 ELSE 0 END),
        sum(CASE WHEN colour IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN verdict = 'pass' AND direction = 'in' THEN 1 ELSE 0 END), sum(CASE WHEN verdict = 'pass' AND direction = 'out' THEN 1 ELSE 0 END)
      FROM entries WHERE checkpoint_id = ? AND at_ms IS NOT NULL GROUP BY checkpoint_id, at_ms / 3600000`);
    const device = db.prepare("INSERT INTO devices (id, checkpoint_id, token_hash, label, enrolled_at, revoked_at, last_seen_at, waiting) VALUES (?, ?, ?, NULL, '2026-10-31T00:00:00.000Z', NULL, ?, 0)");
    let total = 0;
    const started = performance.now();
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const cp = `cp-${i + 1}`;
        // 62–138 % of the average, by checkpoint: a market gate is busier than a back gate.
        const base = Math.round(shape.perDay * (0.62 + ((i * 37) % 77) / 100));
        total += Number(insert.run({ cp, device: `dev-${i + 1}`, i, day0: day0Ms, base }).changes);
        rollup.run(cp);
        device.run(`dev-${i + 1}`, cp, `token-${i + 1}`, new Date(nowMs - ((i * 7) % 90) * 60_000).toISOString());
      }
    });
    for (let i = 0; i < shape.checkpoints; i += 100) {
      chunk(i, Math.min(shape.checkpoints, i + 100));
      if (i % 1000 === 0) log(`  seeded ${i + 100} checkpoints, ${total.toLocaleString('en')} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    db.exec('ANALYZE');
    return total;
  } finally {
    db.close();
  }
}
