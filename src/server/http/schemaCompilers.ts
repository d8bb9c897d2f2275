/**
 * Route schemas compiled on a route's first request, not while the server starts. Fastify compiles every route's
 * validators and response serializers at `ready()`: with every route's responses built from the shared schemas, that
 * was 1.9 of the 5.4 s of a server's start in its profile, and 0.9 s of every app a test builds (bench/server/start.ts).
 * `compileAll` compiles the rest in the background once the server listens, so a schema that cannot compile still
 * stops the server within a second or two.
 */
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';
import { compileRouteValidator } from './validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles the route schemas no request has needed yet (schemaCompilers.ts); the server calls it once it listens. */
    compileSchemas(): Promise<void>;
  }
}

export interface SchemaCompilers {
  /** For `app.setValidatorCompiler`. */
  validatorCompiler: FastifySchemaCompiler<unknown>;
  /** For Fastify's `schemaController.compilersFactory.buildSerializer`. */
  buildSerializer: SerializerFactory;
  /** Compiles every schema not yet compiled, one per turn of the event loop; rejects with the first that fails. */
  compileAll(): Promise<void>;
}

export function schemaCompilers(): SchemaCompilers {
  const waiting = new Set<() => unknown>();

  /** `compile`, run once: on the first call of the returned getter, or by compileAll. */
  function once<T>(compile: () => T): () => T {
    let made: { value: T } | undefined;
    const get = (): T => {
      if (!made) {
        made = { value: compile() };
        waiting.delete(get);
      }
      return made.value;
    };
    waiting.add(get);
    return get;
  }

  const validatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
    const validate = once(() => compileRouteValidator(route));
    // Fastify reads `errors` off the function it was given once the call returns false.
    const lazy = ((data: unknown) => {
      const inner = validate();
      const valid = inner(data);
      lazy.errors = inner.errors;
      return valid;
    }) as ReturnType<FastifySchemaCompiler<unknown>>;
    return lazy;
  };

  const eager = SerializerSelector();
  const buildSerializer: SerializerFactory = (externalSchemas, options) => {
    const compile = eager(externalSchemas, options);
    return (route) => {
      const serialize = once(() => compile(route));
      return (data) => serialize()(data);
    };
  };

  return {
    validatorCompiler,
    buildSerializer,
    async compileAll() {
      for (const get of [...waiting]) {
        get();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
