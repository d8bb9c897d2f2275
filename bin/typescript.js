// Runs a TypeScript entry of the server through tsx, no build step for the server.
import { register } from 'tsx/esm/api';

/**
 * Imports `entry` (a path from this folder) with tsx's hooks in place. The packages in `early` are JavaScript
 * published as ES modules of hundreds of files (TypeBox, SimpleWebAuthn): imported first, without the hooks, each of
 * their files skips a round trip to tsx's loader thread. `kadian policy` started in 1.22 s instead of 1.49 s (median
 * of six, beside a CI run); the sources' own imports of them then find them loaded, the same modules.
 */
export async function runTypeScript(entry, early) {
  await Promise.all(early.map((name) => import(name)));
  register();
  await import(new URL(entry, import.meta.url).href);
}
