/** The CSP guard itself: a violation in a page of the app is seen (so every other test would fail on one), and the app's pages raise none. */
import { expect, test } from './support/test.ts';
import { TestServer } from './support/server.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

test('an inline script, an eval and a foreign image in the app are each reported as violations', async ({ browser, csp }) => {
  // A context the test opens itself: the fixture watches it unasked, which is what keeps every other test honest.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/samples`);
    await expect(page.locator('svg.qr').first()).toBeVisible();
    expect(csp.violations).toEqual([]);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ranInline = true';
      document.head.append(script);
      // Another origin (another port of this machine): img-src is 'self' only, so nothing is even requested.
      document.body.append(Object.assign(document.createElement('img'), { src: 'http://127.0.0.1:9/pixel.png' }));
      // Compiled by the page's own timer, not by DevTools, so CSP applies to it.
      setTimeout('window.__ranEval = true', 0);
    });
    await expect.poll(() => csp.violations.map((v) => v.directive).filter((d) => d !== 'console').sort())
      .toEqual(['img-src', 'script-src', 'script-src-elem']);
    expect(await page.evaluate(() => ({ inline: '__ranInline' in window, evaluated: '__ranEval' in window }))).toEqual({ inline: false, evaluated: false });
    // Chromium's own console line is caught too: it is how a violation inside a worker is seen.
    expect(csp.violations.some((v) => v.directive === 'console')).toBe(true);
  } finally {
    await context.close();
  }
  // Seen, so forgiven: the fixture would otherwise fail this test for the violations it was made to cause.
  csp.violations.length = 0;
});

test("the app's pages run under the CSP: enrolment, the gate, the resident's pages", async ({ page }) => {
  // Nothing asserted here beyond what the pages show: the fixture fails this test on any violation they raise.
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await page.goto(`${server.url}/register`);
  await expect(page.locator('form')).toBeVisible();
  // The household's pages before anyone registered on this phone (issue #18): each says to register first.
  for (const path of ['/health', '/household']) {
    await page.goto(`${server.url}${path}`);
    await expect(page.locator('.register-first')).toBeVisible();
  }
  await page.goto(`${server.url}/samples`);
  await expect(page.locator('svg.qr').first()).toBeVisible();
});
