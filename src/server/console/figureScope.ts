/** What a figures request is about: the target scopeTarget.ts finds and checks, grouped into the rows to show (its children) with the trail down to it. */
import type { FastifyRequest } from 'fastify';
import type { FigureKind, TrailStep } from '../../core/consoleFigures.ts';
import { reachesArea, reachesPlace, type Scope } from '../accounts/scope.ts';
import type { AreaRecord, CheckpointRecord } from '../storage/cityTypes.ts';
import type { ConsoleDeps } from './deps.ts';
import { scopeTarget, type ScopeQuery, type ScopeTarget } from './scopeTarget.ts';
import { callerOf } from './session.ts';

/** A row to be: what it is, and the checkpoints whose roll-ups it sums (only those the caller reaches). */
export interface FigureNode {
  kind: FigureKind;
  id: string;
  name: string;
  level: string | null;
  checkpointIds: string[];
}

export interface FigureTarget {
  /** What scopeTarget found: the named record, its checkpoints, its path for the audit line. */
  found: ScopeTarget;
  self: FigureNode;
  trail: TrailStep[];
  /** An area: its child areas then its places; a place: its checkpoints; a checkpoint: none. */
  children: FigureNode[];
}

/** The areas from the caller's root down to (and with) the last of `ids`: a user sees no breadcrumb above their root. */
function areaTrail(scope: Scope, ids: readonly string[], names: readonly string[]): TrailStep[] {
  const steps = ids.map((id, i): TrailStep => ({ kind: 'area', id, name: names[i] ?? id }));
  return scope.root === null ? steps : steps.slice(Math.max(0, scope.root.length - 1));
}

const checkpointNode = (c: Pick<CheckpointRecord, 'id' | 'name'>): FigureNode => ({ kind: 'checkpoint', id: c.id, name: c.name, level: null, checkpointIds: [c.id] });
const idsOf = (checkpoints: readonly CheckpointRecord[]): string[] => checkpoints.map((c) => c.id);

/**
 * An area's children (null: the whole city, an admin's): the checkpoints `reached` grouped by the child area their path
 * goes through next, or by their place when it is the area's own. A lead of one place reaches only that place's
 * checkpoints, so their area's figures are their place's.
 */
async function areaChildren(deps: ConsoleDeps, scope: Scope, area: AreaRecord | null, reached: readonly CheckpointRecord[]): Promise<FigureNode[]> {
  const rootId = area?.id ?? null;
  const [areas, places] = await Promise.all([deps.storage.listAreas(rootId), area === null ? Promise.resolve([]) : deps.storage.listPlaces(area.id)]);
  const depth = area?.path.length ?? 0;
  const childAreas = areas.filter((a) => a.parentId === rootId && reachesArea(scope, a)).map((a): FigureNode => ({
    kind: 'area', id: a.id, name: a.name, level: a.level, checkpointIds: idsOf(reached.filter((c) => c.areaIds[depth] === a.id)),
  }));
  const ownPlaces = places.filter((p) => area !== null && p.areaId === area.id && reachesPlace(scope, p, area.path)).map((p): FigureNode => ({
    kind: 'place', id: p.id, name: p.name, level: null, checkpointIds: idsOf(reached.filter((c) => c.placeId === p.id)),
  }));
  return [...childAreas, ...ownPlaces];
}

/** What the query names (scopeTarget.ts: refused there when out of reach), as the figures' rows: itself, its children and its trail. */
export async function figureTarget(deps: ConsoleDeps, request: FastifyRequest, query: ScopeQuery): Promise<FigureTarget> {
  const { scope } = callerOf(request);
  const found = await scopeTarget(deps, request, query);
  const { named, checkpoints } = found;
  switch (named.kind) {
    case 'checkpoint': {
      const { checkpoint } = named;
      return {
        found,
        self: checkpointNode(checkpoint),
        trail: [
          ...areaTrail(scope, checkpoint.areaIds, checkpoint.areaPath),
          { kind: 'place', id: checkpoint.placeId, name: checkpoint.placeName }, { kind: 'checkpoint', id: checkpoint.id, name: checkpoint.name },
        ],
        children: [],
      };
    }
    case 'place': {
      const { place, area } = named;
      return {
        found,
        self: { kind: 'place', id: place.id, name: place.name, level: null, checkpointIds: idsOf(checkpoints) },
        trail: [...areaTrail(scope, area.path, area.names), { kind: 'place', id: place.id, name: place.name }],
        children: checkpoints.map(checkpointNode),
      };
    }
    case 'area': {
      const { area } = named;
      return {
        found,
        // The whole city has no id and no name on the wire ('' for both).
        self: { kind: 'area', id: area?.id ?? '', name: area?.name ?? '', level: area?.level ?? null, checkpointIds: idsOf(checkpoints) },
        trail: area === null ? [] : areaTrail(scope, area.path, area.names),
        children: await areaChildren(deps, scope, area, checkpoints),
      };
    }
  }
}
