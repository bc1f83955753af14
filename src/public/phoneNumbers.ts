/**
 * Phone numbers in free text, as people really write them: Dutch numbers with any grouping and punctuation
 * (06-12345678, 06.12.34.56.78, (020) 123 45 67, 0800-1234), +31/0031 with or without the trunk zero in brackets
 * (+31 (0)6 12345678) and international numbers (+32 2 123 45 67, +1 (555) 123-4567).
 *
 * Public pages would rather remove one number too many than leave one in: the only things deliberately kept are
 * dates and time ranges, which otherwise look like ten digits with separators.
 */

/** Between two digits: an optional closing bracket, one separator (a space, or . - / with optional spaces), an optional opening bracket. */
const SEP = String.raw`(?:\)?(?:\s?[.\-/–]\s?|\s)?\(?)`;
const DIGIT = String.raw`${SEP}\d`;

/** +31 or 0031, an optional trunk zero (often as "(0)"), then the nine digits of the national number. */
const DUTCH_INTERNATIONAL = String.raw`(?:\+|00)\s?31(?:${SEP}\(?0\)?)?(?:${DIGIT}){9}`;
/** A national number: ten digits starting with 0, the area code optionally in brackets. */
const DUTCH_NATIONAL = String.raw`\(?0(?:${DIGIT}){9}`;
/** 0800 and 0900-type service numbers: four or seven digits after the prefix. */
const DUTCH_SERVICE = String.raw`\(?0[89]0\d(?:(?:${DIGIT}){7}|(?:${DIGIT}){4})`;
/** Any other country: + or 00, then 7 to 15 digits in all (E.164). */
const INTERNATIONAL = String.raw`(?:\+|00)\s?[1-9](?:${DIGIT}){6,14}`;

// Not preceded by a word character, + or a digit group joined by a separator; not followed by another digit.
const BEFORE = String.raw`(?<![\w+]|\d[.\-/])`;
const AFTER = String.raw`(?!\d)`;

const PATTERNS = [DUTCH_INTERNATIONAL, DUTCH_SERVICE, DUTCH_NATIONAL, INTERNATIONAL].map(
  (source) => new RegExp(`${BEFORE}${source}${AFTER}`, 'g'),
);

// What is kept although it matched: a date (31-12-2026, 1/2/2027) or a time range (09.00 - 10.30).
// A two-digit year followed by more digit groups is a phone number written in pairs (06.12.34.56.78).
const DATE_OR_TIME_RANGE =
  /^\(?\d{1,2}[.\-/]\d{1,2}[.\-/](?:\d{4}|\d{2}(?!\s?[.\-/]\s?\d))|^\(?\d{1,2}[.:]\d{2}\s?[-–]\s?\d{1,2}[.:]\d{2}\b/;

/** Replaces every phone number in the text by the replacement. */
export function replacePhoneNumbers(text: string, replacement: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match) => (DATE_OR_TIME_RANGE.test(match) ? match : replacement));
  }
  return result;
}
