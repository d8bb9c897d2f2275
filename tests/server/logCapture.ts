/** The server's log lines as a test sees them: Fastify's own logger, writing JSON lines into an array instead of stdout. */
import type { AppOptions } from '../../src/server/app.ts';

export interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  route?: string;
  ip?: string;
  deviceId?: string;
}

/** Pino's level of warn. */
export const WARN = 40;

export function captureLog(): { logger: NonNullable<AppOptions['logger']>; lines: LogLine[]; text: () => string } {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const logger = {
    level: 'warn',
    stream: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  };
  return { logger, lines, text: () => raw.join('') };
}
