import { stringsFor, type Locale } from '../../cards/renderCard';
import type { EmailFailure } from '../../domain/delivery/emailFailure';

/** The reason for the report, in the reader's language (strings: emailFailure in src/cards/strings). */
export function describeEmailFailure(
  failure: Pick<EmailFailure, 'code' | 'status' | 'detail'>,
  locale: Locale,
): string {
  const strings = stringsFor('emailFailure', locale) as Record<string, string | undefined>;
  const template = strings[failure.code] ?? failure.code;
  return template
    .replace('{status}', failure.status === undefined ? '—' : String(failure.status))
    .replace('{detail}', failure.detail)
    .trim();
}
