/** How the CLI speaks: results on stdout, everything for the person on stderr, and exit codes scripts can rely on. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sayAny } from '../../core/catalogue.ts';

/** A mistake in what the operator typed: the message says what to do; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Writes chunks (text or bytes) as fast as the reader takes them: waits for 'drain' instead of buffering a whole export. */
export async function writeAll(out: Writable, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}

export const say = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/** A reason or an error for the operator in both languages and by its key: `校验位不对… / The check character… (id-check)`. */
export const bilingual = (key: string): string => `${sayAny(key, 'zh')} / ${sayAny(key, 'en')} (${key})`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

/** Text a tablet sent (a label, an entry): control characters (terminal escapes) are shown as "?", never run. */
export const printable = (text: string): string => text.replace(CONTROL, '?');
/** Columns on a terminal: CJK characters take two. */
export const width = (text: string): number => text.length + (text.match(WIDE)?.length ?? 0);
export const pad = (text: string, columns: number): string => text + ' '.repeat(Math.max(0, columns - width(text)));
