/** For a code Kadian cannot verify (another system's screen): the volunteer taps the colour they see. */
import type { Colour } from '../../core/entry.ts';
import { useT } from '../../ui/i18n.ts';
import { useTimeout } from '../../ui/useTimeout.ts';

/** Long enough to look, short enough that a forgotten prompt still gets logged. */
const PROMPT_MS = 15_000;

export function ColourPicker({ offered, onPick }: { offered: readonly Colour[]; onPick: (colour: Colour | null) => void }) {
  const t = useT();
  // Keyed by the prompt's answer: each new prompt gets its own 15 s, and a stale one cannot answer the next.
  useTimeout(() => onPick(null), PROMPT_MS, onPick);
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
