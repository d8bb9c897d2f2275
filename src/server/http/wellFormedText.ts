/** Every string of every JSON body is well-formed text (no lone surrogates, no non-characters), or the request is refused before any handler sees it. */
import type { FastifyInstance } from 'fastify';
import { malformedTextAt } from '../../core/text.ts';
import { ApiFailure } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Top-level body fields whose text the route checks itself, item by item: the pushed entries, so that one bad entry
     * is refused by name while the rest of its batch is stored (and a sealed entry's name is only seen once opened).
     */
    textCheckedPerItem?: readonly string[];
  }
}

/**
 * The JSON path (`body/entries/3/name`, `body/<key>` for a key) of the first malformed string in `value`, or null;
 * `skip`: top-level fields not to look into.
 */
export function malformedTextPath(value: unknown, skip: readonly string[] = [], root = 'body'): string | null {
  // A stack, not recursion: a body of deeply nested arrays must not overflow the call stack.
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: next, path } = stack.pop()!;
    if (typeof next === 'string') {
      if (malformedTextAt(next) !== -1) return path;
    } else if (Array.isArray(next)) {
      for (let i = next.length - 1; i >= 0; i--) stack.push({ value: next[i], path: `${path}/${i}` });
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        if (malformedTextAt(key) !== -1) return `${path}/<key>`;
        if (path === root && skip.includes(key)) continue;
        stack.push({ value: item, path: `${path}/${key}` });
      }
    }
  }
  return null;
}

/** Refuses 400 text-malformed, naming the field, before validation: nothing half-formed is stored or answered from. */
export function wellFormedBodies(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const path = malformedTextPath(request.body, request.routeOptions.config.textCheckedPerItem ?? []);
    if (path !== null) throw new ApiFailure(400, 'text-malformed', path);
  });
}
