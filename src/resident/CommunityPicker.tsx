/** The community a person lives in, found by a word of its name: a search field and a list of big buttons (GET /residents/communities). */
import { useEffect, useState } from 'preact/hooks';
import type { Community, PhoneCredential } from '../core/residentWire.ts';
import { errorKey, searchCommunities } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';

/** Typing pauses this long before the server is asked: one request per word, not per character. */
const PAUSE_MS = 300;

export function CommunityPicker({ credential, chosen, onChoose }: {
  credential: PhoneCredential | null;
  chosen: Community | null;
  onChoose: (community: Community | null) => void;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Community[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const words = q.trim();
    if (words === '') { setFound(null); return; }
    let current = true;
    const timer = setTimeout(() => {
      void searchCommunities(credential, words).then((answer) => {
        if (!current) return;
        setFound(answer.ok ? answer.value : null);
        setError(answer.ok ? null : errorKey(answer.error));
      });
    }, PAUSE_MS);
    return () => { current = false; clearTimeout(timer); };
  }, [q, credential]);

  if (chosen) {
    return (
      <div class="field community-chosen" data-community={chosen.id}>
        <p class="field-label">{t('community')} · {t('communityChosen')}</p>
        <p class="community-name">{chosen.names.join(' / ')}</p>
        <button type="button" class="secondary" onClick={() => { onChoose(null); setQ(''); }}>{t('communityChange')}</button>
      </div>
    );
  }
  return (
    <div class="field community-picker">
      <label for="community-search">{t('communitySearch')}</label>
      <input id="community-search" name="community-search" type="search" autocomplete="off" maxLength={40} value={q}
        aria-describedby="community-hint" onInput={(e) => setQ(e.currentTarget.value)} />
      <p class="hint" id="community-hint">{t('communitySearchHint')}</p>
      {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      {found && found.length === 0 && <p role="status">{t('communityNoMatch')}</p>}
      {found && found.length > 0 && (
        <ul class="community-list">
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" class="secondary" data-community={c.id} onClick={() => onChoose(c)}>
                <b>{c.names.at(-1)}</b> <span class="hint">{c.names.slice(0, -1).join(' / ')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
