import { format, stringsFor, type Locale } from '../cards/renderCard';
import type { BroadcastMessage } from '../domain/delivery/broadcast';

/**
 * A contact of several organisations gets one message instead of one per organisation (planRecipients), so the
 * message says for whom it is: a line under the card, in the recipient's language. One organisation needs no
 * line: the card already addresses its contacts.
 */
export function withRecipientNote(
  message: BroadcastMessage,
  organisationNames: readonly string[],
  locale: Locale,
): BroadcastMessage {
  if (organisationNames.length < 2) return message;
  const strings = stringsFor('deliveryRecipient', locale) as { for: string; and: string };
  const names = `${organisationNames.slice(0, -1).join(', ')} ${strings.and} ${organisationNames[organisationNames.length - 1]}`;
  const body = Array.isArray(message.card.body) ? (message.card.body as unknown[]) : [];
  const note = {
    type: 'TextBlock',
    text: format(strings.for, { names }),
    wrap: true,
    isSubtle: true,
    size: 'Small',
    separator: true,
  };
  return { ...message, card: { ...message.card, body: [...body, note] } };
}
