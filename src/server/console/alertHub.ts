/**
 * New alerts handed from the push to the console streams open in this process. In-process only: with several server
 * processes a console sees the alerts of the tablets syncing to its own process; issue #19 moves this to PostgreSQL's
 * LISTEN/NOTIFY so every process hears every alert.
 */
import type { Alert } from '../../core/consoleOps.ts';
import { withinSubtree } from '../../core/roles.ts';

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

export class AlertHub {
  private readonly subscribers = new Map<AlertSubscriber, AreaScope>();

  /** Returns the unsubscribe. */
  subscribe(scope: AreaScope, subscriber: AlertSubscriber): () => void {
    this.subscribers.set(subscriber, scope);
    return () => { this.subscribers.delete(subscriber); };
  }

  /** Open streams, for tests and a health look. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Each alert to every stream whose scope reaches it; a failing stream does not keep the alert from the others. */
  publish(alerts: readonly Alert[]): void {
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
}
