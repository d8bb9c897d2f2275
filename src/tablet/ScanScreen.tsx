/** The gate's screen: camera always on, direction switch, prompts, full-screen verdict; the gate pipeline does the rest. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { operatorOf, type Duty } from '../core/duty.ts';
import type { Colour, Direction, Vehicle } from '../core/entry.ts';
import type { Resident } from '../core/residentCode.ts';
import { readCode } from '../core/scan.ts';
import { holdGate } from '../gate/activity.ts';
import type { Gate, GateOutcome } from '../gate/gate.ts';
import { tabletGate, warmGate } from '../gate/tabletGate.ts';
import { CameraError, createScanner, preloadScanner, type CodeScanner } from '../scan/camera.ts';
import type { StoredEntry } from '../store/db.ts';
import type { Device } from '../store/device.ts';
import { loadDuty, saveDuty } from '../store/duty.ts';
import { syncInWorker } from '../sync/syncWorker.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { navigate } from '../ui/navigate.ts';
import { warmFeedback } from './feedback.ts';
import { ColourPicker } from './gate/ColourPicker.tsx';
import { DutySheet } from './gate/DutySheet.tsx';
import { OutcomeLogged } from './gate/OutcomeLogged.tsx';
import { Keypad } from './gate/Keypad.tsx';
import { PlaceCount } from './gate/PlaceCount.tsx';
import { RecentVerdicts } from './gate/RecentVerdicts.tsx';
import { StatusLine } from './gate/StatusLine.tsx';
import { TemperaturePrompt } from './gate/TemperaturePrompt.tsx';
import { useVehicle } from './gate/useVehicle.ts';
import { VehicleBar } from './gate/VehicleBar.tsx';
import { VehicleSheet } from './gate/VehicleSheet.tsx';
import { VerdictOverlay } from './gate/VerdictOverlay.tsx';

const DIRECTION_KEY = 'kadian-direction';

// The gate's code loads at boot on an enrolled tablet (shell/gateLoader.ts): the scanner and its decoder start with it,
// so the decoder is ready when the camera opens rather than after.
preloadScanner();

/** The volunteer on duty, kept across reloads; read again when the tablet comes back to the front (another tab may have changed it). */
function useDuty(): [Duty | null, (d: Duty | null) => void] {
  const [duty, setDuty] = useState<Duty | null>(null);
  useEffect(() => {
    const load = () => void loadDuty().then(setDuty);
    load();
    document.addEventListener('visibilitychange', load);
    return () => document.removeEventListener('visibilitychange', load);
  }, []);
  return [duty, (d) => { setDuty(d); void saveDuty(d); }];
}

function useDirection(): [Direction, (d: Direction) => void] {
  const [chosen, setChosen] = useState<Direction>(localStorage.getItem(DIRECTION_KEY) === 'out' ? 'out' : 'in');
  const set = (d: Direction) => { localStorage.setItem(DIRECTION_KEY, d); setChosen(d); };
  return [chosen, set];
}

/** Runs the camera while the page is visible; a hidden tablet gives the camera back. */
function useCamera(host: { current: HTMLDivElement | null }, onCode: (text: string) => void): [string | null, () => void] {
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let scanner: CodeScanner | undefined;
    let cancelled = false;
    let missing = false;
    const start = async () => {
      if (!host.current || document.visibilityState !== 'visible') return;
      setError(null);
      missing = false;
      try {
        scanner = await createScanner();
        if (cancelled) return;
        await scanner.start(host.current, onCode);
      } catch (e) {
        // Not a camera error: the scanner's own code or wasm did not load (offline before the app was cached).
        missing = !(e instanceof CameraError);
        setError(e instanceof CameraError ? e.key : 'scanner-missing');
      }
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? void start() : void scanner?.stop());
    // Back on the network: whatever failed to load may load now.
    const onOnline = () => { if (missing) void start(); };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    void start();
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      void scanner?.stop();
    };
  }, [attempt]); // eslint-disable-line react-hooks/exhaustive-deps
  return [error, () => setAttempt((a) => a + 1)];
}

/** A question the gate is waiting on, answered through `answer`. */
type Prompt =
  | { kind: 'colour'; offered: readonly Colour[]; answer: (c: Colour | null) => void }
  | { kind: 'holder'; answer: (r: Resident | null) => void }
  | { kind: 'temperature'; answer: (c: number | null) => void };

/**
 * The tablet's gate for this screen, made once: its parts read the latest device and direction through a ref, and its
 * prompts become state the screen draws until the volunteer answers.
 */
