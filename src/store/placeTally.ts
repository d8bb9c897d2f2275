/** The place's count as the gate shows and judges it: the server's last count with this tablet's unsent passages added. */
import { insideAtGate, type PlaceCount } from '../core/placeCount.ts';
import { dayFigures } from './figures.ts';
import { db } from './db.ts';
import { keepCount, readTally, type PlaceTally } from './tally.ts';

/** The tally as it stands (for the screens; the gate reads it inside its write). */
export const placeTally = (): Promise<PlaceTally> => readTally(db.tally);

/** A fresher count from the server (the poll). */
export const heardCount = (count: PlaceCount): Promise<void> => db.transaction('rw', db.tally, () => keepCount(db.tally, count));

/** The tally and how many the gate counts inside from it now: what the gate's bar and the lead's figures show. */
export async function placeInsideNow(): Promise<{ tally: PlaceTally; inside: number }> {
  const [tally, today] = await Promise.all([placeTally(), dayFigures()]);
  return { tally, inside: insideAtGate(tally.server, tally.pendingNet, today.inside) };
}
