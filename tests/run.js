#!/usr/bin/env node
/** `npm test`: type checks, lints, builds the app, runs unit, server and browser suites, and sums them in one last line. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = '.tmp/test-results';
mkdirSync(out, { recursive: true });
const npx = (args, env = {}) => spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } }).status;

let passed = 0;
let failed = 0;
const suites = [];

function step(name, args) {
  const status = npx(args);
  suites.push(`${name}: ${status === 0 ? 'ok' : 'FAILED'}`);
  if (status === 0) passed++;
  else failed++;
  return status === 0;
}

step('typecheck', ['npm', 'run', '--silent', 'typecheck']);
// Import cycles and the folder boundaries (eslint.config.js) fail the run like a type error.
step('lint', ['npm', 'run', '--silent', 'lint']);
const built = step('build', ['vite', 'build', '--logLevel', 'warn']);

const vitestReport = join(out, 'vitest.json');
npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
if (existsSync(vitestReport)) {
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += r.numPassedTests;
  // A file that fails to load fails no single test: count it so it cannot pass unseen.
  failed += r.numFailedTests || (r.success ? 0 : 1);
  suites.push(`unit+server: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
} else {
  failed++;
  suites.push('unit+server: no report');
}

if (built) {
  const playwrightReport = join(out, 'playwright.json');
  spawnSync('npx', ['playwright', 'test', '--reporter=list,json'], { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport } });
  if (existsSync(playwrightReport)) {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
    suites.push(`browser: ${stats.expected} passed, ${stats.unexpected + stats.flaky} failed, ${stats.skipped} skipped`);
  } else {
    failed++;
    suites.push('browser: no report');
  }
}

console.log(`\n${suites.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
