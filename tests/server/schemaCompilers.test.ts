/** Route schemas compiled on first use: every one of the app's compiles, a broken one is caught, and a lazy one still checks and filters. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { openStorage } from '../../src/server/settings.ts';
import { harness, PUBLIC_URL, type Harness } from './helpers.ts';

/** An app of its own, for a route of the test's added before it is ready; closed and removed after `use`. */
async function withBareApp(use: (app: FastifyInstance) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-schemas-'));
  const storage = openStorage(dataDir);
  const app = await buildApp({ storage, dataDir, publicUrl: PUBLIC_URL });
  try {
    await use(app);
  } finally {
    await app.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('route schemas compiled on first use', () => {
  let h: Harness;
  beforeAll(async () => { h = await harness(); });
  afterAll(async () => { await h.close(); });

  it('a body is checked by its route’s schema on the first request, before anything else has compiled it', async () => {
    const reply = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 42 } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: expect.any(String) });
  });

  it('every route schema of the app compiles (the server does this in the background once it listens)', async () => {
    await expect(h.app.compileSchemas()).resolves.toBeUndefined();
    // and the routes answer as before once compiled
    const health = await h.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
  });

  it('a response is filtered by its schema when compiled lazily: a field it does not name is not sent', async () => {
    await withBareApp(async (app) => {
      app.get('/leak', { schema: { response: { 200: { type: 'object', properties: { shown: { type: 'string' } }, additionalProperties: false } } } },
        async () => ({ shown: 'yes', secret: 'a private key' }));
      const reply = await app.inject({ method: 'GET', url: '/leak' });
      expect(reply.json()).toEqual({ shown: 'yes' });
    });
  });

  it('a schema that does not compile makes compileSchemas reject, though the app started', async () => {
    await withBareApp(async (app) => {
      app.post('/broken', { schema: { body: { type: 'object', properties: { n: { type: 'integer', minimum: 'one' } } } } }, async () => ({}));
      await app.ready();
      await expect(app.compileSchemas()).rejects.toThrow(/minimum/);
    });
  });
});
