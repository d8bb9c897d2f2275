/**
 * What a console request names (an area, place, checkpoint, tablet or alert), found within the caller's subtree or
 * refused: outside it and unknown are the same audited 403 `forbidden-area`, so ids cannot be probed. Every console
 * route finds what it names here, and only here.
 */
import type { FastifyRequest } from 'fastify';
import { hasRight, type Right } from '../../core/roles.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { reachesArea, reachesCheckpoint, reachesPlace } from '../accounts/scope.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import type { AlertRecord } from '../storage/alerts.ts';
import type { AreaRecord, CheckpointRecord, PlaceRecord } from '../storage/cityTypes.ts';
import type { DeviceReport } from '../storage/deviceReport.ts';
import { auditRefused } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { callerOf } from './session.ts';

/** The answers of a scoped route besides its own: a bad query (400), no session (401), out of reach or of rights (403). */
export const REFUSALS = { 400: ref(ErrorSchema), 401: ref(ErrorSchema), 403: ref(ErrorSchema) };

/** The one `forbidden-area` refusal: writes the audit line and gives the failure to throw. */
export async function refuseArea(deps: ConsoleDeps, request: FastifyRequest, target: string): Promise<ApiFailure> {
  const caller = callerOf(request);
  await auditRefused(deps, request, caller.user, caller.area?.path ?? null, 'forbidden-area', target);
  return refusal(request, 403, 'forbidden-area', { userId: caller.user.id, target });
}

/** A right the caller's role lacks is a 403 `forbidden-role`, audited, whatever it names. */
export async function requireRight(deps: ConsoleDeps, request: FastifyRequest, right: Right, target: string | null = null): Promise<void> {
  const caller = callerOf(request);
  if (hasRight(caller.user.role, right)) return;
  await auditRefused(deps, request, caller.user, caller.area?.path ?? null, 'forbidden-role', target);
  throw refusal(request, 403, 'forbidden-role', { userId: caller.user.id });
}

/** The area a request names, or the caller's own root when it names none (null: an admin's whole city). */
export async function areaInScope(deps: ConsoleDeps, request: FastifyRequest, id: string | undefined): Promise<AreaRecord | null> {
  const caller = callerOf(request);
  if (id === undefined) return caller.area;
  const area = await deps.storage.getArea(id);
  if (area && reachesArea(caller.scope, area)) return area;
  throw await refuseArea(deps, request, id);
}

/** The places of an area (none named: the caller's root) that the caller reaches: a lead of one place, only theirs. */
export async function placesInScope(deps: ConsoleDeps, request: FastifyRequest, areaId: string | undefined): Promise<PlaceRecord[]> {
  const { scope } = callerOf(request);
  const root = await areaInScope(deps, request, areaId);
  const paths = new Map((await deps.storage.listAreas(root?.id ?? null)).filter((a) => reachesArea(scope, a)).map((a) => [a.id, a.path]));
  return (await deps.storage.listPlaces(root?.id ?? null)).filter((p) => {
    const path = paths.get(p.areaId);
    return path !== undefined && reachesPlace(scope, p, path);
  });
}

/** A place the caller reaches (a lead of one place: only theirs), with its area. */
export async function placeInScope(deps: ConsoleDeps, request: FastifyRequest, id: string): Promise<{ place: PlaceRecord; area: AreaRecord }> {
  const place = await deps.storage.getPlace(id);
  const area = place && (await deps.storage.getArea(place.areaId));
  if (place && area && reachesPlace(callerOf(request).scope, place, area.path)) return { place, area };
  throw await refuseArea(deps, request, id);
}

export async function checkpointInScope(deps: ConsoleDeps, request: FastifyRequest, id: string): Promise<CheckpointRecord> {
  const checkpoint = await deps.storage.getCheckpointRecord(id);
  if (checkpoint && reachesCheckpoint(callerOf(request).scope, checkpoint)) return checkpoint;
  throw await refuseArea(deps, request, id);
}

/** A thing of one checkpoint (a tablet, an alert) and that checkpoint, when the caller reaches the checkpoint; refused under the thing's id. */
async function ofCheckpointInScope<T extends { checkpointId: string }>(
  deps: ConsoleDeps, request: FastifyRequest, id: string, thing: T | null | undefined,
): Promise<{ thing: T; checkpoint: CheckpointRecord }> {
  const checkpoint = thing ? await deps.storage.getCheckpointRecord(thing.checkpointId) : null;
  if (thing && checkpoint && reachesCheckpoint(callerOf(request).scope, checkpoint)) return { thing, checkpoint };
  throw await refuseArea(deps, request, id);
}

export async function deviceInScope(deps: ConsoleDeps, request: FastifyRequest, id: string): Promise<{ device: DeviceReport; checkpoint: CheckpointRecord }> {
  const [device] = await deps.storage.listDevices({ deviceId: id });
  const { thing, checkpoint } = await ofCheckpointInScope(deps, request, id, device);
  return { device: thing, checkpoint };
}

