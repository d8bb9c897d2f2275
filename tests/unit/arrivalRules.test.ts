/** The arrival rule table (issue #20): the most specific rule decides, suffixes do not matter, the home city is no arrival, windows and `none` hold. */
import { describe, expect, it } from 'vitest';
import { ANY_ORIGIN, arrivalListing, DEFAULT_ARRIVAL_RULES, placeName, withRule } from '../../src/core/arrivalRules.ts';

const from = (province: string, city: string, day = '2020-02-02') => ({ province, city, day, homeCity: '三门峡市' });

describe('arrival rules', () => {
  it('gives 武汉 its own category over 湖北, 湖北 over anywhere, for 14 days from the arrival day', () => {
    expect(arrivalListing(DEFAULT_ARRIVAL_RULES, from('湖北', '武汉市'))).toEqual({ category: 'from-wuhan', lastDay: '2020-02-15' });
    expect(arrivalListing(DEFAULT_ARRIVAL_RULES, from('湖北省', '孝感'))).toEqual({ category: 'from-hubei', lastDay: '2020-02-15' });
    expect(arrivalListing(DEFAULT_ARRIVAL_RULES, from('河南', '郑州'))).toEqual({ category: 'outside-city', lastDay: '2020-02-15' });
    expect(arrivalListing(DEFAULT_ARRIVAL_RULES, from('河南', '三门峡'))).toBeNull();
  });

  it('takes a date window and a rule of no category; a rule set again replaces its twin', () => {
    const rules = withRule(withRule(DEFAULT_ARRIVAL_RULES, { province: '广东', to: '2020-01-31', category: 'from-hubei', days: 7 }), { province: '广东', category: null, days: 1 });
    expect(arrivalListing(rules, from('广东', '深圳', '2020-01-20'))).toEqual({ category: 'from-hubei', lastDay: '2020-01-26' });
    expect(arrivalListing(rules, from('广东', '深圳', '2020-02-01'))).toBeNull();
    const again = withRule(rules, { province: ANY_ORIGIN, category: 'outside-city', days: 21 });
    expect(again.filter((r) => r.province === ANY_ORIGIN)).toEqual([{ province: ANY_ORIGIN, category: 'outside-city', days: 21 }]);
  });

  it('reads place names without their suffixes', () => {
    expect(['湖北省', '武汉市', '新疆维吾尔自治区', '香港特别行政区', '市'].map(placeName)).toEqual(['湖北', '武汉', '新疆', '香港', '市']);
  });
});
