/** The same code held in front of the camera is one scan: it is ignored until it has been away for the window. */

/** Returns a filter that says whether `text` seen at `nowMs` is a new scan. */
export function createRepeatFilter(windowMs: () => number): (text: string, nowMs: number) => boolean {
  let lastText = '';
  let lastSeen = -Infinity;
  return (text, nowMs) => {
    const repeat = text === lastText && nowMs - lastSeen < windowMs();
    lastText = text;
    lastSeen = nowMs;
    return !repeat;
  };
}
