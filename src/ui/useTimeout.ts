/** A timer that belongs to what is on screen: cleared in the very commit that takes it off. */
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Calls `fire` once `ms` have passed (null: never), counted afresh when `key` changes. A layout effect, not useEffect:
 * Preact 11 runs a useEffect's cleanup after paint, so a verdict's 3 s timer could fire after the next person's verdict
 * was drawn and take that one off the screen at once (seen with two tabs scanning in turn).
 */
export function useTimeout(fire: () => void, ms: number | null, key: unknown): void {
  const latest = useRef(fire);
  latest.current = fire;
  useLayoutEffect(() => {
    if (ms === null) return undefined;
    const timer = setTimeout(() => latest.current(), ms);
    return () => clearTimeout(timer);
  }, [ms, key]);
}
