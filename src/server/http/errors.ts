/** API errors: one body shape `{ error, message, messageZh }` for ours and Fastify's own alike, its words from the catalogue. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { say, type CatalogueKey } from '../../core/catalogue.ts';
import type { ApiError } from '../../core/wire.ts';
import { firstError } from './ajvErrors.ts';

export type ApiErrorName = Extract<
  CatalogueKey,
  | 'enrol-code-invalid' | 'enrol-code-used' | 'enrol-code-expired' | 'auth-missing' | 'auth-invalid' | 'device-revoked' | 'checkpoint-unknown'
  | 'app-update-required' | 'enrol-code-revoked'
  | 'user-name-taken' | 'signin-failed' | 'signin-locked' | 'passkey-failed' | 'session-missing' | 'csrf-invalid' | 'forbidden-area' | 'forbidden-role' | 'figures-range'
  | 'password-weak' | 'city-unknown' | 'city-in-use' | 'city-has-users' | 'city-move-into-itself' | 'city-code-taken' | 'city-name-taken'
  | 'city-name-empty' | 'city-name-long' | 'city-name-chars' | 'city-code-invalid'
  | 'request-invalid' | 'request-json' | 'json-duplicate-key' | 'text-malformed' | 'request-media-type' | 'request-too-large' | 'rate-limited' | 'not-found' | 'server-error'
  | 'trace-reason-missing' | 'trace-range' | 'trace-place-one'
  | 'place-count-reason-missing'
  | 'rules-scope' | 'rules-field' | 'rules-value' | 'key-person-file' | 'key-person-file-type' | 'key-person-too-many' | 'scope-empty' | 'enrol-sheet-large'
  | 'resident-unknown' | 'resident-credential' | 'resident-claimed' | 'resident-not-verified' | 'resident-verifier-unavailable' | 'resident-household-full'
  | 'resident-self-taken' | 'rebind-code-invalid' | 'resident-requests-open' | 'trip-dates' | 'community-unknown' | 'resident-passkey-failed' | 'resident-passkeys-full' | 'lead-pin-invalid' | 'lead-proof-missing' | 'lead-proof-invalid' | 'lead-pin-stale' | 'arrival-date' | 'arrival-withdraw-reason' | 'id-empty' | 'id-length' | 'id-chars' | 'id-region' | 'id-date' | 'id-check'
  | 'place-withdrawn' | 'poster-unknown' | 'self-passages-hourly' | 'self-passage-conflict' | 'self-passage-form' | 'self-passage-time'
>;

/** A refusal a handler throws; the error handler turns it into the JSON body. */
export class ApiFailure extends Error {
  constructor(readonly statusCode: number, readonly error: ApiErrorName, readonly detail?: string) {
    super(detail ? `${error}: ${detail}` : error);
    this.name = 'ApiFailure';
  }
}

export function errorBody(error: ApiErrorName, detail?: string): ApiError {
  const en = say(error, 'en'), zh = say(error, 'zh');
  return detail ? { error, message: `${en}: ${detail}`, messageZh: `${zh}：${detail}` } : { error, message: en, messageZh: zh };
}

/** Fastify's own failures, by code, as ours. */
const FASTIFY_CODES: Record<string, [number, ApiErrorName]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request-json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request-json'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request-media-type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request-too-large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request-invalid'],
};

function classify(error: FastifyError): { status: number; body: ApiError } {
  if (error instanceof ApiFailure) return { status: error.statusCode, body: errorBody(error.error, error.detail) };
  if (error.validation) {
    return { status: 400, body: errorBody('request-invalid', firstError(error.validation, error.validationContext ?? '')) };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { status: known[0], body: errorBody(known[1]) };
  // JSON.parse's SyntaxError, proto-poisoning and other parser refusals carry a 4xx status of their own.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, body: errorBody(error instanceof SyntaxError ? 'request-json' : 'request-invalid', error.message) };
  }
  return { status: 500, body: errorBody('server-error') };
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = classify(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
