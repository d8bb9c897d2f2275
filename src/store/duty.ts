/** The volunteer on duty at this tablet, kept with idb-keyval so a reload or another tab keeps the shift. */
import { del, get, set } from 'idb-keyval';
import type { Duty } from '../core/duty.ts';

const KEY = 'kadian-duty';

export const loadDuty = async (): Promise<Duty | null> => (await get<Duty>(KEY)) ?? null;

/** A new shift, or none (the volunteer signed off and nobody took over yet). */
export const saveDuty = (duty: Duty | null): Promise<void> => (duty ? set(KEY, duty) : del(KEY));
