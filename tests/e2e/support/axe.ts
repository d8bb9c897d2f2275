/** axe-core in the page under test: every serious or critical violation of WCAG 2.1 A/AA on the screen as it stands. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a script tag would break it).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem { screen: string; rule: string; impact: string; help: string; nodes: string[] }

interface AxeResult { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }

/** The serious and critical violations on the page now, each named with `screen` so a failure says where it was. */
export async function axeProblems(page: Page, screen: string): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const { violations, passed } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeResult[]; passes: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return { violations: result.violations, passed: result.passes.length };
  });
  // A run that checked nothing (axe not loaded, an empty page) must not read as a clean screen.
  if (passed === 0) throw new Error(`axe checked nothing on ${screen}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`) }));
}
