import type { Onderwerp, Sentiment } from '../../domain/signalen';
import { fromIsoInstant, localDateOf } from '../../domain/time/amsterdam';
import { formatShortDate } from '../../domain/time/english';
import { stringsFor, type Locale } from '../renderCard';

/** What the signalen and pilot cards share: their strings and labels, dates, the notice banner and choices. */

export type Strings = Record<string, string>;

/** The width of a bar on a card, in columns. */
export const BAR_UNITS = 20;

/**
 * Fills {placeholders} without escaping: for text that goes into `view`, which the renderer escapes once (the
 * renderer's `format` escapes too, for `trusted` text, and would escape twice here).
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

export function strings(section: string, locale: Locale): Strings {
  return stringsFor(section, locale) as Strings;
}

export function label(locale: Locale, key: string): string {
  return strings('signalen', locale)[key] ?? key;
}

/** A sentence from the `signalen` strings, filled but not escaped: for notices (which go into `view`). */
export function signalenText(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return fill(label(locale, key), values);
}

export function sentimentLabel(sentiment: Sentiment, locale: Locale): string {
  return label(locale, `sentiment_${sentiment}`);
}

export function onderwerpLabel(onderwerp: Onderwerp, locale: Locale): string {
  return label(locale, `onderwerp_${onderwerp}`);
}

export function dateOf(instant: string, locale: Locale): string {
  return formatShortDate(localDateOf(fromIsoInstant(instant)), locale);
}

/** A banner above a card (Tafelbot's own text; escaped here like everything in `view`). */
export interface Notice {
  readonly title: string;
  readonly messages: readonly string[];
  readonly style: 'good' | 'warning' | 'attention' | 'accent';
}

export function noticeOf(notice: Notice | undefined): Record<string, unknown> | null {
  return notice ? { title: notice.title, messages: [...notice.messages], style: notice.style } : null;
}

export interface Choice {
  readonly title: string;
  readonly value: string;
}
