/** Lead mode (负责人模式): behind the PIN, the checkpoint's figures, log, export, rules and settings. */
import { useEffect, useState } from 'preact/hooks';
import { checkLeadPin } from '../../core/leadPin.ts';
import { unwrapForLead } from '../../core/personSeal.ts';
import type { Policy } from '../../core/policy.ts';
import type { Device } from '../../store/device.ts';
import { useT } from '../../ui/i18n.ts';
import { LanguageButton } from '../../ui/LanguageButton.tsx';
import { navigate } from '../../ui/navigate.ts';
import { PinPad } from './PinPad.tsx';
import { leadUnlocked, lockLead, touchLead, unlockLead } from './session.ts';
import { TodayPanel } from './TodayPanel.tsx';
import { LogPanel } from './LogPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { RulesPanel, savePolicy } from './RulesPanel.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';

const TABS = ['tabToday', 'tabLog', 'tabExport', 'tabRules', 'tabSettings'] as const;
type Tab = (typeof TABS)[number];

/** Re-checks the idle lock every few seconds and on every touch. */
function useLeadSession(): [boolean, () => void] {
  const [unlocked, setUnlocked] = useState(leadUnlocked);
  useEffect(() => {
    const touch = () => touchLead();
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    const timer = setInterval(() => setUnlocked(leadUnlocked()), 5_000);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      clearInterval(timer);
    };
  }, []);
  return [unlocked, () => setUnlocked(leadUnlocked())];
}

/** Asked before lead mode is left with rule edits not saved: they used to vanish without a word. */
function UnsavedRules({ error, onSave, onDiscard, onStay }: { error: string | null; onSave: () => void; onDiscard: () => void; onStay: () => void }) {
  const t = useT();
  return (
    <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="unsaved-title" data-prompt="unsaved-rules">
      <div class="modal-box">
        <h2 id="unsaved-title">⚠ {t('unsavedRules')}</h2>
        {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
        <div class="actions">
          <button class="big primary" onClick={onSave}>{t('save')}</button>
          <button class="big secondary" onClick={onDiscard}>{t('discardChanges')}</button>
          <button class="big secondary" onClick={onStay}>{t('keepEditing')}</button>
        </div>
      </div>
    </div>
  );
}

export function LeadScreen({ device }: { device: Device }) {
  const t = useT();
  const [unlocked, refresh] = useLeadSession();
  const [tab, setTab] = useState<Tab>('tabToday');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The rules being edited live here, not in the rules tab: a look at another tab keeps them.
  const [draft, setDraft] = useState<Policy | null>(null);
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const [leaveError, setLeaveError] = useState<string | null>(null);

  const submitPin = async (pin: string) => {
    const stored = device.config.leadPin;
    if (!stored) return setError('pin-unset');
    setBusy(true);
    // Both stretch the PIN (300,000 rounds each, own salts); WebCrypto runs them side by side.
    const [right, pkcs8] = await Promise.all([checkLeadPin(pin, stored), stored.key ? unwrapForLead(stored.key, pin, stored.iterations) : null]);
    if (right) await unlockLead(pkcs8);
    setBusy(false);
    if (!right) return setError('pin-wrong');
    setError(null);
    refresh();
  };

  const back = () => navigate('/');
  const lock = () => { lockLead(); refresh(); };
  /** Leaves lead mode now, or once the lead has said what becomes of unsaved rules. */
  const leave = (go: () => void) => (draft ? setLeaving(() => go) : go());
  const left = (go: () => void) => { setDraft(null); setLeaving(null); setLeaveError(null); go(); };

  if (!unlocked) {
    return (
      <main class="page lead-screen locked">
        <header class="page-head">
          <button class="secondary" onClick={back}>← {t('back')}</button>
          <LanguageButton />
        </header>
        <PinPad title={t('enterPin')} busy={busy} error={device.config.leadPin ? error : 'pin-unset'} onSubmit={(pin) => void submitPin(pin)} />
      </main>
    );
  }
  return (
    <main class="lead-screen" data-lead="unlocked">
      <header class="bar">
        <button class="secondary" onClick={() => leave(back)}>← {t('back')}</button>
        <h1 class="checkpoint-name">{t('leadMode')} · {device.config.checkpoint.name}</h1>
        <div class="bar-buttons">
          <LanguageButton />
          <button class="secondary" onClick={() => leave(lock)}>{t('lock')}</button>
        </div>
      </header>
      <nav class="tabs" role="tablist" aria-label={t('leadMode')}>
        {TABS.map((k) => (
          <button key={k} id={`tab-${k}`} role="tab" aria-selected={tab === k} aria-controls="lead-panel" class={tab === k ? 'on' : ''} onClick={() => setTab(k)}>
            {t(k)}{k === 'tabRules' && draft && <span class="unsaved-mark" data-unsaved="rules"> · {t('unsavedMark')}</span>}
          </button>
        ))}
      </nav>
      <div class="tab-body" id="lead-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'tabToday' && <TodayPanel policy={device.config.policy} />}
        {tab === 'tabLog' && <LogPanel policy={device.config.policy} />}
        {tab === 'tabExport' && <ExportPanel device={device} />}
        {tab === 'tabRules' && <RulesPanel device={device} draft={draft} onDraft={setDraft} />}
        {tab === 'tabSettings' && <SettingsPanel device={device} />}
      </div>
      {leaving && draft && (
        <UnsavedRules
          error={leaveError}
          // A change that cannot be saved here (the lead cannot be proven) keeps the lead in lead mode, told why.
          onSave={() => void savePolicy(draft).then((error) => (error ? setLeaveError(error) : left(leaving)))}
          onDiscard={() => left(leaving)}
          onStay={() => { setLeaving(null); setLeaveError(null); setTab('tabRules'); }}
        />
      )}
    </main>
  );
}
