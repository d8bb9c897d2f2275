/** An area's figures as big numbers with their words: read at a glance on a phone, each labelled for a screen reader. */
import type { Figures, OutcomeFigures } from '../core/consoleFigures.ts';
import type { CatalogueKey } from '../core/catalogue.ts';
import { useT } from '../ui/i18n.ts';

/** The figures that are one number each (the outcomes are a group of their own, OutcomeLine). */
export type CountFigure = Exclude<keyof Figures, 'outcomes'>;

export const FIGURES: ReadonlyArray<[CountFigure, CatalogueKey, string]> = [
  ['in', 'figIn', 'brand'], ['out', 'figOut', 'muted'], ['inside', 'figInside', 'brand'], ['stopped', 'figStopped', 'stop'],
  ['checked', 'figChecked', 'check'], ['keyPerson', 'figKeyPersons', 'stop'],
];
export const COLOURS: ReadonlyArray<[CountFigure, CatalogueKey, string]> = [
  ['green', 'figGreen', 'pass'], ['blue', 'figBlue', 'blue'], ['yellow', 'figYellow', 'check'], ['red', 'figRed', 'stop'], ['otherColour', 'figOtherColour', 'muted'],
];

/** Blue is shown where it was seen: a city without a fourth colour (core/entry.ts) gets no card of zeros. */
const shownColours = (figures: Figures) => COLOURS.filter(([key]) => key !== 'blue' || figures.blue > 0);
/** In the seeds' order: let through, turned back, to hospital, to central quarantine, then anything else. */
export const OUTCOME_WORDS: ReadonlyArray<[keyof OutcomeFigures, CatalogueKey]> = [
  ['release', 'outcome-release'], ['turnedBack', 'outcome-turned-back'], ['hospital', 'figHospital'], ['quarantine', 'figQuarantine'], ['other', 'outcome-other'],
];

/** "异常 N → 放行 a · 劝返 b · 留观 c · 集中观察 d · 其他 e": what became of the stops and checks, as the seeds report it. */
export function OutcomeLine({ figures }: { figures: Figures }) {
  const t = useT();
  const number = (n: number) => n.toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB');
  return (
    <span class="outcome-line" data-figure="outcomes">
      <span data-outcome="abnormal">{t('figAbnormal')} {number(figures.stopped + figures.checked)}</span>
      {' → '}
      {OUTCOME_WORDS.map(([key, word], i) => (
        <span key={key} data-outcome={key}>{i > 0 && ' · '}{t(word)} {number(figures.outcomes[key])}</span>
      ))}
    </span>
  );
}

/** "车辆 N（乘车 M 人）": only where vehicles came through (road checkpoints); a gate on foot shows no line of zeros. */
export function VehicleLine({ figures }: { figures: Figures }) {
  const t = useT();
  if (figures.vehicles === 0) return null;
  const number = (n: number) => n.toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB');
  return <p class="vehicles" data-figure="vehicles">{t('figVehicles').replace('{n}', number(figures.vehicles)).replace('{m}', number(figures.vehiclePeople))}</p>;
}

export function FigureCards({ figures }: { figures: Figures }) {
  const t = useT();
  const card = ([key, word, tone]: [CountFigure, CatalogueKey, string]) => (
    <li key={key} class={`figure tone-${tone}`} data-figure={key}>
      <span class="figure-value">{figures[key].toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB')}</span>
      <span class="figure-word">{t(word)}</span>
    </li>
  );
  return (
    <>
      <ul class="figures">{FIGURES.map(card)}</ul>
      <VehicleLine figures={figures} />
      <h3 class="small-head">{t('figOutcomes')}</h3>
      <p class="outcomes"><OutcomeLine figures={figures} /></p>
      <h3 class="small-head">{t('byColour')}</h3>
      <ul class="figures colours">{shownColours(figures).map(card)}</ul>
    </>
  );
}
