/** A small HTTP proxy between the tablet and the real server that fails pushes the way networks and servers do. */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What happens to a push (POST /api/v1/entries); everything else always passes through. */
export type PushFault =
  | { kind: 'forward' }
  /** The proxy answers itself; the server never sees the batch. */
  | { kind: 'status'; status: number; contentType: string; body: string }
  /** The server commits and answers; the reply is lost (the tablet's connection is cut). */
  | { kind: 'drop-reply' }
  /** The server commits and answers; the reply reaches the tablet only after `ms`. */
  | { kind: 'delay-reply'; ms: number }
  /** The server commits and answers; the reply waits until `release()`. */
  | { kind: 'hold-reply' }
  /** The server gets the headers and half the body, then nothing: a batch in flight inside the server. */
  | { kind: 'stall-body' }
  /** The same batch goes to the server twice at once; the tablet gets the first reply. */
  | { kind: 'twice' }
  /** A proxy with a smaller body limit: a push of more than `maxEntries` entries is answered 413 and never forwarded. */
  | { kind: 'too-large'; maxEntries: number };

export interface Push {
  seqs: number[];
  fault: PushFault['kind'];
  /** What became of it: 'answered' (the tablet got a reply), 'held', 'stalled', 'dropped', 'upstream-failed', 'client-gone'. */
  outcome: string;
  status?: number;
}

interface Reply { status: number; headers: IncomingHttpHeaders; body: Buffer }

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length'];

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function seqsOf(body: Buffer): number[] {
  try {
    return (JSON.parse(body.toString()) as { entries: Array<{ seq: number }> }).entries.map((e) => e.seq);
  } catch {
    return [];
  }
}

export class FaultProxy {
  /** The fault for every push from now on. */
  fault: PushFault = { kind: 'forward' };
  /** Faults for the next pushes, one each, before `fault` applies again. */
  readonly next: PushFault[] = [];
  readonly pushes: Push[] = [];
  /** Pushes the proxy is working on now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Requests whose path matches get no answer until `dropHeld`: a slow link the tablet leaves before a file arrives. */
  holdPath: RegExp | null = null;
  private readonly heldRequests: ServerResponse[] = [];
  /** Requests whose path matches wait for `release()`, then pass through: a slow answer that does come. */
  delayPath: RegExp | null = null;
  private releaseHeld = () => {};
  private held = new Promise<void>((r) => (this.releaseHeld = r));

  private constructor(private readonly server: Server, readonly url: string, private readonly targetPort: number) {}

  static async start(targetPort: number): Promise<FaultProxy> {
    // The handler runs only for requests, which come after `proxy` is set: the port must be known to construct it.
    const server = createServer((req, res) => void proxy.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = new FaultProxy(server, `http://localhost:${(server.address() as AddressInfo).port}`, targetPort);
    return proxy;
  }

  /** The same URL (an enrolment link, say) through the proxy. */
  via(url: string): string {
    const u = new URL(url);
    return this.url + u.pathname + u.search;
  }

  /** Lets every held reply go, and holds none after. */
  release(): void {
    this.releaseHeld();
    this.held = new Promise<void>((r) => (this.releaseHeld = r));
  }

  /** Cuts every request held by `holdPath` (the browser sees a network error) and holds none after. */
  dropHeld(): void {
    this.holdPath = null;
    for (const res of this.heldRequests.splice(0)) res.destroy();
  }

  /** Back to passing everything through, with nothing counted. */
  reset(): void {
    this.fault = { kind: 'forward' };
    this.delayPath = null;
    this.next.length = 0;
    this.pushes.length = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Every seq the tablet has posted, in order, once per time it was posted. */
  postedSeqs(): number[] {
    return this.pushes.flatMap((p) => p.seqs);
  }

  async close(): Promise<void> {
    this.release();
    this.dropHeld();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST' && req.url?.startsWith('/api/v1/entries')) return this.push(req, res);
    if (this.holdPath?.test(req.url ?? '')) {
      this.heldRequests.push(res);
      return;
    }
    if (this.delayPath?.test(req.url ?? '')) await this.held;
    const upstream = request({ host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    // A browser gone mid-request (its page closed) leaves no half-sent request at the server, as a real proxy does.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private async push(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('close', () => this.inFlight--);
    const body = await readBody(req);
    const fault = this.next.shift() ?? this.fault;
    const push: Push = { seqs: seqsOf(body), fault: fault.kind, outcome: 'sent' };
    this.pushes.push(push);
    if (fault.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body);
      push.outcome = 'answered';
      push.status = fault.status;
      return;
    }
    if (fault.kind === 'too-large' && push.seqs.length > fault.maxEntries) {
      res.writeHead(413, { 'content-type': 'text/html' }).end('<html><body>413 Request Entity Too Large</body></html>');
      push.outcome = 'answered';
      push.status = 413;
      return;
    }
    if (fault.kind === 'stall-body') return this.stall(req, res, body, push);
    let reply: Reply;
    try {
      const sent = fault.kind === 'twice' ? [this.forward(req, body), this.forward(req, body)] : [this.forward(req, body)];
      [reply] = (await Promise.all(sent)) as [Reply];
    } catch {
      push.outcome = 'upstream-failed';
      res.destroy();
      return;
    }
    push.status = reply.status;
    if (fault.kind === 'drop-reply') {
      push.outcome = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'delay-reply') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault.kind === 'hold-reply') {
      push.outcome = 'held';
      await this.held;
    }
    if (res.destroyed || req.socket.destroyed) {
      push.outcome = 'client-gone';
      return;
    }
    const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
    res.writeHead(reply.status, { ...headers, 'content-length': reply.body.length }).end(reply.body);
    push.outcome = 'answered';
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const upstream = request(
        { host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': body.length } },
        (reply) => void readBody(reply).then((b) => resolve({ status: reply.statusCode ?? 502, headers: reply.headers, body: b }), reject),
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  /** Sends half the body and waits: the server is in the middle of the batch until it dies or the tablet gives up. */
  private stall(req: IncomingMessage, res: ServerResponse, body: Buffer, push: Push): void {
    const upstream = request({ host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': body.length } });
    upstream.on('error', () => {
      push.outcome = 'upstream-failed';
      res.destroy();
    });
    upstream.on('response', (reply) => reply.resume());
    res.on('close', () => upstream.destroy());
    upstream.write(body.subarray(0, body.length >> 1), () => (push.outcome = 'stalled'));
  }
}
