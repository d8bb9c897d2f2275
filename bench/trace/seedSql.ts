/** The trace benchmark's seeding statement: one day's outings turned into entries by one INSERT … SELECT, the same arithmetic on SQLite (a recursive CTE) and PostgreSQL (generate_series). */
import type { Dialect } from '../../src/server/storage/schema.ts';
import { ANONYMOUS, DAY0_MS, DAY_MS, GIVEN, hashSql, MISS_EXIT, MISS_HOME, PERSON_ID_PARTS, SURNAMES, WORKER_SHARE, type Layout } from './shape.ts';

/** Where the two databases' SQL differs: the row source, zero-padding, ISO time and JSON. */
interface Words {
  outings(lo: number, hi: number): string;
  pad(x: string, width: number): string;
  iso(ms: string): string;
  text(x: string): string;
  json(x: string): string;
  /** substr's position: PostgreSQL has no substr taking a bigint. */
  int(x: string): string;
}

const WORDS: Record<Dialect, Words> = {
  sqlite: {
    outings: (lo, hi) => `RECURSIVE n(o) AS (SELECT ${lo} UNION ALL SELECT o + 1 FROM n WHERE o + 1 < ${hi})`,
    pad: (x, width) => `printf('%0${width}d', ${x})`,
    iso: (ms) => `strftime('%Y-%m-%dT%H:%M:%S.000Z', (${ms}) / 1000, 'unixepoch')`,
    text: (x) => `(${x})`,
    json: (x) => x,
    int: (x) => `(${x})`,
  },
  postgres: {
    outings: (lo, hi) => `n(o) AS (SELECT generate_series(${lo}::int8, ${hi - 1}::int8))`,
    pad: (x, width) => `lpad((${x})::text, ${width}, '0')`,
    iso: (ms) => `to_char(to_timestamp((${ms}) / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`,
    text: (x) => `(${x})::text`,
    json: (x) => `(${x})::jsonb`,
    int: (x) => `(${x})::int4`,
  },
};

/**
 * Hashes, commitments and salts are filler of their real length (tracing reads none of them): constants, since
 * formatting four of them per row was a large share of PostgreSQL's seeding. received_at: the day's end, as a tablet
 * that syncs at night would have it.
 */
const FILLER = { prevHash: '7'.repeat(64), hash: 'a'.repeat(64), commit: 'c'.repeat(64), salt: '5'.repeat(32) };

/** The columns the seed fills: every column of EntryTable (schema.ts), as migrations 001 and 002 made them. */
const COLUMNS = ['checkpoint_id', 'device_id', 'seq', 'id', 'at', 'at_ms', 'direction', 'source', 'person_id', 'name', 'colour', 'temperature', 'verdict',
  'reasons', 'operator', 'prev_hash', 'hash', 'received_at', 'chain_version', 'person_commit', 'person_salt'];

/**
 * Outings [lo, hi) of local day `day` as entries. Each level is MATERIALIZED: SQLite would otherwise flatten it and
 * compute every hash again for each of an outing's six slots. Slot k of an outing: 0 home out, 1 first visit in,
 * 2 its exit, 3 second visit in, 4 its exit, 5 home in; a slot that did not happen is left out. One tablet per gate
 * (dev-<gate>); seq is unique per tablet (the outing and slot), not gapless, which tracing never reads.
 */
