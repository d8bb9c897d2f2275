/** The gate: camera always on, direction switch, full-screen verdict, manual entry, status line. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Direction } from '../../core/entry.ts';
import { createRepeatFilter } from '../../core/repeat.ts';
import { readCode, type Reading } from '../../core/scan.ts';
import { CameraError, createScanner, type CodeScanner } from '../../scan/camera.ts';
import type { Device } from '../../store/device.ts';
import { requestSync } from '../../sync/scheduler.ts';
import { syncOnce } from '../../sync/uploader.ts';
import { setScanBusy } from '../activity.ts';
import { Keypad } from '../components/Keypad.tsx';
import { StatusLine } from '../components/StatusLine.tsx';
import { VerdictOverlay } from '../components/VerdictOverlay.tsx';
import { signal } from '../feedback.ts';
import { recordScan, type GateOutcome } from '../gate.ts';
import { useT } from '../i18n.ts';

const DIRECTION_KEY = 'kadian-direction';

function useDirection(device: Device): [Direction, (d: Direction) => void] {
  const fixed = device.config.policy.directions;
  const [chosen, setChosen] = useState<Direction>(localStorage.getItem(DIRECTION_KEY) === 'out' ? 'out' : 'in');
  const set = (d: Direction) => { localStorage.setItem(DIRECTION_KEY, d); setChosen(d); };
  return [fixed === 'both' ? chosen : fixed, set];
}

/** Runs the camera while the page is visible; a hidden tablet gives the camera back. */
function useCamera(host: { current: HTMLDivElement | null }, onCode: (text: string) => void): [string | null, () => void] {
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let scanner: CodeScanner | undefined;
    let cancelled = false;
    const start = async () => {
      if (!host.current || document.visibilityState !== 'visible') return;
      setError(null);
      try {
        scanner = await createScanner();
        if (cancelled) return;
        await scanner.start(host.current, onCode);
      } catch (e) {
        setError(e instanceof CameraError ? e.key : 'camera-failed');
      }
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? void start() : void scanner?.stop());
    document.addEventListener('visibilitychange', onVisibility);
    void start();
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onVisibility);
      void scanner?.stop();
    };
  }, [attempt]); // eslint-disable-line react-hooks/exhaustive-deps
  return [error, () => setAttempt((a) => a + 1)];
}

export function ScanScreen({ device }: { device: Device }) {
  const t = useT();
  const [direction, setDirection] = useDirection(device);
  const [outcome, setOutcome] = useState<GateOutcome | null>(null);
  const [typing, setTyping] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  // The camera callback outlives renders; it reads the latest state through this ref.
  const latest = useRef({ device, direction, typing });
  latest.current = { device, direction, typing };
  const isNew = useRef(createRepeatFilter(() => latest.current.device.config.policy.duplicateWindowSeconds * 1000));

  const handle = useCallback(async (reading: Reading) => {
    setScanBusy(true);
    const result = await recordScan(latest.current.device, reading, latest.current.direction);
    signal(result.saved ? result.judgement.verdict : 'error');
    setOutcome(result);
    void requestSync();
  }, []);

  const onCode = useCallback((text: string) => {
    if (!isNew.current(text, performance.now()) || latest.current.typing) return;
    void handle(readCode(text));
  }, [handle]);

  const [cameraError, retryCamera] = useCamera(host, onCode);
  const done = useCallback(() => { setOutcome(null); setScanBusy(false); }, []);
  const directions = device.config.policy.directions;

  return (
    <main class="scan-screen">
      <header class="bar">
        <div class="checkpoint-name">{device.config.checkpoint.communityName} · {device.config.checkpoint.name}</div>
        <div class="direction" role="radiogroup">
          {(['in', 'out'] as const).map((d) => (
            <button
              key={d}
              role="radio"
              aria-checked={direction === d}
              class={`direction-${d}${direction === d ? ' on' : ''}`}
              disabled={directions !== 'both' && directions !== d}
              onClick={() => setDirection(d)}
            >{t(d)}</button>
          ))}
        </div>
      </header>
      <div class="camera" ref={host} />
      {cameraError && (
        <div class="camera-error" role="alert">
          <p>{t(cameraError)}</p>
          <button class="big primary" onClick={retryCamera}>{t('retryCamera')}</button>
        </div>
      )}
      <button class="big manual" onClick={() => setTyping(true)}>⌨ {t('manualEntry')}</button>
      {typing && <Keypad onCancel={() => setTyping(false)} onReading={(r) => { setTyping(false); void handle(r); }} />}
      {outcome && <VerdictOverlay outcome={outcome} onDone={done} />}
      <StatusLine deviceId={device.deviceId} onSync={() => void syncOnce()} />
    </main>
  );
}
