/** `kadian areas|places|checkpoints`: list the city by subtree (places with their inside counts), and rename, recode, move or remove one item (removal refused while a checkpoint has tablets or entries). */
import { parseArgs } from 'node:util';
import { checkCapacity, checkCode, checkName, levelName, PLACE_KIND_NAMES, readPlaceKind } from '../../core/city.ts';
import { correctionReason, insideCount, resetTimeOf } from '../../core/placeCountInput.ts';
import type { Result } from '../../core/result.ts';
import type { CityChangeError } from '../storage/cityTypes.ts';
import type { Storage } from '../storage/storage.ts';
import { importCity } from './cityImport.ts';
import { cliOrigin, noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError } from './output.ts';

const USAGE = `用法 / Usage:
  kadian areas import FILE.csv|FILE.xlsx [--dry-run]
  kadian areas list [--area ID] [--json]
  kadian areas rename ID NAME | set-code ID CODE|none | move ID --to PARENT_ID|none | remove ID
  kadian places list [--area ID] [--json]
  kadian places rename ID NAME | set ID [--kind KIND] [--capacity N|none] [--code CODE|none] [--reset-time HH:MM|none] | move ID --to AREA_ID | remove ID
  kadian places count ID N --reason R
  kadian checkpoints list [--area ID] [--json]
  kadian checkpoints rename ID NAME | set-code ID CODE|none | move ID --to PLACE_ID | remove ID`;

/** A text check's value, or the usage error that names it. */
function valueOf<T>(result: Result<T, string>): T {
  if (!result.ok) throw new UsageError(bilingual(result.error));
  return result.value;
}

function done<T>(result: Result<T, CityChangeError>): T {
  if (!result.ok) throw new UsageError(bilingual(result.error));
  return result.value;
}

