/** A store query as a Preact hook: the value follows IndexedDB, across tabs too. */
import { useEffect, useState } from 'preact/hooks';
import { watch } from '../store/live.ts';

export function useLive<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => watch(query, setValue), deps);
  return value;
}
