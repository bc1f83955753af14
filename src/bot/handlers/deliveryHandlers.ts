import type { Application, TurnState } from '@microsoft/teams-ai';
import { deliveryReportView } from '../../cards/views/deliveryViews';
import type { BroadcastStatus } from '../../delivery/deliveryService';
import { DeliveryReports } from '../../delivery/deliveryReports';
import { asCardData, requireId } from '../cardData';
import { translate } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  perBotServices,
  type BotServices,
} from '../turn';
import type { Locale } from '../../cards/renderCard';
import { titleIn, type BroadcastMessage } from '../../domain/delivery/broadcast';

/** The gemeente's delivery report: refresh it, and resend to the failed recipients only. */

const reportsFor = perBotServices((services) => new DeliveryReports(services.delivery));

function reportCard(report: BroadcastStatus, locale: Locale) {
  return card('deliveryReport', locale, deliveryReportView(report, locale));
}

/**
 * The report card of a broadcast as the requester sees it, for the worker's live updates; `final`: the finished report as a summary message, its
 * notification text saying how it ended.
 */
export async function renderDeliveryReport(
  services: BotServices,
  broadcastId: string,
  locale: Locale,
  final = false,
): Promise<BroadcastMessage | undefined> {
  const status = await services.delivery.status(broadcastId);
  if (!status) return undefined;
  const text = final
    ? translate(locale, 'deliveryReport', 'summary', {
        title: titleIn(status.job, locale),
        sent: status.counts.sent,
        failed: status.counts.failed,
      })
    : translate(locale, 'deliveryReport', 'title');
  return { card: reportCard(status, locale), text };
}

export function registerDeliveryHandlers(app: Application<TurnState>, services: BotServices): void {
  const reports = reportsFor(services);
  const unknown = (locale: Locale) =>
    messageCard(locale, translate(locale, 'deliveryFeedback', 'unknown'), [], 'warning');

  app.adaptiveCards.actionExecute('delivery.report', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      // The permission comes first, so a stranger's tampered card data gets "not allowed", never "invalid".
      if (!reports.mayManage(turn.resolved.actor, turn.policy)) return notAllowedCard(turn.locale);
      const broadcastId = requireId(asCardData(data), 'broadcastId');
      const outcome = await reports.report(turn.resolved.actor, turn.policy, broadcastId);
      if (outcome.status === 'not-allowed') return notAllowedCard(turn.locale);
      return outcome.status === 'found' ? reportCard(outcome.report, turn.locale) : unknown(turn.locale);
    });
  });

  app.adaptiveCards.actionExecute('delivery.resendFailed', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!reports.mayManage(turn.resolved.actor, turn.policy)) return notAllowedCard(turn.locale);
      const broadcastId = requireId(asCardData(data), 'broadcastId');
      const outcome = await reports.resendFailed(turn.resolved.actor, turn.policy, broadcastId);
      if (outcome.status === 'not-allowed') return notAllowedCard(turn.locale);
      if (outcome.status === 'unknown') return unknown(turn.locale);
      return outcome.report
        ? reportCard(outcome.report, turn.locale)
        : messageCard(
            turn.locale,
            translate(turn.locale, 'deliveryFeedback', 'resent', { count: outcome.count }),
            [],
            'good',
          );
    });
  });
}
