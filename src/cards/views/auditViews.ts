import { formatDutchDateTime } from '../../domain/time/dutch';
import { fromIsoInstant } from '../../domain/time/amsterdam';
import type { AuditEntry } from '../../storage/auditLog';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';

/** The gemeente's audit trail card: the latest entries, or one stream, read-only. */

/** Keeps the card well under Teams' size limit; a stream filter shows the rest. */
export const MAX_AUDIT_ENTRIES = 40;
const MAX_DETAILS = 300;

function text(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  return format(String(stringsFor('audit', locale)[key] ?? ''), values);
}

function when(iso: string, locale: Locale): string {
  const instant = fromIsoInstant(iso);
  if (locale === 'en')
    return new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Amsterdam',
    }).format(instant);
  return formatDutchDateTime(instant);
}

/** Details as `key: value` pairs; values that are not text are shown as JSON. */
function detailsText(details: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(details).map(
    ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  const joined = parts.join('; ');
  return joined.length > MAX_DETAILS ? `${joined.slice(0, MAX_DETAILS - 1)}…` : joined || '–';
}

export function auditTrailView(
  entries: readonly AuditEntry[],
  options: {
    readonly stream: string;
    /** Current names of the people in the entries (from the registry); absent ones were removed. */
    readonly names: ReadonlyMap<string, string>;
    readonly locale: Locale;
  },
): RenderInput {
  const { locale, names, stream } = options;
  const labels = stringsFor('auditActions', locale) as Record<string, string>;
  const shownEntries = entries.slice(0, MAX_AUDIT_ENTRIES);
  return {
    view: {
      entries: shownEntries.map((entry) => ({
        when: when(entry.at, locale),
        action: labels[entry.action] ?? entry.action,
        stream: entry.stream,
        subject: entry.subjectId,
        by:
          entry.actorPersonId === null
            ? text(locale, 'system')
            : `${names.get(entry.actorPersonId) ?? text(locale, 'removedPerson')} (${entry.actorPersonId})`,
        details: detailsText(entry.details),
      })),
    },
    trusted: {
      shown: stream
        ? text(locale, 'shownStream', { count: shownEntries.length, stream })
        : text(locale, 'shownRecent', { count: shownEntries.length }),
    },
    form: { stream },
  };
}
