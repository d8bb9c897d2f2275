/** What the storage says of resident accounts (issue #18): phones, bound persons, trips, requests and re-binding codes, and the contract over them. */
import type { Result } from '../../core/result.ts';
import type { Relation, RequestKind, RequestStatus, Trip } from '../../core/residentWire.ts';

/** A person as bound to a phone. */
export interface BoundPerson {
  /** The canonical 18-character ID number. */
  personId: string;
  name: string;
  relation: Relation;
  phone: string | null;
  areaId: string | null;
  address: string | null;
  phoneId: string;
  boundAt: string;
  boundBy: 'self' | 'rebind';
}

/** A registration as the route decided it: what to write, and what the person was bound to before (for the audit of a re-binding). */
export interface Binding {
  person: BoundPerson;
  /** A new phone to make in the same transaction (the first registration of a phone). */
  newPhone?: { phoneId: string; secretHash: string };
  /** Set when the binding is made with a lead's code: the code's hash, used up in the same transaction. */
  rebindCodeHash?: string;
}

/**
 * Why a binding is refused, found again inside its transaction: another phone holds the ID (`claimed`), the phone is
 * full or already has its `self`, or the code was used or expired meanwhile.
 */
export type BindError = 'resident-claimed' | 'resident-household-full' | 'resident-self-taken' | 'rebind-code-invalid';

/** What a binding replaced: the phone and name the person had (null: none). */
export interface Bound {
  before: { phoneId: string; name: string; areaId: string | null } | null;
}

export interface StoredRequest {
  requestId: string;
  personId: string;
  kind: RequestKind;
  text: string;
  status: RequestStatus;
  createdAt: string;
  doneAt: string | null;
  note: string | null;
  doneBy: string | null;
}

/** A re-binding code as the lead made it; only its hash is kept. */
export interface NewRebindCode {
  codeHash: string;
  personId: string;
  name: string;
  areaId: string | null;
  createdBy: string;
  createdAt: string;
  reason: string;
  expiresAt: string;
}

/** An open code, as a registration redeems it. */
export interface OpenRebindCode {
  codeHash: string;
  personId: string;
  name: string;
  areaId: string | null;
  createdBy: string;
  reason: string;
}

/** Flags the console's 居民 list needs of each person, counted in the database. */
export interface PersonFacts {
  lastCheckIn: string | null;
  lastIsolated: boolean;
  feverSince: boolean;
  openRequests: number;
  trips: number;
}

export interface ResidentStorage {
  /** The phone whose secret hashes to `secretHash`; records that it was seen (to the minute). Null: no such phone or another secret. */
  authenticatePhone(phoneId: string, secretHash: string, seenAt: string): Promise<boolean>;
  /** The person bound under this ID number, whatever the phone; null: never bound (or left). */
  boundPerson(personId: string): Promise<BoundPerson | null>;
  /** The persons bound to a phone, the owner first, then by when they were bound. */
  householdOf(phoneId: string): Promise<BoundPerson[]>;
  /** Binds (or re-binds, or updates) a person, atomically with the checks of BindError and the phone's making. */
  bindPerson(binding: Binding, maxHousehold: number): Promise<Result<Bound, BindError>>;
  /** Ends a binding and deletes the person's trips and requests; false when the person is not on this phone. */
  unbindPerson(phoneId: string, personId: string): Promise<boolean>;

  /** Replaces a person's trips. */
  replaceTrips(personId: string, trips: readonly Trip[]): Promise<void>;
  /** Trips of these persons, in the order they were sent. */
  tripsOf(personIds: readonly string[]): Promise<Map<string, Trip[]>>;
  /** Adds a request unless the person has `maxOpen` open ones already (null: refused). */
  addRequest(request: StoredRequest, maxOpen: number): Promise<StoredRequest | null>;
  /** Requests of these persons, newest first; with `since`, only those open or done since then. */
  requestsOf(personIds: readonly string[], since?: string): Promise<StoredRequest[]>;
  getRequest(requestId: string): Promise<StoredRequest | null>;
  /** Closes an open request; the request as it is after (a closed one stays as it was closed). Null: no such request. */
  closeRequest(requestId: string, done: { at: string; note: string; by: string }): Promise<StoredRequest | null>;

  /** The persons bound in these areas (null: all of them). */
  personsInAreas(areaIds: readonly string[] | null): Promise<BoundPerson[]>;
  /** The facts of each person since `sinceDay` (fever, trips) and now (last check-in, open requests). */
  personFacts(personIds: readonly string[], sinceDay: string, feverCelsius: number): Promise<Map<string, PersonFacts>>;

  /** Adds a code; the person's earlier open codes stop working (the newest card seen is the one that counts). */
  addRebindCode(code: NewRebindCode): Promise<void>;
  /** The code of this hash if it is neither used, expired, nor tried `maxAttempts` times wrongly. */
  openRebindCode(codeHash: string, now: string, maxAttempts: number): Promise<OpenRebindCode | null>;
  /** Counts a wrong code against each of the person's open codes. */
  countRebindAttempt(personId: string, now: string): Promise<void>;
}
