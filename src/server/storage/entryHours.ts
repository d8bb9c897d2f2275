/** The log's roll-up per checkpoint and UTC hour (`entry_hours`, migration 006; outcomes 014; vehicles 015; blue 026): what each column counts, stated once for the push's upkeep and the figures' reads. */
import type { Entry, Outcome } from '../../core/entry.ts';

export const HOUR_MS = 3_600_000;

/** The follow-ups' counters (处置, migration 014), one per outcome, in OUTCOMES order. */
export const OUTCOME_COLUMNS = ['outcome_release', 'outcome_turned_back', 'outcome_hospital', 'outcome_quarantine', 'outcome_other'] as const;

/**
 * The vehicles' counters (road checkpoints, migration 015): vehicles as their drivers' entries, one per passage (a
 * vehicle whose driver was not scanned goes uncounted), and every person scanned in one.
 */
export const VEHICLE_COLUMNS = ['vehicles', 'vehicle_people'] as const;

/** The counters, in the order of every statement and array below (blue last: a column added by migration 026). */
export const ROLLUP_COLUMNS = [
  'entries_in', 'entries_out', 'passed', 'stopped', 'checked', 'key_person', 'green', 'yellow', 'red', 'other_colour', 'passed_in', 'passed_out',
  ...OUTCOME_COLUMNS, ...VEHICLE_COLUMNS, 'blue',
] as const;
export type RollupColumn = (typeof ROLLUP_COLUMNS)[number];

type Counted = Pick<Entry, 'direction' | 'verdict' | 'reasons' | 'colour' | 'followUp' | 'vehicle'>;

/** A counter of scans: a follow-up is the same person again, already counted by the scan it follows. */
const scan = (test: (e: Counted) => boolean) => (e: Counted): boolean => e.followUp === undefined && test(e);
const outcome = (o: Outcome) => (e: Counted): boolean => e.followUp?.outcome === o;

/**
 * What one entry adds to each column: every scan by direction, by verdict, by colour (none seen: other; a pushed entry's colour is one of COLOURS, as the wire checks), a key-person
 * hit as the gate records it (the reason `key-person`, core/verdict.ts); passed entries by direction ("inside now"), a
 * follow-up's 放行 among them (its verdict is pass, core/followUp.ts); every follow-up under its outcome; drivers as
 * vehicles and everyone in a vehicle.
 */
const TESTS: Record<RollupColumn, (e: Counted) => boolean> = {
  entries_in: scan((e) => e.direction === 'in'), entries_out: scan((e) => e.direction === 'out'),
  passed: (e) => e.verdict === 'pass', stopped: scan((e) => e.verdict === 'stop'), checked: scan((e) => e.verdict === 'check'),
  key_person: scan((e) => e.reasons.includes('key-person')),
  green: scan((e) => e.colour === 'green'), yellow: scan((e) => e.colour === 'yellow'), red: scan((e) => e.colour === 'red'),
  blue: scan((e) => e.colour === 'blue'), other_colour: scan((e) => e.colour === null),
  passed_in: (e) => e.verdict === 'pass' && e.direction === 'in', passed_out: (e) => e.verdict === 'pass' && e.direction === 'out',
  outcome_release: outcome('release'), outcome_turned_back: outcome('turned-back'), outcome_hospital: outcome('hospital'),
  outcome_quarantine: outcome('quarantine'), outcome_other: outcome('other'),
  vehicles: (e) => e.vehicle?.role === 'driver', vehicle_people: (e) => e.vehicle !== undefined,
};

/** The scan tests in SQL: a row without follow_up_of is a scan. */
const scanSql = (test: string): string => `follow_up_of IS NULL AND (${test})`;

