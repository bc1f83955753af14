import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  agendaView,
  attendanceDefaults,
  attendanceFormView,
  attendanceReviewView,
  meetingDetailView,
  meetingFormValuesOf,
  meetingFormView,
  meetingListView,
  meetingsMessage,
  proposalFormView,
  rsvpView,
  tableName,
  verslagFormView,
  verslagView,
  type AgendaRowValues,
  type AttendanceFormValues,
  type MeetingFormValues,
  type MeetingNotice,
  type MemberSource,
  type ProposalFormValues,
} from '../../cards/views/meetingsViews';
import type { AbsenceReason, MeetingTable } from '../../domain/meetings';
import type { KnownActor } from '../../domain/registry/actor';
import type { Refusal } from '../../domain/shared/result';
import { addDays, localDateOf, localYearOf } from '../../domain/time';
import { editVersionOf, verslagVersionOf } from '../../meetings/formVersions';
import type { MeetingFormInput } from '../../meetings/meetingForm';
import {
  meetingsServiceFor,
  newNonce,
  NONCE,
  type MeetingDocument,
  type MeetingsService,
} from '../../meetings/meetingsService';
import { VERSLAG_MAX_CHARS } from '../../meetings/meetingVerslag';
import {
  asCardData,
  InvalidCardDataError,
  optionalText,
  requireChoice,
  requireId,
  type CardData,
} from '../cardData';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  refusalCard,
  sendCard,
  type BotServices,
  type Turn,
  knownActor,
} from '../turn';
import { registerMeetingsTasks } from '../../meetings/tasks';

/**
 * Meetings (issue 7): the gemeente plans a meeting, decides on proposed agendapunten, sends the agenda to every
 * provider with an .ics link, records attendance and completes and publishes the verslag; contacts of aanbieders
 * propose agendapunten and say whether they come. Thin handlers: card data is checked here; MeetingsService
 * decides who may do what, applies the rules, stores and broadcasts, and its answer becomes a card here.
 */

type CardResult = AdaptiveCard | string;

/** Hard caps on what a card may send; between the domain's limits and these the domain answers clearly. */
const CAP = { line: 2_000, text: 10_000, verslag: VERSLAG_MAX_CHARS * 2, id: 128 } as const;
const LINK = /^(voorstel|rapportage):[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;
const AGENDA_ITEM_ID = /^agendapunt-\d{1,4}$/;
const MAX_ROWS = 30;

const m = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  meetingsMessage(turn.locale, key, values);

function service(turn: Turn): MeetingsService {
  return meetingsServiceFor(turn.services);
}

function gemeente(turn: Turn): boolean {
  return service(turn).mayManage(turn.resolved.actor);
}

function mayRead(turn: Turn): boolean {
  return service(turn).mayRead(turn.resolved.actor);
}

function refused(turn: Turn, refusal: Refusal, backVerb = 'meeting.lijst'): AdaptiveCard {
  return refusalCard(turn.locale, m(turn, 'refusedTitle'), refusal, backVerb);
}

function notFound(turn: Turn): AdaptiveCard {
  return messageCard(turn.locale, m(turn, 'refusedTitle'), [m(turn, 'notFound')], 'warning', 'meeting.lijst');
}

function nonceOf(data: CardData): string {
  const nonce = optionalText(data, 'nonce', 20);
  if (!NONCE.test(nonce)) throw new InvalidCardDataError('nonce');
  return nonce;
}

async function loadMeeting(turn: Turn, data: CardData): Promise<MeetingDocument | undefined> {
  return service(turn).get(requireId(data, 'meetingId'));
}

// The list ----------------------------------------------------------------------------------------------------

async function listCard(turn: Turn, notice?: MeetingNotice): Promise<AdaptiveCard> {
  const meetings = await service(turn).list();
  const now = turn.services.now();
  return card(
    'meetingList',
    turn.locale,
    meetingListView(meetings, now, turn.locale, {
      isGemeente: gemeente(turn),
      year: localYearOf(now),
      notice,
    }),
  );
}

export async function handleVergaderingenCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, async () =>
    mayRead(turn) ? listCard(turn) : notAllowedCard(turn.locale),
  );
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

// The gemeente's cards ------------------------------------------------------------------------------------------

