/** The console's calls to /api/v1: JSON both ways, the session cookie, the CSRF token on every change, failures as ConsoleError in both languages. */
import { say, sayAny, type Language } from '../core/catalogue.ts';
import type { ApiError } from '../core/wire.ts';

/** A refused or failed call, with words for the person and the server's error name for the code. */
export class ConsoleError extends Error {
  constructor(readonly status: number, readonly code: string, readonly words: Readonly<Record<Language, string>>) {
    super(words.en);
  }
}

let csrf = '';
const signedOutListeners = new Set<() => void>();

/** The token of the session in force, from the sign-in or /console/me. */
export const setCsrf = (token: string): void => { csrf = token; };

/** Called when any call finds the session gone (expired, or signed out elsewhere): the console shows the sign-in. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export const networkError = (): ConsoleError => new ConsoleError(0, 'network', { zh: say('networkFailed', 'zh'), en: say('networkFailed', 'en') });

/** The words of a failed reply: the catalogue's when it knows the error's name, else the server's own. */
export async function errorOf(res: Response): Promise<ConsoleError> {
  const body = (await res.json().catch(() => null)) as ApiError | null;
  const code = body?.error ?? `http-${res.status}`;
  const known = sayAny(code, 'zh') !== code;
  const en = known ? sayAny(code, 'en') : body?.message ?? `HTTP ${res.status}`;
  const zh = known ? sayAny(code, 'zh') : body?.messageZh ?? en;
  if (res.status === 401 && code === 'session-missing') for (const listener of signedOutListeners) listener();
  return new ConsoleError(res.status, code, { zh, en });
}

/** Any request under /api/v1; a change carries the CSRF token. */
export async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export const get = async <T,>(path: string): Promise<T> => (await (await send('GET', path)).json()) as T;
export const post = async <T,>(path: string, body?: unknown): Promise<T> => (await (await send('POST', path, body ?? {})).json()) as T;
export const remove = async <T,>(path: string): Promise<T> => (await (await send('DELETE', path)).json()) as T;
