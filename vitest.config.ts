/** Unit tests (src/core) and server tests (real Fastify, real SQLite); browser tests are Playwright's. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'], testTimeout: 20_000 },
});
