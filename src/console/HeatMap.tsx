/**
 * Scans by hour of the day, one row per area, place or checkpoint below: a real table whose cells are shaded, so the
 * eye finds the busy hours and a screen reader reads the same numbers.
 */
import type { Hours } from '../core/consoleFigures.ts';
import { useT } from '../ui/i18n.ts';

/** Five shades of one blue, light to dark; the text on each keeps 4.5:1 (black on the first four, white on the last). */
const SHADES = ['#ffffff', '#deebf7', '#9ecae1', '#4292c6', '#08519c'] as const;

function shadeOf(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(SHADES.length - 1, 1 + Math.floor(((SHADES.length - 1) * value) / (max + 1)));
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function HeatMap({ hours }: { hours: Hours }) {
  const t = useT();
  const rows = hours.rows.length > 0 ? hours.rows : [];
  const max = Math.max(0, ...rows.flatMap((r) => r.scans));
  const cell = (value: number, key: number) => {
    const shade = shadeOf(value, max);
    return (
      <td key={key} class="heat-cell" style={{ background: SHADES[shade], color: shade === SHADES.length - 1 ? '#fff' : '#000' }}>
        {value || ''}
      </td>
    );
  };
  return (
    <figure class="heat-box">
      <figcaption><h3>{t('heatTitle')} · {hours.date}</h3><p class="hint">{t('heatHint')}</p></figcaption>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t('heatTitle')}>
        <table class="heat">
          <thead>
            <tr>
              <th scope="col">{t('unitName')}</th>
              {HOURS.map((h) => <th key={h} scope="col">{h}{t('hour')}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-row={r.id}>
                <th scope="row">{r.name}</th>
                {r.scans.map(cell)}
              </tr>
            ))}
            <tr class="heat-total">
              <th scope="row">{t('total')}</th>
              {hours.total.map((v, h) => <td key={h}>{v || ''}</td>)}
            </tr>
          </tbody>
        </table>
      </div>
    </figure>
  );
}
