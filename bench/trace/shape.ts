/** The trace benchmark's city and its people: who goes where and when, as integer hashes that the seeding SQL (seedSql.ts) and the sampling here compute alike. */
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import type { PlaceKind } from '../../src/core/city.ts';
import type { CityChanges } from '../../src/server/storage/cityTypes.ts';
import { CITY, cityChanges } from '../figures/seed.ts';

export interface Scale {
  entries: number;
  persons: number;
  days: number;
  checkpoints: number;
}

/** The scale: ≥ 20 million entries over 30 days for ~2 million persons, in Sanmenxia's 4,136 checkpoints. */
export const FULL: Scale = { entries: 20_000_000, persons: 2_000_000, days: 30, checkpoints: CITY.checkpoints };

/** Bumped whenever the seeded data changes shape: a kept database (--keep) of another shape is not reused. */
export const SHAPE_VERSION = 2;

/** The first local midnight (Asia/Shanghai), as bench/figures: the 30 days are 2026-11-01 to 11-30. */
export const DAY0_MS = Date.parse('2026-11-01T00:00:00+08:00');
export const TIME_ZONE = 'Asia/Shanghai';
export const DAY_MS = 86_400_000;

/**
 * Places come in blocks of six neighbours: three compounds (where people live; gates log in and out), a market and a
 * shop (in and out gates, so visits are stays), and a road checkpoint whose gates log entries only. Both gates of every
 * place are used, the exit often at the other gate.
 */
const BLOCK: readonly PlaceKind[] = ['compound', 'compound', 'compound', 'market', 'other', 'road'];
const KIND_NAME: Readonly<Record<string, string>> = { compound: '小区', market: '市场', other: '超市', road: '道路卡口' };

/**
 * An outing: a person leaves home (out at a compound gate), visits one place or two nearby (a road checkpoint only
 * passed: one entry), and comes home (in). 20 % of outings are by the 2 % of persons who work outside (deliverers,
 * community workers: about one outing a day), the rest by anyone; so at the full scale a person goes out 2–3 times in
 * 30 days, ~10 entries, a worker ~100. Exits are missed now and then (2 %), a return home 1 %, and 3 % of passages were
 * another system's code tapped by colour (no ID number).
 */
export const WORKER_SHARE = 20; // per cent of outings
export const WORKERS_PER = 50; // one person in 50 is a worker
export const MISS_EXIT = 2; // per cent
export const MISS_HOME = 1; // per cent
export const ANONYMOUS = 3; // per cent of passages

/** Expected entries of one outing under the rules above: home out, first visit in (and out unless a road or missed), half a second visit, home in. */
export function entriesPerOuting(): number {
  const visit = 1 + (2 / 3) * (1 - MISS_EXIT / 100);
  return 1 + visit + 0.5 * visit + (1 - MISS_HOME / 100);
}

/** What the scale becomes: places in whole blocks, outings per day (a little over, so the entries reach the scale), workers. */
export interface Layout {
  scale: Scale;
  places: number;
  blocks: number;
  outingsPerDay: number;
  workers: number;
}

export function layoutOf(scale: Scale): Layout {
  const places = Math.floor(scale.checkpoints / 2);
  const blocks = Math.floor(places / BLOCK.length);
  if (blocks < 1) throw new Error(`--checkpoints ${scale.checkpoints}: at least ${BLOCK.length * 2} are needed (a block of places)`);
  const outingsPerDay = Math.ceil((scale.entries * 1.003) / scale.days / entriesPerOuting());
  return { scale, places, blocks, outingsPerDay, workers: Math.max(1, Math.floor(scale.persons / WORKERS_PER)) };
}

