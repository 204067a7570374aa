import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentContext } from '@lienthong/messaging';

const LEVELS: Record<LogLevel, number> = { fatal: 60, error: 50, warn: 40, log: 30, debug: 20, verbose: 10 };

/** Fields every line may carry: the business key and the trace, never a personal id. */
export interface LogContext {
  dossierCode?: string;
  applicationId?: string;
  traceId?: string;
  [key: string]: unknown;
}

/**
 * Last line of defence: a run of exactly 12 digits standing alone (the shape of a personal id,
 * a CCCD number) is masked in every line, whatever put it there. Runs inside longer digit
 * strings, UUIDs, trace ids or other tokens are left alone.
 */
const PERSONAL_ID_RUN = /(?<![0-9A-Za-z-])\d{12}(?![0-9A-Za-z-])/g;
export const MASKED_ID = '************';
export const maskPersonalIds = (line: string): string => line.replace(PERSONAL_ID_RUN, MASKED_ID);

/** The business key and trace of the request or message being handled (libs/messaging's context). */
const contextFields = (): LogContext => {
  const ctx = currentContext();
  if (!ctx) return {};
  return {
    ...(ctx.applicationId ? { applicationId: ctx.applicationId } : {}),
    ...(ctx.dossierCode ? { dossierCode: ctx.dossierCode } : {}),
    traceId: ctx.traceId,
    spanId: ctx.spanId,
  };
};

/**
 * One JSON object per line on stdout (structured logs for operations). Implements Nest's
 * LoggerService so framework messages come out in the same shape.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;
  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = LEVELS[level];
  }

  child(context: string): ContextLogger {
    return new ContextLogger(this, context);
  }

  emit(level: LogLevel, message: unknown, context?: string, fields?: LogContext): void {
    if (LEVELS[level] < this.threshold) return;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      msg: message instanceof Error ? message.message : message,
      ...contextFields(),
      ...fields,
    };
    if (message instanceof Error && message.stack) entry.stack = message.stack;
    this.write(maskPersonalIds(JSON.stringify(entry)));
  }

  log(message: unknown, context?: string): void { this.emit('log', message, context); }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.emit('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void { this.emit('warn', message, context); }
  debug(message: unknown, context?: string): void { this.emit('debug', message, context); }
  verbose(message: unknown, context?: string): void { this.emit('verbose', message, context); }
  fatal(message: unknown, context?: string): void { this.emit('fatal', message, context); }
}

/** A logger bound to one component, with structured fields per call. */
export class ContextLogger {
  constructor(
    private readonly root: JsonLogger,
    private readonly context: string,
  ) {}
  info(msg: string, fields?: LogContext): void { this.root.emit('log', msg, this.context, fields); }
  warn(msg: string, fields?: LogContext): void { this.root.emit('warn', msg, this.context, fields); }
  error(msg: string, fields?: LogContext): void { this.root.emit('error', msg, this.context, fields); }
  debug(msg: string, fields?: LogContext): void { this.root.emit('debug', msg, this.context, fields); }
}
