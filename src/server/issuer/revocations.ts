/** Codes that change when the colour does: a code issued in a worse colour than the last one, or a list that now colours a holder worse, revokes the codes before. */
import { isWorse, listColour } from '../../core/colourFromLists.ts';
import type { Colour } from '../../core/entry.ts';
import { REVOCATION_KEEP_MS } from '../../core/revocations.ts';
import type { Storage } from '../storage/storage.ts';
import { colourRulesInForce } from './colours.ts';

/** Whole seconds, as codes carry their issue time: a code issued in the second of a revocation, after it, stays valid. */
const toSecond = (at: Date): Date => new Date(Math.floor(at.getTime() / 1000) * 1000);

/** Revokes the person's codes issued before `notBefore`; revocations past a code's lifetime go at the same time. */
async function revoke(storage: Storage, personId: string, notBefore: Date, now: Date): Promise<void> {
  await storage.recordRevocation({ personId, notBefore: toSecond(notBefore).toISOString() }, now.getTime() - REVOCATION_KEEP_MS);
}

/**
 * Records a code just issued; when its colour is worse than the last code's (not yet expired), the codes before it are
 * revoked: the morning's green code stops at the gates once a fever check-in has made the person red. True when it revoked.
 */
export async function noteIssued(storage: Storage, personId: string, code: { colour: Colour; issuedAt: Date; expires: Date }, now: Date): Promise<boolean> {
  const before = await storage.recordIssuedCode(
    { personId, colour: code.colour, issuedAt: code.issuedAt.toISOString(), expiresMs: code.expires.getTime() }, now.getTime(),
  );
  if (!before || !isWorse(code.colour, before.colour)) return false;
  await revoke(storage, personId, code.issuedAt, now);
  return true;
}

/**
 * After the lists of these checkpoints (null: every one) or the colour rules changed: each listed person holding a code
 * that the lists now make worse has their codes revoked. Only persons with a code unexpired are looked at, a few of a
 * list of thousands. How many were revoked.
 */
export async function revokeWorsenedByLists(storage: Storage, checkpointIds: readonly string[] | null, now: Date): Promise<number> {
  const holders = await storage.listedWithCodes(checkpointIds, now.getTime());
  if (holders.length === 0) return 0;
  const table = await colourRulesInForce(storage);
  let revoked = 0;
  for (const holder of holders) {
    const colour = listColour(await storage.listingsOf(holder.personId), table, now);
    if (colour === null || !isWorse(colour, holder.colour)) continue;
    await revoke(storage, holder.personId, now, now);
    revoked++;
  }
  return revoked;
}
