import pino from 'pino';
import type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout. Writes are asynchronous (sonic-boom batches lines while a write
 * is in flight, so a busy server does not pay a syscall per request line); `flushLogger` drains
 * them on shutdown. Secrets never reach a log line: nothing logs credentials or request bodies.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'pinion' },
      // Fixed paths only: wildcard redaction costs more per line than the rest of the logger.
      redact: {
        paths: ['secretAccessKey', 'credentials.secretAccessKey', 'headers.authorization', 'authorization', 'password'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
