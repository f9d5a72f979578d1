import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactDeep, redactText } from './redact';

export type AppLogger = Logger;

let destinationOverride: DestinationStream | undefined;

/** Tests capture log output by installing a stream before the app boots. */
export function setLogDestination(stream: DestinationStream | undefined): void {
  destinationOverride = stream;
}

export function createLogger(options: { level?: string; name?: string } = {}): AppLogger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      name: options.name,
      base: { pid: process.pid, app: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Structural redaction for well-known paths, then a deep pass for any secret-looking key anywhere.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-shopify-access-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[REDACTED]',
      },
      formatters: {
        log: (obj) => redactDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    destinationOverride ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** Adapts pino to Nest's LoggerService so framework logs share the format and the redaction. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    optional: unknown[],
  ): void {
    const context = typeof optional[optional.length - 1] === 'string' ? (optional.pop() as string) : undefined;
    const extra = optional.length > 0 ? { details: optional } : {};
    if (message instanceof Error) {
      this.logger[level]({ context, err: message, ...extra }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...(message as Record<string, unknown>), ...extra });
    } else {
      this.logger[level]({ context, ...extra }, String(message));
    }
  }
}
