/** In Chromium: the app's real store (src/store, the log list's query) seeded, written and read, each beside the naive way; times in page ms. */
import * as Comlink from 'comlink';
import { fromBase64 } from '../../src/core/base64.ts';
import { addDays, calendarDay, hourOf, startOfDay } from '../../src/core/calendar.ts';
import { GENESIS_HASH, type Entry } from '../../src/core/entry.ts';
import { emptyDay, withEntry, type DayFigures } from '../../src/core/figures.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { sealPerson } from '../../src/core/personSeal.ts';
import { entriesByKeys, findEntryKeys } from '../../src/store/logQuery.ts';
import { openPeople, readPersons } from '../../src/tablet/lead/people.ts';
import { leadKey, unlockLead } from '../../src/tablet/lead/session.ts';
import { db, type StoredEntry } from '../../src/store/db.ts';
import { tabletTimeZone } from '../../src/store/days.ts';
import { dayFigures } from '../../src/store/figures.ts';
import { appendEntry, lastEntry, type EntryDraft } from '../../src/store/log.ts';
import type { ExportApi, ExportRequest } from '../../src/workers/export.worker.ts';

/** Started as the module runs, right after the page loads: how long the app's database takes to open. */
const openStarted = performance.now();
const opened = db.open().then(() => ({ openMs: performance.now() - openStarted, sinceNavigation: performance.now() }));

const DEVICE = 'bench-tablet';
/** The plain-add baseline writes beside the tablet's own chain, under another device, so neither disturbs the other. */
const PLAIN_DEVICE = 'bench-plain';
const CHECKPOINT = 'east-gate';
/** What LogPanel fetches first: its visible rows and the overscan below them (VIEW_ROWS + OVERSCAN). */
const FIRST_PAGE = 18;
const DAY_MS = 86_400_000;

const zone = tabletTimeZone();
const today = () => calendarDay(new Date(), zone);
const dayRange = (first: string, last: string) => ({ from: startOfDay(first, zone).toISOString(), until: startOfDay(addDays(last, 1), zone).toISOString() });

