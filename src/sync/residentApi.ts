/** A resident phone's calls (issue #18): registration, the household, travel, requests and health codes, each signed with the phone's credential. */
import type { Colour } from '../core/entry.ts';
import type { Result } from '../core/result.ts';
import {
  RESIDENT_AUTH_SCHEME,
  type Community, type HelpRequest, type HelpRequestState, type Household, type PhoneCredential, type RegisterRequest, type TravelRequest,
} from '../core/residentWire.ts';
import { call, type CallError } from './api.ts';

/** A resident's current code as the server issues it; `reasons` (catalogue keys) when the server says why. */
export interface IssuedHealthCode { colour: Colour; code: string; issuedAt: string; expires: string; day: string; reasons?: string[] }

/** What a check-in says: the person by ID number only, as the credential says whose phone asks. */
export interface CheckIn { id: string; temperature: number; isolated: boolean; symptoms: boolean }

const authorised = (credential: PhoneCredential | null): Record<string, string> =>
  credential ? { authorization: `${RESIDENT_AUTH_SCHEME} ${credential.phoneId}.${credential.secret}` } : {};

const json = (method: string, credential: PhoneCredential | null, body?: unknown): RequestInit => ({
  method,
  headers: authorised(credential),
  ...(body !== undefined && { body: JSON.stringify(body) }),
});

/**
 * The server no longer takes this credential: the 401 `resident-credential` it answers for a secret it never issued or
 * replaced (a passkey recovery on another phone). Not offline, a timeout, a 5xx or a rate limit: those leave the codes usable.
 */
export const credentialRefused = (e: CallError): boolean => e.kind === 'server' && e.status === 401 && e.error === 'resident-credential';

type RefusedListener = (credential: PhoneCredential) => void;
const refusedListeners = new Set<RefusedListener>();

/** Calls `listener` with the credential of every signed call the server refuses as `resident-credential`; answers the unsubscribe. */
export function onCredentialRefused(listener: RefusedListener): () => void {
  refusedListeners.add(listener);
  return () => { refusedListeners.delete(listener); };
}

/** A call signed with the phone's credential; a refusal of the credential itself is told to the listeners (the phone's state), wherever it was made. */
async function signed<T>(path: string, method: string, credential: PhoneCredential, body?: unknown): Promise<Result<T, CallError>> {
  const answer = await call<T>(path, json(method, credential, body));
  if (!answer.ok && credentialRefused(answer.error)) for (const listener of refusedListeners) listener(credential);
  return answer;
}

/**
 * Without a credential a new phone is made (the answer carries its credential); with one, the person joins its household.
 * Not told to the listeners: RegisterForm answers a refused credential itself, by registering as a new phone.
 */
export const registerPerson = (credential: PhoneCredential | null, body: RegisterRequest): Promise<Result<Household, CallError>> =>
  call<Household>('/residents/register', json('POST', credential, body));

export const fetchHousehold = (credential: PhoneCredential) => signed<Household>('/residents/me', 'GET', credential);

/** Replaces the person's trips; answers the household as it now stands. */
export const saveTravel = (credential: PhoneCredential, body: TravelRequest) => signed<Household>('/residents/travel', 'PUT', credential, body);

export const raiseRequest = (credential: PhoneCredential, body: HelpRequest) => signed<HelpRequestState>('/residents/requests', 'POST', credential, body);

/** Takes a person off this phone; answers the household without them. */
export const removePerson = (credential: PhoneCredential, id: string) =>
  signed<Household>(`/residents/persons/${encodeURIComponent(id)}`, 'DELETE', credential);

/** Communities whose name has `q`; open before the first registration, as the phone has no credential yet. */
export const searchCommunities = (credential: PhoneCredential | null, q: string) =>
  call<Community[]>(`/residents/communities?${new URLSearchParams({ q }).toString()}`, json('GET', credential));

export const checkIn = (credential: PhoneCredential, body: CheckIn) => signed<IssuedHealthCode>('/checkins', 'POST', credential, body);

export const currentHealthCode = (credential: PhoneCredential, id: string) => signed<IssuedHealthCode>('/health-code', 'POST', credential, { id });

/** The catalogue key of a failure: the server's error name, or being offline (a timeout reads the same to a resident). */
export const errorKey = (e: CallError): string => (e.kind === 'server' ? e.error : 'sync-offline');
