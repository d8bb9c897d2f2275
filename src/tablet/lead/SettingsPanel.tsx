/** The tablet's settings for the lead: change the PIN, choose the scan engine, see storage and sync state. */
import { useEffect, useState } from 'preact/hooks';
import { ENGINES, SCAN_ENGINE_KEY, chosenEngine, type ScanEngine } from '../../scan/camera.ts';
import type { Device } from '../../store/device.ts';
import { formatFullDateTime } from '../../ui/dates.ts';
import { useT } from '../../ui/i18n.ts';
import { lastSaveFailure } from '../../gate/saveFailure.ts';
import { savePinChange } from './leadChanges.ts';
import { RefusedNotice } from './RefusedNotice.tsx';

/** What the browser grants this app: used and available bytes, and whether it may evict the log. */
function useStorageState(): { usage: number; quota: number; persisted: boolean } | null {
  const [state, setState] = useState<{ usage: number; quota: number; persisted: boolean } | null>(null);
  useEffect(() => {
    void (async () => {
      const estimate = await navigator.storage?.estimate?.();
      const persisted = (await navigator.storage?.persisted?.()) ?? false;
      if (estimate) setState({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted });
    })();
  }, []);
  return state;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** A new PIN needs the current one: it unwraps the checkpoint key that proves the change and is wrapped again with the new PIN. */
function ChangePin({ device }: { device: Device }) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async () => {
    setMessage(null);
    const saved = await savePinChange(current, pin, again);
    if (!saved.ok) return setMessage(saved.error);
    setCurrent('');
    setPin('');
    setAgain('');
    setMessage('pinChanged');
  };
  return (
    <form class="change-pin" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{t('changePin')}</h3>
      <RefusedNotice kind="pin" refused={device.refused?.pin} />
      <label>{t('currentPin')}<input name="currentPin" type="password" inputMode="numeric" autocomplete="current-password" maxLength={8} value={current} onInput={(e) => setCurrent(e.currentTarget.value)} /></label>
      <label>{t('newPin')}<input name="pin" type="password" inputMode="numeric" autocomplete="new-password" maxLength={8} value={pin} onInput={(e) => setPin(e.currentTarget.value)} /></label>
      <label>{t('newPinAgain')}<input name="pinAgain" type="password" inputMode="numeric" autocomplete="new-password" maxLength={8} value={again} onInput={(e) => setAgain(e.currentTarget.value)} /></label>
      <button class="big primary" type="submit">{t('save')}</button>
      {message && <p class={message === 'pinChanged' ? 'ok' : 'error'} role="status" data-message={message}>{t.any(message)}</p>}
    </form>
  );
}

export function SettingsPanel({ device }: { device: Device }) {
  const t = useT();
  const storage = useStorageState();
  const saveFailure = lastSaveFailure();
  const [engine, setEngine] = useState<ScanEngine>(chosenEngine);
  const choose = (e: ScanEngine) => { localStorage.setItem(SCAN_ENGINE_KEY, e); setEngine(e); };
  return (
    <section class="settings">
      <ChangePin device={device} />
      <h3><label for="engine">{t('scanEngine')}</label></h3>
      <select id="engine" name="engine" value={engine} onChange={(e) => choose(e.currentTarget.value as ScanEngine)}>
        {ENGINES.map((e) => <option key={e} value={e}>{t(`engine-${e}`)}</option>)}
      </select>
      <h3>{t('storage')}</h3>
      {storage ? (
        <p data-storage-persisted={String(storage.persisted)}>
          {mb(storage.usage)} / {mb(storage.quota)} · {storage.persisted ? t('storagePersisted') : t('storageNotPersisted')}
        </p>
      ) : <p>—</p>}
      {saveFailure && (
        <p class="error" data-save-failed={saveFailure.error}>
          ⚠ {t('lastSaveFailed')} {formatFullDateTime(saveFailure.at, t.language)} · {t.any(saveFailure.error)}
        </p>
      )}
      <h3>{t('thisTablet')}</h3>
      <dl class="facts">
        <dt>{t('deviceId')}</dt><dd>{device.deviceId}</dd>
        <dt>{t('configVersion')}</dt><dd>{device.config.version} ({t('configAge')} {formatFullDateTime(device.configAt, t.language)})</dd>
        <dt>{t('checkKeys')}</dt><dd>{device.config.trust.issuers.length + device.config.trust.dccSigners.length}</dd>
        <dt>{t('figKeyPersons')}</dt><dd>{device.config.keyPersons.persons.length}</dd>
      </dl>
    </section>
  );
}
