/** The arrivals' storage contract and records (migration 018), apart from the queries so storage.ts imports no query module. */
import type { ArrivalMeans, ArrivalRule } from '../../core/arrivalRules.ts';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';

/** An arrival as stored: the form's answers and what the operator's table made of it. */
export interface StoredArrival {
  arrivalId: string;
  personId: string;
  name: string;
  phone: string;
  fromProvince: string;
  fromCity: string;
  arrivalDay: string;
  means: ArrivalMeans;
  meansDetail: string;
  areaId: string;
  address: string;
  healthYes: string[];
  /** Null (with the three after it): on no list. */
  category: KeyPersonCategory | null;
  untilDay: string | null;
  since: string | null;
  endsAt: string | null;
  registeredAt: string;
  expiredAt: string | null;
}

/** What adding did: the arrival stored (or the one already there for this person, day and community), and the checkpoints whose list it joined. */
export interface ArrivalAdded {
  arrival: StoredArrival;
  created: boolean;
  checkpointIds: string[];
}

export interface ArrivalFilter {
  /** Areas whose arrivals to list (null: every one). */
  areaIds: readonly string[] | null;
  /** Registered at or after (ISO 8601). */
  since?: string;
  limit: number;
}

export interface ArrivalStorage {
  /**
   * Stores an arrival and moves the config version of every checkpoint under its community when it is listed, in one
   * transaction; the same person, day and community a second time answers the first (a double tap registers once).
   */
  addArrival(arrival: StoredArrival): Promise<ArrivalAdded>;
  /** Newest first. */
  listArrivals(filter: ArrivalFilter): Promise<StoredArrival[]>;
  /** The arrivals listed at `now` (ISO 8601) in the community of this checkpoint or any area above it. */
  listedArrivalsAt(checkpointId: string, now: string): Promise<StoredArrival[]>;
  /** Whether a listing has ended at `now` that no process has expired yet: the cheap question before `expireArrivals`. */
  arrivalsDue(now: string): Promise<boolean>;
  /** Marks the listings ended at `now` expired and moves their checkpoints' config versions, once: the ones this call expired. */
  expireArrivals(now: string): Promise<StoredArrival[]>;
  /** A person's arrivals, oldest first (tracing). */
  arrivalsOf(personId: string): Promise<StoredArrival[]>;
  /** The operator's table; null: none set (the defaults apply). */
  arrivalRules(): Promise<ArrivalRule[] | null>;
  setArrivalRules(rules: readonly ArrivalRule[], at: string): Promise<void>;
  /** Back to the defaults; whether a table was set. */
  resetArrivalRules(): Promise<boolean>;
}
