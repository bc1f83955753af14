import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  meetingFormValuesOf,
  meetingFormView,
  meetingListView,
  proposalFormView,
  tableName,
  type AgendaRowValues,
  type MeetingFormValues,
  type MeetingNotice,
  type ProposalFormValues,
} from '../../cards/views/meetingsViews';
import { addDays, localDateOf, localYearOf } from '../../domain/time';
import { editVersionOf } from '../../meetings/formVersions';
import type { MeetingFormInput } from '../../meetings/meetingForm';
import { refusalMessages } from '../../domain/shared/result';
import { meetingsServiceFor, newNonce, NONCE, type MeetingDocument } from '../../meetings/meetingsService';
import { registerMeetingsTasks } from '../../meetings/tasks';
import { InvalidCardDataError, optionalText, requireChoice, requireId, type CardData } from '../cardData';
import {
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import { registerMeetingAttendanceHandlers } from './meetingAttendanceHandlers';
import {
  agendaCard,
  CAP,
  detailCard,
  loadMeeting,
  m,
  meetingRoutes,
  notFound,
  refused,
  service,
} from './meetingsShared';
import { registerMeetingVerslagHandlers } from './meetingVerslagHandlers';
import { registerVerslagReviewHandlers } from './meetingVerslagReviewHandlers';

/**
 * Meetings (issue 7): the gemeente plans a meeting, decides on proposed agendapunten and sends the agenda to every
 * provider with an .ics link; contacts of aanbieders read the agenda and propose agendapunten. Attendance and the
 * verslag have handler files of their own. Thin handlers: card data is checked here; MeetingsService decides who
 * may do what, applies the rules, stores and broadcasts, and its answer becomes a card here.
 */

const LINK = /^(voorstel|rapportage):[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;
const AGENDA_ITEM_ID = /^agendapunt-\d{1,4}$/;
const MAX_ROWS = 30;

function nonceOf(data: CardData): string {
  const nonce = optionalText(data, 'nonce', 20);
  if (!NONCE.test(nonce)) throw new InvalidCardDataError('nonce');
  return nonce;
}

// The list ----------------------------------------------------------------------------------------------------

async function listCard(turn: Turn, notice?: MeetingNotice): Promise<AdaptiveCard> {
  const meetings = await service(turn).list();
  const now = turn.services.now();
  return card(
    'meetingList',
    turn.locale,
    meetingListView(meetings, now, turn.locale, {
      isGemeente: service(turn).mayManage(turn.resolved.actor),
      year: localYearOf(now),
      notice,
    }),
  );
}

export async function handleVergaderingenCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, async () =>
    service(turn).mayRead(turn.resolved.actor) ? listCard(turn) : notAllowedCard(turn.locale),
  );
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

// The gemeente's cards ------------------------------------------------------------------------------------------

function defaultFormValues(turn: Turn): MeetingFormValues {
  const date = addDays(localDateOf(turn.services.now()), 42);
  return {
    table: 'overlegtafel',
    title: '',
    date,
    startTime: '14:00',
    endTime: '16:00',
    location: '',
    cutoffDate: addDays(date, -14),
    cutoffTime: '17:00',
    rows: [
      { id: '', title: m(turn, 'defaultOpening'), owner: m(turn, 'defaultOwner'), description: '', link: '' },
      { id: '', title: m(turn, 'defaultClosing'), owner: m(turn, 'defaultOwner'), description: '', link: '' },
    ],
    thirdParties: '',
  };
}

async function formCard(
  turn: Turn,
  values: MeetingFormValues,
  errors: readonly string[],
  options: { nonce?: string; editing?: { doc: MeetingDocument; version: string } } = {},
): Promise<AdaptiveCard> {
  const meetings = service(turn);
  const [tables, links] = await Promise.all([meetings.tableChoices(), meetings.linkChoices()]);
  const editing = options.editing;
  return card(
    'meetingForm',
    turn.locale,
    meetingFormView(
      values,
      {
        nonce: options.nonce ?? newNonce(),
        tables,
        links,
        editing: editing
          ? {
              meetingId: editing.doc.id,
              version: editing.version,
              tableName: tableName(editing.doc.table, turn.locale),
            }
          : null,
      },
      errors,
    ),
  );
}

function agendaRows(data: CardData): AgendaRowValues[] {
  const count = Number(optionalText(data, 'rowCount', 3) || '0');
  if (!Number.isInteger(count) || count < 0 || count > MAX_ROWS) throw new InvalidCardDataError('rowCount');
  const ids = optionalText(data, 'rowIds', MAX_ROWS * 20).split(',');
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    const id = ids[index] ?? '';
    if (id && !AGENDA_ITEM_ID.test(id)) throw new InvalidCardDataError('rowIds');
    const link = optionalText(data, `row${n}Link`, 200);
    if (link && !LINK.test(link)) throw new InvalidCardDataError(`row${n}Link`);
    return {
      id,
      title: optionalText(data, `row${n}Title`, CAP.line),
      owner: optionalText(data, `row${n}Owner`, CAP.line),
      description: optionalText(data, `row${n}Description`, CAP.text),
      link,
    };
  });
}

