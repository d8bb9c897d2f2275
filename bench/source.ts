/** Which code a benchmark measured, for its report: BENCH_SOURCE if given, else the checkout's commit and whether it had changes. */
import { execFileSync } from 'node:child_process';

export function benchSource(): string {
  if (process.env.BENCH_SOURCE) return process.env.BENCH_SOURCE;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain').split('\n').filter(Boolean).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? ` with ${changed} changed files` : ''}`;
  } catch {
    return 'a checkout without git';
  }
}
