/** What the storage says of the city: areas, places and checkpoints as read, and the changes an import or an operator makes. */
import type { PlaceKind } from '../../core/city.ts';

export interface AreaRecord {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  code: string | null;
  /** Ids from the root down to this area, itself last. */
  path: string[];
  /** The same areas' names. */
  names: string[];
}

export interface PlaceRecord {
  id: string;
  areaId: string;
  name: string;
  kind: PlaceKind;
  capacity: number | null;
  code: string | null;
}

export interface CheckpointRecord {
  id: string;
  name: string;
  code: string | null;
  placeId: string;
  placeName: string;
  areaId: string;
  /** Area ids from the root down to the place's area. */
  areaIds: string[];
  /** Their names. */
  areaPath: string[];
}

/** Everything an import is planned against: the whole city, small enough to hold (a city of 4,136 checkpoints is ~10,000 rows). */
export interface CityIndex {
  areas: AreaRecord[];
  places: PlaceRecord[];
  checkpoints: Array<{ id: string; placeId: string; name: string; code: string | null }>;
}

export interface NewArea { id: string; parentId: string | null; level: string; name: string; code: string | null }
export interface NewPlace { id: string; areaId: string; name: string; kind: PlaceKind; capacity: number | null; code: string | null }
export interface NewCheckpoint { id: string; placeId: string; name: string; code: string | null; capacity: number | null }

/** An import's writes, applied in one transaction: parents before children, nothing deleted. */
export interface CityChanges {
  newAreas: NewArea[];
  renamedAreas: Array<{ id: string; name: string }>;
  newPlaces: NewPlace[];
  changedPlaces: Array<{ id: string; name: string; kind: PlaceKind; capacity: number | null }>;
  newCheckpoints: NewCheckpoint[];
  renamedCheckpoints: Array<{ id: string; name: string }>;
}

/** What a removal took away: the ids of each kind. */
export interface Removal { areas: string[]; places: string[]; checkpoints: string[] }

/** Why a removal or a move was refused. */
export type CityChangeError =
  | 'city-unknown' | 'city-in-use' | 'city-has-users' | 'city-move-into-itself' | 'city-code-taken' | 'city-name-taken';

/** What may change of one item; a field left out stays as it is. */
export interface AreaEdit { name?: string; code?: string | null; level?: string }
export interface PlaceEdit { name?: string; code?: string | null; kind?: PlaceKind; capacity?: number | null }
/** Who edits a place, for its gates' rules history when its capacity (theirs too) changes: the operator, or a console user. */
export interface PlaceEditBy { at: string; user?: { id: string; name: string } }
export interface CheckpointEdit { name?: string; code?: string | null }
