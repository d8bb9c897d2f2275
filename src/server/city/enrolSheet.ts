/** An enrolment sheet: one printable A4 page per checkpoint (name, place, area path, a one-time enrolment QR code and its expiry), as one self-contained HTML file. */
import { renderSVG } from 'uqr';
import { localDateTime } from '../../core/calendar.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import { escapeHtml } from '../http/html.ts';

export interface SheetPage {
  checkpoint: CheckpointRecord;
  url: string;
  code: string;
  expiresAt: string;
}

// Printed on A4, one checkpoint a page; big enough to scan from a tablet held at arm's length.
const STYLE = `
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; }
.page { page-break-after: always; break-after: page; min-height: 250mm; display: flex; flex-direction: column; align-items: center; text-align: center; padding-top: 8mm; }
.page:last-child { page-break-after: auto; break-after: auto; }
.path { font-size: 13pt; color: #333; margin: 0 0 4mm; }
h1 { font-size: 30pt; margin: 0 0 2mm; }
h2 { font-size: 18pt; font-weight: normal; margin: 0 0 8mm; }
.qr { width: 120mm; height: 120mm; }
.qr svg { width: 100%; height: 100%; }
.code { font-family: monospace; font-size: 20pt; letter-spacing: 2pt; margin: 6mm 0 2mm; }
.note { font-size: 11pt; color: #333; max-width: 150mm; }
.meta { margin-top: auto; font-size: 9pt; color: #666; }
@media screen { .page { border-bottom: 1px dashed #999; margin-bottom: 10mm; } }
`;

/** The sheet's title: where its checkpoints are (area names, a place's), in both languages. */
export const enrolSheetTitle = (where: readonly string[]): string => `${where.join(' › ')} 卡点注册码 / enrolment sheet`;

/** The whole sheet; `timeZone` is the zone the expiry is printed in (TIME_ZONE). */
export function enrolSheetHtml(title: string, sheetId: string, pages: readonly SheetPage[], timeZone: string): string {
  const body = pages.map(({ checkpoint: c, url, code, expiresAt }) => {
    const until = `${localDateTime(new Date(expiresAt), timeZone)} (${timeZone})`;
    return `<section class="page" data-checkpoint="${escapeHtml(c.id)}">
<p class="path">${escapeHtml(c.areaPath.join(' › '))}</p>
<h1>${escapeHtml(c.name)}</h1>
<h2>${escapeHtml(c.placeName)}</h2>
<div class="qr">${renderSVG(url, { border: 2 })}</div>
<p class="code">${escapeHtml(code)}</p>
<p class="note">用卡点平板打开 Kadian 扫描此码完成注册（一次性，有效至 ${escapeHtml(until)}）<br>Scan with the checkpoint's tablet in Kadian to enrol it (one tablet, valid until ${escapeHtml(until)})</p>
<p class="meta">${escapeHtml(c.id)} · ${escapeHtml(sheetId)}</p>
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
