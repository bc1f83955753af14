/**
 * Domain operations answer with a Result instead of throwing: a refusal is an expected outcome with a message
 * for the user and a stable code for tests and logs. Messages are bilingual: Dutch is the default interface
 * language, English the other one, and the handler picks the person's language when it renders them.
 */

/** Text a person reads, in both interface languages. */
export interface Bilingual {
  readonly nl: string;
  readonly en: string;
}

export type RefusalLocale = 'nl' | 'en';

/** A message as written at a call site: always both languages, so the compiler refuses a Dutch-only refusal. */
export type UserMessage = Bilingual;

export interface Refusal {
  readonly ok: false;
  readonly code: string;
  /** One message per problem, in Dutch, ready to show. */
  readonly messages: readonly string[];
  /** The same messages in English, in the same order (absent: not translated, the Dutch is shown). */
  readonly messagesEn?: readonly string[];
  /** Field-specific problems, keyed by input field id, for forms (Dutch). */
  readonly fieldErrors?: Readonly<Record<string, string>>;
  /** The same field problems in English. */
  readonly fieldErrorsEn?: Readonly<Record<string, string>>;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Refusal;

export function succeed<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function refuse(code: string, message: UserMessage): Refusal {
  return { ok: false, code, messages: [message.nl], messagesEn: [message.en] };
}

export function refuseFields(code: string, fieldErrors: Readonly<Record<string, UserMessage>>): Refusal {
  const nl: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    nl[field] = message.nl;
    en[field] = message.en;
  }
  return {
    ok: false,
    code,
    messages: Object.values(nl),
    messagesEn: Object.values(en),
    fieldErrors: nl,
    fieldErrorsEn: en,
  };
}

/** A refusal built from several, keeping both languages aligned. */
export function combineRefusals(
  code: string,
  refusals: readonly Refusal[],
  extra: readonly UserMessage[] = [],
): Refusal {
  return {
    ok: false,
    code,
    messages: [...extra.map((t) => t.nl), ...refusals.flatMap((r) => r.messages)],
    messagesEn: [...extra.map((t) => t.en), ...refusals.flatMap((r) => refusalMessages(r, 'en'))],
  };
}

/** The refusal's messages in the person's language. */
export function refusalMessages(refusal: Refusal, locale: RefusalLocale): readonly string[] {
  return locale === 'en' && refusal.messagesEn ? refusal.messagesEn : refusal.messages;
}

/** The refusal's field problems in the person's language. */
export function refusalFieldErrors(
  refusal: Refusal,
  locale: RefusalLocale,
): Readonly<Record<string, string>> {
  const fields = locale === 'en' && refusal.fieldErrorsEn ? refusal.fieldErrorsEn : refusal.fieldErrors;
  return fields ?? {};
}

/**
 * A refusal's messages in both languages, for a service result that hands them on to a handler, which shows them
 * in the person's language with `inLocale`.
 */
export interface LocalisedMessages {
  readonly nl: readonly string[];
  readonly en: readonly string[];
}

export function messagesOf(refusal: Refusal): LocalisedMessages {
  return { nl: refusal.messages, en: refusalMessages(refusal, 'en') };
}

export function inLocale(messages: LocalisedMessages, locale: RefusalLocale): readonly string[] {
  return locale === 'en' ? messages.en : messages.nl;
}

/** A list of bilingual messages as the two language lists a handler picks from. */
export function localised(messages: readonly Bilingual[]): LocalisedMessages {
  return { nl: messages.map((m) => m.nl), en: messages.map((m) => m.en) };
}

/** Several localised lists as one, in order. */
export function joinMessages(...lists: readonly LocalisedMessages[]): LocalisedMessages {
  return { nl: lists.flatMap((l) => l.nl), en: lists.flatMap((l) => l.en) };
}

export const NO_MESSAGES: LocalisedMessages = { nl: [], en: [] };
