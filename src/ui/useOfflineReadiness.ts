/** Whether the app is cached for offline use, as its service worker reports it, with the progress until it is. */
import { useEffect, useState } from 'preact/hooks';
import { isReady, OFFLINE_CHANNEL, READINESS_QUERY, type Readiness } from '../core/offline.ts';

export type OfflineReadiness =
  | { state: 'unsupported' }
  | { state: 'preparing'; progress: Readiness | null }
  | { state: 'ready' };

/** Asks the controlling service worker how much of the app it has cached; null when no worker controls the page yet. */
function askController(): Promise<Readiness | null> {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<Readiness>) => resolve(event.data);
    controller.postMessage({ type: READINESS_QUERY }, [channel.port2]);
  });
}

/**
 * Ready only when a service worker controls the page and holds every file of the app: a tablet carried to a gate
 * without network before then may lack the scanner or a worker. Until then, the installing worker's progress.
 */
export function useOfflineReadiness(): OfflineReadiness {
  const supported = 'serviceWorker' in navigator;
  const [readiness, setReadiness] = useState<OfflineReadiness>(supported ? { state: 'preparing', progress: null } : { state: 'unsupported' });
  useEffect(() => {
    if (!supported) return;
    let current = true;
    const ask = () => void askController().then((r) => {
      if (current && r) setReadiness(isReady(r) ? { state: 'ready' } : { state: 'preparing', progress: r });
    });
    // While installing, no worker controls the page yet: its progress arrives on the channel; once it has taken the
    // page (clientsClaim), the controller is asked, and only its answer can make the tablet ready.
    const channel = new BroadcastChannel(OFFLINE_CHANNEL);
    channel.onmessage = (event: MessageEvent<Readiness>) => {
      if (!current) return;
      if (isReady(event.data) && navigator.serviceWorker.controller) ask();
      else setReadiness((r) => (r.state === 'ready' ? r : { state: 'preparing', progress: event.data }));
    };
    navigator.serviceWorker.addEventListener('controllerchange', ask);
    ask();
    return () => {
      current = false;
      channel.close();
      navigator.serviceWorker.removeEventListener('controllerchange', ask);
    };
  }, [supported]);
  return readiness;
}