async function detailCard(
  turn: Turn,
  doc: MeetingDocument,
  notice?: MeetingNotice,
  source?: MemberSource,
): Promise<AdaptiveCard> {
  return card(
    'meetingDetail',
    turn.locale,
    meetingDetailView(doc, turn.services.now(), turn.locale, {
      icsUrl: service(turn).icsUrlOf(doc),
      source,
      notice,
    }),
  );
}

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
  };
}

function broadcastNotice(turn: Turn, doc: MeetingDocument, savedKey: string): MeetingNotice {
  return {
    title: m(turn, 'savedTitle'),
    messages: [m(turn, savedKey), ...(doc.agendaBroadcast ? [m(turn, 'updateGoesOut')] : [])],
    style: 'good',
  };
}

async function attendanceReviewCard(
  turn: Turn,
  year: number,
  table: MeetingTable,
  notice?: MeetingNotice,
): Promise<AdaptiveCard> {
  const { reviews } = await service(turn).attendanceReview(year, table);
  return card(
    'meetingAttendanceReview',
    turn.locale,
    attendanceReviewView(year, table, reviews, turn.locale, notice),
  );
}

function attendanceInput(doc: MeetingDocument, data: CardData): AttendanceFormValues {
  const present = optionalText(data, 'present', 100 * (CAP.id + 1))
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  for (const id of present) requireId({ id }, 'id');
  const reasons: Record<string, string> = {};
  for (const member of doc.members.filter((x) => x.type === 'aanbieder')) {
    const reason = optionalText(data, `reason_${member.organisationId}`, CAP.text);
    if (reason.trim()) reasons[member.organisationId] = reason;
  }
  return { present, reasons };
}

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

// The aanbieders' cards -----------------------------------------------------------------------------------------

function agendaCard(turn: Turn, doc: MeetingDocument, notice?: MeetingNotice): AdaptiveCard {
  return card(
    'meetingAgenda',
    turn.locale,
    agendaView(doc, service(turn).icsUrlOf(doc), turn.services.now(), turn.locale, notice),
  );
}

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
    proposalFormView(doc, organisations, values, nonce, errors),
  );
}

// Routes --------------------------------------------------------------------------------------------------------

