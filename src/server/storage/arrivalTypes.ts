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
  /** Null: not withdrawn (migration 025); read back always set, left out by a caller that stores a new arrival. */
  withdrawal?: ArrivalWithdrawal | null;
}

/** A false arrival withdrawn from the console: it then lists nobody and no longer ends, and is kept for the record until retention. */
export interface ArrivalWithdrawal {
  at: string;
  /** `user:ID` of the console user. */
  by: string;
  /** Their name when they withdrew it. */
  byName: string;
  reason: string;
}

/** What withdrawing did: the arrival as it now stands, whether this call withdrew it (false: it already was), and the checkpoints whose list it left. */
export interface ArrivalWithdrawn {
  arrival: StoredArrival;
  first: boolean;
  checkpointIds: string[];
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
  /** The arrivals listed at `now` (ISO 8601) in the community of this checkpoint or any area above it; withdrawn ones are not. */
  listedArrivalsAt(checkpointId: string, now: string): Promise<StoredArrival[]>;
  /** How many persons arrivals add to this checkpoint's key-person list at `now`, by category (the console's counts; never who). */
  listedArrivalCounts(checkpointId: string, now: string): Promise<Partial<Record<KeyPersonCategory, number>>>;
  /** Whether a listing has ended at `now` that no process has expired yet: the cheap question before `expireArrivals`. */
  arrivalsDue(now: string): Promise<boolean>;
  /** Marks the listings ended at `now` expired and moves their checkpoints' config versions, once: the ones this call expired. */
  expireArrivals(now: string): Promise<StoredArrival[]>;
  getArrival(arrivalId: string): Promise<StoredArrival | null>;
  /**
   * Withdraws an arrival once, and moves the config version of every checkpoint under its community when it was still
   * on their lists, in one transaction; a second time keeps the first withdrawal (null: no such arrival).
   */
  withdrawArrival(arrivalId: string, withdrawal: ArrivalWithdrawal): Promise<ArrivalWithdrawn | null>;
  /** A person's arrivals, oldest first (tracing). */
  arrivalsOf(personId: string): Promise<StoredArrival[]>;
  /** The operator's table; null: none set (the defaults apply). */
  arrivalRules(): Promise<ArrivalRule[] | null>;
  setArrivalRules(rules: readonly ArrivalRule[], at: string): Promise<void>;
  /** Back to the defaults; whether a table was set. */
  resetArrivalRules(): Promise<boolean>;
}
