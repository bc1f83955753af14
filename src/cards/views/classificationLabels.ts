import type { Registration, RegistrantProbability } from '../../domain/lottery';
import type { Grootte, Herkomst } from '../../domain/registry/registry';
import { format, stringsFor, type Locale } from '../renderCard';

/**
 * An aanbieder's classification as a reader sees it: the stored values (klein/middel/groot, lokaal/regionaal)
 * are Dutch codes, shown as words in the reader's language ("small", "local"), with "perceel 3" / "lot 3".
 */

function text(locale: Locale): Record<string, string> {
  return stringsFor('classification', locale) as Record<string, string>;
}

export function grootteLabel(grootte: Grootte, locale: Locale): string {
  return text(locale)[grootte] ?? grootte;
}

export function herkomstLabel(herkomst: Herkomst, locale: Locale): string {
  return text(locale)[herkomst] ?? herkomst;
}

/** "klein, lokaal" / "small, local"; an unknown value (the registry may lack it) as "?". */
export function classificationLabel(
  value: { readonly grootte: Grootte | null | undefined; readonly herkomst: Herkomst | null | undefined },
  locale: Locale,
  separator = ', ',
): string {
  const grootte = value.grootte ? grootteLabel(value.grootte, locale) : '?';
  const herkomst = value.herkomst ? herkomstLabel(value.herkomst, locale) : '?';
  return `${grootte}${separator}${herkomst}`;
}

/** "perceel 3" / "lot 3". */
export function perceelWord(perceel: number, locale: Locale): string {
  return format(text(locale).perceel ?? '', { perceel });
}

/** "percelen 1, 3" / "lots 1, 3". */
export function percelenWord(percelen: readonly number[], locale: Locale): string {
  return format(text(locale).percelen ?? '', { percelen: percelen.join(', ') });
}

/** Returning to the table or new, for the classes of equal standing in the draw. */
export function continuityLabel(previouslySeated: boolean, locale: Locale): string {
  return text(locale)[previouslySeated ? 'terugkerend' : 'nieuw'] ?? '';
}

/** The composition of a perceel by size and origin, e.g. "small 2 · medium 1 · large 0 | local 2 · regional 1". */
export function mixLabel(
  counts: { readonly grootte: Record<Grootte, number>; readonly herkomst: Record<Herkomst, number> },
  locale: Locale,
): string {
  return format(text(locale).mix ?? '', { ...counts.grootte, ...counts.herkomst });
}

/**
 * The class of equal standing in the reader's language. The record stores it in Dutch ("perceel 2 · klein ·
 * lokaal · nieuw"); it is rebuilt from the registration it belongs to, and shown as stored if that is missing.
 */
export function categoryLabel(
  entry: RegistrantProbability,
  registration: Registration | undefined,
  locale: Locale,
): string {
  if (!registration) return entry.category;
  return [
    perceelWord(registration.perceel, locale),
    classificationLabel(registration, locale, ' · '),
    continuityLabel(registration.previouslySeated, locale),
  ].join(' · ');
}
