/** The columns of a log export (CSV and XLSX, server and tablet alike): headers in Chinese or English, and an entry's cells. */
import type { Entry } from './entry.ts';
import { message, type Language } from './messages.ts';

/** An entry as exported: the server adds when it received it; the tablet has no such time (empty cell). */
export type ExportEntry = Entry & { receivedAt?: string | null };

/** A cell: text stays text (ID numbers above all), numbers are numbers, null is empty. */
export type ExportCell = string | number | null;

interface Column {
  /** The English header, also a stable machine name: scripts read exports by it (`--lang en`). */
  en: string;
  zh: string;
  /** Characters, for a spreadsheet's column. */
  width: number;
  cell(entry: ExportEntry, language: Language): ExportCell;
}

const VALUE_ZH: Record<string, string> = {
  in: '入', out: '出',
  KDR1: '居民码', KDH1: '健康码', HC1: '欧盟数字新冠证书', manual: '手工录入', unknown: '其他码',
  green: '绿', yellow: '黄', red: '红',
  pass: '通过', stop: '拦截', check: '核验',
};

/** Enumerations read in the export's language: 入/出, 通过/拦截/核验; English keeps the machine names. */
const named = (value: string | null, language: Language): string | null => (value === null || language === 'en' ? value : VALUE_ZH[value] ?? value);

const COLUMNS: readonly Column[] = [
  { en: 'checkpoint', zh: '卡点', width: 14, cell: (e) => e.checkpointId },
  { en: 'device', zh: '设备', width: 14, cell: (e) => e.deviceId },
  { en: 'seq', zh: '序号', width: 8, cell: (e) => e.seq },
  { en: 'at', zh: '时间', width: 30, cell: (e) => e.at },
  { en: 'received_at', zh: '接收时间', width: 26, cell: (e) => e.receivedAt ?? null },
  { en: 'direction', zh: '方向', width: 6, cell: (e, l) => named(e.direction, l) },
  { en: 'source', zh: '来源', width: 10, cell: (e, l) => named(e.source, l) },
  { en: 'id_number', zh: '身份证号', width: 21, cell: (e) => e.personId },
  { en: 'name', zh: '姓名', width: 12, cell: (e) => e.name },
  { en: 'colour', zh: '颜色', width: 6, cell: (e, l) => named(e.colour, l) },
  { en: 'temperature', zh: '体温', width: 7, cell: (e) => e.temperature },
  { en: 'verdict', zh: '结果', width: 6, cell: (e, l) => named(e.verdict, l) },
  // English keeps the reason keys (fever;key-person) for scripts; Chinese spells each out.
  { en: 'reasons', zh: '原因', width: 24, cell: (e, l) => (l === 'en' ? e.reasons.join(';') : e.reasons.map((r) => message(r, 'zh')).join('；')) },
  { en: 'operator', zh: '值守人员', width: 12, cell: (e) => e.operator },
  { en: 'hash', zh: '校验值', width: 66, cell: (e) => e.hash },
];

/** The header row in a language. */
export function exportHeader(language: Language): string[] {
  return COLUMNS.map((c) => c[language]);
}

/** The cells of one entry, in header order. */
export function exportCells(entry: ExportEntry, language: Language): ExportCell[] {
  return COLUMNS.map((c) => c.cell(entry, language));
}

/** Suggested column widths (characters) for a spreadsheet, in header order. */
export function exportColumnWidths(): number[] {
  return COLUMNS.map((c) => c.width);
}