/** The figures benchmark's city (areas, places of two gates), its places named and kinded by block; road gates log entries only. */
export function traceCity(layout: Layout): { changes: CityChanges; entryOnly: string[] } {
  const { changes } = cityChanges({ ...CITY, checkpoints: layout.scale.checkpoints });
  const entryOnly: string[] = [];
  changes.newPlaces.forEach((place, j) => {
    const kind = j < layout.blocks * BLOCK.length ? (BLOCK[j % BLOCK.length] ?? 'other') : 'other';
    place.kind = kind;
    place.name = `${KIND_NAME[kind] ?? '场所'}${j + 1}`;
  });
  for (const gate of changes.newCheckpoints) {
    const j = Number(gate.placeId.slice(2)) - 1;
    if (changes.newPlaces[j]?.kind === 'road') {
      gate.name = gate.name === '东门' ? '进城卡口' : '出城卡口';
      entryOnly.push(gate.id);
    }
  }
  return { changes, entryOnly };
}

export const ENTRY_ONLY_POLICY: Policy = { ...DEFAULT_POLICY, directions: 'in' };

/**
 * The hashes, each an affine map modulo a prime near 2^32 followed by MINSTD's (48271 mod 2^31 − 1): two rounds under
 * different moduli, so neighbouring outings get unrelated values; every product stays below 2^63 (SQLite would turn an
 * overflow into a float). Each decision takes its own mixed-radix digit of one hash, so decisions are independent.
 */
export const HASHES = {
  h1: [2654435761n, 1013904223n], h2: [2246822519n, 3266489917n], h3: [3266489917n, 668265263n],
  h4: [1181783497n, 2718281829n], h5: [3812015801n, 1618033988n], h6: [2166136261n, 16777619n], home: [1103515245n, 12345n],
} as const satisfies Record<string, readonly [bigint, bigint]>;
export type HashName = keyof typeof HASHES;

/** The hash as SQL over an integer expression: the same text on both databases. */
export function hashSql(x: string, name: HashName): string {
  const [a, b] = HASHES[name];
  return `((((${x}) * ${a} + ${b}) % 4294967291) * 48271 + 11) % 2147483647`;
}

export function hash(x: number, name: HashName): number {
  const [a, b] = HASHES[name];
  return Number((((BigInt(x) * a + b) % 4294967291n) * 48271n + 11n) % 2147483647n);
}

/** The person of outing `o` (its hashes h1 and h2, as seedSql.ts reads them). */
export function personOfOuting(o: number, layout: Layout): number {
  const worker = hash(o, 'h1') % 100 < WORKER_SHARE;
  return hash(o, 'h2') % (worker ? layout.workers : layout.scale.persons);
}

/**
 * Person p's ID number, 18 characters: a district of Sanmenxia (41120x), a birth date (1940–2014, October to December,
 * days 10 to 28), a sequence of 100 to 999 and a last digit. Every part has a fixed number of digits, so the SQL joins
 * plain numbers without padding (zero-padding every part cost PostgreSQL's seeding a visible share of its time);
 * distinct for every p below 23 million. The check digit is not computed: nothing the benchmark runs checks it.
 */
export const PERSON_ID_PARTS: ReadonlyArray<readonly [divisor: number, modulus: number, offset: number]> = [
  [1, 6, 1], [6, 75, 1940], [450, 3, 10], [1350, 19, 10], [25650, 900, 100], [1, 10, 0],
];

export function personIdOf(p: number): string {
  return `41120${PERSON_ID_PARTS.map(([div, mod, offset]) => String((Math.floor(p / div) % mod) + offset)).join('')}`;
}

/** Names of two or three characters from these lists, by person. */
export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华';

export function nameOf(p: number): string {
  const at = (s: string, i: number) => s.charAt(i % 20);
  return `${at(SURNAMES, p)}${at(GIVEN, Math.floor(p / 20))}${Math.floor(p / 400) % 3 === 0 ? '' : at(GIVEN, Math.floor(p / 1200))}`;
}

/** A small seeded generator (mulberry32), so a run's samples are the same on both databases and from run to run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Local calendar day `d` (0-based) of the 30, as YYYY-MM-DD. */
export const dayName = (d: number): string => new Date(DAY0_MS + d * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);
