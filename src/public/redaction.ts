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
 * a single word ("Ander", "Bos") is too often an ordinary word to remove safely.
 */
export function nameRedactor(names: readonly string[]): (text: string) => string {
  const usable = [
    ...new Set(
      names.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n.length >= 5 && n.includes(' ')),
    ),
  ].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return (text) => text;
  const alternatives = usable.map((n) => escapeRegExp(n).replace(/ /g, '\\s+')).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => text.replace(pattern, REDACTED_NAME);
}

export function withoutNames(text: string, names: readonly string[]): string {
  return nameRedactor(names)(text);
}
