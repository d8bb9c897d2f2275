/** Who changed a checkpoint's rules, when and what, in words (core/policyDiff.ts): a lead on a tablet, a console user, or the operator; newest first. */
import type { CheckpointRules, RuleChange, Rules } from '../core/consoleRules.ts';
import { describePolicyChanges } from '../core/policyDiff.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT, type Translate } from '../ui/i18n.ts';

function who(change: RuleChange, t: Translate): string {
  if (change.by === 'console') return `${t('rulesByConsole')}: ${change.userName ?? ''}`;
  if (change.by === 'lead') {
    const tablet = change.deviceLabel ?? change.deviceId?.slice(0, 8) ?? '';
    return `${t('rulesByLead')} ${tablet} (${t('rulesTabletClock')} ${formatDateTime(change.changedAt, t.language)})`;
  }
  return change.restoredFrom === null ? t('rulesByOperator') : `${t('rulesByOperator')}: ${t('rulesRestored')} v${change.restoredFrom}`;
}

function GateHistory({ gate, named }: { gate: CheckpointRules; named: boolean }) {
  const t = useT();
  return (
    <div class="history" data-history={gate.id}>
      {named && <h4>{gate.name}</h4>}
      <p class="as-of">{t('rulesVersion')} v{gate.version}</p>
      {gate.changes.length === 0 && <p>{t('rulesNoChanges')}</p>}
      <ol class="changes">
        {gate.changes.map((c) => (
          <li key={c.version} class="change">
            <p class="change-head">
              <strong>v{c.version}</strong> · <time dateTime={c.receivedAt}>{formatDateTime(c.receivedAt, t.language)}</time> · {who(c, t)}
            </p>
            <ul>{describePolicyChanges(c.fields.map((f) => ({ field: f.field, before: f.before, after: f.after })), t.language).map((line) => <li key={line}>{line}</li>)}</ul>
          </li>
        ))}
      </ol>
      {gate.changeCount > gate.changes.length && <p class="hint">{t('rulesMoreChanges')} {gate.changeCount}</p>}
    </div>
  );
}

export function PolicyHistory({ rules }: { rules: Rules }) {
  const t = useT();
  return (
    <section class="rules-history" aria-labelledby="history-title">
      <h3 id="history-title">{t('rulesHistory')}</h3>
      {rules.checkpoints.map((gate) => <GateHistory key={gate.id} gate={gate} named={rules.kind === 'place'} />)}
    </section>
  );
}
