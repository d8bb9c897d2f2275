/** Words on more than one screen: the shell, directions, verdicts, colours, common buttons and fields. */
import type { Section } from './words.ts';

export const SHARED_WORDS = {
  // The shell
  appName: { zh: '卡点', en: 'Kadian' },
  switchLanguage: { zh: 'EN', en: '中文' },
  // Directions and verdicts as the gate and the log show them
  in: { zh: '入', en: 'In' },
  out: { zh: '出', en: 'Out' },
  // One word for each verdict everywhere: the gate, the log, the figures, the rules and the export.
  pass: { zh: '通过', en: 'PASS' },
  stop: { zh: '禁止通行', en: 'STOP' },
  check: { zh: '请核验', en: 'CHECK' },
  // A stop only because the place is full: a wait, not a ban, so it does not read like a red code.
  full: { zh: '暂停进入', en: 'WAIT' },
  // What happened after a stop or a check (处置): the gate's buttons, the log, the export and the console's figures.
  'outcome-release': { zh: '放行', en: 'Let through' },
  'outcome-turned-back': { zh: '劝返', en: 'Turned back' },
  'outcome-hospital': { zh: '移交医院留观', en: 'To hospital for observation' },
  'outcome-quarantine': { zh: '集中隔离观察', en: 'Central quarantine' },
  'outcome-other': { zh: '其他', en: 'Other' },
  figIn: { zh: '进入', en: 'In' },
  figOut: { zh: '离开', en: 'Out' },
  // Health-code colours
  'seen-green': { zh: '绿码', en: 'Green' },
  'seen-blue': { zh: '蓝码', en: 'Blue' },
  'seen-yellow': { zh: '黄码', en: 'Yellow' },
  'seen-red': { zh: '红码', en: 'Red' },
  // Kinds of code, as people call them (the export's English cells keep the machine names)
  'kind-KDR1': { zh: '居民信息码', en: 'Resident code' },
  'kind-KDH1': { zh: '健康码', en: 'Health code' },
  'kind-HC1': { zh: '欧盟数字新冠证书', en: 'EU COVID certificate' },
  'kind-manual': { zh: '手工录入', en: 'Typed ID number' },
  'kind-unknown': { zh: '其他码', en: 'Other code' },
  // Buttons and fields
  confirm: { zh: '确认', en: 'OK' },
  cancel: { zh: '取消', en: 'Cancel' },
  save: { zh: '保存', en: 'Save' },
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号码', en: 'ID number' },
  temperature: { zh: '体温（°C）', en: 'Temperature (°C)' },
  required: { zh: '必填', en: 'required' },
  backspace: { zh: '删除一位', en: 'Delete one' },
  typeX: { zh: '输入 X', en: 'Type X' },
  idLastX: { zh: '末位是X时点右边的 X', en: 'If the last character is X, tap X on the right' },
  // A new version of the app
  updateReady: { zh: '有新版本可用', en: 'A new version is ready' },
  updateNow: { zh: '更新', en: 'Update' },
  updateLater: { zh: '稍后', en: 'Later' },
  updateWaiting: { zh: '等待当前扫描/同步完成后更新…', en: 'Updating after the current scan or sync…' },
} as const satisfies Section;
