/** What the storage says of self check-in at a place's poster (issue #20, storage/selfCheckIns.ts), and the contract over it. */
import type { Entry } from '../../core/entry.ts';
import type { Result } from '../../core/result.ts';
import type { SelfOutcome } from '../../core/selfCheckInWire.ts';

/** What the token hash of every place's own device starts with: it tells them from tablets (figures.ts counts tablets only). */
export const SELF_TOKEN_PREFIX = 'self-check-in:';

/** What the server logs a place's self check-ins under: a checkpoint of the place (自助登记) and one device, its chain. */
export interface SelfPlace {
  placeId: string;
  placeName: string;
  checkpointId: string;
  deviceId: string;
  withdrawnAt: string | null;
}

/** What a passage is asked to append; the entry itself is made by `seal` once the chain's head is known. */
export interface NewSelfPassage {
  clientId: string;
  /** Whose passages the hourly bound counts and who may be answered the receipt again (selfCheckInSchema.ts). */
  phoneKey: string;
  placeId: string;
  receivedAt: Date;
  maxPerHour: number;
  /** The short form's call-back number (null with a credential). */
  phone: string | null;
  /** The entry after `prev` (null: the chain's first), with what the phone is shown. */
  seal(prev: { seq: number; hash: string } | null): { entry: Entry & { personSalt: string }; outcome: SelfOutcome; reasons: string[] };
}

/** A passage as stored: the receipt's facts, and its entry (for the alerts a retry must make if the first attempt did not). */
export interface StoredSelfPassage {
  clientId: string;
  placeId: string;
  placeName: string;
  direction: 'in' | 'out';
  at: string;
  receivedAt: string;
  outcome: SelfOutcome;
  reasons: string[];
  entry: Entry;
  /** True when this call stored it; false when it answers an earlier one. */
  stored: boolean;
}

export type SelfPassageError = 'place-withdrawn' | 'self-passages-hourly' | 'self-passage-conflict';

/** The storage contract of self check-in (Storage extends it). */
export interface SelfCheckInStorage {
  /** The place's self check-in, made now if missing, under `ids` (selfIds); null: no such place. */
  ensureSelfPlace(placeId: string, ids: { checkpointId: string; deviceId: string }, now: string): Promise<SelfPlace | null>;
  /** The place's self check-in; null: none made yet. */
  selfPlace(placeId: string): Promise<SelfPlace | null>;
  /** Withdraws the place's poster, or opens it again (null); false: it has no self check-in. */
  setPosterWithdrawn(placeId: string, withdrawn: { at: string; by: string } | null): Promise<boolean>;
  /** Of these places, the ones whose poster is withdrawn. */
  withdrawnPosters(placeIds: readonly string[]): Promise<string[]>;
  /** Appends one passage to the place's chain, exactly once per client id. */
  appendSelfPassage(self: SelfPlace, passage: NewSelfPassage): Promise<Result<StoredSelfPassage, SelfPassageError>>;
}
