/** Enrolment: by the operator's URL, by scanning its QR code, or by pasting the link or code. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CameraError, createScanner, type CodeScanner } from '../scan/camera.ts';
import type { Device } from '../store/device.ts';
import { enrolmentCodeFrom, enrolTablet } from './enrolment.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';

export function EnrolScreen({ initialCode, onEnrolled }: { initialCode: string | null; onEnrolled: (d: Device) => void }) {
  const t = useT();
  const [text, setText] = useState(initialCode ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const host = useRef<HTMLDivElement>(null);

  const submit = async (input: string) => {
    const code = enrolmentCodeFrom(input);
    // Nothing typed, or something that is no code: each said as it is (a filled field is never "please fill in").
    if (!code) { setError(input.trim() ? 'enrol-code-malformed' : 'enrol-code-missing'); return; }
    setBusy(true);
    setError(null);
    const result = await enrolTablet(code);
    setBusy(false);
    if (result.ok) onEnrolled(result.value);
    else setError(result.error);
  };

  useEffect(() => { if (initialCode) void submit(initialCode); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!scanning || !host.current) return;
    let scanner: CodeScanner | undefined;
    void (async () => {
      try {
        scanner = await createScanner();
        await scanner.start(host.current!, (code) => {
          if (!enrolmentCodeFrom(code)) return;
          setScanning(false);
          setText(code);
          void submit(code);
        });
      } catch (e) {
        setScanning(false);
        setError(e instanceof CameraError ? e.key : 'camera-failed');
      }
    })();
    return () => void scanner?.stop();
  }, [scanning]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main class="page enrol-screen">
      <header class="page-head">
        <h1>{t('notEnrolled')}</h1>
        <LanguageButton />
      </header>
      <p>{t('enrolHint')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void submit(text); }}>
        <label>{t('enrolPaste')}
          <input name="code" value={text} onInput={(e) => setText(e.currentTarget.value)} autocomplete="off" autocapitalize="characters"
            aria-describedby="enrol-code-hint" aria-invalid={error?.startsWith('enrol-code-') ? 'true' : undefined} />
        </label>
        <p class="hint" id="enrol-code-hint">{t('enrolPasteHint')}</p>
        <div class="actions">
          <button class="big primary" type="submit" disabled={busy}>{busy ? t('enrolling') : t('enrol')}</button>
          <button class="big secondary" type="button" onClick={() => setScanning((s) => !s)}>{scanning ? t('cancel') : t('enrolScan')}</button>
        </div>
      </form>
      {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      {scanning && <div class="camera small" ref={host} />}
    </main>
  );
}
