import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import type { MeetingNotice } from '../../cards/views/meetingsViews';
import { verslagFormView, verslagView } from '../../cards/views/meetingVerslagViews';
import { verslagVersionOf } from '../../meetings/formVersions';
import type { MeetingDocument } from '../../meetings/meetingsService';
import { optionalText, requireId } from '../cardData';
import { card, messageCard, notAllowedCard, type BotServices, type Turn } from '../turn';
import { CAP, detailCard, m, meetingRoutes, notFound, refused, service } from './meetingsShared';
import { refusalMessages } from '../../domain/shared/result';

/**
 * The verslag of a meeting (issue 7): the gemeente opens the concept the bot drafted, completes it, publishes it to
 * every provider, or has it drafted again. Thin handlers: card data is checked here; MeetingsService decides,
 * drafts, stores and broadcasts.
 */

function verslagCard(
  turn: Turn,
  doc: MeetingDocument,
  errors: readonly string[] = [],
  notice?: MeetingNotice,
  markdown?: string,
  /** The version the text on the form was based on; a re-rendered form keeps it. */
  version?: string,
): AdaptiveCard {
  if (doc.verslag?.status === 'gepubliceerd')
    return card('meetingVerslag', turn.locale, verslagView(doc, doc.verslag.markdown, turn.locale, true));
  return card(
    'meetingVerslagForm',
    turn.locale,
    verslagFormView(
      doc,
      markdown ?? doc.verslag?.markdown ?? '',
      version ?? verslagVersionOf(doc),
      turn.locale,
      errors,
      notice,
    ),
  );
}

export function registerMeetingVerslagHandlers(app: Application<TurnState>, services: BotServices): void {
  const { gemeenteAction, withMeeting } = meetingRoutes(app, services);

  gemeenteAction('meeting.verslag', async (turn, data) => {
    const opened = await service(turn).openVerslag(turn.resolved.actor, requireId(data, 'meetingId'), {
      redraft: false,
    });
    if (opened.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (opened.kind === 'not-found') return notFound(turn);
    if (opened.kind === 'too-early')
      return messageCard(
        turn.locale,
        m(turn, 'refusedTitle'),
        [m(turn, 'verslagTooEarly')],
        'warning',
        'meeting.lijst',
      );
    return verslagCard(turn, opened.doc);
  });

  gemeenteAction(
    'meeting.verslag.opslaan',
    withMeeting(async (turn, doc, data) => {
      const markdown = optionalText(data, 'markdown', CAP.verslag);
      const version = optionalText(data, 'version', 40);
      const saved = await service(turn).saveVerslag(turn.resolved.actor, doc.id, markdown, version);
      if (!saved.ok) {
        if (!saved.fieldErrors) return refused(turn, saved, 'meeting.lijst');
        return verslagCard(turn, doc, refusalMessages(saved, turn.locale), undefined, markdown, version);
      }
      return verslagCard(turn, saved.value.value, [], {
        title: m(turn, 'savedTitle'),
        messages: [m(turn, 'verslagSaved')],
        style: 'good',
      });
    }),
  );

  gemeenteAction(
    'meeting.verslag.publiceren',
    withMeeting(async (turn, doc, data) => {
      const markdown = optionalText(data, 'markdown', CAP.verslag);
      const version = optionalText(data, 'version', 40);
      const published = await service(turn).publishVerslag(turn.resolved.actor, doc.id, markdown, version);
      if (!published.ok) {
        if (published.fieldErrors)
          return verslagCard(
            turn,
            doc,
            refusalMessages(published, turn.locale),
            undefined,
            markdown,
            version,
          );
        const current = (await service(turn).get(doc.id)) ?? doc;
        return verslagCard(turn, current, [], {
          title: m(turn, 'refusedTitle'),
          messages: refusalMessages(published, turn.locale),
          style: 'attention',
        });
      }
      return detailCard(turn, published.value.doc.value, {
        title: m(turn, 'verslagPublishedTitle'),
        messages: [m(turn, 'verslagPublished', { count: published.value.recipients })],
        style: 'good',
      });
    }),
  );

  gemeenteAction('meeting.verslag.opnieuw', async (turn, data) => {
    const opened = await service(turn).openVerslag(turn.resolved.actor, requireId(data, 'meetingId'), {
      redraft: true,
    });
    if (opened.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (opened.kind !== 'verslag') return notFound(turn);
    if (!opened.redrafted) return verslagCard(turn, opened.doc);
    return verslagCard(turn, opened.doc, [], {
      title: m(turn, 'redraftedTitle'),
      messages: [m(turn, 'redrafted')],
      style: 'accent',
    });
  });
}
