/** Unit tests (src/core) and server tests (real Fastify, real SQLite); browser tests are Playwright's. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Ceilings for a loaded CI machine, not waits: a console city's set-up (accounts hashed with scrypt, two databases)
  // went past vitest's 10 s hook default at load 11.
  test: { include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000 },
});
