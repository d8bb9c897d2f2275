/** The self check-in posters (扫码登记, issue #20): one printable A4 page per place, its name and a QR of its page `/p/<placeId>`, as one self-contained HTML file. */
import { renderSVG } from 'uqr';
import { say } from '../../core/catalogue.ts';
import { posterUrl } from '../../core/posterPath.ts';
import { escapeHtml } from '../http/html.ts';

export interface PosterPlace {
  id: string;
  name: string;
  /** Area names from the city down to the place's area. */
  areaNames: readonly string[];
}

// Printed on A4 and put up at the entrance: read from a few metres, scanned from a phone at arm's length.
const STYLE = `
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; }
.poster { page-break-after: always; break-after: page; min-height: 260mm; display: flex; flex-direction: column; align-items: center; text-align: center; padding-top: 6mm; }
.poster:last-child { page-break-after: auto; break-after: auto; }
.title { font-size: 40pt; font-weight: bold; margin: 0 0 2mm; letter-spacing: 4pt; }
h1 { font-size: 28pt; margin: 0 0 2mm; }
.path { font-size: 13pt; color: #333; margin: 0 0 6mm; }
.qr { width: 130mm; height: 130mm; }
.qr svg { width: 100%; height: 100%; }
.how { font-size: 15pt; max-width: 165mm; margin: 6mm 0 2mm; line-height: 1.5; }
.how-en { font-size: 11pt; color: #333; max-width: 165mm; margin: 0; }
.url { font-family: monospace; font-size: 10pt; color: #333; margin-top: 4mm; word-break: break-all; }
.meta { margin-top: auto; font-size: 9pt; color: #666; }
@media screen { .poster { border-bottom: 1px dashed #999; margin-bottom: 10mm; } }
`;

/** The whole file: `title` (the area's names) in its head, a page per place. */
export function postersHtml(title: string, places: readonly PosterPlace[], publicUrl: string): string {
  const pages = places.map((p) => {
    const url = posterUrl(publicUrl, p.id);
    return `<section class="poster" data-place="${escapeHtml(p.id)}">
<p class="title">${escapeHtml(say('placePosterTitle', 'zh'))}</p>
<h1>${escapeHtml(p.name)}</h1>
<p class="path">${escapeHtml(p.areaNames.join(' › '))}</p>
<div class="qr">${renderSVG(url, { border: 2 })}</div>
<p class="how">${escapeHtml(say('placePosterInstruction', 'zh'))}</p>
<p class="how-en">${escapeHtml(say('placePosterInstruction', 'en'))}</p>
<p class="url">${escapeHtml(url)}</p>
<p class="meta">${escapeHtml(say('placePosterFooter', 'zh'))} · ${escapeHtml(p.id)}</p>
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${pages}
</body></html>
`;
}
