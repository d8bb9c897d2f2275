/** @fastify/rate-limit's store over the database (PostgreSQL), so a limit counts the requests of every server process. */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { SharedStorage } from '../storage/storage.ts';

/**
 * The store class the plugin constructs (once, then one child per limited route), counting in `shared`. Each route's
 * keys are its method and URL before the client's IP, as the plugin's own Redis store does. A failed count answers the
 * error: the plugin lets the request through (skipOnError), as an outage of the counter must not lock out enrolment.
 */
export function sharedRateLimitStore(shared: SharedStorage): FastifyRateLimitStoreCtor {
  class SharedStore implements FastifyRateLimitStore {
    constructor(_options?: unknown, private readonly prefix = 'all') {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      shared.countRequest(`${this.prefix} ${key}`, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route's limit settings with the route under `routeInfo` (its index.js), not the route's
      // own options as its types say; the Redis store reads the same.
      const { method, url } = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      return new SharedStore(undefined, `${Array.isArray(method) ? method.join(',') : (method ?? '')} ${url ?? ''}`);
    }
  }
  return SharedStore;
}
