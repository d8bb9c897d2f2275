/** How long the uploader waits: jitter so a district's tablets do not all call at once, and backoff after failures. */

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** `ms` spread over 0.5–1.5 × itself. */
export const jitter = (ms: number, random: () => number = Math.random): number => ms * (0.5 + random());

/** After `failures` failures in a row: 2 s, 4 s, 8 s … capped at 5 min, each jittered; 0 after a success. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  return failures === 0 ? 0 : jitter(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)), random);
}
