/** Slowloris: a client that starts a request and trickles it on never gets to finish it; it is cut off, and others are served. */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../src/server/app.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

/** Everything the server says on `socket` until it closes it. */
function answerOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    socket.on('close', () => resolve(text));
  });
}

describe('request time limit', () => {
  it('is a minute by default, far above the 15 s a tablet waits for its own requests', () => {
    expect(REQUEST_TIMEOUT_MS).toBe(60_000);
  });

  it('cuts off a request whose headers trickle in a byte at a time, with 408, and goes on serving others', async () => {
    h = await harness({ requestTimeoutMs: 400 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const answer = answerOf(socket);
    const request = 'POST /api/v1/entries HTTP/1.1\r\nHost: kadian.test\r\nContent-Type: application/json\r\nX-Padding: ' + 'a'.repeat(10_000);
    let sent = 0;
    // One byte every 20 ms: each byte resets an idle timer, so only a limit on the whole request stops it.
    const drip = setInterval(() => { if (!socket.destroyed && sent < request.length) socket.write(request[sent++]!); }, 20);
    try {
      expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
    expect(sent).toBeLessThan(request.length);
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
  });

  it('closes the connection of a body that never ends, whether its route waits for it or has answered without it', async () => {
    h = await harness({ requestTimeoutMs: 400 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    // /enrol reads the body; /entries answers 401 at once for want of a token, and Node would read the rest regardless.
    for (const path of ['/api/v1/enrol', '/api/v1/entries']) {
      const socket = connect(port, '127.0.0.1');
      const answer = answerOf(socket);
      socket.write(`POST ${path} HTTP/1.1\r\nHost: kadian.test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"entries": [`);
      const said = await answer;
      expect(said, path).not.toMatch(/^HTTP\/1\.1 200 /);
    }
  });
});
