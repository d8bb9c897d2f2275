/** Security headers on every response: a CSP the app, its workers, the zxing wasm and the service worker run under; HSTS only over HTTPS. */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Everything from this origin and nothing inline: the build has no inline script or style (Vite writes files, Preact
 * and uPlot set styles through the CSSOM, which CSP leaves alone), and nothing is fetched from another host.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // zxing-wasm compiles its WebAssembly, which CSP counts as eval unless 'wasm-unsafe-eval' allows that, and only that.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The QR decoder's worker is inlined into the scanner chunk and started from a blob: URL, so a first visit whose
  // network drops before the service worker has installed still scans; the other workers are files of this origin.
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'media-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** A year; without includeSubDomains, because the server does not know what else runs under its domain. */
export const HSTS = 'max-age=31536000';

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      // No helmet defaults: they add upgrade-insecure-requests, which would break a server reached by plain http on a LAN.
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([name, values]) => [name, [...values]])),
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent below, only when the request came over HTTPS: over plain http the header means nothing, and a test server or a
    // LAN demo reached by http must not teach a browser to insist on HTTPS for that host.
    strictTransportSecurity: false,
    // The PWA loads nothing cross-origin, and a tablet never needs another site to embed or read these responses.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
  // request.protocol is 'https' on a TLS socket, or behind TRUST_PROXY when the proxy says X-Forwarded-Proto: https.
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  });
}
