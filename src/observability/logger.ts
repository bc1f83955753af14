/**
 * Structured JSON logs on stdout (App Service collects them). Log ids, never names or e-mail addresses:
 * `redact` masks values of keys that usually carry personal data, in case a caller slips. While telemetry runs,
 * a line written during a request carries the trace and span id of the active span (traceId, spanId), so logs
 * and the request and dependency telemetry can be joined; otherwise they are left out.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const PERSONAL_KEYS = /^(name|email|e-?mail|phone|text|userPrincipalName|displayName|motivation)$/i;

/** E-mail addresses that end up in other values (an error message quoting a document id, a tampered verb). */
const EMAIL_ADDRESS = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;

/** Replaces e-mail addresses in a text; telemetry masks span names and attributes with it too. */
export function maskEmailAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, '[e-mail]');
}

function redact(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = PERSONAL_KEYS.test(key)
      ? '[redacted]'
      : typeof value === 'string'
        ? maskEmailAddresses(value)
        : value;
  return out;
}

export interface TraceIds {
  readonly traceId: string;
  readonly spanId: string;
}

/** The ids of the active span, or undefined when none is active; telemetry.ts installs the real one. */
let activeTraceIds: () => TraceIds | undefined = () => undefined;

/** Called once when telemetry starts, so the logger itself never loads OpenTelemetry. */
export function useTraceIds(source: () => TraceIds | undefined): void {
  activeTraceIds = source;
}

export function createLogger(
  level: LogLevel = 'info',
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log = (lvl: LogLevel, message: string, fields: LogFields = {}): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    const trace = activeTraceIds();
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: lvl,
        message,
        ...redact(base),
        ...redact(fields),
        // Last, so no field of a caller can stand in for them.
        ...(trace ? { traceId: trace.traceId, spanId: trace.spanId } : {}),
      }),
    );
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

export const silentLogger: Logger = createLogger('error', {}, () => undefined);
