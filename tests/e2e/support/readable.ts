/** What a person can read off an element: the contrast of its text on what is behind it, and whether its text is cut off. */
import type { Locator } from '@playwright/test';

/**
 * WCAG contrast ratio of the element's text colour on its background: the first opaque background colour found from
 * the element up (a gradient or image counts as unknown: NaN).
 */
export function contrastOf(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const rgb = (text: string) => (text.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    let node: Element | null = el;
    let background: number[] | null = null;
    while (node) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return Number.NaN;
      const colour = rgb(style.backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) { background = colour.slice(0, 3); break; }
      node = node.parentElement;
    }
    const fore = luminance(rgb(getComputedStyle(el).color));
    const back = luminance(background ?? [255, 255, 255]);
    return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
  });
}

/** True when the element shows all of its text: nothing hidden by overflow, ellipsis or a line clamp. */
export function showsAllText(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);
}

/** Whether two elements' boxes overlap on screen. */
export async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}
