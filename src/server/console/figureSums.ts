/** Where each figure row's numbers come from: an area the caller reaches whole reads its own roll-up (area_hours); a place, a checkpoint, or an area reached only in part sums its checkpoints' (entry_hours). */
import type { FigureKind } from '../../core/consoleFigures.ts';
import type { Scope } from '../accounts/scope.ts';
import { addSums, emptySums, type HourRange, type RollupSums } from '../storage/figures.ts';
import type { Storage } from '../storage/storage.ts';

/** A figure row as this module needs it (figureScope.ts's FigureNode). */
export interface SummedNode {
  kind: FigureKind;
  /** '' : an admin's whole city. */
  id: string;
  /** The checkpoints the caller reaches under it. */
  checkpointIds: readonly string[];
}

export interface SummedTarget {
  self: SummedNode;
  children: readonly SummedNode[];
}

/**
 * Whether the caller reaches every checkpoint under each area they reach: everyone but a lead bound to one place,
 * whose area holds other places too. Without a scope (a caller that did not say), no area counts as reached whole.
 */
export const reachesWholeAreas = (scope: Scope | undefined): boolean => scope !== undefined && scope.placeId === null;

/**
 * The areas whose area_hours rows give a node's figures, or null when its checkpoints' must be summed. The admin's
 * whole city has no row of its own: it is its root areas, which are then its children (every checkpoint the figures
 * list is under an area, so they sum the same checkpoints).
 */
function rolledAreas(node: SummedNode, children: readonly SummedNode[], whole: boolean): string[] | null {
  if (!whole || node.kind !== 'area') return null;
  if (node.id !== '') return [node.id];
  return children.every((c) => c.kind === 'area') ? children.map((c) => c.id) : null;
}

function sumOf(ids: readonly string[], sums: ReadonlyMap<string, RollupSums>): RollupSums {
  const total = emptySums();
  for (const id of ids) {
    const s = sums.get(id);
    if (s) addSums(total, s);
  }
  return total;
}

/** The overview's sums: the scope's and each child's, over the hours, in two reads at most (areas, checkpoints). */
export async function overviewSums(storage: Storage, target: SummedTarget, range: HourRange, whole: boolean): Promise<{ self: RollupSums; children: RollupSums[] }> {
  const nodes = [target.self, ...target.children];
  const rolled = nodes.map((n, i) => (i === 0 ? rolledAreas(n, target.children, whole) : rolledAreas(n, [], whole)));
  const areaIds = [...new Set(rolled.flatMap((ids) => ids ?? []))];
  // The checkpoints of every node read the per-checkpoint way: when the scope is, its children's are among its own.
  const checkpointIds = rolled[0] === null ? target.self.checkpointIds : [...new Set(nodes.flatMap((n, i) => (rolled[i] === null ? n.checkpointIds : [])))];
  const [byArea, byCheckpoint] = await Promise.all([
    areaIds.length ? storage.figuresByArea(areaIds, range) : Promise.resolve(new Map<string, RollupSums>()),
    checkpointIds.length ? storage.figuresByCheckpoint(checkpointIds, range) : Promise.resolve(new Map<string, RollupSums>()),
  ]);
  const sums = nodes.map((n, i) => {
    const areas = rolled[i];
    return areas ? sumOf(areas, byArea) : sumOf(n.checkpointIds, byCheckpoint);
  });
  return { self: sums[0] ?? emptySums(), children: sums.slice(1) };
}

/** The scope's sums hour by hour (an hour without entries is missing): the trend's. */
export async function sumsByHour(storage: Storage, target: SummedTarget, range: HourRange, whole: boolean): Promise<Map<number, RollupSums>> {
  const areas = rolledAreas(target.self, target.children, whole);
  return areas ? storage.figuresByHourOfAreas(areas, range) : storage.figuresByHour(target.self.checkpointIds, range);
}

/** Scans (in + out) by roll-up hour: the scope's `total`, and each child's by its index. */
export interface ScanCells {
  total: Array<{ hour: number; scans: number }>;
  children: Array<{ child: number; hour: number; scans: number }>;
}

/** The heat map's cells, before they are put in local hours. */
export async function scanCells(storage: Storage, target: SummedTarget, range: HourRange, whole: boolean): Promise<ScanCells> {
  const { self, children } = target;
  const selfAreas = rolledAreas(self, children, whole);
  const rolled = children.map((c) => rolledAreas(c, [], whole));
  const childOf = new Map<string, number>();
  children.forEach((c, i) => { if (rolled[i] === null) for (const id of c.checkpointIds) childOf.set(id, i); });
  const areaChild = new Map<string, number>();
  children.forEach((c, i) => { if (rolled[i] !== null) areaChild.set(c.id, i); });
  const areaIds = [...new Set([...(selfAreas ?? []), ...areaChild.keys()])];
  const checkpointIds = selfAreas === null ? self.checkpointIds : [...childOf.keys()];
  const [areaCells, checkpointCells] = await Promise.all([
    areaIds.length ? storage.scansByAreaHour(areaIds, range) : Promise.resolve([]),
    checkpointIds.length ? storage.scansByCheckpointHour(checkpointIds, range) : Promise.resolve([]),
  ]);
  const cells: ScanCells = { total: [], children: [] };
  const selfAreaSet = new Set(selfAreas ?? []);
  for (const { areaId, hour, scans } of areaCells) {
    if (selfAreaSet.has(areaId)) cells.total.push({ hour, scans });
    const child = areaChild.get(areaId);
    if (child !== undefined) cells.children.push({ child, hour, scans });
  }
  for (const { checkpointId, hour, scans } of checkpointCells) {
    if (selfAreas === null) cells.total.push({ hour, scans });
    const child = childOf.get(checkpointId);
    if (child !== undefined) cells.children.push({ child, hour, scans });
  }
  return cells;
}