export function registerMeetingsHandlers(app: Application<TurnState>, services: BotServices): void {
  registerMeetingsTasks(services.scheduler, meetingsServiceFor(services));

  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, () => run(turn, asCardData(data)));
    });
  /** The gemeente's actions: checked here for every invoke, whatever the card showed. */
  const gemeenteAction = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    action(verb, async (turn, data) => (gemeente(turn) ? run(turn, data) : notAllowedCard(turn.locale)));
  /** Anyone with a role; the domain decides what they may do with the meeting. */
  const memberAction = (
    verb: string,
    run: (turn: Turn, data: CardData, actor: KnownActor) => Promise<CardResult>,
  ) =>
    action(verb, async (turn, data) => {
      const actor = knownActor(turn);
      return actor && mayRead(turn) ? run(turn, data, actor) : notAllowedCard(turn.locale);
    });
  const withMeeting =
    (run: (turn: Turn, doc: MeetingDocument, data: CardData) => Promise<CardResult>) =>
    async (turn: Turn, data: CardData): Promise<CardResult> => {
      const doc = await loadMeeting(turn, data);
      return doc ? run(turn, doc, data) : notFound(turn);
    };

  memberAction('meeting.lijst', (turn) => listCard(turn));

  // The gemeente plans and changes ------------------------------------------------------------------------------

  gemeenteAction('meeting.nieuw', (turn) => formCard(turn, defaultFormValues(turn), []));

  gemeenteAction('meeting.plannen', async (turn, data) => {
    const nonce = nonceOf(data);
    const form = meetingForm(data);
    const planned = await service(turn).plan(turn.resolved.actor, nonce, form);
    if (!planned.ok) {
      if (!planned.fieldErrors) return refused(turn, planned);
      return formCard(turn, form, planned.messages, { nonce });
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
        return formCard(turn, form, updated.messages, {
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
          messages: sent.messages,
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
          messages: decided.messages,
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

  // Attendance --------------------------------------------------------------------------------------------------

  gemeenteAction(
    'meeting.aanwezigheid.formulier',
    withMeeting(async (turn, doc) =>
      card(
        'meetingAttendanceForm',
        turn.locale,
        attendanceFormView(doc, attendanceDefaults(doc), turn.locale, []),
      ),
    ),
  );

  gemeenteAction(
    'meeting.aanwezigheid.vastleggen',
    withMeeting(async (turn, doc, data) => {
      const values = attendanceInput(doc, data);
      const absenceReasons: AbsenceReason[] = Object.entries(values.reasons).map(
        ([organisationId, reason]) => ({
          organisationId,
          reason,
        }),
      );
      const recorded = await service(turn).recordAttendance(turn.resolved.actor, doc.id, {
        present: values.present,
        absenceReasons,
      });
      if (!recorded.ok) {
        if (!recorded.fieldErrors) return refused(turn, recorded, 'meeting.lijst');
        return card(
          'meetingAttendanceForm',
          turn.locale,
          attendanceFormView(doc, values, turn.locale, recorded.messages),
        );
      }
      const saved = recorded.value.value;
      return attendanceReviewCard(turn, saved.year, saved.table, {
        title: m(turn, 'attendanceSavedTitle'),
        messages: [m(turn, 'attendanceSaved', { title: saved.title })],
        style: 'good',
      });
    }),
  );

  gemeenteAction('meeting.aanwezigheid.overzicht', async (turn, data) => {
    const year = Number(optionalText(data, 'year', 6));
    if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new InvalidCardDataError('year');
    const tableId = optionalText(data, 'table', CAP.id) || 'overlegtafel';
    if (tableId !== 'overlegtafel') requireId(data, 'table');
    const table: MeetingTable | undefined =
      tableId === 'overlegtafel' ? 'overlegtafel' : await service(turn).tableOf(tableId);
    if (!table) return notFound(turn);
    return attendanceReviewCard(turn, year, table);
  });

  // The verslag -------------------------------------------------------------------------------------------------

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
        return verslagCard(turn, doc, saved.messages, undefined, markdown, version);
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
          return verslagCard(turn, doc, published.messages, undefined, markdown, version);
        const current = (await service(turn).get(doc.id)) ?? doc;
        return verslagCard(turn, current, [], {
          title: m(turn, 'refusedTitle'),
          messages: published.messages,
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
          proposed.messages,
        );
      return agendaCard(turn, doc, {
        title: m(turn, 'refusedTitle'),
        messages: proposed.messages,
        style: 'attention',
      });
    }
    return agendaCard(turn, proposed.value.doc.value, {
      title: m(turn, 'proposedTitle'),
      messages: [m(turn, 'proposed', { title: values.title.trim() })],
      style: 'good',
    });
  });

  memberAction('meeting.aanwezigheid.melden', async (turn, data, actor) => {
    const invitation = await service(turn).invitation(actor, requireId(data, 'meetingId'));
    if (invitation.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (invitation.kind === 'not-found') return notFound(turn);
    if (invitation.kind === 'not-a-member')
      return agendaCard(turn, invitation.doc, {
        title: m(turn, 'refusedTitle'),
        messages: [m(turn, 'notAMember')],
        style: 'attention',
      });
    return card('meetingRsvp', turn.locale, rsvpView(invitation.doc, invitation.organisations, turn.locale));
  });

  memberAction('meeting.aanwezigheid.antwoord', async (turn, data, actor) => {
    const doc = await loadMeeting(turn, data);
    if (!doc) return notFound(turn);
    const organisationId = requireId(data, 'organisationId');
    const attending = requireChoice(data, 'attending', ['ja', 'nee'] as const) === 'ja';
    const reason = attending ? '' : optionalText(data, `reason_${organisationId}`, CAP.text);
    const answered = await service(turn).respond(actor, doc.id, organisationId, attending, reason);
    const organisations = service(turn).respondingOrganisations(
      actor,
      answered.ok ? answered.value.value : doc,
    );
    if (!answered.ok) {
      if (organisations.length === 0)
        return agendaCard(turn, doc, {
          title: m(turn, 'refusedTitle'),
          messages: answered.messages,
          style: 'attention',
        });
      return card(
        'meetingRsvp',
        turn.locale,
        rsvpView(doc, organisations, turn.locale, {
          title: m(turn, 'refusedTitle'),
          messages: answered.messages,
          style: 'attention',
        }),
      );
    }
    return card(
      'meetingRsvp',
      turn.locale,
      rsvpView(answered.value.value, organisations, turn.locale, {
        title: m(turn, 'answeredTitle'),
        messages: [m(turn, attending ? 'answeredComing' : 'answeredNotComing')],
        style: 'good',
      }),
    );
  });
}
