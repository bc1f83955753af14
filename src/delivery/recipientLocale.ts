import { localeOf, type Locale } from '../cards/renderCard';
import type { BroadcastMessage } from '../domain/delivery/broadcast';
import type { TeamsUserDocument } from '../storage/registryRepository';

/**
 * The language a proactive message goes out in: the one the person chose in Tafelbot (`taal`), else the locale
 * Teams last sent for them, else Dutch (someone who never talked to the bot).
 */
export function recipientLocale(user: TeamsUserDocument | undefined | null): Locale {
  const chosen = user?.turnState?.user.language;
  if (chosen === 'nl' || chosen === 'en') return chosen;
  return localeOf(user?.locale ?? undefined);
}

/** The message as this recipient reads it: the English version when there is one and they read English. */
export function messageIn(message: BroadcastMessage, locale: Locale): BroadcastMessage {
  if (locale !== 'en' || !message.en) return message;
  const { en, ...rest } = message;
  return { ...rest, card: en.card, text: en.text };
}

/**
 * A proactive message in both languages, built by the same function: Dutch as the message, English as its `en`
 * version, so every recipient gets it in their own language (see messageIn).
 */
export function inBothLanguages(
  build: (locale: Locale) => { readonly card: Record<string, unknown>; readonly text: string },
): BroadcastMessage {
  const nl = build('nl');
  const en = build('en');
  return { card: nl.card, text: nl.text, en: { card: en.card, text: en.text } };
}
