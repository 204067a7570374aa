import type { MessagingLogger } from './types';

/** Default: warnings and errors as JSON lines on stderr; quiet otherwise. */
export const stderrLogger = (component: string): MessagingLogger => {
  const write = (level: string, message: string, rest: unknown[]) =>
    process.stderr.write(
      JSON.stringify({ time: new Date().toISOString(), level, context: component, msg: message, ...fields(rest) }) + '\n',
    );
  return {
    log: () => undefined,
    debug: () => undefined,
    warn: (m, ...rest) => write('warn', m, rest),
    error: (m, ...rest) => write('error', m, rest),
  };
};

const fields = (rest: unknown[]): Record<string, unknown> => {
  const first = rest[0];
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : {};
};

/** A silent logger, for tests. */
export const silentLogger: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export const errorMessage = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
};

export const errorCode = (error: unknown, fallback: string): string => {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
  }
  return fallback;
};