function meetingForm(data: CardData): MeetingFormInput {
  return {
    table: optionalText(data, 'table', CAP.id),
    title: optionalText(data, 'title', CAP.line),
    date: optionalText(data, 'date', 40),
    startTime: optionalText(data, 'startTime', 40),
    endTime: optionalText(data, 'endTime', 40),
    location: optionalText(data, 'location', CAP.line),
    cutoffDate: optionalText(data, 'cutoffDate', 40),
    cutoffTime: optionalText(data, 'cutoffTime', 40),
    rows: agendaRows(data),
    thirdParties: optionalText(data, 'thirdParties', CAP.text),
  };
}

function broadcastNotice(turn: Turn, doc: MeetingDocument, savedKey: string): MeetingNotice {
  return {
    title: m(turn, 'savedTitle'),
    messages: [m(turn, savedKey), ...(doc.agendaBroadcast ? [m(turn, 'updateGoesOut')] : [])],
    style: 'good',
  };
}

// The aanbieders' cards -----------------------------------------------------------------------------------------

function proposalCard(
  turn: Turn,
  doc: MeetingDocument,
  organisations: Array<{ id: string; name: string }>,
  values: ProposalFormValues,
  nonce: string,
  errors: readonly string[],
): AdaptiveCard {
  return card(
    'meetingProposalForm',
    turn.locale,
    proposalFormView(doc, organisations, values, nonce, errors, turn.locale),
  );
}

// Routes --------------------------------------------------------------------------------------------------------

