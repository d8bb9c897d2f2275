/** The checkpoint's rules, edited by the lead: in force on this tablet at once, sent to the server with the next sync. */
import { useState } from 'preact/hooks';
import type { Policy } from '../../core/policy.ts';
import type { Device } from '../../store/device.ts';
import { useT } from '../../ui/i18n.ts';
import { PolicyFields } from '../../ui/PolicyFields.tsx';
import { savePolicyChange, type LeadChangeError } from './leadChanges.ts';
import { RefusedNotice } from './RefusedNotice.tsx';

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
  return (
    <form class="rules" onSubmit={(e) => {
      e.preventDefault();
      void savePolicy(policy).then((error) => { setProblem(error); if (error === null) { onDraft(null); setSaved(true); } });
    }}>
      <RefusedNotice kind="policy" refused={device.refused?.policy} />
      {draft && <p class="unsaved" role="status" data-unsaved="rules">⚠ {t('unsavedRules')}</p>}
      <PolicyFields policy={policy} set={set} />
      <button class="big primary" type="submit">{t('save')}</button>
      {saved && <p class="ok" role="status" data-saved="policy">{t('rulesSaved')}</p>}
      {problem && <p class="error" role="alert" data-message={problem}>{t.any(problem)}</p>}
      {device.pending?.policy && !saved && <p class="muted">{t('rulesPending')}</p>}
    </form>
  );
}
