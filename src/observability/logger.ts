/**
 * Structured JSON logs on stdout (App Service collects them). Log ids, never names or e-mail addresses:
 * `redact` masks values of keys that usually carry personal data, in case a caller slips.
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

function redact(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = PERSONAL_KEYS.test(key)
      ? '[redacted]'
      : typeof value === 'string'
        ? value.replace(EMAIL_ADDRESS, '[e-mail]')
        : value;
  return out;
}

export function createLogger(
  level: LogLevel = 'info',
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log = (lvl: LogLevel, message: string, fields: LogFields = {}): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: lvl,
        message,
        ...redact(base),
        ...redact(fields),
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
