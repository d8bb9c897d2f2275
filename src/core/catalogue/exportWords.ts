/** A log export's words (CSV and XLSX, tablet and server alike): `column.<name>` headers, `cell.<value>` values, and the sheet's name. */
import type { Section } from './words.ts';

/** English headers and cells are the machine names: scripts read an export made with `--lang en` by them. */
export const EXPORT_WORDS = {
  // The sheet, one name on the tablet and the server
  'sheet.log': { zh: '出入登记', en: 'Log' },
  // Column headers, in the export's order (exportColumns.ts)
  'column.checkpoint': { zh: '卡点', en: 'checkpoint' },
  'column.device': { zh: '设备', en: 'device' },
  'column.seq': { zh: '序号', en: 'seq' },
  'column.at': { zh: '时间', en: 'at' },
  'column.received_at': { zh: '接收时间', en: 'received_at' },
  'column.direction': { zh: '方向', en: 'direction' },
  'column.source': { zh: '来源', en: 'source' },
  'column.id_number': { zh: '身份证号', en: 'id_number' },
  'column.name': { zh: '姓名', en: 'name' },
  'column.colour': { zh: '颜色', en: 'colour' },
  'column.temperature': { zh: '体温', en: 'temperature' },
  'column.verdict': { zh: '结果', en: 'verdict' },
  'column.reasons': { zh: '原因', en: 'reasons' },
  'column.operator': { zh: '值守人员', en: 'operator' },
  'column.hash': { zh: '校验值', en: 'hash' },
  // Cell values: directions, sources (the code's kind), colours, verdicts
  'cell.in': { zh: '入', en: 'in' },
  'cell.out': { zh: '出', en: 'out' },
  'cell.KDR1': { zh: '居民信息码', en: 'KDR1' },
  'cell.KDH1': { zh: '健康码', en: 'KDH1' },
  'cell.HC1': { zh: '欧盟数字新冠证书', en: 'HC1' },
  'cell.manual': { zh: '手工录入', en: 'manual' },
  'cell.unknown': { zh: '其他码', en: 'unknown' },
  'cell.green': { zh: '绿', en: 'green' },
  'cell.yellow': { zh: '黄', en: 'yellow' },
  'cell.red': { zh: '红', en: 'red' },
  'cell.pass': { zh: '通过', en: 'pass' },
  'cell.stop': { zh: '禁止通行', en: 'stop' },
  'cell.check': { zh: '请核验', en: 'check' },
} as const satisfies Section;
