/** Injectable logger; the broker never writes to the console itself. */
export interface BrokerLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => {};

export const silentLogger: BrokerLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** JSON lines on stderr for warn/error (and info/debug when `verbose`). */
export function stderrJsonLogger(verbose = false): BrokerLogger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>): void => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, component: 'kafka-dev-broker', message, ...fields })}\n`);
  };
  return { debug: verbose ? write('debug') : noop, info: verbose ? write('info') : noop, warn: write('warn'), error: write('error') };
}
