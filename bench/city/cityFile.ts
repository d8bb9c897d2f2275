/** A made-up city over five levels (市 › 区县 › 街道 › 社区 › 网格), one CSV row per checkpoint, with official-looking codes: for the import benchmark and tests. */

export interface CityShape {
  districts: number;
  streetsPerDistrict: number;
  communitiesPerStreet: number;
  gridsPerCommunity: number;
  checkpoints: number;
}

/** Sanmenxia's 4,136 checkpoints (the seed report), over 6 × 6 × 10 × 4 = 1,440 grids, two gates a place. */
export const SANMENXIA: CityShape = { districts: 6, streetsPerDistrict: 6, communitiesPerStreet: 10, gridsPerCommunity: 4, checkpoints: 4136 };

const HEADER = '市,市代码,区县,区县代码,街道,街道代码,社区,社区代码,网格,网格代码,场所,场所类型,容量,卡点';
const KINDS = ['小区', '村庄', '小区', '市场', '景区', '道路卡口'];
const GATES = ['东门', '西门', '南门', '北门'];

/** The rows' cells (no header), grid by grid; `rename` changes the name of one community by its code (a changed file). */
export function cityRows(shape: CityShape, rename: { communityCode: string; name: string } | null = null): string[][] {
  const grids: string[][] = [];
  for (let d = 1; d <= shape.districts; d++) {
    const dCode = `4112${String(d).padStart(2, '0')}`;
    for (let s = 1; s <= shape.streetsPerDistrict; s++) {
      const sCode = `${dCode}${String(s).padStart(3, '0')}`;
      for (let c = 1; c <= shape.communitiesPerStreet; c++) {
        const cCode = `${sCode}${String(c).padStart(3, '0')}`;
        const cName = rename?.communityCode === cCode ? rename.name : `第${d}区${s}街${c}社区`;
        for (let g = 1; g <= shape.gridsPerCommunity; g++) {
          grids.push(['三门峡市', '411200', `第${d}区`, dCode, `第${d}区第${s}街道`, sCode, cName, cCode, `第${g}网格`, `${cCode}${String(g).padStart(2, '0')}`]);
        }
      }
    }
  }
  const rows: string[][] = [];
  for (let i = 0; i < shape.checkpoints; i++) {
    const place = Math.floor(i / 2);
    const grid = grids[place % grids.length]!;
    const kind = KINDS[place % KINDS.length]!;
    rows.push([...grid, `场所${place + 1}`, kind, kind === '景区' ? '500' : '', GATES[i % 2 === 0 ? 0 : 1 + (Math.floor(i / 2) % 3)]!]);
  }
  return rows;
}

export function cityCsv(shape: CityShape, rename: { communityCode: string; name: string } | null = null): string {
  return `\uFEFF${HEADER}\n${cityRows(shape, rename).map((r) => r.join(',')).join('\n')}\n`;
}

export const CITY_HEADER = HEADER.split(',');