async function areaPathOf(storage: Storage, areaId: string | undefined): Promise<string[] | null> {
  if (areaId === undefined) return null;
  const area = await storage.getArea(areaId);
  if (!area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(areaId)} (kadian areas list)`);
  return area.path;
}

const json = (value: unknown): void => { process.stdout.write(`${JSON.stringify(value, null, 2)}\n`); };

async function listAreas(storage: Storage, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  await areaPathOf(storage, values.area);
  const areas = await storage.listAreas(values.area ?? null);
  if (values.json) return json(areas.map((a) => ({ id: a.id, name: a.name, level: a.level, code: a.code, parentId: a.parentId, areaPath: a.names, areaIds: a.path })));
  for (const a of areas) {
    process.stdout.write(`${pad(a.id, 16)} ${pad(`${levelName(a.level, 'zh')} ${levelName(a.level, 'en')}`, 22)} ${pad(a.code ?? '—', 14)} ${'  '.repeat(a.path.length - 1)}${printable(a.name)}\n`);
  }
  say(`${areas.length} 个区域 / areas`);
}

/** Each place with its gates and its inside count (since its last reset or correction: `since`), on TIME_ZONE's clock. */
async function listPlaces(storage: Storage, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  await areaPathOf(storage, values.area);
  const places = await storage.listPlaces(values.area ?? null);
  const areas = new Map((await storage.listAreas(null)).map((a) => [a.id, a]));
  const counts = await storage.placeCounts(places.map((p) => p.id), new Date(), settings().healthCodes.timeZone);
  const rows = places.map((p) => {
    const count = counts.get(p.id);
    return { ...p, areaPath: areas.get(p.areaId)?.names ?? [], gates: count?.gates ?? 0, inside: count?.inside ?? 0, since: count?.since ?? null };
  });
  if (values.json) return json(rows);
  for (const p of rows) {
    const inside = `${p.inside} / ${p.capacity ?? '—'}`;
    process.stdout.write(`${pad(p.id, 16)} ${pad(PLACE_KIND_NAMES[p.kind].zh, 8)} ${pad(inside, 16)} ${pad(`${p.gates}`, 4)} ${printable(p.areaPath.join(' › '))} › ${printable(p.name)}\n`);
  }
  say(`${rows.length} 个场所 / places（场内人数 / 容量、卡点数 / inside / capacity, gates）`);
}

/** `kadian places count ID N --reason R`: N persons are inside now, by the operator's word; the count goes on from it. */
async function correctCount(storage: Storage, args: string[]): Promise<void> {
  const { id, value, values } = oneItem(args, { reason: { type: 'string' } });
  // Checked before anything is read: a correction without its reason changes nothing.
  const reason = valueOf(correctionReason(values.reason));
  const inside = valueOf(insideCount(value ?? ''));
  const place = await storage.getPlace(id);
  noteAudit({ action: 'places.count', target: id, areaPath: place ? await areaPathOf(storage, place.areaId) : null });
  if (!place) throw new UsageError(`${bilingual('city-unknown')}: ${printable(id)} (kadian places list)`);
  const now = new Date();
  const { timeZone } = settings().healthCodes;
  const before = (await storage.placeCounts([id], now, timeZone)).get(id);
  await storage.correctPlaceCount({ placeId: id, inside, at: now, reason, by: 'operator', byName: cliOrigin().actorName });
  noteAudit({ detail: { inside, before: before?.inside ?? null, reason } });
  process.stdout.write(`${id}\t${inside}\n`);
  say(`场内人数已更正为 ${inside}（原为 ${before?.inside ?? 0}）/ The inside count is now ${inside} (was ${before?.inside ?? 0})`);
}

async function listCheckpoints(storage: Storage, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  await areaPathOf(storage, values.area);
  const checkpoints = await storage.listCheckpointRecords(values.area ?? null);
  if (values.json) {
    return json(checkpoints.map((c) => ({ id: c.id, name: c.name, code: c.code, place: c.placeName, placeId: c.placeId, areaId: c.areaId, areaPath: c.areaPath, areaIds: c.areaIds })));
  }
  for (const c of checkpoints) process.stdout.write(`${pad(c.id, 16)} ${printable([...c.areaPath, c.placeName, c.name].join(' › '))}\n`);
  say(`${checkpoints.length} 个卡点 / checkpoints`);
}

/** `ID NAME`, `ID CODE`, or `ID` with `--to`: the positionals and flags of one edit. */
function oneItem(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']> = {}) {
  const parsed = parseArgs({ args, allowPositionals: true, options, strict: true });
  const [id, value, ...extra] = parsed.positionals;
  if (id === undefined || extra.length > 0) throw new UsageError(USAGE);
  return { id, value, values: parsed.values as Record<string, string | undefined> };
}

const codeOrNone = (text: string | undefined): string | null => {
  if (text === undefined) throw new UsageError(USAGE);
  return text === 'none' ? null : valueOf(checkCode(text));
};

async function areas(storage: Storage, sub: string, args: string[]): Promise<void> {
  if (sub === 'list') return listAreas(storage, args);
  const { id, value, values } = oneItem(args, { to: { type: 'string' } });
  noteAudit({ action: `areas.${sub}`, target: id, areaPath: await areaPathOf(storage, id) });
  let result;
  if (sub === 'rename') result = done(await storage.editArea(id, { name: valueOf(checkName(value ?? '')) }));
  else if (sub === 'set-code') result = done(await storage.editArea(id, { code: codeOrNone(value) }));
  else if (sub === 'move') {
    if (values.to === undefined) throw new UsageError(USAGE);
    result = done(await storage.moveArea(id, values.to === 'none' ? null : values.to));
    noteAudit({ detail: { to: values.to } });
  } else if (sub === 'remove') {
    const removed = done(await storage.removeCity({ areaId: id }));
    noteAudit({ detail: { removed } });
    say(`已删除 / Removed: ${removed.areas.length} 区域 areas, ${removed.places.length} 场所 places, ${removed.checkpoints.length} 卡点 checkpoints`);
    return;
  } else throw new UsageError(USAGE);
  noteAudit({ detail: { name: result.name, code: result.code, path: result.path } });
  process.stdout.write(`${result.id}\t${result.names.join(' › ')}\n`);
}

async function places(storage: Storage, sub: string, args: string[]): Promise<void> {
  if (sub === 'list') return listPlaces(storage, args);
  if (sub === 'count') return correctCount(storage, args);
  const { id, value, values } = oneItem(args, {
    to: { type: 'string' }, kind: { type: 'string' }, capacity: { type: 'string' }, code: { type: 'string' }, 'reset-time': { type: 'string' },
  });
  const place = await storage.getPlace(id);
  noteAudit({ action: `places.${sub}`, target: id, areaPath: place ? await areaPathOf(storage, place.areaId) : null });
  let result;
  if (sub === 'rename') result = done(await storage.editPlace(id, { name: valueOf(checkName(value ?? '')) }));
  else if (sub === 'set') {
    const kind = values.kind === undefined ? undefined : readPlaceKind(values.kind);
    if (kind === undefined && values.kind !== undefined) throw new UsageError(bilingual('city-file-kind'));
    const resetTime = values['reset-time'] === undefined ? undefined : valueOf(resetTimeOf(values['reset-time']));
    const edit = {
      ...(kind !== undefined && { kind }),
      ...(values.capacity !== undefined && { capacity: values.capacity === 'none' ? null : valueOf(checkCapacity(values.capacity)) }),
      ...(values.code !== undefined && { code: codeOrNone(values.code) }),
    };
    if (Object.keys(edit).length === 0 && resetTime === undefined) throw new UsageError(USAGE);
    // A capacity is its gates' too: they get it as a change of their rules, made by the operator.
    result = Object.keys(edit).length > 0 ? done(await storage.editPlace(id, edit, { at: new Date().toISOString() })) : place;
    if (!result) throw new UsageError(`${bilingual('city-unknown')}: ${printable(id)} (kadian places list)`);
    if (resetTime !== undefined) {
      await storage.setPlaceResetTime(id, resetTime);
      noteAudit({ detail: { resetTime } });
    }
  } else if (sub === 'move') {
    if (values.to === undefined) throw new UsageError(USAGE);
    result = done(await storage.movePlace(id, values.to));
  } else if (sub === 'remove') {
    const removed = done(await storage.removeCity({ placeId: id }));
    noteAudit({ detail: { removed } });
    say(`已删除 / Removed: ${removed.places.length} 场所 places, ${removed.checkpoints.length} 卡点 checkpoints`);
    return;
  } else throw new UsageError(USAGE);
  noteAudit({ detail: { ...result } });
  process.stdout.write(`${result.id}\t${result.name}\n`);
}

async function checkpoints(storage: Storage, sub: string, args: string[]): Promise<void> {
  if (sub === 'list') return listCheckpoints(storage, args);
  const { id, value, values } = oneItem(args, { to: { type: 'string' } });
  noteAudit({ action: `checkpoints.${sub}`, target: id, areaPath: (await storage.getCheckpointRecord(id))?.areaIds ?? null });
  let result;
  if (sub === 'rename') result = done(await storage.editCheckpoint(id, { name: valueOf(checkName(value ?? '')) }));
  else if (sub === 'set-code') result = done(await storage.editCheckpoint(id, { code: codeOrNone(value) }));
  else if (sub === 'move') {
    if (values.to === undefined) throw new UsageError(USAGE);
    result = done(await storage.moveCheckpoint(id, values.to));
  } else if (sub === 'remove') {
    const removed = done(await storage.removeCity({ checkpointId: id }));
    noteAudit({ detail: { removed } });
    say(`已删除卡点 / Removed checkpoint ${id}`);
    return;
  } else throw new UsageError(USAGE);
  noteAudit({ detail: { name: result.name, placeId: result.placeId } });
  process.stdout.write(`${result.id}\t${[...result.areaPath, result.placeName, result.name].join(' › ')}\n`);
}

/** One command per kind: `kadian areas …`, `kadian places …`, `kadian checkpoints …`. */
const cityCommand = (run: (storage: Storage, sub: string, args: string[]) => Promise<void>) => async (args: string[]): Promise<number | void> => {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError(USAGE);
  if (sub === 'import' && run === areas) return importCity(rest);
  await withStorage(settings().dataDir, (storage) => run(storage, sub, rest));
};

export const areasCommand = cityCommand(areas);
export const placesCommand = cityCommand(places);
export const checkpointsCommand = cityCommand(checkpoints);