/** The same tests as SQL over a row of `entries` on PostgreSQL (`reasons` is jsonb there). */
const POSTGRES_TESTS: Record<RollupColumn, string> = {
  entries_in: scanSql("direction = 'in'"), entries_out: scanSql("direction = 'out'"),
  passed: "verdict = 'pass'", stopped: scanSql("verdict = 'stop'"), checked: scanSql("verdict = 'check'"),
  key_person: scanSql(`reasons @> '["key-person"]'::jsonb`),
  green: scanSql("colour = 'green'"), yellow: scanSql("colour = 'yellow'"), red: scanSql("colour = 'red'"),
  blue: scanSql("colour = 'blue'"), other_colour: scanSql('colour IS NULL'),
  passed_in: "verdict = 'pass' AND direction = 'in'", passed_out: "verdict = 'pass' AND direction = 'out'",
  outcome_release: "outcome = 'release'", outcome_turned_back: "outcome = 'turned-back'", outcome_hospital: "outcome = 'hospital'",
  outcome_quarantine: "outcome = 'quarantine'", outcome_other: "outcome = 'other'",
  vehicles: "vehicle_role = 'driver'", vehicle_people: 'vehicle_role IS NOT NULL',
};

/** An upsert's SET clause: each counter of `table`'s row plus the one being added (also area_hours's, areaHours.ts). */
export const addToCounters = (table: string): string => ROLLUP_COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');

/**
 * PostgreSQL: the roll-up of the rows a data-modifying CTE named `ins` inserted (it returns at_ms, direction, verdict,
 * colour, reasons, follow_up_of, outcome and vehicle_role): `g`, their counts per (checkpoint, hour), added to `entry_hours` by `r`
 * in the same statement (and to area_hours by areaHours.ts's CTE, which reads `g` too). An entry without at_ms (a leap second's "23:59:60",
 * which the push refuses anyway) has no hour and goes uncounted. Rows are upserted in key order, so two pushes
 * touching the same hours of one checkpoint wait for each other instead of deadlocking.
 */
export const POSTGRES_ROLLUP_CTE = `g AS (
  SELECT checkpoint_id, at_ms / ${HOUR_MS} AS hour, ${ROLLUP_COLUMNS.map((c) => `count(*) FILTER (WHERE ${POSTGRES_TESTS[c]}) AS ${c}`).join(', ')}
  FROM ins WHERE at_ms IS NOT NULL GROUP BY 1, 2
), r AS (
  INSERT INTO entry_hours (checkpoint_id, hour, ${ROLLUP_COLUMNS.join(', ')})
  SELECT checkpoint_id, hour, ${ROLLUP_COLUMNS.join(', ')} FROM g ORDER BY 1, 2
  ON CONFLICT (checkpoint_id, hour) DO UPDATE SET ${addToCounters('entry_hours')}
)`;

/** SQLite: one group's counts added to its row (made if missing); run once per (checkpoint, hour) of a batch. */
export const SQLITE_ROLLUP_UPSERT = `INSERT INTO entry_hours (checkpoint_id, hour, ${ROLLUP_COLUMNS.join(', ')})
VALUES (?, ?, ${ROLLUP_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (checkpoint_id, hour) DO UPDATE SET ${addToCounters('entry_hours')}`;

/** One row's worth of additions: the counts in ROLLUP_COLUMNS order. */
export interface RollupGroup {
  checkpointId: string;
  hour: number;
  counts: number[];
}

/** The epoch hour (UTC) of an instant in ms. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);

/**
 * The stored entries of a batch summed per (checkpoint, hour), for SQLITE_ROLLUP_UPSERT. `atMs` null: a leap second,
 * uncounted (see POSTGRES_ROLLUP_CTE).
 */
export function rollupGroups(stored: ReadonlyArray<{ entry: Counted & Pick<Entry, 'checkpointId'>; atMs: number | null }>): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const { entry, atMs } of stored) {
    if (atMs === null) continue;
    const hour = hourOf(atMs);
    const key = `${entry.checkpointId}\u0000${hour}`;
    let group = groups.get(key);
    if (!group) {
      group = { checkpointId: entry.checkpointId, hour, counts: ROLLUP_COLUMNS.map(() => 0) };
      groups.set(key, group);
    }
    const { counts } = group;
    ROLLUP_COLUMNS.forEach((c, i) => {
      if (TESTS[c](entry)) counts[i] = (counts[i] ?? 0) + 1;
    });
  }
  return [...groups.values()];
}
