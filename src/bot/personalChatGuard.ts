import { ActivityTypes, type TurnContext } from 'botbuilder';
import { localeOf } from '../cards/renderCard';
import type { Logger } from '../observability/logger';
import type { TafelbotAdapter } from './sdk/tafelbotAdapter';
import { feedback } from './translate';
import { messageCard } from './turn';

/**
 * Tafelbot serves personal chats only. Every feature shows something personal or confidential (profiles with
 * e-mail addresses, signalen, votes, draft verslagen), and in a team channel or group chat the answer would be
 * posted for everyone in it. The manifest offers the personal scope only; this guard is the server-side check for
 * a conversation the manifest did not prevent (an older app package, a forged activity): before any state is
 * read or written, a message gets a short pointer to the personal chat, a card action gets the same as a card,
 * and everything else (members added, installation in a team) is dropped.
 */
export function installPersonalChatGuard(
  adapter: TafelbotAdapter,
  botAppId: string | undefined,
  logger: Logger,
): void {
  adapter.use(async (context, next) => {
    const conversationType = context.activity.conversation?.conversationType;
    // The playground and some channels leave the type out of a 1:1 chat; Teams always sets it.
    if (conversationType === undefined || conversationType === 'personal') {
      await next();
      return;
    }
    logger.info('activity outside a personal chat', {
      conversationType: String(conversationType).slice(0, 32),
      type: context.activity.type,
    });
    await answerOutsidePersonalChat(context, botAppId);
  });
}

/** Teams' deep link that opens the 1:1 chat with the bot (its app id with the bot prefix 28:). */
export function personalChatLink(botAppId: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}`;
}

async function answerOutsidePersonalChat(context: TurnContext, botAppId: string | undefined): Promise<void> {
  const locale = localeOf(context.activity.locale);
  const text = botAppId
    ? feedback(locale, 'personalChatOnlyLink', { link: personalChatLink(botAppId) })
    : feedback(locale, 'personalChatOnly');
  const { type, name } = context.activity;
  if (type === ActivityTypes.Message) {
    await context.sendActivity(text);
  } else if (type === ActivityTypes.Invoke && name === 'adaptiveCard/action') {
    const card = messageCard(locale, feedback(locale, 'personalChatOnlyTitle'), [text], 'attention');
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
      },
    });
  } else if (type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 403, body: { message: text } },
    });
  }
}