/** A small seeded generator: the same log every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fields of one scan as a gate logs them, in the proportions of a busy gate: mostly residents' codes passing. */
function scanFields(n: number, rnd: () => number, at: string): EntryDraft & Pick<Entry, 'verdict' | 'reasons'> {
  const first17 = `411202${1950 + (n % 50)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  const r = rnd();
  const source = r < 0.7 ? 'KDR1' : r < 0.95 ? 'KDH1' : 'manual';
  const colour = source === 'KDH1' ? (rnd() < 0.85 ? 'green' : rnd() < 0.66 ? 'yellow' : 'red') : null;
  const v = rnd();
  const verdict = colour === 'red' || v < 0.03 ? 'stop' : colour === 'yellow' || v < 0.05 ? 'check' : 'pass';
  const reasons = verdict === 'pass' ? [] : colour ? [`colour-${colour}`] : [verdict === 'stop' ? 'fever' : 'id-mismatch'];
  return {
    deviceId: DEVICE, checkpointId: CHECKPOINT, at, direction: rnd() < 0.55 ? 'in' : 'out', source,
    personId: first17 + checkCharacter(first17), name: `居民${n % 100_000}`, colour,
    temperature: rnd() < 0.3 ? Math.round((36 + rnd() * 1.5) * 10) / 10 : null, verdict, reasons, operator: null,
  };
}

/** The seeded days' figures, counted as the seed goes and written at the end (the app counts them as it writes each entry). */
const seededDays = new Map<string, DayFigures>();

/** The checkpoint's key pair (Base64): the tablet seals with the public key, the lead's unlocked session opens with the private one. */
let sealKey: string | undefined;

/** Uses the checkpoint key made by the driver (the same across restarts) and unlocks the lead's session with it, as the PIN would. */
async function useCheckpointKey(publicKey: string, privateKey: string): Promise<void> {
  sealKey = publicKey;
  await unlockLead(fromBase64(privateKey) ?? null);
}

/**
 * Entries [start, start + count) of a log of `total`, `perDay` to a day over the days up to today; their days counted in
 * seededDays. Entries of the last `sealedDays` days (what the export and the log list open) have their persons sealed each
 * as appendEntry seals them; older ones carry a copy of a real sealed person of the same hour (same size on disk, none of
 * the crypto): sealing all of them would double the seeding's time.
 */
async function seedEntries(start: number, count: number, total: number, perDay: number, sealedDays: number): Promise<StoredEntry[]> {
  if (!sealKey) throw new Error('no checkpoint key: call useCheckpointKey first');
  const days = Math.ceil(total / perDay);
  const rnd = random(start + 1);
  const starts = new Map<string, number>();
  const entries: StoredEntry[] = [];
  const sealing: Array<ReturnType<typeof sealPerson>> = [];
  for (let i = start; i < start + count; i++) {
    const day = addDays(today(), Math.floor(i / perDay) - (days - 1));
    if (!starts.has(day)) starts.set(day, startOfDay(day, zone).getTime());
    const offset = ((i % perDay) + 0.5) * (DAY_MS / perDay);
    const fields = scanFields(i, rnd, new Date(starts.get(day)! + offset).toISOString());
    const hash = (i + 1).toString(16).padStart(64, 'a');
    entries.push({ ...fields, id: crypto.randomUUID(), seq: i + 1, prevHash: i ? i.toString(16).padStart(64, 'a') : GENESIS_HASH, hash, syncState: rnd() < 0.9 ? 'synced' : 'pending' });
    // Sealed as appendEntry seals them, with the one-off sender key of the hour the scan was made in.
    const own = Math.floor(i / perDay) >= days - sealedDays || i % 1000 === 0 || i === start;
    sealing.push(own ? sealPerson({ personId: fields.personId, name: fields.name }, sealKey, Date.parse(fields.at)) : sealing.at(-1)!);
    // The hour from the day's start: Asia/Shanghai has no daylight saving (hourOf per entry would double the seeding's CPU).
    seededDays.set(day, withEntry(seededDays.get(day) ?? emptyDay(day), fields, Math.floor(offset / 3_600_000)));
  }
  const sealed = await Promise.all(sealing);
  return entries.map((entry, i) => ({ ...entry, personId: null, name: null, personCommit: sealed[i]!.personCommit, sealed: sealed[i]!.sealed }));
}

/**
 * Seeds entries [start, start + count) with bulkAdd, 5,000 a transaction, making the next 5,000 while IndexedDB writes
 * the last: the fast way in, not a figure of the app. Hashes have their real length but are not a chain.
 */
async function seed(start: number, count: number, total: number, perDay: number, sealedDays: number): Promise<void> {
  const SUB = 5000;
  let writing = Promise.resolve();
  for (let s = start; s < start + count; s += SUB) {
    const entries = await seedEntries(s, Math.min(SUB, start + count - s), total, perDay, sealedDays);
    await writing;
    writing = db.entries.bulkAdd(entries).then(() => undefined);
  }
  await writing;
}

async function finishSeed(): Promise<void> {
  await db.days.bulkPut([...seededDays.values()]);
  seededDays.clear();
}

let plainSeq: number | undefined;
let written = 0;

/** `count` scans one after another, each awaited as a gate does; the time of each write. */
async function writes(variant: 'sealed' | 'append' | 'plain', count: number): Promise<number[]> {
  plainSeq ??= (await lastEntry(PLAIN_DEVICE))?.seq ?? 0;
  const rnd = random(7 + written);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const fields = scanFields(written++, rnd, new Date().toISOString());
    const t0 = performance.now();
    // As the gate writes: with the checkpoint's key when its config carries one (sealed), else in the clear.
    const { verdict, reasons } = fields;
    if (variant === 'sealed') await appendEntry(fields, () => ({ verdict, reasons }), sealKey);
    else if (variant === 'append') await appendEntry(fields, () => ({ verdict, reasons }));
    // The naive write: the same entry put as it is, no chain link (no read of the last entry, no hash) and no figures.
    else await db.entries.add({ ...fields, deviceId: PLAIN_DEVICE, id: crypto.randomUUID(), seq: ++plainSeq, prevHash: GENESIS_HASH, hash: GENESIS_HASH, syncState: 'pending' });
    times.push(performance.now() - t0);
  }
  return times;
}

/** Today's figures, three ways; `scans` lets the caller check that they agree. */
async function figures(variant: 'days' | 'count' | 'recount'): Promise<{ ms: number; scans: number }> {
  const { from, until } = dayRange(today(), today());
  const t0 = performance.now();
  let scans: number;
  if (variant === 'days') {
    const f = await dayFigures();
    scans = f.scansIn + f.scansOut;
  } else if (variant === 'count') {
    scans = await db.entries.where('at').between(from, until, true, false).count();
  } else {
    // Every figure the lead sees, counted from today's entries each time they are shown.
    const f = (await db.entries.where('at').between(from, until, true, false).toArray()).reduce((sum, e) => withEntry(sum, e, hourOf(new Date(e.at), zone)), emptyDay(today()));
    scans = f.scansIn + f.scansOut;
  }
  return { ms: performance.now() - t0, scans };
}

/** The log list's first rows for today, newest first, and how many entries the list has (its scroll height). */
async function firstPage(variant: 'logPanel' | 'toArray' | 'limit'): Promise<{ ms: number; count: number; seqs: number[]; opened: number }> {
  const day = today();
  const { from, until } = dayRange(day, day);
  const t0 = performance.now();
  let rows: Array<StoredEntry | undefined>;
  let count = NaN;
  if (variant === 'logPanel') {
    // As LogPanel does: the day's keys from the index, then the visible rows by key.
    const keys = await findEntryKeys({ from: day, to: day, direction: '', verdict: '', colour: '', text: '' }, readPersons);
    count = keys.length;
    rows = await openPeople(await entriesByKeys(keys.slice(0, FIRST_PAGE)));
  } else if (variant === 'toArray') {
    const all = await db.entries.where('at').between(from, until, true, false).reverse().toArray();
    count = all.length;
    rows = await openPeople(all.slice(0, FIRST_PAGE));
  } else {
    // A lower bound: the first rows only, without the count a scrolling list needs.
    rows = await openPeople(await db.entries.where('at').between(from, until, true, false).reverse().limit(FIRST_PAGE).toArray());
  }
  return { ms: performance.now() - t0, count, seqs: rows.map((r) => r?.seq ?? -1), opened: rows.filter((r) => r?.name).length };
}

/** The entries of the last `days` days (today included): what an export of `days` × perDay entries asks for. */
const exportRange = (days: number) => dayRange(addDays(today(), -(days - 1)), today());

let exporter: Worker | undefined;

/**
 * A CSV export of the range in a new worker, timed from the request to the file in hand: `export.worker.js` is the app's
 * export worker, `naive-export.worker.js` the baseline. The worker is kept until `endExport` so its peak heap can be read.
 * As ExportPanel asks, with the unlocked lead's key (the sealed persons opened into the file), or `locked`, without it.
 */
async function exportCsv(worker: 'export.worker.js' | 'naive-export.worker.js', days: number, locked: boolean): Promise<{ ms: number; bytes: number; entries: number; named: number }> {
  const request: ExportRequest = { ...exportRange(days), format: 'csv', language: 'zh', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, checkpoints: {}, privateKey: locked ? null : leadKey()?.privateKey ?? null };
  let entries = NaN;
  const t0 = performance.now();
  exporter = new Worker(new URL(worker, location.href), { type: 'module' });
  const blob = await Comlink.wrap<ExportApi>(exporter).exportLog(request, Comlink.proxy((_done: number, total: number) => { entries = total; }));
  const ms = performance.now() - t0;
  return { ms, bytes: blob.size, entries, named: (await blob.text()).match(/居民\d/g)?.length ?? 0 };
}

function endExport(): void {
  exporter?.terminate();
  exporter = undefined;
}

const bench = { opened, useCheckpointKey, seed, finishSeed, writes, figures, firstPage, exportCsv, endExport, count: () => db.entries.count() };
export type Bench = typeof bench;
declare global {
  interface Window { kadianBench: Bench }
}
window.kadianBench = bench;
