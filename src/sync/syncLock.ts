/** The one Web Lock every uploader holds (a tab's worker, or the service worker), and what a page asks of it. */

export const SYNC_LOCK = 'kadian-sync';

export type SyncRun = 'done' | 'busy' | 'failed' | 'not-enrolled' | 'revoked';

/** Resolves once no uploader is syncing (at once when none is). */
export const afterSync = (): Promise<void> => navigator.locks.request(SYNC_LOCK, () => undefined);

/** True while any uploader is syncing: an app update waits for it. */
export async function syncInProgress(): Promise<boolean> {
  const state = await navigator.locks.query();
  return (state.held ?? []).some((l) => l.name === SYNC_LOCK);
}
