/** What the console puts on the wire for places' shared inside counts (issue #17): the counts of a subtree, and a correction of one. */
import { Type, type Static } from '@sinclair/typebox';
import type { PlaceCount } from './placeCount.ts';
import { MAX_INSIDE } from './placeCountInput.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });

/** The shared `PlaceCount` schema (placeCount.ts), by its $id: the tablets' sync reply carries the same. */
const PlaceCountRef = Type.Unsafe<PlaceCount>(Type.Ref('PlaceCount'));

/** `?area=`: a subtree within the caller's (none: all of it; a lead of one place: that place). */
export const PlaceCountsQuerySchema = Type.Object({ area: Type.Optional(Id) }, { additionalProperties: false });

/** Every place of the subtree the caller reaches, in the order of the areas' tree, each with its count. */
export const PlaceCountsSchema = Type.Object({ places: Type.Array(PlaceCountRef) });
export type PlaceCounts = Static<typeof PlaceCountsSchema>;

export const PlaceParamsSchema = Type.Object({ id: Id }, { additionalProperties: false });

/**
 * "There are `inside` persons inside now", and why (checked as core/placeCountInput.ts's correctionReason says, so a
 * short one is refused by name, `place-count-reason-missing`, not as a malformed request).
 */
export const PlaceCountCorrectionSchema = Type.Object(
  { inside: Type.Integer({ minimum: 0, maximum: MAX_INSIDE }), reason: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type PlaceCountCorrectionBody = Static<typeof PlaceCountCorrectionSchema>;

/** The answer to a correction: the count from it on. */
export const PlaceCountCorrectedSchema = PlaceCountRef;
