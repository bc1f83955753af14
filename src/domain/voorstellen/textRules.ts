import type { Bilingual } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';

/**
 * Field checks shared by the forms of voorstellen, ontwikkeltafels and meetings. Lengths count characters as
 * people see them (code points), so an emoji or "ë" written as one character counts once.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export interface TextRule {
  /** Label used in the message, in both languages, e.g. { nl: "De titel", en: "The title" }. */
  readonly label: Bilingual;
  readonly min?: number;
  readonly max: number;
  readonly multiline?: boolean;
  /** The label is plural ("De resultaten"), so the message says "zijn" instead of "is". */
  readonly plural?: boolean;
}

/** Collects one message per field (both languages), for a form that shows all problems at once. */
export class FieldProblems {
  private readonly problems: Record<string, Bilingual> = {};

  add(field: string, message: Bilingual): void {
    if (!(field in this.problems)) this.problems[field] = message;
  }

  get any(): boolean {
    return Object.keys(this.problems).length > 0;
  }

  get all(): Record<string, Bilingual> {
    return { ...this.problems };
  }
}

/**
 * Normalises a text field and checks its length. Returns the normalised text; an empty optional field gives ''.
 * A field with `min` of at least 1 is required.
 */
export function checkText(problems: FieldProblems, field: string, value: unknown, rule: TextRule): string {
  const { nl, en } = rule.label;
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems.add(field, { nl: `${nl} moet tekst zijn.`, en: `${en} must be text.` });
    return '';
  }
  const text = rule.multiline ? normaliseMultiline(value) : normaliseLine(value);
  const length = characterCount(text);
  const min = rule.min ?? 0;
  const is = rule.plural ? { nl: 'zijn', en: 'are' } : { nl: 'is', en: 'is' };
  if (length === 0 && min > 0)
    problems.add(field, { nl: `${nl} ${is.nl} verplicht.`, en: `${en} ${is.en} required.` });
  else if (length < min)
    problems.add(field, {
      nl: `${nl} ${is.nl} te kort (minstens ${min} tekens).`,
      en: `${en} ${is.en} too short (at least ${min} characters).`,
    });
  else if (length > rule.max) {
    problems.add(field, {
      nl: `${nl} ${is.nl} te lang: ${length} tekens, maximaal ${rule.max}.`,
      en: `${en} ${is.en} too long: ${length} characters, at most ${rule.max}.`,
    });
  }
  return text;
}

/** Only https links: an http or javascript: link on a card is a risk for every reader. */
export function checkHttpsUrl(
  problems: FieldProblems,
  field: string,
  value: unknown,
  label: Bilingual,
): string {
  const text = normaliseLine(value);
  if (!text) return '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.add(field, {
      nl: `${label.nl} is geen geldige link. Begin met https://.`,
      en: `${label.en} is not a valid link. Start with https://.`,
    });
    return '';
  }
  if (url.protocol !== 'https:')
    problems.add(field, {
      nl: `${label.nl} moet een beveiligde link zijn (https://).`,
      en: `${label.en} must be a secure link (https://).`,
    });
  else if (!url.hostname)
    problems.add(field, { nl: `${label.nl} mist een domeinnaam.`, en: `${label.en} has no domain name.` });
  else if (url.username || url.password)
    problems.add(field, {
      nl: `${label.nl} mag geen gebruikersnaam of wachtwoord bevatten.`,
      en: `${label.en} must not contain a user name or password.`,
    });
  else if (text.length > 2000)
    problems.add(field, {
      nl: `${label.nl} is te lang (maximaal 2000 tekens).`,
      en: `${label.en} is too long (at most 2000 characters).`,
    });
  return url.href;
}
