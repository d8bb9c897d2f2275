/** This phone's passages at one place, newest first: saved and waiting for the network, sent (when, and the result), or refused (why). */
import type { KeptPassage } from '../store/selfPassages.ts';
import { formatTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';

function Status({ p }: { p: KeptPassage }) {
  const t = useT();
  if (p.state === 'waiting') return <span class="passage-state waiting" data-state="waiting">{t('placeSaved')}</span>;
  if (p.state === 'refused') return <span class="passage-state refused" data-state="refused">{t('placeRefused')}：{t.any(p.error ?? 'server-error')}</span>;
  const sentAt = p.answeredAt ? ` ${formatTime(p.answeredAt, t.language)}` : '';
  return (
    <span class={`passage-state sent ${p.outcome === 'see-staff' ? 'see-staff' : ''}`} data-state="sent" data-outcome={p.outcome ?? ''}>
      {t('placeSent')}{sentAt} · {t(p.outcome === 'see-staff' ? 'placeSeeStaff' : 'placeRecorded')}
      {p.reasons.length > 0 && <> ({p.reasons.map((r) => t.any(r)).join('；')})</>}
    </span>
  );
}

export function PassageList({ passages }: { passages: readonly KeptPassage[] }) {
  const t = useT();
  if (passages.length === 0) return null;
  return (
    <section class="passage-list" aria-live="polite">
      <h2>{t('placeRecent')}</h2>
      <ul>
        {[...passages].reverse().map((p) => (
          <li key={p.clientId} data-passage={p.clientId} data-direction={p.direction}>
            <strong>{t(p.direction === 'in' ? 'placeInLong' : 'placeOutLong')}</strong> {p.who} · {formatTime(p.at, t.language)} · <Status p={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}
