// Runs a TypeScript entry of the server through tsx, no build step for the server.
import { register } from 'tsx/esm/api';

/**
 * Imports `entry` (a path from this folder) with tsx's hooks in place. TypeBox is JavaScript published as about 200
 * ES modules: imported first, without the hooks, its files skip a round trip each to tsx's loader thread, and the
 * sources' imports of it find it loaded, the same module. `kadian policy`: 576 ms against 724 ms (bench/server/start.ts,
 * median of seven); the server's start is the same either way, within the noise.
 */
export async function runTypeScript(entry) {
  await import('@sinclair/typebox');
  register();
  await import(new URL(entry, import.meta.url).href);
}
