import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import type { MeetingNotice } from '../../cards/views/meetingsViews';
import { verslagCommentView, type CommentFormValues } from '../../cards/views/meetingVerslagReviewViews';
import type { KnownActor } from '../../domain/registry/actor';
import { refusalMessages, type Refusal } from '../../domain/shared/result';
import { newNonce, NONCE } from '../../meetings/meetingsService';
import { InvalidCardDataError, optionalText, requireChoice, requireId, type CardData } from '../cardData';
import { card, messageCard, type BotServices, type Turn } from '../turn';
import { CAP, detailCard, m, meetingRoutes, notFound, service } from './meetingsShared';
import { verslagCard } from './meetingVerslagHandlers';

/**
 * The verslag's way to vastgesteld (issue 19, seed 003): the gemeente sends the concept to the attendees, their
 * contacts comment within the period, the gemeente takes each comment over or declines it with a reason and marks
 * the verslag vastgesteld (shared with every provider); a correction afterwards is a new version with its reason.
 * Thin handlers: the card data is checked here, MeetingVerslagReview decides, stores, broadcasts and audits.
 */

function refusalNotice(turn: Turn, refusal: Refusal): MeetingNotice {
  return {
    title: m(turn, 'refusedTitle'),
    messages: refusalMessages(refusal, turn.locale),
    style: 'attention',
  };
}

function nonceOf(data: CardData): string {
  const nonce = optionalText(data, 'nonce', 20);
  if (!NONCE.test(nonce)) throw new InvalidCardDataError('nonce');
  return nonce;
}

async function commentCard(
  turn: Turn,
  actor: KnownActor,
  meetingId: string,
  values: CommentFormValues = { organisationId: '', comment: '' },
  errors: readonly string[] = [],
  notice?: MeetingNotice,
): Promise<AdaptiveCard> {
  const opening = await service(turn).verslagReview.commentOpening(actor, meetingId);
  if (opening.kind === 'not-found') return notFound(turn);
  if (opening.kind === 'not-an-attendee')
    return messageCard(turn.locale, m(turn, 'refusedTitle'), [m(turn, 'notAnAttendee')], 'attention');
  return card(
    'meetingVerslagComment',
    turn.locale,
    verslagCommentView(
      opening.doc,
      opening.organisations,
      { open: opening.open, nonce: newNonce(), values, errors, notice },
      turn.locale,
    ),
  );
}

export function registerVerslagReviewHandlers(app: Application<TurnState>, services: BotServices): void {
  const { gemeenteAction, memberAction, withMeeting } = meetingRoutes(app, services);

  gemeenteAction(
    'meeting.verslag.inzage',
    withMeeting(async (turn, doc, data) => {
      const markdown = optionalText(data, 'markdown', CAP.verslag);
      const version = optionalText(data, 'version', 40);
      const deadline = optionalText(data, 'deadline', 40);
      const sent = await service(turn).verslagReview.sendForComments(turn.resolved.actor, doc.id, {
        markdown,
        version,
        deadline,
      });
      if (!sent.ok) {
        const current = (await service(turn).get(doc.id)) ?? doc;
        if (sent.fieldErrors)
          return verslagCard(turn, current, refusalMessages(sent, turn.locale), undefined, markdown, version);
        return verslagCard(turn, current, [], refusalNotice(turn, sent));
      }
      return verslagCard(turn, sent.value.doc, [], {
        title: m(turn, 'inzageSentTitle'),
        messages: [m(turn, 'inzageSent', { count: sent.value.attendees })],
        style: 'good',
      });
    }),
  );

  gemeenteAction(
    'meeting.verslag.commentaar.verwerken',
    withMeeting(async (turn, doc, data) => {
      const commentId = requireId(data, 'commentId');
      const decision = requireChoice(data, 'decision', ['overgenomen', 'niet-overgenomen'] as const);
      const reason = optionalText(data, `reason_${commentId}`, CAP.text);
      const processed = await service(turn).verslagReview.processComment(turn.resolved.actor, doc.id, {
        commentId,
        decision,
        reason,
      });
      if (!processed.ok) {
        const current = (await service(turn).get(doc.id)) ?? doc;
        return verslagCard(
          turn,
          current,
          processed.fieldErrors ? refusalMessages(processed, turn.locale) : [],
          {
            ...refusalNotice(turn, processed),
          },
        );
      }
      return verslagCard(turn, processed.value, [], {
        title: m(turn, 'commentProcessedTitle'),
        messages: [m(turn, decision === 'overgenomen' ? 'commentTaken' : 'commentDeclined')],
        style: 'good',
      });
    }),
  );

  gemeenteAction(
    'meeting.verslag.vaststellen',
    withMeeting(async (turn, doc, data) => {
      const markdown = optionalText(data, 'markdown', CAP.verslag);
      const version = optionalText(data, 'version', 40);
      const done = await service(turn).verslagReview.vaststellen(turn.resolved.actor, doc.id, {
        markdown,
        version,
      });
      if (!done.ok) {
        const current = (await service(turn).get(doc.id)) ?? doc;
        if (done.fieldErrors)
          return verslagCard(turn, current, refusalMessages(done, turn.locale), undefined, markdown, version);
        return verslagCard(turn, current, [], refusalNotice(turn, done));
      }
      return detailCard(turn, done.value, {
        title: m(turn, 'vastgesteldTitle'),
        messages: [m(turn, 'vastgesteld')],
        style: 'good',
      });
    }),
  );

  gemeenteAction(
    'meeting.verslag.corrigeren',
    withMeeting(async (turn, doc, data) => {
      const markdown = optionalText(data, 'markdown', CAP.verslag);
      const reason = optionalText(data, 'reason', CAP.text);
      const corrected = await service(turn).verslagReview.correct(turn.resolved.actor, doc.id, {
        markdown,
        reason,
      });
      if (!corrected.ok) {
        const current = (await service(turn).get(doc.id)) ?? doc;
        if (corrected.fieldErrors)
          return verslagCard(
            turn,
            current,
            refusalMessages(corrected, turn.locale),
            undefined,
            markdown,
            undefined,
            reason,
          );
        return verslagCard(turn, current, [], refusalNotice(turn, corrected));
      }
      return verslagCard(turn, corrected.value.doc, [], {
        title: m(turn, 'correctedTitle'),
        messages: [m(turn, 'corrected', { number: corrected.value.version.number })],
        style: 'good',
      });
    }),
  );

  memberAction('meeting.verslag.commentaar', async (turn, data, actor) =>
    commentCard(turn, actor, requireId(data, 'meetingId')),
  );

  memberAction('meeting.verslag.commentaar.indienen', async (turn, data, actor) => {
    const meetingId = requireId(data, 'meetingId');
    const values: CommentFormValues = {
      organisationId: optionalText(data, 'organisationId', CAP.id),
      comment: optionalText(data, 'comment', CAP.text),
    };
    const submitted = await service(turn).verslagReview.submitComment(actor, meetingId, {
      organisationId: values.organisationId,
      text: values.comment,
      nonce: nonceOf(data),
    });
    if (!submitted.ok) {
      if (submitted.code === 'meeting.unknown') return notFound(turn);
      if (submitted.fieldErrors)
        return commentCard(turn, actor, meetingId, values, refusalMessages(submitted, turn.locale));
      return commentCard(turn, actor, meetingId, values, [], refusalNotice(turn, submitted));
    }
    return commentCard(turn, actor, meetingId, undefined, [], {
      title: m(turn, 'commentSentTitle'),
      messages: [m(turn, 'commentSent')],
      style: 'good',
    });
  });
}