export function daySql(dialect: Dialect, layout: Layout, day: number, lo: number, hi: number): string {
  const w = WORDS[dialect];
  const { blocks: B, workers, scale } = layout;
  const digits = PERSON_ID_PARTS.map(([div, mod, offset]) => w.text(`(p / ${div}) % ${mod} + ${offset}`)).join(' || ');
  const given2 = `CASE WHEN (p / 400) % 3 = 0 THEN '' ELSE substr('${GIVEN}', ${w.int('1 + (p / 1200) % 20')}, 1) END`;
  const nameSql = `substr('${SURNAMES}', ${w.int('1 + p % 20')}, 1) || substr('${GIVEN}', ${w.int('1 + (p / 20) % 20')}, 1) || ${given2}`;
  const slotOf = (values: string[]) => `CASE k ${values.map((v, k) => `WHEN ${k} THEN ${v}`).join(' ')} END`;
  return `WITH ${w.outings(lo, hi)},
h AS MATERIALIZED (SELECT o, ${hashSql('o', 'h1')} AS h1, ${hashSql('o', 'h2')} AS h2, ${hashSql('o', 'h3')} AS h3, ${hashSql('o', 'h4')} AS h4, ${hashSql('o', 'h5')} AS h5 FROM n),
t AS MATERIALIZED (
  SELECT o, CASE WHEN h1 % 100 < ${WORKER_SHARE} THEN h2 % ${workers} ELSE h2 % ${scale.persons} END AS p,
    (h1 / 100) % 2 AS two, 25200 + (h1 / 200) % 36000 AS s0, (h1 / 7200000) % 100 AS m5,
    h3 % 5 - 2 AS off1, (h3 / 5) % 3 AS r1, (h3 / 15) % 5 - 2 AS off2, (h3 / 75) % 3 AS r2, (h3 / 225) % 64 AS gates, (h3 / 14400) % 100 AS m2,
    300 + h4 % 1500 AS w1, 900 + (h4 / 1500) % 6300 AS st1, (h4 / 9450000) % 100 AS m4,
    300 + h5 % 1500 AS w2, 900 + (h5 / 1500) % 6300 AS st2, 300 + ((h5 / 9450000) % 200) * 7 AS w3
  FROM h),
u AS MATERIALIZED (SELECT t.*, ${hashSql('p', 'home')} AS hp FROM t),
v AS MATERIALIZED (
  SELECT o, p, two, gates, m2, m4, m5, r1, r2, 6 * (hp % ${B}) + (hp / ${B}) % 3 AS home,
    6 * ((hp % ${B} + off1 + ${B}) % ${B}) + 3 + r1 AS j1, 6 * ((hp % ${B} + off2 + ${B}) % ${B}) + 3 + r2 AS j2,
    s0 AS t0, s0 + w1 AS t1, s0 + w1 + CASE r1 WHEN 2 THEN 60 ELSE st1 END AS t2,
    s0 + w1 + CASE r1 WHEN 2 THEN 60 ELSE st1 END + w2 AS t3,
    s0 + w1 + CASE r1 WHEN 2 THEN 60 ELSE st1 END + w2 + CASE r2 WHEN 2 THEN 60 ELSE st2 END AS t4, w3
  FROM u),
slots(k) AS (VALUES (0), (1), (2), (3), (4), (5)),
x AS MATERIALIZED (
  SELECT o, k, p, o * 8 + k AS e,
    2 * ${slotOf(['home', 'j1', 'j1', 'j2', 'j2', 'home'])} + 1 + ((gates >> k) & 1) AS gate,
    ${DAY0_MS + day * DAY_MS} + 1000 * ${slotOf(['t0', 't1', 't2', 't3', 't4', `CASE two WHEN 1 THEN t4 ELSE t2 END + w3`])} AS ms,
    ${hashSql('o * 8 + k', 'h6')} AS h6
  FROM v CROSS JOIN slots
  WHERE k IN (0, 1) OR (k = 2 AND r1 <> 2 AND m2 >= ${MISS_EXIT}) OR (k = 3 AND two = 1) OR (k = 4 AND two = 1 AND r2 <> 2 AND m4 >= ${MISS_EXIT})
    OR (k = 5 AND m5 >= ${MISS_HOME}))
INSERT INTO entries (${COLUMNS.join(', ')})
SELECT 'cp-' || ${w.text('gate')}, 'dev-' || ${w.text('gate')}, e + 1,
  '00000000-0000-4000-8000-' || ${w.pad('e', 12)},
  ${w.iso('ms')}, ms, CASE WHEN k IN (0, 2, 4) THEN 'out' ELSE 'in' END,
  CASE WHEN h6 % 100 < ${ANONYMOUS} THEN 'unknown' ELSE 'KDR1' END,
  CASE WHEN h6 % 100 < ${ANONYMOUS} THEN NULL ELSE '41120' || ${digits} END,
  CASE WHEN h6 % 100 < ${ANONYMOUS} THEN NULL ELSE ${nameSql} END,
  CASE WHEN (h6 / 100) % 1000 < 980 THEN 'green' WHEN (h6 / 100) % 1000 < 995 THEN 'yellow' ELSE 'red' END,
  36.0 + ((h6 / 100000) % 12) / 10.0,
  CASE WHEN (h6 / 100) % 1000 < 950 THEN 'pass' WHEN (h6 / 100) % 1000 < 980 THEN 'check' ELSE 'stop' END,
  ${w.json(`CASE WHEN (h6 / 100) % 1000 < 950 THEN '[]' WHEN (h6 / 100) % 1000 < 980 THEN '["code-unknown"]' WHEN (h6 / 100) % 1000 < 995 THEN '["colour-yellow"]' ELSE '["colour-red"]' END`)},
  NULL, '${FILLER.prevHash}', '${FILLER.hash}', '${new Date(DAY0_MS + (day + 1) * DAY_MS).toISOString()}', 2, '${FILLER.commit}',
  CASE WHEN h6 % 100 < ${ANONYMOUS} THEN NULL ELSE '${FILLER.salt}' END
FROM x`;
}
