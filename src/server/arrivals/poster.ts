/** The arrival poster (入市登记): one printable A4 page with the QR code of /arrive, and where it hangs. */
import { renderSVG } from 'uqr';
import { say } from '../../core/catalogue.ts';
import { escapeHtml } from '../http/html.ts';

// Printed on A4 and hung at a station or a village entrance: readable from a few steps, the code from a phone at arm's length.
const STYLE = `
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; text-align: center; }
.where { font-size: 16pt; margin: 6mm 0 2mm; }
h1 { font-size: 44pt; margin: 0 0 2mm; }
h2 { font-size: 20pt; font-weight: normal; margin: 0 0 8mm; }
.qr { width: 130mm; height: 130mm; margin: 0 auto; }
.qr svg { width: 100%; height: 100%; }
.url { font-family: monospace; font-size: 12pt; margin-top: 4mm; }
.note { font-size: 12pt; color: #333; max-width: 160mm; margin: 6mm auto 0; }
`;

/** The poster for `where` (area names, city first): the QR code opens `url`, the arrival form. */
export function arrivalPosterHtml(where: readonly string[], url: string): string {
  const title = `${where.join(' ')} ${say('posterTitle', 'zh')}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<p class="where">${escapeHtml(where.join(' › '))}</p>
<h1>${escapeHtml(say('posterTitle', 'zh'))}</h1>
<h2>${escapeHtml(say('posterScan', 'zh'))}<br>${escapeHtml(say('posterScan', 'en'))}</h2>
<div class="qr">${renderSVG(url, { border: 2 })}</div>
<p class="url">${escapeHtml(url)}</p>
<p class="note">${escapeHtml(say('arriveHint', 'zh'))}<br>${escapeHtml(say('arriveHint', 'en'))}</p>
</body></html>
`;
}