function useGate(device: Device, direction: Direction, operator: string | null, vehicle: () => Vehicle | null): { gate: Gate; prompt: Prompt | null; verifierMissing: boolean } {
  const latest = useRef({ device, direction, operator, vehicle });
  latest.current = { device, direction, operator, vehicle };
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [verifierMissing, setVerifierMissing] = useState(false);
  const gate = useRef<Gate | null>(null);
  gate.current ??= tabletGate({
    device: () => latest.current.device,
    direction: () => latest.current.direction,
    operator: () => latest.current.operator,
    vehicle: () => latest.current.vehicle(),
    askColour: (offered) => new Promise((resolve) => setPrompt({ kind: 'colour', offered, answer: (c) => { setPrompt(null); resolve(c); } })),
    askHolder: () => new Promise((resolve) => setPrompt({ kind: 'holder', answer: (r) => { setPrompt(null); resolve(r); } })),
    askTemperature: () => new Promise((resolve) => setPrompt({ kind: 'temperature', answer: (c) => { setPrompt(null); resolve(c); } })),
    verifierFailed: () => setVerifierMissing(true),
  });
  // Warmed again when the config changes (a new trust list imported before the next signed code, not on it), and when the
  // network returns: a verifier that could not load offline is loaded then, and the warning goes.
  useEffect(() => {
    const warm = () => void warmGate(latest.current.device).then(({ verifier }) => { if (verifier) setVerifierMissing(false); });
    warm();
    window.addEventListener('online', warm);
    return () => window.removeEventListener('online', warm);
  }, [device.config.version]);
  useEffect(warmFeedback, []);
  return { gate: gate.current, prompt, verifierMissing };
}

/** A verdict that waits for the volunteer: a check (they must look), or a scan that was not saved (they must scan again). */
const waitsForVolunteer = (o: GateOutcome): boolean => !o.saved || o.judgement.verdict === 'check';

/**
 * While a verdict waits for the volunteer, the camera takes no new code. The code it judged may stay in view through
 * the wait: after the tap it is still the same person until it has been away for the duplicate window (the gate's own
 * repeat filter never saw those frames). Another code seen meanwhile is the next person: the screen says so, and takes
 * it once the volunteer taps on. `ignore` answers for each text from the camera.
 */
function useHold(device: Device): { ignore: (text: string, held: boolean) => boolean; judged: (text: string) => void; nextWaiting: boolean; clear: () => void } {
  const windowMs = useRef(0);
  windowMs.current = device.config.policy.duplicateWindowSeconds * 1000;
  const last = useRef<{ text: string | null; seenAt: number }>({ text: null, seenAt: -Infinity });
  const [nextWaiting, setNextWaiting] = useState(false);
  const ignore = useCallback((text: string, held: boolean) => {
    const now = performance.now();
    const judgedText = last.current;
    if (text === judgedText.text) {
      const stillInView = now - judgedText.seenAt < windowMs.current;
      judgedText.seenAt = now;
      if (held || stillInView) return true;
      judgedText.text = null;
      return false;
    }
    if (held) setNextWaiting(true);
    return held;
  }, []);
  const judged = useCallback((text: string) => { last.current = { text, seenAt: performance.now() }; }, []);
  const clear = useCallback(() => setNextWaiting(false), []);
  return { ignore, judged, nextWaiting, clear };
}

