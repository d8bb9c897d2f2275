/**
 * New alerts handed from the push to the console streams open in this process, and, on PostgreSQL, through the bus
 * (alertBus.ts: NOTIFY/LISTEN) to those open in every other server process.
 */
import type { Alert } from '../../core/consoleOps.ts';
import { withinSubtree } from '../../core/roles.ts';
import type { Listening } from '../storage/notices.ts';

/** What one stream receives: alerts of checkpoints under `within` (null: the whole city), and of one place only for a lead of one place. */
export interface AreaScope {
  within: readonly string[] | null;
  placeId: string | null;
}

export interface AlertSubscriber {
  alert(alert: Alert): void;
  /** The server is closing: the stream ends, so the server's close does not wait for a console that never hangs up. */
  end(): void;
}

export const inAreaScope = (scope: AreaScope, alert: Pick<Alert, 'areaIds' | 'placeId'>): boolean =>
  (scope.within === null || withinSubtree(scope.within, alert.areaIds)) && (scope.placeId === null || scope.placeId === alert.placeId);

/** How the hub reaches the other server processes (alertBus.ts). */
export interface AlertBus {
  /** Hands alerts made here to every other process; a failure is logged, the alerts are stored anyway. */
  send(alerts: readonly Alert[]): void;
  /** `deliver` gets the alerts other processes sent. */
  listen(deliver: (alerts: Alert[]) => void): Listening;
}

export class AlertHub {
  private readonly subscribers = new Map<AlertSubscriber, AreaScope>();
  private readonly listening: Listening | null;

  /** `bus`: the other server processes (PostgreSQL); none: this process is the only one. */
  constructor(private readonly bus: AlertBus | null = null) {
    this.listening = bus?.listen((alerts) => this.deliver(alerts)) ?? null;
  }

  /** Settles once the other processes' alerts are listened for (at once without a bus). */
  get ready(): Promise<void> {
    return this.listening?.ready ?? Promise.resolve();
  }

  /** Whether a new alert has anywhere to go: a stream open here, or other processes that may have one. */
  get wanted(): boolean {
    return this.bus !== null || this.subscribers.size > 0;
  }

  /** Returns the unsubscribe. */
  subscribe(scope: AreaScope, subscriber: AlertSubscriber): () => void {
    this.subscribers.set(subscriber, scope);
    return () => { this.subscribers.delete(subscriber); };
  }

  /** Open streams, for tests and a health look. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Alerts made in this process: to its streams, and to the other processes. */
  publish(alerts: readonly Alert[]): void {
    this.deliver(alerts);
    this.bus?.send(alerts);
  }

  /** Each alert to every stream here whose scope reaches it; a failing stream does not keep the alert from the others. */
  private deliver(alerts: readonly Alert[]): void {
    for (const [subscriber, scope] of this.subscribers) {
      for (const alert of alerts) {
        if (!inAreaScope(scope, alert)) continue;
        try {
          subscriber.alert(alert);
        } catch {
          this.subscribers.delete(subscriber);
          break;
        }
      }
    }
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    const open = [...this.subscribers.keys()];
    this.subscribers.clear();
    for (const subscriber of open) {
      try {
        subscriber.end();
      } catch {
        // already gone
      }
    }
  }

  /** Stops listening to the other processes (the server has closed). */
  async stopListening(): Promise<void> {
    await this.listening?.stop();
  }
}
