/** A file the server sends (the export, a trace's XLSX): read with its bytes counted, then saved under the name the server gave it. */

/** The name the server gave the file (RFC 5987 `filename*` first, it carries Chinese). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Reads `res` to its end, telling `progress` the bytes so far, and hands the file to the browser's downloads: kept in
 * memory only until then, never in the page's storage. Returns the file's name.
 */
export async function saveDownload(res: Response, fallback: string, progress: (bytes: number) => void = () => undefined): Promise<string> {
  const reader = res.body?.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    parts.push(chunk.value);
    bytes += chunk.value.byteLength;
    progress(bytes);
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallback);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return name;
}
