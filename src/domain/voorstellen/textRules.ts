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
  /** Dutch label used in the message, e.g. "De titel". */
  readonly label: string;
  readonly min?: number;
  readonly max: number;
  readonly multiline?: boolean;
  /** The label is plural ("De resultaten"), so the message says "zijn" instead of "is". */
  readonly plural?: boolean;
}

/** Collects one Dutch message per field, for a form that shows all problems at once. */
export class FieldProblems {
  private readonly problems: Record<string, string> = {};

  add(field: string, message: string): void {
    if (!(field in this.problems)) this.problems[field] = message;
  }

  get any(): boolean {
    return Object.keys(this.problems).length > 0;
  }

  get all(): Record<string, string> {
    return { ...this.problems };
  }
}

/**
 * Normalises a text field and checks its length. Returns the normalised text; an empty optional field gives ''.
 * A field with `min` of at least 1 is required.
 */
export function checkText(problems: FieldProblems, field: string, value: unknown, rule: TextRule): string {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems.add(field, `${rule.label} moet tekst zijn.`);
    return '';
  }
  const text = rule.multiline ? normaliseMultiline(value) : normaliseLine(value);
  const length = characterCount(text);
  const min = rule.min ?? 0;
  const is = rule.plural ? 'zijn' : 'is';
  if (length === 0 && min > 0) problems.add(field, `${rule.label} ${is} verplicht.`);
  else if (length < min) problems.add(field, `${rule.label} ${is} te kort (minstens ${min} tekens).`);
  else if (length > rule.max) {
    problems.add(field, `${rule.label} ${is} te lang: ${length} tekens, maximaal ${rule.max}.`);
  }
  return text;
}

/** Only https links: an http or javascript: link on a card is a risk for every reader. */
export function checkHttpsUrl(problems: FieldProblems, field: string, value: unknown, label: string): string {
  const text = normaliseLine(value);
  if (!text) return '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.add(field, `${label} is geen geldige link. Begin met https://.`);
    return '';
  }
  if (url.protocol !== 'https:') problems.add(field, `${label} moet een beveiligde link zijn (https://).`);
  else if (!url.hostname) problems.add(field, `${label} mist een domeinnaam.`);
  else if (url.username || url.password)
    problems.add(field, `${label} mag geen gebruikersnaam of wachtwoord bevatten.`);
  else if (text.length > 2000) problems.add(field, `${label} is te lang (maximaal 2000 tekens).`);
  return url.href;
}
