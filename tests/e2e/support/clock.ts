/** A tablet whose clock is off: the page's Date runs `hours` from real time, and can be moved while the page runs. */
import type { Page } from '@playwright/test';

/** From the next navigation on, the page's clock runs `hours` off real time; `setSkew` moves it later. */
export async function skewClock(page: Page, hours: number): Promise<void> {
  await page.addInitScript((offsetMs) => {
    const RealDate = Date;
    const clock = window as unknown as { __clockOffsetMs: number };
    clock.__clockOffsetMs = offsetMs;
    class SkewedDate extends RealDate {
      constructor(...args: ConstructorParameters<DateConstructor> | []) {
        if (args.length === 0) super(RealDate.now() + clock.__clockOffsetMs);
        else super(...(args as ConstructorParameters<DateConstructor>));
      }
      static override now(): number { return RealDate.now() + clock.__clockOffsetMs; }
    }
    window.Date = SkewedDate as DateConstructor;
  }, hours * 3600_000);
}

/** Moves the running page's clock to `hours` off real time. */
export const setSkew = (page: Page, hours: number): Promise<void> =>
  page.evaluate((ms) => { (window as unknown as { __clockOffsetMs: number }).__clockOffsetMs = ms; }, hours * 3600_000);
