/** The last scan the tablet could not save, kept for the lead: in localStorage, as IndexedDB is what refused it. */

const KEY = 'kadian-save-failure';

export interface SaveFailure {
  /** Message key: 'save-quota' or 'save-failed'. */
  error: string;
  /** When it happened, ISO. */
  at: string;
}

export function noteSaveFailure(error: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ error, at: new Date().toISOString() } satisfies SaveFailure));
  } catch {
    // Nowhere left to write either: the volunteer has seen NOT SAVED, which is what matters.
  }
}

export function lastSaveFailure(): SaveFailure | null {
  try {
    const failure = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SaveFailure> | null;
    return typeof failure?.error === 'string' && typeof failure.at === 'string' ? { error: failure.error, at: failure.at } : null;
  } catch {
    return null;
  }
}
