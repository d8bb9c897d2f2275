/** The arrival receipts this phone was given (入市登记, issue #20), in IndexedDB (idb-keyval): reopening /arrive shows them, offline too. */
import { get, update } from 'idb-keyval';
import type { ArrivalReceipt } from '../core/arrivalWire.ts';

const RECEIPTS = 'kadian-arrival-receipts';
/** A phone registers its owner and perhaps a family member or two; older receipts than these are of no use. */
const KEPT = 10;

/** Newest first. */
export const loadReceipts = async (): Promise<ArrivalReceipt[]> => (await get<ArrivalReceipt[]>(RECEIPTS)) ?? [];

/** Keeps a receipt first; the same registration answered again replaces its copy. */
export const saveReceipt = (receipt: ArrivalReceipt): Promise<void> =>
  update<ArrivalReceipt[]>(RECEIPTS, (all) => [receipt, ...(all ?? []).filter((r) => r.arrivalId !== receipt.arrivalId)].slice(0, KEPT));