export function ScanScreen({ device }: { device: Device }) {
  const t = useT();
  const [chosen, setDirection] = useDirection();
  const directions = device.config.policy.directions;
  const direction = directions === 'both' ? chosen : directions;
  const [outcome, setOutcome] = useState<GateOutcome | null>(null);
  const [typing, setTyping] = useState(false);
  const [duty, setDuty] = useDuty();
  const [logged, setLogged] = useState<StoredEntry | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const vehicle = useVehicle();
  const [platePrompt, setPlatePrompt] = useState(false);
  const road = device.config.checkpoint.placeKind === 'road';
  const { gate, prompt, verifierMissing } = useGate(device, direction, operatorOf(duty), vehicle.tag);
  const host = useRef<HTMLDivElement>(null);
  const typingNow = useRef(typing);
  typingNow.current = typing;
  const shown = useRef<(() => void) | null>(null);

  const { counted } = vehicle;
  const show = useCallback((result: GateOutcome | null) => {
    if (!result) return;
    if (result.saved && result.entry.vehicle && !result.entry.followUp) counted();
    // An update waits while a verdict is on screen, not only while it is being logged.
    shown.current?.();
    shown.current = holdGate();
    setOutcome(result);
  }, [counted]);
  const hold = useHold(device);
  const { clear } = hold;
  const done = useCallback(() => { setOutcome(null); clear(); shown.current?.(); shown.current = null; }, [clear]);
  useEffect(() => () => shown.current?.(), []);

  const held = useRef(false);
  held.current = outcome !== null && waitsForVolunteer(outcome);
  const asking = useRef(prompt);
  asking.current = prompt;
  const [cameraError, retryCamera] = useCamera(host, (text) => {
    // Asked who holds another system's code: a resident code shown now is the answer, not the next person.
    const question = asking.current;
    if (question?.kind === 'holder') {
      const reading = readCode(text);
      if (reading.kind === 'identity') {
        // Still in view after the answer, it is the same person, not the next one.
        hold.judged(text);
        question.answer(reading.resident);
      }
      return;
    }
    if (typingNow.current || hold.ignore(text, held.current)) return;
    void gate.scan(text).then((result) => {
      if (result && waitsForVolunteer(result)) hold.judged(text);
      show(result);
    });
  });

  return (
    <main class="scan-screen">
      <header class="bar">
        <div class="bar-place">
          <div class="checkpoint-name">{device.config.checkpoint.communityName} · {device.config.checkpoint.name}</div>
          <PlaceCount policy={device.config.policy} />
        </div>
        <div class="bar-buttons">
          {road && !vehicle.current && <button class="vehicle-start secondary" onClick={() => setPlatePrompt(true)}>🚗 {t('vehicleStart')}</button>}
          <button class={`duty secondary${duty ? '' : ' none'}`} data-duty={duty?.name ?? ''} onClick={() => setSigningIn(true)}>
            {duty ? `${t('dutyOn')}：${duty.name}` : `⚠ ${t('dutyNone')}`}
          </button>
          <button class="lead-button secondary" onClick={() => navigate('/lead')}>{t('lead')}</button>
          <LanguageButton />
        </div>
        <div class="direction" role="radiogroup" aria-label={t('direction')}>
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
      <div class="camera-area">
        <div class="camera" ref={host} />
        <button class="big manual" onClick={() => setTyping(true)}>⌨ {t('manualEntry')}</button>
        <RecentVerdicts deviceId={device.deviceId} />
        {vehicle.current && <VehicleBar vehicle={vehicle.current} onDone={vehicle.done} />}
      </div>
      {cameraError && (
        <div class="camera-error" role="alert" data-camera-error={cameraError}>
          <p>{t.any(cameraError)}</p>
          <button class="big primary" onClick={retryCamera}>{t('retryCamera')}</button>
        </div>
      )}
      {verifierMissing && <p class="part-missing" role="alert" data-missing="verifier">{t('verifierMissing')}</p>}
      {platePrompt && <VehicleSheet onCancel={() => setPlatePrompt(false)} onPlate={(plate) => { setPlatePrompt(false); vehicle.start(plate); }} />}
      {signingIn && <DutySheet current={duty} onCancel={() => setSigningIn(false)} onDuty={(d) => { setSigningIn(false); setDuty(d); }} />}
      {typing && <Keypad onCancel={() => setTyping(false)} onReading={(r) => { setTyping(false); void gate.enter(r).then(show); }} />}
      {prompt?.kind === 'colour' && <ColourPicker offered={prompt.offered} onPick={prompt.answer} />}
      {prompt?.kind === 'holder' && <Keypad ask="holder" onCancel={() => prompt.answer(null)} onReading={(r) => prompt.answer(r.kind === 'identity' ? r.resident : null)} />}
      {prompt?.kind === 'temperature' && <TemperaturePrompt onTemperature={prompt.answer} onCancel={() => prompt.answer(null)} />}
      {outcome && (
        <VerdictOverlay
          key={outcome.saved ? outcome.entry.id : 'not-saved'}
          outcome={outcome}
          direction={direction}
          policy={device.config.policy}
          nextWaiting={hold.nextWaiting}
          onDone={done}
          onOutcome={outcome.saved ? (o, note) => void gate.followUp(outcome, o, note).then((r) => { done(); if (r?.saved) setLogged(r.entry); else show(r); }) : undefined}
        />
      )}
      {logged?.followUp && <OutcomeLogged entry={logged} onGone={() => setLogged(null)} />}
      <StatusLine device={device} onSync={syncInWorker} />
    </main>
  );
}
