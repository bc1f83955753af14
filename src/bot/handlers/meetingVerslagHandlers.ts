import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import type { MeetingNotice } from '../../cards/views/meetingsViews';
import { verslagCorrectionView } from '../../cards/views/meetingVerslagReviewViews';
import { verslagFormView } from '../../cards/views/meetingVerslagViews';
import { refusalMessages } from '../../domain/shared/result';
import { verslagVersionOf } from '../../meetings/formVersions';
import type { MeetingDocument } from '../../meetings/meetingsService';
import { optionalText, requireId } from '../cardData';
import { card, messageCard, notAllowedCard, type BotServices, type Turn } from '../turn';
import { CAP, m, meetingRoutes, notFound, refused, service } from './meetingsShared';

/**
 * The verslag of a meeting (issue 7, issue 19): the gemeente opens the concept the bot drafted, completes it, has it
 * drafted again, and once it is vastgesteld corrects it. Sending it to the attendees, their comments and vaststellen
 * are in meetingVerslagReviewHandlers.ts. Thin handlers: card data is checked here; MeetingsService decides,
 * drafts, stores and broadcasts.
 */

export function verslagCard(
  turn: Turn,
  doc: MeetingDocument,
  errors: readonly string[] = [],
  notice?: MeetingNotice,
  markdown?: string,
  /** The version the text on the form was based on; a re-rendered form keeps it. */
  version?: string,
  reason = '',
): AdaptiveCard {
  if (doc.verslag?.status === 'gepubliceerd')
    return card(
      'meetingVerslagCorrection',
      turn.locale,
      verslagCorrectionView(
        doc,
        { markdown: markdown ?? doc.verslag.markdown, reason },
        turn.locale,
        errors,
        notice,
      ),
    );
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
      turn.services.now(),
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
