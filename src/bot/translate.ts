import { format, stringsFor, type Locale } from '../cards/renderCard';

/** A string from the strings bundle section `section`, with {placeholders} filled in. */
export function translate(
  locale: Locale,
  section: string,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const text = stringsFor(section, locale)[key];
  if (typeof text !== 'string') throw new Error(`Missing string ${section}.${key}`);
  return format(text, values);
}

export const feedback = (locale: Locale, key: string, values: Record<string, string | number> = {}): string =>
  translate(locale, 'feedback', key, values);
