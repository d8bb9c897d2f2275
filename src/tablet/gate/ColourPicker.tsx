/** For a code Kadian cannot verify (another system's screen): the volunteer taps the colour they see. */
import { useEffect } from 'preact/hooks';
import type { Colour } from '../../core/entry.ts';
import { useT } from '../../ui/i18n.ts';

/** Long enough to look, short enough that a forgotten prompt still gets logged. */
const PROMPT_MS = 15_000;

export function ColourPicker({ offered, onPick }: { offered: readonly Colour[]; onPick: (colour: Colour | null) => void }) {
  const t = useT();
  useEffect(() => {
    const timer = setTimeout(() => onPick(null), PROMPT_MS);
    return () => clearTimeout(timer);
  }, [onPick]);
  return (
    <div class="colour-picker" role="dialog" aria-label={t('pickColour')} data-prompt="colour">
      <h2>{t('pickColour')}</h2>
      <p>{t('pickColourHint')}</p>
      <div class="colour-buttons">
        {offered.map((c) => (
          <button key={c} class={`colour-${c}`} onClick={() => onPick(c)}>{t(`seen-${c}`)}</button>
        ))}
      </div>
      <button class="big secondary" onClick={() => onPick(null)}>{t('cannotTell')}</button>
    </div>
  );
}
