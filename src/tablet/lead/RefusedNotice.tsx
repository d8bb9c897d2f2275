/** A lead's change the server refused for good (rules or PIN): when it was made and why, shown until the lead makes another. */
import { useContext } from 'preact/hooks';
import type { RefusedChange } from '../../store/device.ts';
import { LanguageContext, useT } from '../../ui/i18n.ts';

export function RefusedNotice({ kind, refused }: { kind: 'policy' | 'pin'; refused: RefusedChange | undefined }) {
  const t = useT();
  const { language } = useContext(LanguageContext);
  if (!refused) return null;
  const when = new Date(refused.changedAt).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB');
  return (
    <p class="error" role="alert" data-refused={kind} data-error={refused.error}>
      ⚠ {t(kind === 'policy' ? 'rulesRefused' : 'pinRefused')} {when} · {t.any(refused.error)}
    </p>
  );
}
