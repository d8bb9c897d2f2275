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

/** Without a credential a new phone is made (the answer carries its credential); with one, the person joins its household. */
export const registerPerson = (credential: PhoneCredential | null, body: RegisterRequest): Promise<Result<Household, CallError>> =>
  call<Household>('/residents/register', json('POST', credential, body));

export const fetchHousehold = (credential: PhoneCredential) => call<Household>('/residents/me', json('GET', credential));

/** Replaces the person's trips; answers the household as it now stands. */
export const saveTravel = (credential: PhoneCredential, body: TravelRequest) => call<Household>('/residents/travel', json('PUT', credential, body));

export const raiseRequest = (credential: PhoneCredential, body: HelpRequest) => call<HelpRequestState>('/residents/requests', json('POST', credential, body));

/** Takes a person off this phone; answers the household without them. */
export const removePerson = (credential: PhoneCredential, id: string) =>
  call<Household>(`/residents/persons/${encodeURIComponent(id)}`, json('DELETE', credential));

/** Communities whose name has `q`; open before the first registration, as the phone has no credential yet. */
export const searchCommunities = (credential: PhoneCredential | null, q: string) =>
  call<Community[]>(`/residents/communities?${new URLSearchParams({ q }).toString()}`, json('GET', credential));

export const checkIn = (credential: PhoneCredential, body: CheckIn) => call<IssuedHealthCode>('/checkins', json('POST', credential, body));

export const currentHealthCode = (credential: PhoneCredential, id: string) => call<IssuedHealthCode>('/health-code', json('POST', credential, { id }));

/** The catalogue key of a failure: the server's error name, or being offline (a timeout reads the same to a resident). */
export const errorKey = (e: CallError): string => (e.kind === 'server' ? e.error : 'sync-offline');
