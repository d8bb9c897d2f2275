/** The server stops on SIGTERM in bounded time, even while a client holds a request it never finishes sending. */
import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { TestServer } from '../e2e/support/server.ts';

it('stops on SIGTERM while a client has sent a push\'s headers and a little of its body, and cuts that connection', async () => {
  const server = await TestServer.start({ DATABASE_URL: '' });
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  const answered = new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  // A tablet whose Wi-Fi dies mid-upload: the server has the headers and a little of the body, then nothing.
  socket.write('POST /api/v1/entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer x\r\n'
    + 'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"entries":[');
  // Refused on its token before the body is read; the connection stays, waiting for the rest of the body.
  expect(await answered).toMatch(/^HTTP\/1\.1 401/);
  await server.stop('SIGTERM'); // before the bounded shutdown: never returned, and the test timed out
  expect(server.output).toContain('SIGTERM: closing');
  await cut;
}, 60_000);
