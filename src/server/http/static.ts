/** Serving the built PWA: files as they are, client-side routes (/enrol, /register, …) as index.html. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { basename, sep } from 'node:path';

/** Hashed file names change with their content, so a year is safe; everything else revalidates. */
function cacheControl(path: string): string {
  if (path.includes(`${sep}assets${sep}`)) return 'public, max-age=31536000, immutable';
  // sw.js and index.html above all: a stale service worker or shell would pin tablets to an old build.
  return 'no-cache';
}

export async function serveApp(app: FastifyInstance, staticDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: staticDir,
    cacheControl: false,
    // The build's .br and .gz beside each file (vite.config.ts), sent to a browser that accepts them.
    preCompressed: true,
    // Paths with a dot segment or hidden files are not part of the build.
    dotfiles: 'ignore',
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', cacheControl(path));
      if (basename(path) === 'sw.js') res.setHeader('Service-Worker-Allowed', '/');
    },
  });
}

/** The SPA fallback: a page address the server has no file for is the app's to route. */
export function sendAppShell(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
}