export function registerMeetingsHandlers(app: Application<TurnState>, services: BotServices): void {
  registerMeetingsTasks(services.scheduler, meetingsServiceFor(services));
  registerMeetingAttendanceHandlers(app, services);
  registerMeetingVerslagHandlers(app, services);
  registerVerslagReviewHandlers(app, services);

  const { gemeenteAction, memberAction, withMeeting } = meetingRoutes(app, services);

  memberAction('meeting.lijst', (turn) => listCard(turn));

  // The gemeente plans and changes ------------------------------------------------------------------------------

  gemeenteAction('meeting.nieuw', (turn) => formCard(turn, defaultFormValues(turn), []));

  gemeenteAction('meeting.plannen', async (turn, data) => {
    const nonce = nonceOf(data);
    const form = meetingForm(data);
    const planned = await service(turn).plan(turn.resolved.actor, nonce, form);
    if (!planned.ok) {
      if (!planned.fieldErrors) return refused(turn, planned);
      return formCard(turn, form, refusalMessages(planned, turn.locale), { nonce });
    }
    const { doc, created, source } = planned.value;
    const notice: MeetingNotice = created
      ? { title: m(turn, 'plannedTitle'), messages: [m(turn, 'planned')], style: 'good' }
      : { title: m(turn, 'plannedTitle'), messages: [m(turn, 'plannedAlready')], style: 'accent' };
    return detailCard(turn, doc.value, notice, source);
  });

  gemeenteAction(
    'meeting.open',
    withMeeting((turn, doc) => detailCard(turn, doc)),
  );

  gemeenteAction(
    'meeting.bewerken',
    withMeeting(async (turn, doc) =>
      formCard(turn, meetingFormValuesOf(doc), [], {
        editing: { doc, version: editVersionOf(doc) },
      }),
    ),
  );

  gemeenteAction(
    'meeting.wijzigen',
    withMeeting(async (turn, doc, data) => {
      const form = meetingForm(data);
      const version = optionalText(data, 'version', 40);
      const updated = await service(turn).update(turn.resolved.actor, doc.id, version, form);
      if (!updated.ok) {
        if (!updated.fieldErrors) return refused(turn, updated, 'meeting.lijst');
        return formCard(turn, form, refusalMessages(updated, turn.locale), {
          editing: { doc, version: version || editVersionOf(doc) },
        });
      }
      const changed = updated.value.events.length > 0;
      return detailCard(
        turn,
        updated.value.value,
        changed
          ? broadcastNotice(turn, updated.value.value, 'changed')
          : { title: m(turn, 'savedTitle'), messages: [m(turn, 'unchanged')], style: 'accent' },
      );
    }),
  );

  gemeenteAction(
    'meeting.annuleren',
    withMeeting(async (turn, doc, data) => {
      const cancelled = await service(turn).cancel(
        turn.resolved.actor,
        doc.id,
        optionalText(data, 'cancelReason', CAP.text),
      );
      if (!cancelled.ok) return refused(turn, cancelled, 'meeting.lijst');
      return detailCard(turn, cancelled.value.value, {
        title: m(turn, 'cancelledTitle'),
        messages: [m(turn, doc.agendaBroadcast ? 'cancelledSent' : 'cancelled')],
        style: 'warning',
      });
    }),
  );

  gemeenteAction(
    'meeting.agenda.versturen',
    withMeeting(async (turn, doc) => {
      const sent = await service(turn).broadcastAgenda(turn.resolved.actor, doc.id);
      if (!sent.ok)
        return detailCard(turn, doc, {
          title: m(turn, 'refusedTitle'),
          messages: refusalMessages(sent, turn.locale),
          style: 'attention',
        });
      const { recipients, alreadySent } = sent.value;
      return detailCard(turn, sent.value.doc.value, {
        title: m(turn, 'agendaSentTitle'),
        messages: [alreadySent ? m(turn, 'agendaAlreadySent') : m(turn, 'agendaSent', { count: recipients })],
        style: alreadySent ? 'accent' : 'good',
      });
    }),
  );

  gemeenteAction(
    'meeting.agendapunt.besluiten',
    withMeeting(async (turn, doc, data) => {
      const proposalId = requireId(data, 'proposalId');
      const decision = requireChoice(data, 'decision', ['accepteren', 'afwijzen'] as const);
      const field = decision === 'accepteren' ? `accept_${proposalId}` : `decline_${proposalId}`;
      const reason = optionalText(data, field, CAP.text);
      const decided = await service(turn).decide(turn.resolved.actor, doc.id, proposalId, decision, reason);
      if (!decided.ok)
        return detailCard(turn, doc, {
          title: m(turn, 'refusedTitle'),
          messages: refusalMessages(decided, turn.locale),
          style: 'attention',
        });
      return detailCard(turn, decided.value.value, {
        title: m(turn, decision === 'accepteren' ? 'acceptedTitle' : 'declinedTitle'),
        messages: [
          m(turn, 'proposerTold'),
          ...(decision === 'accepteren' && decided.value.value.agendaBroadcast
            ? [m(turn, 'updateGoesOut')]
            : []),
        ],
        style: 'good',
      });
    }),
  );

  // Everyone with a role: the agenda, proposing agendapunten, saying whether you come -------------------------

  memberAction('meeting.agenda', async (turn, data) => {
    const doc = await loadMeeting(turn, data);
    return doc ? agendaCard(turn, doc) : notFound(turn);
  });

  memberAction('meeting.agendapunt.formulier', async (turn, data, actor) => {
    const opening = await service(turn).proposalOpening(actor, requireId(data, 'meetingId'));
    switch (opening.kind) {
      case 'not-allowed':
        return notAllowedCard(turn.locale);
      case 'not-found':
        return notFound(turn);
      case 'not-aanbieder':
        return messageCard(
          turn.locale,
          m(turn, 'refusedTitle'),
          [m(turn, 'notAanbieder')],
          'attention',
          'meeting.lijst',
        );
      case 'closed':
        return agendaCard(turn, opening.doc, {
          title: m(turn, 'refusedTitle'),
          messages: [m(turn, 'proposalsClosed')],
          style: 'warning',
        });
    }
    const values = { organisationId: '', title: '', explanation: '' };
    return proposalCard(turn, opening.doc, opening.organisations, values, newNonce(), []);
  });

  memberAction('meeting.agendapunt.indienen', async (turn, data, actor) => {
    const doc = await loadMeeting(turn, data);
    if (!doc) return notFound(turn);
    const nonce = nonceOf(data);
    const organisationId =
      optionalText(data, 'organisationId', CAP.id) || optionalText(data, 'organisation', CAP.id);
    const values: ProposalFormValues = {
      organisationId,
      title: optionalText(data, 'title', CAP.line),
      explanation: optionalText(data, 'explanation', CAP.text),
    };
    const proposed = await service(turn).propose(
      actor,
      doc.id,
      nonce,
      organisationId,
      values.title,
      values.explanation,
    );
    if (!proposed.ok) {
      if (proposed.fieldErrors)
        return proposalCard(
          turn,
          doc,
          service(turn).proposingOrganisations(actor),
          values,
          nonce,
          refusalMessages(proposed, turn.locale),
        );
      return agendaCard(turn, doc, {
        title: m(turn, 'refusedTitle'),
        messages: refusalMessages(proposed, turn.locale),
        style: 'attention',
      });
    }
    return agendaCard(turn, proposed.value.doc.value, {
      title: m(turn, 'proposedTitle'),
      messages: [m(turn, 'proposed', { title: values.title.trim() })],
      style: 'good',
    });
  });
}
