/** Lead mode (负责人模式): behind the PIN, the checkpoint's figures, log, export, rules and settings. */
import { useEffect, useState } from 'preact/hooks';
import { checkLeadPin } from '../../core/leadPin.ts';
import { unwrapForLead } from '../../core/personSeal.ts';
import type { Device } from '../../store/device.ts';
import { useT } from '../../ui/i18n.ts';
import { navigate } from '../../ui/navigate.ts';
import { PinPad } from './PinPad.tsx';
import { leadUnlocked, lockLead, touchLead, unlockLead } from './session.ts';
import { TodayPanel } from './TodayPanel.tsx';
import { LogPanel } from './LogPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { RulesPanel } from './RulesPanel.tsx';
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

export function LeadScreen({ device }: { device: Device }) {
  const t = useT();
  const [unlocked, refresh] = useLeadSession();
  const [tab, setTab] = useState<Tab>('tabToday');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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

  if (!unlocked) {
    return (
      <main class="page lead-screen locked">
        <button class="secondary" onClick={() => navigate('/')}>← {t('back')}</button>
        <PinPad title={t('enterPin')} busy={busy} error={device.config.leadPin ? error : 'pin-unset'} onSubmit={(pin) => void submitPin(pin)} />
      </main>
    );
  }
  return (
    <main class="lead-screen" data-lead="unlocked">
      <header class="bar">
        <button class="secondary" onClick={() => navigate('/')}>← {t('back')}</button>
        <div class="checkpoint-name">{t('leadMode')} · {device.config.checkpoint.name}</div>
        <button class="secondary" onClick={() => { lockLead(); refresh(); }}>🔒 {t('lock')}</button>
      </header>
      <nav class="tabs" role="tablist">
        {TABS.map((k) => <button key={k} role="tab" aria-selected={tab === k} class={tab === k ? 'on' : ''} onClick={() => setTab(k)}>{t(k)}</button>)}
      </nav>
      <div class="tab-body">
        {tab === 'tabToday' && <TodayPanel policy={device.config.policy} />}
        {tab === 'tabLog' && <LogPanel />}
        {tab === 'tabExport' && <ExportPanel device={device} />}
        {tab === 'tabRules' && <RulesPanel device={device} />}
        {tab === 'tabSettings' && <SettingsPanel device={device} />}
      </div>
    </main>
  );
}
