/** Words on more than one screen: the shell, directions, verdicts, colours, common buttons and fields. */
import type { Section } from './words.ts';

export const SHARED_WORDS = {
  // The shell
  appName: { zh: '卡点', en: 'Kadian' },
  switchLanguage: { zh: 'EN', en: '中文' },
  // Directions and verdicts as the gate and the log show them
  in: { zh: '入', en: 'In' },
  out: { zh: '出', en: 'Out' },
  pass: { zh: '通过', en: 'PASS' },
  stop: { zh: '禁止通行', en: 'STOP' },
  check: { zh: '请核验', en: 'CHECK' },
  // Health-code colours
  'seen-green': { zh: '绿码', en: 'Green' },
  'seen-yellow': { zh: '黄码', en: 'Yellow' },
  'seen-red': { zh: '红码', en: 'Red' },
  // Buttons and fields
  confirm: { zh: '确认', en: 'OK' },
  cancel: { zh: '取消', en: 'Cancel' },
  save: { zh: '保存', en: 'Save' },
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号码', en: 'ID number' },
  temperature: { zh: '体温（°C）', en: 'Temperature (°C)' },
  // A new version of the app
  updateReady: { zh: '有新版本可用', en: 'A new version is ready' },
  updateNow: { zh: '更新', en: 'Update' },
  updateLater: { zh: '稍后', en: 'Later' },
  updateWaiting: { zh: '等待当前扫描/同步完成后更新…', en: 'Updating after the current scan or sync…' },
} as const satisfies Section;
