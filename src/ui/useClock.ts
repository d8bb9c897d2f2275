/** The current time, re-rendering every `periodMs`: for live clocks and ages that must not freeze on screen. */
import { useEffect, useState } from 'preact/hooks';

export function useClock(periodMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
