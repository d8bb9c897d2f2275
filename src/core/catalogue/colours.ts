/** Why a resident has their colour (colourFromLists.ts): where the check-in rules stand, as `state-<RuleState>`; the key-person categories are `kp-*` in reasons.ts. */
import type { Section } from './words.ts';

export const COLOUR_WORDS = {
  'state-green': { zh: '每日打卡正常', en: 'Daily check-ins in order' },
  'state-yellow': { zh: '漏打卡一天或有症状：打卡且无症状后转绿', en: 'A missed check-in or symptoms: a clean check-in turns it green' },
  'state-yellow-missed': { zh: '黄码已一天未打卡：再漏打卡一天将转红', en: 'Yellow and a day without a check-in: another missed day turns it red' },
  'state-red': { zh: '发热、隔离中或两天黄码未打卡：需连续打卡三天转绿', en: 'Fever, isolation or two yellow days without a check-in: three check-ins in a row turn it green' },
  'state-red-1': { zh: '红码：已连续打卡一天（共需三天）', en: 'Red: one of the three check-ins in a row done' },
  'state-red-2': { zh: '红码：已连续打卡两天（共需三天）', en: 'Red: two of the three check-ins in a row done' },
} as const satisfies Section;
