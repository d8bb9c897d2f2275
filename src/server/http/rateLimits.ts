/** Per-IP limits on the open, login-like routes (enrolment, residents'), by @fastify/rate-limit; device routes are never limited by IP. */
import rateLimit from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { SharedStorage } from '../storage/storage.ts';
import { refusal } from './auth.ts';
import { sharedRateLimitStore } from './rateLimitStore.ts';

const MINUTE_MS = 60_000;

/**
 * Registered once on the app, limiting nothing by itself (global: false): a route opts in with `limitPerMinute`.
 * Tablets behind one NAT share an IP, so their push and config routes must not be counted by IP; they are
 * authenticated by their token instead. `shared` (PostgreSQL): counted in the database, so a limit holds across every
 * server process; none (SQLite, one process): counted in this process's memory.
 */
export async function registerRateLimits(app: FastifyInstance, shared: SharedStorage | null): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(shared && { store: sharedRateLimitStore(shared), skipOnError: true }),
    // Thrown: our error handler gives it the JSON error shape; the plugin has already set Retry-After.
    errorResponseBuilder: (request) => refusal(request, 429, 'rate-limited'),
  });
}

/** A route's config for at most `max` requests per minute per client IP; 0 for none. */
export function limitPerMinute(max: number): FastifyContextConfig {
  return max > 0 ? { rateLimit: { max, timeWindow: MINUTE_MS } } : {};
}
