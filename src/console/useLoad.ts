/** A GET that follows its address: the answer, or the error, of the latest address asked (an older answer arriving late is dropped). */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ConsoleError, get } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: ConsoleError | null;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ path: string | null; data: T | null; error: ConsoleError | null }>({ path: null, data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    get<T>(path).then(
      (data) => { if (current) setState({ path, data, error: null }); },
      (error: unknown) => {
        if (current) setState({ path, data: null, error: error instanceof ConsoleError ? error : new ConsoleError(0, 'failed', { zh: String(error), en: String(error) }) });
      },
    );
    return () => { current = false; };
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const fresh = state.path === path;
  return { data: fresh ? state.data : null, error: fresh ? state.error : null, loading: path !== null && !fresh, reload };
}
