/**
 * Plans a city file against the city as stored: what to add and what to rename, and every bad row by its line. An
 * area, place or checkpoint is the stored one of the same code when the file gives a code, else of the same name
 * under the same parent; nothing is ever deleted, and an area never moves by import.
 */
import { AREA_LEVELS, checkCapacity, checkCode, checkName, readPlaceKind, type CityTextError, type PlaceKind } from '../../core/city.ts';
import type { AreaRecord, CityChanges, CityIndex } from '../storage/cityTypes.ts';
import type { CityColumn, CityRow } from './importFile.ts';

export type PlanError =
  | CityTextError | 'city-file-gap' | 'city-file-no-area' | 'city-file-place-empty' | 'city-file-checkpoint-empty' | 'city-file-kind'
  | 'city-file-duplicate' | 'city-file-code-clash' | 'city-file-place-clash' | 'city-file-moved' | 'city-file-header' | 'city-file-csv';

export interface PlanProblem {
  line: number;
  error: PlanError;
  /** Which column, or what clashed. */
  detail?: string;
}

export interface CityPlan {
  changes: CityChanges;
  problems: PlanProblem[];
  /** Rows that changed nothing (already stored as they are). */
  unchanged: number;
}

const LEVEL_COLUMNS: ReadonlyArray<readonly [CityColumn, CityColumn]> = [
  ['city', 'cityCode'], ['district', 'districtCode'], ['street', 'streetCode'], ['community', 'communityCode'], ['grid', 'gridCode'],
];

/** An area as this plan knows it: stored, or new in this file. */
interface KnownArea { id: string; parentId: string | null; name: string; code: string | null; line: number | null }

class Problems extends Error {
  constructor(readonly problem: PlanProblem) {
    super(problem.error);
  }
}

const fail = (line: number, error: PlanError, detail?: string): never => { throw new Problems({ line, error, ...(detail !== undefined && { detail }) }); };

function checked<T>(result: { ok: true; value: T } | { ok: false; error: CityTextError }, line: number, column: string): T {
  return result.ok ? result.value : fail(line, result.error, column);
}

/** How many writes the changes hold so far: a row that adds none changed nothing. */
const size = (c: CityChanges): number =>
  c.newAreas.length + c.renamedAreas.length + c.newPlaces.length + c.changedPlaces.length + c.newCheckpoints.length + c.renamedCheckpoints.length;

