/** A checkpoint's rules in words, for the change history a lead or an operator reads: `field.<dotted path>` and `rule.<value>`. */
import type { Section } from './words.ts';

export const POLICY_WORDS = {
  // Fields, by their dotted path in the policy (policyDiff.ts)
  'field.identityOnly': { zh: '仅身份信息', en: 'identity only' },
  'field.colours.green': { zh: '绿码', en: 'green code' },
  'field.colours.blue': { zh: '蓝码', en: 'blue code' },
  'field.colours.yellow': { zh: '黄码', en: 'yellow code' },
  'field.colours.red': { zh: '红码', en: 'red code' },
  'field.unverified': { zh: '无法核验的码', en: 'unverifiable code' },
  'field.directions': { zh: '登记方向', en: 'directions' },
  'field.duplicateWindowSeconds': { zh: '重复扫码间隔（秒）', en: 'duplicate window (s)' },
  'field.feverThreshold': { zh: '发热阈值（°C）', en: 'fever threshold (°C)' },
  'field.askTemperature': { zh: '测体温', en: 'ask temperature' },
  'field.askIdForForeignCodes': { zh: '其他系统的码登记身份证号', en: "ID number with other systems' codes" },
  'field.capacity': { zh: '容量', en: 'capacity' },
  'field.maxCodeAgeMinutes': { zh: '健康码签发后有效（分钟）', en: 'health code age limit (minutes)' },
  'field.retentionDays': { zh: '平板保留已同步记录（天）', en: 'tablet keeps synced entries (days)' },
  // Values, by their text (`String(value)`): verdicts, directions, yes / no, and null for no limit
  'rule.pass': { zh: '通过', en: 'pass' },
  'rule.stop': { zh: '禁止通行', en: 'stop' },
  'rule.check': { zh: '请核验', en: 'check' },
  'rule.both': { zh: '出入', en: 'in and out' },
  'rule.in': { zh: '仅入', en: 'in only' },
  'rule.out': { zh: '仅出', en: 'out only' },
  'rule.true': { zh: '是', en: 'yes' },
  'rule.false': { zh: '否', en: 'no' },
  'rule.null': { zh: '不限', en: 'no limit' },
} as const satisfies Section;
