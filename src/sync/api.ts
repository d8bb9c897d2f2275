/** Calls to the central server, each with a time limit and a typed failure instead of a throw. */
import type { Colour } from '../core/entry.ts';
import { KEY_PERSON_FORMAT } from '../core/protocol.ts';
import type { PlaceCount } from '../core/placeCount.ts';
import { API_PREFIX } from '../core/protocol.ts';
import type { LeadPinChange } from '../core/leadWire.ts';
import type { ApiError, Config, ConfigUnchanged, EnrolResponse, PolicyChange, PushRequest, PushResponse } from '../core/wire.ts';
import { err, ok, type Result } from '../core/result.ts';

/** Why a call failed: the network, the clock, or the server's own named error. */
export type CallError =
  | { kind: 'offline' }
  | { kind: 'timeout' }
  | { kind: 'server'; status: number; error: string; message: string; messageZh?: string };

/** A request slower than this counts as failed: a gate cannot wait on a crawling network. */
const TIMEOUT_MS = 15_000;

/** One request under /api/v1: `token` is a tablet's device token; other headers (a resident phone's credential) go in `headers`. */
async function send(path: string, init: RequestInit & { token?: string }): Promise<Result<Response, CallError>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  try {
    return ok(await fetch(API_PREFIX + path, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' }));
  } catch (e) {
    return err(e instanceof DOMException && e.name === 'TimeoutError' ? { kind: 'timeout' } : { kind: 'offline' });
  }
}

/** The answer's JSON, or the server's named error. */
async function read<T>(response: Response): Promise<Result<T, CallError>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A captive portal or a proxy answering HTML is as good as no network for us.
    return err({ kind: 'server', status: response.status, error: 'response-not-json', message: `HTTP ${response.status}` });
  }
  if (!response.ok) {
    const e = body as Partial<ApiError>;
    return err({ kind: 'server', status: response.status, error: e.error ?? 'http-error', message: e.message ?? `HTTP ${response.status}`, ...(e.messageZh ? { messageZh: e.messageZh } : {}) });
  }
  return ok(body as T);
}

/** One call under /api/v1 and its JSON answer. */
export async function call<T>(path: string, init: RequestInit & { token?: string }): Promise<Result<T, CallError>> {
  const sent = await send(path, init);
  return sent.ok ? read<T>(sent.value) : sent;
}

export const enrol = (code: string, label?: string) =>
  call<EnrolResponse>('/enrol', { method: 'POST', body: JSON.stringify(label ? { code, label } : { code }) });

/** The answer to a config pull when the tablet holds all of it (HTTP 304). */
export const CONFIG_HELD = 'held';

/**
 * Says which key-person list format this app reads and what it holds: its config version and, when it has them, its
 * revocation list's revision (then an unchanged config answers 304, and changed revocations only what changed) and its
 * key-person list's (then a changed config brings only what changed in the list).
 */
export async function pullConfig(
  token: string, since: number, revocations: number | undefined, keyPersonRevision?: number,
): Promise<Result<Config | ConfigUnchanged | typeof CONFIG_HELD, CallError>> {
  const held = (revocations === undefined ? '' : `&revocations=${revocations}`) + (keyPersonRevision === undefined ? '' : `&keyPersonRevision=${keyPersonRevision}`);
  const sent = await send(`/config?since=${since}&keyPersons=${KEY_PERSON_FORMAT}${held}`, { method: 'GET', token });
  if (!sent.ok) return sent;
  return sent.value.status === 304 ? ok(CONFIG_HELD) : read<Config | ConfigUnchanged>(sent.value);
}

export const pushEntries = (token: string, request: PushRequest) =>
  call<PushResponse>('/entries', { method: 'POST', token, body: JSON.stringify(request) });

/** The place's count now, across all its gates (a light GET: the gate polls it while online). */
export const pullPlaceCount = (token: string) => call<PlaceCount>('/place-count', { method: 'GET', token });

export const putPolicy = (token: string, change: PolicyChange) =>
  call<Config>('/policy', { method: 'PUT', token, body: JSON.stringify(change) });

export const putLeadPin = (token: string, change: LeadPinChange) =>
  call<Config>('/lead-pin', { method: 'PUT', token, body: JSON.stringify(change) });

/** The demonstration's sample residents' health codes, one per colour (GET /samples). */
export interface SampleHealthCode { id: string; name: string; colour: Colour; code: string; expires: string }

export const sampleHealthCodes = () => call<{ codes: SampleHealthCode[] }>('/samples', { method: 'GET' });
