/** A user's reach: the root of their subtree (null: the whole city, an admin's), and for a lead of one place that place only. */
import { withinSubtree } from '../../core/roles.ts';
import type { UserRecord } from '../storage/accountTypes.ts';
import type { AreaRecord, CheckpointRecord, PlaceRecord } from '../storage/cityTypes.ts';
import type { Storage } from '../storage/storage.ts';

export interface Scope {
  /** Area ids from the root to the user's area; null for an admin. */
  root: string[] | null;
  /** A lead of one place: only that place's checkpoints, and no area but their place's own. */
  placeId: string | null;
}

/** An account whose area is gone reaches nothing (an empty root matches only a path of no ids, which no area has). */
export async function scopeOf(storage: Storage, user: UserRecord): Promise<Scope> {
  if (user.role === 'admin') return { root: null, placeId: null };
  const area = user.areaId === null ? null : await storage.getArea(user.areaId);
  return { root: area?.path ?? ['\u0000none'], placeId: user.placeId };
}

export function reachesArea(scope: Scope, area: Pick<AreaRecord, 'path'>): boolean {
  if (scope.root === null) return true;
  if (scope.placeId !== null) return area.path.length === scope.root.length && withinSubtree(scope.root, area.path);
  return withinSubtree(scope.root, area.path);
}

export function reachesPlace(scope: Scope, place: Pick<PlaceRecord, 'id'>, areaPath: readonly string[]): boolean {
  if (scope.root === null) return true;
  return withinSubtree(scope.root, areaPath) && (scope.placeId === null || scope.placeId === place.id);
}

export function reachesCheckpoint(scope: Scope, checkpoint: Pick<CheckpointRecord, 'areaIds' | 'placeId'>): boolean {
  if (scope.root === null) return true;
  return withinSubtree(scope.root, checkpoint.areaIds) && (scope.placeId === null || scope.placeId === checkpoint.placeId);
}

/** Whether `scope` reaches all of `other` (a user it would create or change): the same subtree or one inside it. */
export function reachesScope(scope: Scope, other: Scope): boolean {
  if (scope.root === null) return true;
  if (other.root === null) return false;
  if (scope.placeId !== null) return other.placeId === scope.placeId && withinSubtree(scope.root, other.root);
  return withinSubtree(scope.root, other.root);
}
