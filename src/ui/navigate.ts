/** Moves between the app's screens without a reload: the path changes, and App listens for it. */

export const NAVIGATE_EVENT = 'kadian-navigate';

export function navigate(path: string): void {
  if (window.location.pathname + window.location.search === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
