import pino from 'pino';
import type { Logger } from 'pino';

/** Structured JSON logs on stdout. Secrets never reach a log line: nothing logs credentials or bodies. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'pinion' },
    redact: { paths: ['*.secretAccessKey', '*.authorization', '*.password'], censor: '[redacted]' },
  });
}
