/** A checkpoint's rules as fields a person edits, the same on the lead's tablet and in the console: `policy` shown, each edit handed to `set` as a patch. */
import type { Verdict } from '../core/entry.ts';
import { asksIdForForeignCodes, colourVerdict, coloursOffered, type Policy } from '../core/policy.ts';
import { useT } from './i18n.ts';

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
 * The fields, in two fieldsets (verdicts, then the gate's own rules). `mixed`: dotted fields (`colours.red`) whose value
 * differs between the gates shown at once (the console's place); each is marked so, showing the first gate's value.
 */
export function PolicyFields({ policy, set, mixed }: { policy: Policy; set: (patch: Partial<Policy>) => void; mixed?: ReadonlySet<string> }) {
  const t = useT();
  const differs = (field: string) => (mixed?.has(field) ? <span class="mixed" data-mixed={field}> ({t('rulesMixed')})</span> : null);
  const capacityText = policy.capacity === null ? '' : String(policy.capacity);
  return (
    <>
      <fieldset>
        <legend>{t('rulesColours')}</legend>
        {coloursOffered(policy).map((c) => (
          <label key={c}>{t(`seen-${c}`)}{differs(`colours.${c}`)}
            <VerdictSelect name={`colour-${c}`} value={colourVerdict(policy, c)} onChange={(v) => set({ colours: { ...policy.colours, [c]: v } })} />
          </label>
        ))}
        <label>{t('rulesUnverified')}{differs('unverified')}<VerdictSelect name="unverified" value={policy.unverified} onChange={(v) => set({ unverified: v })} /></label>
        <label>{t('rulesIdentityOnly')}{differs('identityOnly')}<VerdictSelect name="identityOnly" value={policy.identityOnly} onChange={(v) => set({ identityOnly: v })} /></label>
      </fieldset>
      <fieldset>
        <legend>{t('rulesGate')}</legend>
        <label>{t('rulesDirections')}{differs('directions')}
          <select name="directions" value={policy.directions} onChange={(e) => set({ directions: e.currentTarget.value as Policy['directions'] })}>
            <option value="both">{t('bothWays')}</option><option value="in">{t('inOnly')}</option><option value="out">{t('outOnly')}</option>
          </select>
        </label>
        <label>{t('rulesCapacity')}{differs('capacity')}
          <input name="capacity" type="number" inputMode="numeric" min="1" max="1000000" value={capacityText} placeholder={t('noLimit')}
            onInput={(e) => { const n = Number(e.currentTarget.value); set({ capacity: e.currentTarget.value === '' || !(n >= 1) ? null : Math.floor(n) }); }} />
        </label>
        <label>{t('rulesMaxCodeAge')}{differs('maxCodeAgeMinutes')}
          <input name="maxCodeAgeMinutes" type="number" inputMode="numeric" min="1" max="1440" value={policy.maxCodeAgeMinutes ?? ''} placeholder={t('noLimit')}
            onInput={(e) => { const n = Number(e.currentTarget.value); set({ maxCodeAgeMinutes: e.currentTarget.value === '' || !(n >= 1) ? null : Math.min(1440, Math.floor(n)) }); }} />
        </label>
        <label>{t('rulesFever')}{differs('feverThreshold')}
          <input name="feverThreshold" type="number" step="0.1" min="35" max="42" value={policy.feverThreshold}
            onInput={(e) => { const n = Number(e.currentTarget.value); if (n >= 35 && n <= 42) set({ feverThreshold: n }); }} />
        </label>
        <label class="check"><input name="askIdForForeignCodes" type="checkbox" checked={asksIdForForeignCodes(policy)} onChange={(e) => set({ askIdForForeignCodes: e.currentTarget.checked })} /> {t('rulesAskIdForForeignCodes')}{differs('askIdForForeignCodes')}</label>
        <label class="check"><input name="askTemperature" type="checkbox" checked={policy.askTemperature} onChange={(e) => set({ askTemperature: e.currentTarget.checked })} /> {t('rulesAskTemperature')}{differs('askTemperature')}</label>
        <label>{t('rulesDuplicate')}{differs('duplicateWindowSeconds')}
          <input name="duplicateWindowSeconds" type="number" min="0" max="600" value={policy.duplicateWindowSeconds}
            onInput={(e) => { const n = Number(e.currentTarget.value); if (Number.isInteger(n) && n >= 0 && n <= 600) set({ duplicateWindowSeconds: n }); }} />
        </label>
      </fieldset>
    </>
  );
}
