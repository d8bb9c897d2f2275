/** The browser suite's `test`: a page that breaks the server's Content-Security-Policy fails the test that opened it. */
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

export { expect };

export interface CspViolation {
  /** The directive that blocked it (script-src-elem, worker-src, …), or `console` for the browser's own report line. */
  directive: string;
  /** What was blocked: a URL, `inline`, `eval`, `wasm-eval`, or the console line. */
  blocked: string;
  /** Where it came from, and on which page. */
  source: string;
  page: string;
}

const BINDING = '__kadianCspViolation';
// Chromium's console line for every blocked action, from the page and from its workers alike:
// "Refused to … because it violates the following Content Security Policy directive" / "… violates the following Content Security Policy …".
const CSP_CONSOLE_LINE = /Content Security Policy/i;

/** Watches browser contexts for CSP violations: the page's `securitypolicyviolation` events and the browser's console lines. */
export class CspWatch {
  readonly violations: CspViolation[] = [];
  private readonly watched = new WeakSet<BrowserContext>();

  isWatched(context: BrowserContext): boolean {
    return this.watched.has(context);
  }

  /** Call before the context's first navigation: the listener is an init script, which runs from the next page load on. */
  async watch(context: BrowserContext): Promise<void> {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    // Both sent at once, before anything the test does next reaches the browser (a page opened right after, its goto).
    await Promise.all([
      context.exposeBinding(BINDING, ({ page }, v: Omit<CspViolation, 'page'>) => {
        this.violations.push({ ...v, page: page?.url() ?? '' });
      }),
      context.addInitScript((binding) => {
        // Capture phase on window: the event is fired at the element or the document, and both reach window first.
        window.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as Record<string, (v: unknown) => void>)[binding];
          report?.({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` });
        }, true);
      }, BINDING),
    ]);
    const onConsole = (message: ConsoleMessage): void => {
      if (!CSP_CONSOLE_LINE.test(message.text())) return;
      const { url, lineNumber } = message.location();
      this.violations.push({ directive: 'console', blocked: message.text(), source: `${url}:${lineNumber}`, page: message.page()?.url() ?? 'a worker' });
    };
    context.on('console', onConsole);
    // A worker's own console (the QR decoder's wasm, the export worker) is reported on the worker, not on its page.
    const watchWorkers = (page: Page) => page.on('worker', (worker) => worker.on('console', onConsole));
    context.pages().forEach(watchWorkers);
    context.on('page', watchWorkers);
  }
}

export const test = base.extend<{ csp: CspWatch }>({
  /**
   * On for every test: the test's own context is watched, and so is each context the test opens from `browser`
   * (browser.newPage, browser.newContext). A context from elsewhere (chromium.launchPersistentContext) is passed
   * to `csp.watch` by its test. After the test, any violation fails it, listed.
   */
  csp: [
    async ({ context, browser }, use) => {
      const csp = new CspWatch();
      await csp.watch(context);
      const pending: Promise<void>[] = [];
      const onContext = (opened: BrowserContext) => void pending.push(csp.watch(opened));
      browser.on('context', onContext);
      try {
        await use(csp);
      } finally {
        browser.off('context', onContext);
      }
      await Promise.all(pending);
      const unwatched = browser.contexts().filter((c) => !csp.isWatched(c));
      expect(unwatched.length, 'every browser context a test opens is watched for CSP violations').toBe(0);
      expect(csp.violations, 'Content-Security-Policy violations: the app must run under the server\'s CSP').toEqual([]);
    },
    { auto: true },
  ],
});
