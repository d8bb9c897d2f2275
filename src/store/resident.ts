/**
 * What a resident's phone keeps, in IndexedDB (idb-keyval): the credential the server issued (a secret, so not in
 * localStorage, and it must survive reloads), the household as last seen, and per person the resident code and the
 * held health code for offline showing.
 */
import { del, delMany, get, set, update } from 'idb-keyval';
import type { Colour } from '../core/entry.ts';
import type { Household, PhoneCredential } from '../core/residentWire.ts';

export interface HeldHealthCode {
  code: string;
  colour: Colour;
  id: string;
  name: string;
  /** From the ID number: what tells two people with the same masked number apart. */
  birthDate: string;
  issuedAt: string;
  expires: string;
}

/** The household without its credential: the credential is kept under its own key, once. */
export type KeptHousehold = Omit<Household, 'credential'>;

const CREDENTIAL = 'kadian-resident-credential';
const HOUSEHOLD = 'kadian-resident-household';
const RESIDENT_CODES = 'kadian-resident-codes';
const HEALTH_CODES = 'kadian-resident-health-codes';
const PASSKEY = 'kadian-resident-passkey';
const SUPERSEDED = 'kadian-resident-superseded';

export const loadCredential = async (): Promise<PhoneCredential | null> => (await get<PhoneCredential>(CREDENTIAL)) ?? null;
export const saveCredential = (credential: PhoneCredential): Promise<void> => set(CREDENTIAL, credential);

/**
 * The secret the server refused as `resident-credential` (its account recovered on another phone). Kept, not acted on:
 * the phone counts as superseded while it still holds that very secret, so a credential saved later (a recovery, a new
 * registration) ends it with no second write to forget.
 */
export const loadSupersededSecret = async (): Promise<string | null> => (await get<string>(SUPERSEDED)) ?? null;
export const saveSupersededSecret = (secret: string): Promise<void> => set(SUPERSEDED, secret);
export const clearSupersededSecret = (): Promise<void> => del(SUPERSEDED);

/** Whether this phone made (or recovered with) a passkey of its account: it stops offering to make one. */
export const loadPasskeyMade = async (): Promise<boolean> => (await get<boolean>(PASSKEY)) === true;
export const savePasskeyMade = (): Promise<void> => set(PASSKEY, true);

export const loadHousehold = async (): Promise<KeptHousehold | null> => (await get<KeptHousehold>(HOUSEHOLD)) ?? null;
export function saveHousehold(household: Household): Promise<void> {
  const { credential: _credential, ...kept } = household;
  return set(HOUSEHOLD, kept);
}

/** Each person's resident code (KDR1), made on the phone at registration; by canonical ID number. */
export const loadResidentCodes = async (): Promise<Record<string, string>> => (await get<Record<string, string>>(RESIDENT_CODES)) ?? {};
export const saveResidentCode = (id: string, code: string): Promise<void> => update<Record<string, string>>(RESIDENT_CODES, (all) => ({ ...all, [id]: code }));

/** The held health codes still valid, by ID number. */
export async function loadHealthCodes(now = Date.now()): Promise<Record<string, HeldHealthCode>> {
  const all = (await get<Record<string, HeldHealthCode>>(HEALTH_CODES)) ?? {};
  return Object.fromEntries(Object.entries(all).filter(([, held]) => Date.parse(held.expires) > now));
}
export const saveHealthCode = (held: HeldHealthCode): Promise<void> =>
  update<Record<string, HeldHealthCode>>(HEALTH_CODES, (all) => ({ ...all, [held.id]: held }));

/** A person taken off the phone leaves nothing of theirs behind. */
export async function forgetPerson(id: string): Promise<void> {
  const without = <T,>(all: Record<string, T> | undefined): Record<string, T> => Object.fromEntries(Object.entries(all ?? {}).filter(([key]) => key !== id));
  await update<Record<string, string>>(RESIDENT_CODES, without);
  await update<Record<string, HeldHealthCode>>(HEALTH_CODES, without);
}

/** Everything of the phone account, as the person chose to register this phone again: nothing of the old one is shown after. */
export const forgetPhone = (): Promise<void> => delMany([CREDENTIAL, HOUSEHOLD, RESIDENT_CODES, HEALTH_CODES, PASSKEY, SUPERSEDED]);