export async function alertInScope(deps: ConsoleDeps, request: FastifyRequest, id: string): Promise<{ alert: AlertRecord; checkpoint: CheckpointRecord }> {
  const { thing, checkpoint } = await ofCheckpointInScope(deps, request, id, await deps.storage.getAlert(id));
  return { alert: thing, checkpoint };
}

/** `?area=`, `?place=` or `?checkpoint=`: at most one (none: the caller's root). */
export interface ScopeQuery {
  area?: string | undefined;
  place?: string | undefined;
  checkpoint?: string | undefined;
}

/** The id a scope query names, for the audit line of a refusal that comes before it is looked up; null: none. */
export const namedId = (query: ScopeQuery): string | null => query.area ?? query.place ?? query.checkpoint ?? null;

/** The record a scope query names; an area of null is an admin's whole city (or the nothing an hq whose area is gone reaches). */
export type Named =
  | { kind: 'area'; area: AreaRecord | null }
  | { kind: 'place'; place: PlaceRecord; area: AreaRecord }
  | { kind: 'checkpoint'; checkpoint: CheckpointRecord };

/** What a scope query names, with its checkpoints in the caller's reach: what the figures, the report, the export and the tablets list are about. */
export interface ScopeTarget {
  named: Named;
  kind: Named['kind'];
  /** Null: an admin's whole city. */
  id: string | null;
  /** Its name; null for the whole city. */
  name: string | null;
  /** Area ids from the root to it (a place's or checkpoint's area), for the audit line; null: the whole city. */
  areaPath: string[] | null;
  /** Its checkpoints the caller reaches (a lead of one place: only that place's). */
  checkpoints: CheckpointRecord[];
  /** True when it is an admin's whole city: no checkpoint filter is needed. */
  wholeCity: boolean;
}

async function namedInScope(deps: ConsoleDeps, request: FastifyRequest, query: ScopeQuery): Promise<Named> {
  const { storage } = deps;
  const caller = callerOf(request);
  const named = [query.area, query.place, query.checkpoint].filter((id) => id !== undefined);
  if (named.length > 1) throw new ApiFailure(400, 'request-invalid', 'name at most one of area, place and checkpoint');
  if (query.checkpoint !== undefined) return { kind: 'checkpoint', checkpoint: await checkpointInScope(deps, request, query.checkpoint) };
  // A lead of one place who names nothing is about their place: their area would hold only it, under the wrong name.
  const placeId = query.place ?? (query.area === undefined ? caller.user.placeId : null);
  if (placeId !== null) {
    const place = await storage.getPlace(placeId);
    const area = place && (await storage.getArea(place.areaId));
    if (place && area && reachesPlace(caller.scope, place, area.path)) return { kind: 'place', place, area };
    // A lead whose own place is gone falls through to their area, where they reach nothing.
    if (query.place !== undefined) throw await refuseArea(deps, request, query.place);
  }
  return { kind: 'area', area: await areaInScope(deps, request, query.area) };
}

/**
 * What the query names, or the caller's root when it names nothing (a lead of one place: that place), with the
 * checkpoints under it the caller reaches. Two names at once are a 400 `request-invalid`.
 */
export async function scopeTarget(deps: ConsoleDeps, request: FastifyRequest, query: ScopeQuery): Promise<ScopeTarget> {
  const { scope } = callerOf(request);
  const named = await namedInScope(deps, request, query);
  if (named.kind === 'checkpoint') {
    const { checkpoint } = named;
    return { named, kind: 'checkpoint', id: checkpoint.id, name: checkpoint.name, areaPath: checkpoint.areaIds, checkpoints: [checkpoint], wholeCity: false };
  }
  const { area } = named;
  const all = (await deps.storage.listCheckpointRecords(area?.id ?? null)).filter((c) => reachesCheckpoint(scope, c));
  if (named.kind === 'place') {
    const { place } = named;
    return { named, kind: 'place', id: place.id, name: place.name, areaPath: named.area.path, checkpoints: all.filter((c) => c.placeId === place.id), wholeCity: false };
  }
  return { named, kind: 'area', id: area?.id ?? null, name: area?.name ?? null, areaPath: area?.path ?? null, checkpoints: all, wholeCity: area === null && scope.root === null };
}

/** A scope target that is one place or one checkpoint: what the rules and the key-person lists are changed for. */
export type GateTarget = ScopeTarget & { kind: 'place' | 'checkpoint'; id: string; name: string };

/**
 * What a rules or lists route names, found as scopeTarget finds it (403 outside the caller's reach first); an area, or
 * nothing for a caller whose root is an area, is a 400 `rules-scope`: a district's gates are not all changed at once.
 */
export async function gateTarget(deps: ConsoleDeps, request: FastifyRequest, query: ScopeQuery): Promise<GateTarget> {
  const target = await scopeTarget(deps, request, query);
  if (target.kind === 'area' || target.id === null || target.name === null) throw new ApiFailure(400, 'rules-scope');
  return { ...target, kind: target.kind, id: target.id, name: target.name };
}
