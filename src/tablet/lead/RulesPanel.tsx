/** The checkpoint's rules, edited by the lead: in force on this tablet at once, sent to the server with the next sync. */
import { useState } from 'preact/hooks';
import type { Verdict } from '../../core/entry.ts';
import { asksIdForForeignCodes, type Policy } from '../../core/policy.ts';
import type { Device } from '../../store/device.ts';
import { useT } from '../../ui/i18n.ts';
import { savePolicyChange, type LeadChangeError } from './leadChanges.ts';
import { RefusedNotice } from './RefusedNotice.tsx';

const VERDICT_OPTIONS = ['pass', 'check', 'stop'] as const;

function VerdictSelect({ name, value, onChange }: { name: string; value: Verdict; onChange: (v: Verdict) => void }) {
  const t = useT();
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value as Verdict)}>
      {VERDICT_OPTIONS.map((v) => <option key={v} value={v}>{t(v)}</option>)}
    </select>
  );
}

/**
 * Saves the lead's policy as a pending change with the lead's proof; the uploader sends it (PUT /policy) and the server
 * records who and when. An error (a catalogue key) when it cannot be proven here.
 */
export async function savePolicy(policy: Policy): Promise<LeadChangeError | null> {
  const saved = await savePolicyChange(policy);
  return saved.ok ? null : saved.error;
}

/**
 * The rules as the lead edits them: `draft` is held by the lead screen, so switching tabs keeps it; null when nothing
 * differs from the rules in force.
 */
export function RulesPanel({ device, draft, onDraft }: { device: Device; draft: Policy | null; onDraft: (p: Policy | null) => void }) {
  const t = useT();
  const policy = draft ?? device.config.policy;
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<LeadChangeError | null>(null);
  const set = (patch: Partial<Policy>) => {
    setSaved(false);
    setProblem(null);
    const next = { ...policy, ...patch };
    onDraft(JSON.stringify(next) === JSON.stringify(device.config.policy) ? null : next);
  };
  const capacityText = policy.capacity === null ? '' : String(policy.capacity);
  return (
    <form class="rules" onSubmit={(e) => {
      e.preventDefault();
      void savePolicy(policy).then((error) => { setProblem(error); if (error === null) { onDraft(null); setSaved(true); } });
    }}>
      <RefusedNotice kind="policy" refused={device.refused?.policy} />
      {draft && <p class="unsaved" role="status" data-unsaved="rules">⚠ {t('unsavedRules')}</p>}
      <fieldset>
        <legend>{t('rulesColours')}</legend>
        {(['green', 'yellow', 'red'] as const).map((c) => (
          <label key={c}>{t(`seen-${c}`)}
            <VerdictSelect name={`colour-${c}`} value={policy.colours[c]} onChange={(v) => set({ colours: { ...policy.colours, [c]: v } })} />
          </label>
        ))}
        <label>{t('rulesUnverified')}<VerdictSelect name="unverified" value={policy.unverified} onChange={(v) => set({ unverified: v })} /></label>
        <label>{t('rulesIdentityOnly')}<VerdictSelect name="identityOnly" value={policy.identityOnly} onChange={(v) => set({ identityOnly: v })} /></label>
      </fieldset>
      <fieldset>
        <legend>{t('rulesGate')}</legend>
        <label>{t('rulesDirections')}
          <select name="directions" value={policy.directions} onChange={(e) => set({ directions: e.currentTarget.value as Policy['directions'] })}>
            <option value="both">{t('bothWays')}</option><option value="in">{t('inOnly')}</option><option value="out">{t('outOnly')}</option>
          </select>
        </label>
        <label>{t('rulesCapacity')}
          <input name="capacity" type="number" inputMode="numeric" min="1" max="1000000" value={capacityText} placeholder={t('noLimit')}
            onInput={(e) => { const n = Number(e.currentTarget.value); set({ capacity: e.currentTarget.value === '' || !(n >= 1) ? null : Math.floor(n) }); }} />
        </label>
        <label>{t('rulesFever')}
          <input name="feverThreshold" type="number" step="0.1" min="35" max="42" value={policy.feverThreshold}
            onInput={(e) => { const n = Number(e.currentTarget.value); if (n >= 35 && n <= 42) set({ feverThreshold: n }); }} />
        </label>
        <label class="check"><input name="askIdForForeignCodes" type="checkbox" checked={asksIdForForeignCodes(policy)} onChange={(e) => set({ askIdForForeignCodes: e.currentTarget.checked })} /> {t('rulesAskIdForForeignCodes')}</label>
        <label class="check"><input name="askTemperature" type="checkbox" checked={policy.askTemperature} onChange={(e) => set({ askTemperature: e.currentTarget.checked })} /> {t('rulesAskTemperature')}</label>
        <label>{t('rulesDuplicate')}
          <input name="duplicateWindowSeconds" type="number" min="0" max="600" value={policy.duplicateWindowSeconds}
            onInput={(e) => { const n = Number(e.currentTarget.value); if (Number.isInteger(n) && n >= 0 && n <= 600) set({ duplicateWindowSeconds: n }); }} />
        </label>
      </fieldset>
      <button class="big primary" type="submit">{t('save')}</button>
      {saved && <p class="ok" role="status" data-saved="policy">{t('rulesSaved')}</p>}
      {problem && <p class="error" role="alert" data-message={problem}>{t.any(problem)}</p>}
      {device.pending?.policy && !saved && <p class="muted">{t('rulesPending')}</p>}
    </form>
  );
}
