/** The gate: camera always on, direction switch, full-screen verdict, manual entry, status line. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Colour, Direction } from '../core/entry.ts';
import { createPairing } from '../core/pairing.ts';
import { createRepeatFilter } from '../core/repeat.ts';
import { isSignedCode, readCode, type Reading } from '../core/scan.ts';
import { CameraError, createScanner, type CodeScanner } from '../scan/camera.ts';
import { verifier } from '../scan/verifier.ts';
import type { Device } from '../store/device.ts';
import { requestSync } from '../sync/scheduler.ts';
import { syncOnce } from '../sync/uploader.ts';
import { setScanBusy } from '../gate/activity.ts';
import { ColourPicker } from './gate/ColourPicker.tsx';
import { Keypad } from './gate/Keypad.tsx';
import { RecentVerdicts } from './gate/RecentVerdicts.tsx';
import { TemperaturePrompt } from './gate/TemperaturePrompt.tsx';
import { navigate } from '../ui/navigate.ts';
import { StatusLine } from './gate/StatusLine.tsx';
import { VerdictOverlay } from './gate/VerdictOverlay.tsx';
import { signal } from './feedback.ts';
import { recordScan, type GateOutcome } from '../gate/gate.ts';
import { useT } from '../ui/i18n.ts';

const DIRECTION_KEY = 'kadian-direction';
/** A resident code and a health code shown within this time are one person's pair; short, as the next person is seconds behind. */
const PAIRING_MS = 10_000;

// Module-level, not per mount: a code still in front of the camera when the volunteer comes back
// from lead mode or the keypad is the same scan, not a new one.
let repeatWindowMs = 3000;
const isNewCode = createRepeatFilter(() => repeatWindowMs);
const pairing = createPairing(PAIRING_MS);

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
  const [prompting, setPrompting] = useState(false);
  /** A reading waiting for its temperature (policy askTemperature), with its pairing already taken. */
  const [measuring, setMeasuring] = useState<{ reading: Reading; pairedPersonId: string | undefined } | null>(null);
  const host = useRef<HTMLDivElement>(null);
  // The camera callback outlives renders; it reads the latest state through this ref.
  const latest = useRef({ device, direction, busy: typing || prompting || measuring !== null });
  latest.current = { device, direction, busy: typing || prompting || measuring !== null };
  repeatWindowMs = device.config.policy.duplicateWindowSeconds * 1000;

  const record = useCallback(async (reading: Reading, pairedPersonId: string | undefined, temperature: number | null) => {
    setScanBusy(true);
    const { device: current, direction: way } = latest.current;
    const result = await recordScan(current, reading, { direction: way, pairedPersonId, temperature });
    signal(result.saved ? result.judgement.verdict : 'error');
    setOutcome(result);
    void requestSync();
  }, []);

  const handle = useCallback(async (reading: Reading) => {
    const pairedPersonId = pairing(reading, performance.now());
    const { device: current, direction: way } = latest.current;
    // The thermometer comes before the verdict for people coming in, when the checkpoint asks for it.
    if (current.config.policy.askTemperature && way === 'in' && reading.kind !== 'invalid') setMeasuring({ reading, pairedPersonId });
    else await record(reading, pairedPersonId, null);
  }, [record]);

  const onCode = useCallback(async (text: string) => {
    if (!isNewCode(text, performance.now()) || latest.current.busy) return;
    if (isSignedCode(text)) {
      const code = await verifier().verify(text, latest.current.device.config.trust, Date.now());
      if (code) return void handle({ kind: 'signed', code });
    }
    const reading = readCode(text);
    // Another system's code: the volunteer says what colour they see before it is logged.
    if (reading.kind === 'unknown') setPrompting(true);
    else void handle(reading);
  }, [handle]);

  const seen = useCallback((colour: Colour | null) => {
    setPrompting(false);
    void handle(colour ? { kind: 'unknown', seenColour: colour } : { kind: 'unknown' });
  }, [handle]);

  const [cameraError, retryCamera] = useCamera(host, (text) => void onCode(text));
  const done = useCallback(() => { setOutcome(null); setScanBusy(false); }, []);
  const directions = device.config.policy.directions;

  return (
    <main class="scan-screen">
      <header class="bar">
        <div class="checkpoint-name">{device.config.checkpoint.communityName} · {device.config.checkpoint.name}</div>
        <button class="lead-button secondary" onClick={() => navigate('/lead')}>{t('lead')}</button>
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
          <p>{t.any(cameraError)}</p>
          <button class="big primary" onClick={retryCamera}>{t('retryCamera')}</button>
        </div>
      )}
      <button class="big manual" onClick={() => setTyping(true)}>⌨ {t('manualEntry')}</button>
      {typing && <Keypad onCancel={() => setTyping(false)} onReading={(r) => { setTyping(false); void handle(r); }} />}
      <RecentVerdicts deviceId={device.deviceId} />
      {prompting && <ColourPicker onPick={seen} />}
      {measuring && (
        <TemperaturePrompt
          onTemperature={(c) => { setMeasuring(null); void record(measuring.reading, measuring.pairedPersonId, c); }}
          onCancel={() => { setMeasuring(null); void record(measuring.reading, measuring.pairedPersonId, null); }}
        />
      )}
      {outcome && <VerdictOverlay outcome={outcome} onDone={done} />}
      <StatusLine device={device} onSync={() => void syncOnce()} />
    </main>
  );
}
