/** A checkpoint's rules, or a place's on all its gates at once, edited in the console: only the fields the user touched are sent, so each gate keeps the rest. */
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Rules, RulesChanged } from '../core/consoleRules.ts';
import type { Policy } from '../core/policy.ts';
import { policyDiff, policyFieldName, policyFields, policyValueName, withField } from '../core/policyDiff.ts';
import { useT } from '../ui/i18n.ts';
import { PolicyFields } from '../ui/PolicyFields.tsx';
import { ConsoleError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

const valueAt = (policy: Policy, field: string): unknown => policyFields(policy).find((f) => f.field === field)?.value;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function PolicyEditor({ rules, query, editable, onSaved }: { rules: Rules; query: string; editable: boolean; onSaved: (rules: Rules) => void }) {
  const t = useT();
  const [first] = rules.checkpoints;
  // Dotted field → the value the user chose; what is not here stays as each gate has it.
  const [edited, setEdited] = useState<Record<string, unknown>>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<'rulesSavedSynced' | 'rulesUnchanged' | 'rulesNothingEdited' | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  // The fields whose value differs between the place's gates: shown as the first gate has them, marked.
  const mixed = useMemo(() => {
    const [one, ...rest] = rules.checkpoints;
    return new Set(one ? rest.flatMap((o) => policyDiff(one.policy, o.policy).map((f) => f.field)) : []);
  }, [rules]);
  if (!first) return null;

  const shown = Object.entries(edited).reduce((policy, [field, value]) => withField(policy, field, value), first.policy);
  const set = (patch: Partial<Policy>) => {
    const changes = policyDiff(shown, { ...shown, ...patch });
    setEdited((before) => {
      const next = { ...before };
      for (const { field, after } of changes) {
        // Back to what every gate has: nothing left to send for it.
        if (!mixed.has(field) && same(after, valueAt(first.policy, field))) delete next[field];
        else next[field] = after;
      }
      return next;
    });
    setOutcome(null);
    setError(null);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const fields = Object.entries(edited).map(([field, value]) => ({ field, value }));
    if (fields.length === 0) {
      setOutcome('rulesNothingEdited');
      return;
    }
    setSaving(true);
    try {
      const reply = await post<RulesChanged>(`/console/rules?${query}`, { set: fields });
      setEdited({});
      setOutcome(reply.changed.length > 0 ? 'rulesSavedSynced' : 'rulesUnchanged');
      onSaved(reply.rules);
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    } finally {
      setSaving(false);
    }
  };
  const stillMixed = new Set([...mixed].filter((f) => !(f in edited)));
  const dirty = Object.keys(edited).length > 0;

  return (
    <section class="rules-editor" aria-labelledby="policy-title">
      <h3 id="policy-title">{t('rulesPolicy')}</h3>
      {rules.kind === 'place' && <p class="hint">{t('rulesPlaceNote')}: {rules.checkpoints.map((c) => c.name).join('、')}</p>}
      <form class="rules" data-rules={rules.id} onSubmit={(e) => void save(e)}>
        <fieldset class="plain" disabled={!editable || saving}>
          <PolicyFields policy={shown} set={set} mixed={stillMixed} />
        </fieldset>
        <dl class="facts">
          {rules.operatorOnly.map((field) => (
            <Fragment key={field}>
              <dt>{policyFieldName(field, t.language)}</dt>
              <dd>{policyValueName(valueAt(first.policy, field), t.language)}{mixed.has(field) ? ` (${t('rulesMixed')})` : ''} · {t('rulesOperatorOnly')}</dd>
            </Fragment>
          ))}
        </dl>
        {dirty && <p class="unsaved" role="status" data-unsaved="rules">⚠ {t('unsavedRules')}</p>}
        {editable && <button class="big primary" type="submit" disabled={saving}>{saving ? t('working') : t('rulesSave')}</button>}
        {outcome && <p class={outcome === 'rulesSavedSynced' ? 'ok' : 'muted'} role="status" data-saved={outcome}>{t(outcome)}</p>}
        <ErrorLine error={error} />
      </form>
    </section>
  );
}
