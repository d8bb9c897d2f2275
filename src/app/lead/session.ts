/** The lead's unlocked session: held in memory only (a reload locks), and locked again after a few idle minutes. */

const IDLE_MS = 5 * 60_000;
let lastActivity = 0;
let unlocked = false;

export function unlockLead(): void {
  unlocked = true;
  lastActivity = Date.now();
}

export function lockLead(): void {
  unlocked = false;
}

/** Any touch or key keeps the session alive. */
export function touchLead(): void {
  if (unlocked) lastActivity = Date.now();
}

export function leadUnlocked(): boolean {
  if (unlocked && Date.now() - lastActivity > IDLE_MS) unlocked = false;
  return unlocked;
}
