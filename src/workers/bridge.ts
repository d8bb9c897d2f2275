/** One worker behind a typed Comlink proxy: started on first use, ended on abort, on a failed start, or after idle. */
import * as Comlink from 'comlink';

/** The worker stopped answering: its script (or a chunk or wasm it needs) did not load, or it threw at the top level. */
export class WorkerFailedError extends Error {
  constructor(readonly worker: string, cause?: unknown) {
    super(`the ${worker} worker failed`, { cause });
    this.name = 'WorkerFailedError';
  }
}

export interface WorkerBridgeOptions {
  /** The name the worker shows in the browser's tools, and in errors. */
  name: string;
  /** Ended after this long without a call, its memory given back; Infinity (the default) keeps it warm. */
  idleMs?: number;
}

/** A running worker and what ends its calls early: its error event. */
interface Running<Api> {
  worker: Worker;
  api: Comlink.Remote<Api>;
  failed: Promise<never>;
}

export class WorkerBridge<Api> {
  private running: Running<Api> | undefined;
  private calls = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly start: () => Worker, private readonly options: WorkerBridgeOptions) {}

  /**
   * Runs `work` on the worker, starting it if needed. Aborting ends the worker (its work is lost: Comlink would
   * otherwise wait forever) and rejects with the signal's reason; a worker that fails rejects with WorkerFailedError
   * and is started afresh by the next call, when the network or the service worker may have what it lacked.
   */
  async run<T>(work: (api: Comlink.Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const running = this.ensure();
    this.calls++;
    clearTimeout(this.idleTimer);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.end(running);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work(running.api), running.failed, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (--this.calls === 0 && this.running === running) this.idle(running);
    }
  }

  /** Starts the worker now, so the first real call does not pay for it. */
  warm(): void {
    this.ensure();
  }

  /** Ends the worker now; the next call starts a new one. */
  terminate(): void {
    if (this.running) this.end(this.running);
  }

  private ensure(): Running<Api> {
    if (this.running) return this.running;
    const worker = this.start();
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.end(running);
        reject(new WorkerFailedError(this.options.name, event.message || undefined));
      }, { once: true });
    });
    // A rejection nobody awaits (the worker failed between calls) must not be reported as unhandled.
    failed.catch(() => undefined);
    const running: Running<Api> = { worker, api: Comlink.wrap<Api>(worker), failed };
    this.running = running;
    return running;
  }

  private idle(running: Running<Api>): void {
    const ms = this.options.idleMs ?? Infinity;
    if (ms === Infinity) return;
    this.idleTimer = setTimeout(() => { if (this.calls === 0) this.end(running); }, ms);
  }

  private end(running: Running<Api>): void {
    running.worker.terminate();
    if (this.running === running) this.running = undefined;
  }
}
