/** The arrival tests' shared pieces (入市登记, issue #20): distinct valid ID numbers, a filled form, and a gate's config and lookup. */
import type { ArrivalRequest } from '../../src/core/arrivalWire.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { keyPersonIndex } from '../../src/core/keyPersonLookup.ts';
import type { Config } from '../../src/core/wire.ts';
import type { Harness, Tablet } from './helpers.ts';

export const ZONE = 'Asia/Shanghai';
export const DAY_MS = 86_400_000;

/** The n-th test arrival's ID number: valid, distinct. */
export function idOf(n: number): string {
  const first17 = `42010219850${1 + (n % 9)}1${n % 10}${String(n).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** As the console and the audit log show it. */
export const maskedIdOf = (n: number): string => `${idOf(n).slice(0, 6)}********${idOf(n).slice(-4)}`;

/** Arrival n from 武汉 on `day` to 东风社区 (a-c1), with `more` changed. */
export const form = (n: number, day: string, more: Partial<ArrivalRequest> = {}): ArrivalRequest => ({
  name: `来人${n}`, id: idOf(n), phone: '138 0000 0000', fromProvince: '湖北', fromCity: '武汉市', arrivalDay: day, means: 'train', meansDetail: 'G507',
  areaId: 'a-c1', address: '东风路 1 号', health: { fever: false, cough: false, breath: false, contact: false }, ...more,
});

export const configOf = async (h: Harness, tablet: Tablet): Promise<Config> =>
  (await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${tablet.token}` } })).json<Config>();

export const lookUp = (config: Config, id: string) => keyPersonIndex(config.keyPersons).find(id);
