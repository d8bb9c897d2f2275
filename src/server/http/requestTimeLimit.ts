/** Slowloris, the body: Node's requestTimeout ends a request whose headers trickle in, but a body is the app's to read. */
import type { FastifyInstance } from 'fastify';

/**
 * A body not all there within `ms` of its headers has its connection closed: whether a handler is still waiting for it
 * or has already answered (a 401 before the body), Node would otherwise keep reading it for as long as it trickles.
 */
export function bodyTimeLimit(app: FastifyInstance, ms: number): void {
  app.addHook('onRequest', async (request) => {
    const { raw } = request;
    // No body to wait for: a GET, an event stream.
    if (raw.headers['content-length'] === undefined && raw.headers['transfer-encoding'] === undefined) return;
    // Unref'd: a request still trickling never holds up the server's exit.
    const timer = setTimeout(() => { if (!raw.complete) raw.socket.destroy(); }, ms).unref();
    // On the request, not its socket: a kept-alive socket carries many requests, and would gather a listener for each.
    const stop = () => clearTimeout(timer);
    raw.once('end', stop);
    raw.once('close', stop);
  });
}
