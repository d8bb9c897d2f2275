/** Tracing's words (追溯, issue #16): its refusals (API and CLI), and the XLSX for the tracing team: sheets, columns, cells and the notes under the table. */
import type { Section } from './words.ts';

/** English headers and cells are machine names, as the log export's are: scripts read a file made with lang=en by them. */
export const TRACE_WORDS = {
  // Refusals: the API's `error` names and the CLI's messages
  'trace-reason-missing': {
    zh: '请填写查询事由：案件编号或说明（2–200 字）；每次追溯都连同事由记入审计日志',
    en: 'Give the reason for this query: a case number or a note (2–200 characters); every trace is written to the audit log with it',
  },
  'trace-range': {
    zh: '时间范围不正确：开始须早于结束，且不超过允许的天数',
    en: 'The time range is invalid: the start must come before the end, within the days allowed',
  },
  'trace-place-one': { zh: '请指定一个场所或一个卡点（二者只选其一）', en: 'Name exactly one place or one checkpoint (not both)' },
  // The XLSX: sheets (also the file's name)
  'traceSheet.person': { zh: '轨迹', en: 'trail' },
  'traceSheet.place': { zh: '到访人员', en: 'visitors' },
  'traceSheet.contacts': { zh: '密接人员', en: 'contacts' },
  // Columns beside the log export's own (column.at, column.name…)
  'traceColumn.place': { zh: '场所', en: 'place' },
  'traceColumn.area': { zh: '区域', en: 'area' },
  'traceColumn.stay': { zh: '在场时段', en: 'stay' },
  'traceColumn.inside_from': { zh: '进入时间', en: 'inside_from' },
  'traceColumn.inside_to': { zh: '离开时间', en: 'inside_to' },
  'traceColumn.inside_before': { zh: '时段前已在场', en: 'inside_before' },
  'traceColumn.level': { zh: '层级', en: 'level' },
  'traceColumn.via': { zh: '经由（一级密接）', en: 'via' },
  'traceColumn.overlap': { zh: '共处总分钟', en: 'overlap_minutes' },
  'traceColumn.meeting_from': { zh: '接触开始', en: 'meeting_from' },
  'traceColumn.meeting_to': { zh: '接触结束', en: 'meeting_to' },
  'traceColumn.kind': { zh: '接触方式', en: 'kind' },
  'traceColumn.minutes': { zh: '本次分钟', en: 'minutes' },
  // Cells
  'traceCell.stay': { zh: '同时在场', en: 'stay' },
  'traceCell.passage': { zh: '前后经过', en: 'passage' },
  'traceCell.missing': { zh: '未登记', en: 'missing' },
  'traceCell.yes': { zh: '是', en: 'yes' },
  // The notes under the table
  'traceNote.query': { zh: '查询', en: 'Query' },
  'traceNote.reason': { zh: '事由', en: 'Reason' },
  'traceNote.retained': { zh: '此时间之前的记录已按保留期删除，无法追溯', en: 'Entries before this time were deleted by retention and cannot be traced' },
  'traceNote.truncated': { zh: '结果过多，只列出了前一部分：请缩小时间范围', en: 'Too many results: only the first part is listed; narrow the time range' },
} as const satisfies Section;