/** `newId` makes the ids of what is new (injected, so a test can name them). */
export function planCityImport(index: CityIndex, rows: readonly CityRow[], newId: (prefix: 'a' | 'p' | 'cp') => string): CityPlan {
  const changes: CityChanges = { newAreas: [], renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [] };
  const problems: PlanProblem[] = [];
  const areaByCode = new Map<string, KnownArea>();
  const areaByName = new Map<string, KnownArea>();
  const nameKey = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${name}`;
  const remember = (a: KnownArea) => {
    if (a.code !== null) areaByCode.set(a.code, a);
    areaByName.set(nameKey(a.parentId, a.name), a);
  };
  index.areas.forEach((a: AreaRecord) => remember({ id: a.id, parentId: a.parentId, name: a.name, code: a.code, line: null }));
  /** The name each area matched by code was first given in this file, and on which line. */
  const namedArea = new Map<string, { name: string; line: number }>();

  const placeByCode = new Map(index.places.filter((p) => p.code !== null).map((p) => [p.code!, p]));
  const placeByName = new Map(index.places.map((p) => [nameKey(p.areaId, p.name), p]));
  /** What the file's rows so far gave of each place (stored or new), and its first line. */
  const givenPlace = new Map<string, { line: number; name: string; kind: PlaceKind | undefined; capacity: number | null }>();
  const changedPlace = new Map<string, CityChanges['changedPlaces'][number]>();
  const newPlaceById = new Map<string, CityChanges['newPlaces'][number]>();
  const checkpointByCode = new Map(index.checkpoints.filter((c) => c.code !== null).map((c) => [c.code!, c]));
  const checkpointByName = new Map(index.checkpoints.map((c) => [nameKey(c.placeId, c.name), c]));
  const seenCheckpoint = new Map<string, number>();
  let unchanged = 0;

  for (const row of rows) {
    const { line, cells } = row;
    try {
      const before = size(changes);
      // The area path, top down: filled levels must be contiguous from the city.
      let parentId: string | null = null;
      let gap = false;
      LEVEL_COLUMNS.forEach(([nameColumn, codeColumn], depth) => {
        const text = cells[nameColumn] ?? '';
        const codeText = cells[codeColumn] ?? '';
        if (text.trim() === '') {
          if (codeText.trim() !== '') fail(line, 'city-name-empty', nameColumn);
          gap = true;
          return;
        }
        if (gap) fail(line, depth === 0 ? 'city-file-no-area' : 'city-file-gap', nameColumn);
        const name = checked(checkName(text), line, nameColumn);
        const code = checked(checkCode(codeText), line, codeColumn);
        let area = code !== null ? areaByCode.get(code) : undefined;
        if (area) {
          if (area.parentId !== parentId) fail(line, area.line === null ? 'city-file-moved' : 'city-file-code-clash', code ?? '');
          if (area.name !== name && area.line !== null) fail(line, 'city-file-code-clash', `${code}: ${area.name} / ${name}`);
          // Every row naming this code names it alike (the stored name or a new one): else each import would rename it back and forth.
          const earlier = namedArea.get(area.id);
          if (earlier && earlier.name !== name) fail(line, 'city-file-code-clash', `${code}: ${earlier.name} / ${name} (line ${earlier.line})`);
          if (!earlier) {
            namedArea.set(area.id, { name, line });
            if (area.name !== name) changes.renamedAreas.push({ id: area.id, name });
          }
        } else {
          area = areaByName.get(nameKey(parentId, name));
          // A stored area of this name with another code is another area: two siblings of one name cannot be told apart.
          if (area && code !== null && area.code !== null && area.code !== code) fail(line, 'city-file-code-clash', `${name}: ${area.code} / ${code}`);
          if (area && code !== null && area.code === null) fail(line, 'city-file-code-clash', `${name}: ${code} (set it with kadian areas set-code)`);
          if (!area) {
            area = { id: newId('a'), parentId, name, code, line };
            remember(area);
            changes.newAreas.push({ id: area.id, parentId, level: AREA_LEVELS[depth] ?? 'grid', name, code });
          }
        }
        parentId = area.id;
      });
      if (parentId === null) fail(line, 'city-file-no-area', 'city');
      const areaId: string = parentId ?? '';

      const placeName = (cells.place ?? '').trim() === '' ? fail(line, 'city-file-place-empty', 'place') : checked(checkName(cells.place ?? ''), line, 'place');
      const placeCode = checked(checkCode(cells.placeCode ?? ''), line, 'placeCode');
      const kindText = (cells.placeKind ?? '').trim();
      const kind = kindText === '' ? undefined : readPlaceKind(kindText) ?? fail(line, 'city-file-kind', kindText);
      const capacity = checked(checkCapacity(cells.capacity ?? ''), line, 'capacity');
      let placeId: string;
      const stored = (placeCode !== null ? placeByCode.get(placeCode) : undefined) ?? placeByName.get(nameKey(areaId, placeName));
      if (stored && stored.areaId !== areaId) fail(line, 'city-file-moved', placeCode ?? placeName);
      // A place's rows (stored or new) agree on what they give; what one row gives is the place's, what all leave empty stays.
      const prior = stored ? givenPlace.get(stored.id) : undefined;
      if (prior && (prior.name !== placeName || (kind !== undefined && prior.kind !== undefined && kind !== prior.kind)
        || (capacity !== null && prior.capacity !== null && capacity !== prior.capacity))) fail(line, 'city-file-place-clash', `${placeName} (line ${prior.line})`);
      const given = { line: prior?.line ?? line, name: placeName, kind: kind ?? prior?.kind, capacity: capacity ?? prior?.capacity ?? null };
      const fresh = stored ? newPlaceById.get(stored.id) : undefined;
      if (fresh) {
        placeId = fresh.id;
        fresh.kind = given.kind ?? 'other';
        fresh.capacity = given.capacity;
        if (fresh.code === null && placeCode !== null) {
          fresh.code = placeCode;
          placeByCode.set(placeCode, fresh);
        }
      } else if (stored) {
        placeId = stored.id;
        // What the file gives wins; what it leaves empty stays as stored (a file never clears a capacity by omission).
        const next = { id: stored.id, name: given.name, kind: given.kind ?? stored.kind, capacity: given.capacity ?? stored.capacity };
        const earlier = changedPlace.get(stored.id);
        if (earlier) Object.assign(earlier, next);
        else if (next.name !== stored.name || next.kind !== stored.kind || next.capacity !== stored.capacity) {
          changedPlace.set(stored.id, next);
          changes.changedPlaces.push(next);
        }
      } else {
        placeId = newId('p');
        const place = { id: placeId, areaId, name: placeName, kind: kind ?? 'other', capacity, code: placeCode };
        changes.newPlaces.push(place);
        newPlaceById.set(placeId, place);
        placeByName.set(nameKey(areaId, placeName), place);
        if (placeCode !== null) placeByCode.set(placeCode, place);
      }
      givenPlace.set(placeId, given);

      const checkpointName = (cells.checkpoint ?? '').trim() === '' ? fail(line, 'city-file-checkpoint-empty', 'checkpoint') : checked(checkName(cells.checkpoint ?? ''), line, 'checkpoint');
      const checkpointCode = checked(checkCode(cells.checkpointCode ?? ''), line, 'checkpointCode');
      const byCode = checkpointCode !== null ? checkpointByCode.get(checkpointCode) : undefined;
      const existing = byCode ?? checkpointByName.get(nameKey(placeId, checkpointName));
      const seenKey = existing?.id ?? nameKey(placeId, checkpointName);
      const seenLine = seenCheckpoint.get(seenKey);
      if (seenLine !== undefined) fail(line, 'city-file-duplicate', `line ${seenLine}`);
      seenCheckpoint.set(seenKey, line);
      if (existing) {
        if (existing.placeId !== placeId) fail(line, 'city-file-moved', checkpointCode ?? checkpointName);
        if (existing.name !== checkpointName) changes.renamedCheckpoints.push({ id: existing.id, name: checkpointName });
      } else {
        const id = newId('cp');
        // Its place's capacity as the whole file gives it (set below, once every row is read).
        changes.newCheckpoints.push({ id, placeId, name: checkpointName, code: checkpointCode, capacity: null });
        if (checkpointCode !== null) checkpointByCode.set(checkpointCode, { id, placeId, name: checkpointName, code: checkpointCode });
      }
      if (size(changes) === before) unchanged++;
    } catch (e) {
      if (!(e instanceof Problems)) throw e;
      problems.push(e.problem);
    }
  }
  for (const c of changes.newCheckpoints) c.capacity = givenPlace.get(c.placeId)?.capacity ?? null;
  return { changes, problems, unchanged };
}
