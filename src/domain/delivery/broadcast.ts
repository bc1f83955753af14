import { refuse, succeed, type Result } from '../shared/result';

/**
 * A broadcast is one message (an Adaptive Card with a text fallback) to an audience, with a ledger entry per
 * recipient. Recipients are people (a contact of two organisations gets the message once).
 */

export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface BroadcastMessage {
  readonly card: Record<string, unknown>;
  /** Shown in notifications and where cards cannot be shown. */
  readonly text: string;
  /**
   * The public page of this item (/openbaar), when the feature publishes it: an e-mail links to it once the
   * gemeente has actually published it. Kind and source id as in src/public (publicPath).
   */
  readonly publication?: { readonly kind: string; readonly sourceId: string };
  /**
   * The same message in English, for recipients who read Tafelbot in English (their chosen or Teams language);
   * `card` and `text` above are the Dutch version, which everyone else gets.
   */
  readonly en?: { readonly card: Record<string, unknown>; readonly text: string };
}

/** Who receives it: people directly, and/or the contacts of organisations (contactpersoon and vervanger). */
export interface BroadcastAudience {
  readonly personIds?: readonly string[];
  readonly organisationIds?: readonly string[];
  /** Which contacts of each organisation; both by default. */
  readonly contactRoles?: ReadonlyArray<'contactpersoon' | 'vervanger'>;
}

export interface DeliveryCounts {
  readonly total: number;
  readonly pending: number;
  readonly sending: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * A broadcast's title in both languages: the e-mail subject and heading for its recipients, and the title of its
 * delivery report for whoever reads that. The ledger keeps the Dutch as `title` and the English beside it as
 * `titleEn`, which broadcasts stored before it lack (their title is shown as it was: see titleIn).
 */
export interface BroadcastTitle {
  readonly nl: string;
  readonly en: string;
}

/** The title in this language; a broadcast stored without an English title keeps its Dutch one. */
export function titleIn(
  stored: { readonly title: string; readonly titleEn?: string | null },
  locale: 'nl' | 'en',
): string {
  return locale === 'en' && stored.titleEn ? stored.titleEn : stored.title;
}

export const MAX_TITLE_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
export const MAX_CARD_BYTES = 28 * 1024; // Teams refuses messages above about 28 KB

export function validateBroadcastMessage(title: BroadcastTitle, message: BroadcastMessage): Result<true> {
  // The English version is held to the same rules as the Dutch one: someone will receive it.
  if (message.en) {
    const { en, ...dutch } = message;
    const english = validateBroadcastMessage(title, { ...dutch, card: en.card, text: en.text });
    if (!english.ok) return english;
  }
  if ([title.nl, title.en].some((t) => !t.trim() || t.length > MAX_TITLE_LENGTH)) {
    return refuse('broadcast.title', {
      nl: `Geef de verzending een titel van 1 tot ${MAX_TITLE_LENGTH} tekens.`,
      en: `Give the broadcast a title of 1 to ${MAX_TITLE_LENGTH} characters.`,
    });
  }
  if (!message.text.trim() || message.text.length > MAX_TEXT_LENGTH) {
    return refuse('broadcast.text', {
      nl: `Het bericht heeft een korte tekst nodig (1 tot ${MAX_TEXT_LENGTH} tekens) voor meldingen.`,
      en: `The message needs a short text (1 to ${MAX_TEXT_LENGTH} characters) for notifications.`,
    });
  }
  if (message.card.type !== 'AdaptiveCard')
    return refuse('broadcast.card', {
      nl: 'Het bericht is geen Adaptive Card.',
      en: 'The message is not an Adaptive Card.',
    });
  if (Buffer.byteLength(JSON.stringify(message.card)) > MAX_CARD_BYTES) {
    return refuse('broadcast.card-size', {
      nl: 'De kaart is te groot voor Teams (meer dan 28 kB). Maak het bericht korter.',
      en: 'The card is too large for Teams (more than 28 kB). Make the message shorter.',
    });
  }
  return succeed(true);
}

export function countStatuses(statuses: readonly RecipientStatus[]): DeliveryCounts {
  const count = (s: RecipientStatus): number => statuses.filter((x) => x === s).length;
  return {
    total: statuses.length,
    pending: count('pending'),
    sending: count('sending'),
    sent: count('sent'),
    failed: count('failed'),
  };
}

export function isFinished(counts: DeliveryCounts): boolean {
  return counts.pending === 0 && counts.sending === 0;
}
