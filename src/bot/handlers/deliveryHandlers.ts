import type { Application, TurnState } from '@microsoft/teams-ai';
import { deliveryReportView } from '../../cards/views/deliveryViews';
import { can } from '../../domain/registry/actor';
import { asCardData, requireId } from '../cardData';
import { translate } from '../translate';
import { beginTurn, card, guardedAction, messageCard, notAllowedCard, type BotServices } from '../turn';
import type { Locale } from '../../cards/renderCard';

/** The gemeente's delivery report: refresh it, and resend to the failed recipients only. */

export async function renderDeliveryReport(services: BotServices, broadcastId: string, locale: Locale) {
  const status = await services.delivery.status(broadcastId);
  return status ? card('deliveryReport', locale, deliveryReportView(status, locale)) : undefined;
}

export function registerDeliveryHandlers(app: Application<TurnState>, services: BotServices): void {
  app.adaptiveCards.actionExecute('delivery.report', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!can(turn.resolved.actor, 'registry.manage', turn.policy)) return notAllowedCard(turn.locale);
      const report = await renderDeliveryReport(
        services,
        requireId(asCardData(data), 'broadcastId'),
        turn.locale,
      );
      return (
        report ??
        messageCard(turn.locale, translate(turn.locale, 'deliveryFeedback', 'unknown'), [], 'warning')
      );
    });
  });

  app.adaptiveCards.actionExecute('delivery.resendFailed', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!can(turn.resolved.actor, 'registry.manage', turn.policy)) return notAllowedCard(turn.locale);
      const broadcastId = requireId(asCardData(data), 'broadcastId');
      const result = await services.delivery.resendFailed(broadcastId);
      if (!result.ok)
        return messageCard(turn.locale, translate(turn.locale, 'deliveryFeedback', 'unknown'), [], 'warning');
      const report = await renderDeliveryReport(services, broadcastId, turn.locale);
      return (
        report ??
        messageCard(
          turn.locale,
          translate(turn.locale, 'deliveryFeedback', 'resent', { count: result.value }),
          [],
          'good',
        )
      );
    });
  });
}
