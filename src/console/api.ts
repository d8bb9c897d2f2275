/** The console's calls to /api/v1: JSON both ways, the session cookie, the CSRF token on every change, failures as ConsoleError in both languages. */
import { say, sayAny, type Language } from '../core/catalogue.ts';
import type { ApiError } from '../core/wire.ts';

/** A refused or failed call, with words for the person, the server's error name for the code, and its reply (a refused upload's bad lines). */
export class ConsoleError extends Error {
  constructor(readonly status: number, readonly code: string, readonly words: Readonly<Record<Language, string>>, readonly body: unknown = null) {
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

/** The words of a failed reply's status and body: the catalogue's when it knows the error's name, else the server's own. */
function errorFrom(status: number, body: ApiError | null): ConsoleError {
  const code = body?.error ?? `http-${status}`;
  const known = sayAny(code, 'zh') !== code;
  const en = known ? sayAny(code, 'en') : body?.message ?? `HTTP ${status}`;
  const zh = known ? sayAny(code, 'zh') : body?.messageZh ?? en;
  if (status === 401 && code === 'session-missing') for (const listener of signedOutListeners) listener();
  return new ConsoleError(status, code, { zh, en }, body);
}

/** The words of a failed reply. */
export async function errorOf(res: Response): Promise<ConsoleError> {
  return errorFrom(res.status, (await res.json().catch(() => null)) as ApiError | null);
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

/**
 * A file sent as the body of a POST (its bytes, as application/octet-stream), with the bytes sent so far told to
 * `progress` and `sent` called once all are out (the server is then at work on it): XMLHttpRequest, as fetch reports no
 * upload progress. The reply's JSON, or a ConsoleError carrying the refusal's body.
 */
export function upload<T>(path: string, file: Blob, progress: (sent: number, total: number) => void, sent: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1${path}`);
    request.withCredentials = true;
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('x-csrf-token', csrf);
    request.upload.onprogress = (e) => progress(e.loaded, e.lengthComputable ? e.total : file.size);
    request.upload.onload = () => sent();
    request.onerror = () => reject(networkError());
    request.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(request.responseText); } catch { /* not JSON: the status speaks */ }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(errorFrom(request.status, body as ApiError | null));
    };
    request.send(file);
  });
}
