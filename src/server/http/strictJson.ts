/** JSON bodies parsed as Fastify does, and refused when an object has a key twice (JSON.parse would keep the last one silently). */
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from './errors.ts';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/**
 * The first key seen twice in one object of `text`, or null. `text` must already have parsed as JSON, so this
 * only walks the structure: a stack of the keys of each open object (null for an array), keys compared decoded.
 */
export function duplicateKey(text: string): string | null {
  const open: Array<Set<string> | null> = [];
  let atKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      while (text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
      const keys = open.at(-1);
      if (atKey && keys) {
        const raw = text.slice(i + 1, end);
        // "a" and "\u0061" are the same key.
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (keys.has(key)) return key;
        keys.add(key);
        atKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      open.push(new Set());
      atKey = true;
    } else if (c === OPEN_ARRAY) {
      open.push(null);
      atKey = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
      atKey = false;
    } else if (c === COMMA) {
      atKey = open.at(-1) != null;
    }
  }
  return null;
}

/** Replaces the JSON parser with Fastify's own (same limits, proto-poisoning refusals) followed by the duplicate check. */
export function strictJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // The default parser answers through the callback; its type also allows a promise, which this one never returns.
    void parse(request, text, (error, value) => {
      if (error) return done(error);
      const twice = duplicateKey(text);
      if (twice !== null) return done(new ApiFailure(400, 'json-duplicate-key', JSON.stringify(twice.slice(0, 64))), undefined);
      done(null, value);
    });
  });
}
