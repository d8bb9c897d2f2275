/** An area's figures as big numbers with their words: read at a glance on a phone, each labelled for a screen reader. */
import type { Figures } from '../core/consoleFigures.ts';
import type { CatalogueKey } from '../core/catalogue.ts';
import { useT } from '../ui/i18n.ts';

export const FIGURES: ReadonlyArray<[keyof Figures, CatalogueKey, string]> = [
  ['in', 'figIn', 'brand'], ['out', 'figOut', 'muted'], ['inside', 'figInside', 'brand'], ['stopped', 'figStopped', 'stop'],
  ['checked', 'figChecked', 'check'], ['keyPerson', 'figKeyPersons', 'stop'],
];
export const COLOURS: ReadonlyArray<[keyof Figures, CatalogueKey, string]> = [
  ['green', 'figGreen', 'pass'], ['yellow', 'figYellow', 'check'], ['red', 'figRed', 'stop'], ['otherColour', 'figOtherColour', 'muted'],
];

export function FigureCards({ figures }: { figures: Figures }) {
  const t = useT();
  const card = ([key, word, tone]: [keyof Figures, CatalogueKey, string]) => (
    <li key={key} class={`figure tone-${tone}`} data-figure={key}>
      <span class="figure-value">{figures[key].toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB')}</span>
      <span class="figure-word">{t(word)}</span>
    </li>
  );
  return (
    <>
      <ul class="figures">{FIGURES.map(card)}</ul>
      <h3 class="small-head">{t('byColour')}</h3>
      <ul class="figures colours">{COLOURS.map(card)}</ul>
    </>
  );
}
