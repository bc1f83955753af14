import { replacePhoneNumbers } from './phoneNumbers';

/** Personal data in free text: what public pages never show, whoever wrote the text. */

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export const REDACTED_EMAIL = '[e-mailadres verwijderd]';
export const REDACTED_PHONE = '[telefoonnummer verwijderd]';
export const REDACTED_NAME = '[naam verwijderd]';

export function containsEmail(text: string): boolean {
  return new RegExp(EMAIL_IN_TEXT.source).test(text);
}

/** Removes e-mail addresses and phone numbers from free text. */
export function withoutContactDetails(text: string): string {
  return replacePhoneNumbers(text.replace(EMAIL_IN_TEXT, REDACTED_EMAIL), REDACTED_PHONE);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the names of known people (any case, whole words). Only full names of at least two words are used:
 * a single word ("Ander", "Bos") is too often an ordinary word to remove safely. Organisation names in `keep`
 * stay whole even when they contain a person's name ("Zorg Jan Jansen"): organisations are named on purpose.
 */
export function nameRedactor(
  names: readonly string[],
  keep: readonly string[] = [],
): (text: string) => string {
  const clean = (list: readonly string[]) => list.map((n) => n.trim().replace(/\s+/g, ' '));
  const people = [...new Set(clean(names).filter((n) => n.length >= 5 && n.includes(' ')))];
  if (people.length === 0) return (text) => text;
  const kept = new Set(clean(keep).map((n) => n.toLowerCase()));
  const usable = [...new Set([...people, ...clean(keep).filter((n) => n.length > 0)])].sort(
    (a, b) => b.length - a.length,
  );
  const alternatives = usable.map((n) => escapeRegExp(n).replace(/ /g, '\\s+')).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) =>
    text.replace(pattern, (found) =>
      kept.has(found.replace(/\s+/g, ' ').toLowerCase()) ? found : REDACTED_NAME,
    );
}

export function withoutNames(text: string, names: readonly string[], keep: readonly string[] = []): string {
  return nameRedactor(names, keep)(text);
}
