/** The passages this phone kept at posters, and their sending: on opening, when the network comes back, and on a backoff timer while it fails. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PhoneCredential } from '../core/residentWire.ts';
import { keepPassage, loadPassages, type KeptPassage } from '../store/selfPassages.ts';
import { backoffMs } from '../sync/backoff.ts';
import { sendWaitingPassages } from '../sync/selfPassages.ts';

export interface SelfPassages {
  passages: KeptPassage[];
  /** True while a round of sending is under way. */
  sending: boolean;
  /** Keeps a tapped passage and tries to send it at once. */
  tap(passage: KeptPassage): Promise<void>;
}

export function useSelfPassages(credential: PhoneCredential | null, loaded: boolean): SelfPassages {
  const [passages, setPassages] = useState<KeptPassage[]>([]);
  const [sending, setSending] = useState(false);
  const failures = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef(false);

  const flush = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setSending(true);
    try {
      const round = await sendWaitingPassages(credential);
      failures.current = round === 'retry' ? failures.current + 1 : 0;
    } finally {
      running.current = false;
      setSending(false);
      const kept = await loadPassages();
      setPassages(kept);
      if (failures.current > 0 && kept.some((p) => p.state === 'waiting')) timer.current = setTimeout(() => void flush(), backoffMs(failures.current));
    }
  }, [credential]);

  useEffect(() => {
    if (!loaded) return;
    void flush();
    const online = () => { failures.current = 0; void flush(); };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [loaded, flush]);

  const tap = useCallback(async (passage: KeptPassage) => {
    await keepPassage(passage);
    setPassages(await loadPassages());
    await flush();
  }, [flush]);

  return { passages, sending, tap };
}
