import type { Actor } from '../registry/actor';
import { refuse, refuseFields, succeed, type Result } from '../shared/result';
import { fromIsoInstant, toIsoInstant } from '../time/amsterdam';
import { formatDutchDateTime } from '../time/dutch';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
} from '../voorstellen/acting';
import { checkText, FieldProblems } from '../voorstellen/textRules';
import {
  lastAgendaItemNumber,
  MEETING_LIMITS,
  proposalsOpen,
  requireUpcoming,
  type AgendaItem,
  type AgendapuntProposal,
  type Meeting,
  type MeetingChange,
} from './meeting';
import { formatEnglishDateTime } from '../time/english';

/**
 * Aanbieders propose agendapunten until the cut-off; the gemeente accepts (the item joins the agenda) or
 * declines with a reason, and the proposer is told either way [domain §4, 000 §1].
 */

export interface ProposeAgendapunt {
  readonly id: string;
  readonly organisationId: string;
  readonly title: unknown;
  readonly explanation: unknown;
}

export function proposeAgendapunt(
  meeting: Meeting,
  command: ProposeAgendapunt,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const capacity = contactCapacityFor(actor, command.organisationId);
  if (!capacity || capacity.organisation.type !== 'aanbieder' || !capacity.organisation.contracted) {
    return refuse('agendapunt.not-allowed', {
      nl: 'Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder kan een agendapunt voorstellen.',
      en: 'Only the contact person or substitute of a contracted provider can propose an agenda item.',
    });
  }
  if (!proposalsOpen(meeting, now)) {
    return meeting.proposalCutoff === null || meeting.status !== 'gepland'
      ? refuse('agendapunt.closed', {
          nl: 'Voor dit overleg kunnen geen agendapunten worden voorgesteld.',
          en: 'Agenda items cannot be proposed for this meeting.',
        })
      : refuse('agendapunt.closed', {
          nl: `Agendapunten voor dit overleg konden tot ${formatDutchDateTime(fromIsoInstant(meeting.proposalCutoff))} worden voorgesteld.`,
          en: `Agenda items for this meeting could be proposed until ${formatEnglishDateTime(fromIsoInstant(meeting.proposalCutoff))}.`,
        });
  }
  const fromSameOrganisation = meeting.proposals.filter(
    (p) => p.proposedBy.organisationId === command.organisationId,
  );
  if (fromSameOrganisation.length >= MEETING_LIMITS.proposalsPerOrganisation) {
    return refuse('agendapunt.too-many', {
      nl: `Een organisatie kan maximaal ${MEETING_LIMITS.proposalsPerOrganisation} agendapunten per overleg voorstellen.`,
      en: `An organisation can propose at most ${MEETING_LIMITS.proposalsPerOrganisation} agenda items per meeting.`,
    });
  }
  if (meeting.proposals.some((p) => p.id === command.id)) {
    return refuse('agendapunt.duplicate-id', {
      nl: 'Dit agendapunt is al voorgesteld.',
      en: 'This agenda item has already been proposed.',
    });
  }
  const problems = new FieldProblems();
  const title = checkText(problems, 'title', command.title, {
    label: { nl: 'De titel', en: 'The title' },
    min: MEETING_LIMITS.itemTitleMin,
    max: MEETING_LIMITS.itemTitleMax,
  });
  const explanation = checkText(problems, 'explanation', command.explanation, {
    label: { nl: 'De toelichting', en: 'The explanation' },
    min: 1,
    max: MEETING_LIMITS.itemDescriptionMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('agendapunt.invalid', problems.all);
  const at = toIsoInstant(now);
  const proposal: AgendapuntProposal = {
    id: command.id,
    title,
    explanation,
    proposedBy: contactRecord(known.value, capacity),
    proposedAt: at,
    status: 'ingediend',
    decidedBy: null,
    decidedAt: null,
    reason: null,
  };
  return succeed({
    meeting: { ...meeting, proposals: [...meeting.proposals, proposal], updatedAt: at },
    events: [{ type: 'agendapunt.voorgesteld', meetingId: meeting.id, proposalId: proposal.id }],
  });
}

export const AGENDAPUNT_DECISIONS = ['accepteren', 'afwijzen'] as const;
export type AgendapuntDecision = (typeof AGENDAPUNT_DECISIONS)[number];

export interface DecideAgendapunt {
  readonly proposalId: string;
  readonly decision: unknown;
  /** Required when declining, optional when accepting. */
  readonly reason?: unknown;
}

/** The gemeente decides; an accepted proposal becomes an agenda item owned by the proposing organisation. */
export function decideAgendapunt(
  meeting: Meeting,
  command: DecideAgendapunt,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const gemeente = requireGemeente(actor, {
    nl: 'over voorgestelde agendapunten beslissen',
    en: 'decide on proposed agenda items',
  });
  if (!gemeente.ok) return gemeente;
  const upcoming = requireUpcoming(meeting, now);
  if (!upcoming.ok) return upcoming;
  const proposal = meeting.proposals.find((p) => p.id === command.proposalId);
  if (!proposal)
    return refuse('agendapunt.unknown', {
      nl: 'Dit voorgestelde agendapunt bestaat niet (meer).',
      en: 'This proposed agenda item does not exist (any more).',
    });
  if (proposal.status !== 'ingediend') {
    return refuse('agendapunt.decided', {
      nl: `Over dit agendapunt is al beslist: het is ${proposal.status}.`,
      en: `This agenda item has already been decided: it was ${proposal.status === 'geaccepteerd' ? 'accepted' : 'rejected'}.`,
    });
  }
  const problems = new FieldProblems();
  const decision = (AGENDAPUNT_DECISIONS as readonly unknown[]).includes(command.decision)
    ? (command.decision as AgendapuntDecision)
    : undefined;
  if (!decision)
    problems.add('decision', { nl: 'Kies accepteren of afwijzen.', en: 'Choose accept or reject.' });
  const reason = checkText(problems, 'reason', command.reason, {
    label: { nl: 'De reden', en: 'The reason' },
    min: decision === 'afwijzen' ? MEETING_LIMITS.reasonMin : 0,
    max: MEETING_LIMITS.reasonMax,
    multiline: true,
  });
  if (problems.any || !decision) return refuseFields('agendapunt.invalid', problems.all);

  const accepted = decision === 'accepteren';
  const at = toIsoInstant(now);
  const decided: AgendapuntProposal = {
    ...proposal,
    status: accepted ? 'geaccepteerd' : 'afgewezen',
    decidedBy: gemeenteRecord(gemeente.value),
    decidedAt: at,
    reason: reason || null,
  };
  const item: AgendaItem = {
    id: `agendapunt-${lastAgendaItemNumber(meeting.agenda) + 1}`,
    title: proposal.title,
    description: proposal.explanation,
    owner: proposal.proposedBy.organisationName ?? proposal.proposedBy.personName,
    link: null,
    proposalId: proposal.id,
  };
  const sequence = accepted ? meeting.sequence + 1 : meeting.sequence;
  return succeed({
    meeting: {
      ...meeting,
      proposals: meeting.proposals.map((p) => (p.id === proposal.id ? decided : p)),
      agenda: accepted ? [...meeting.agenda, item] : meeting.agenda,
      sequence,
      updatedAt: at,
    },
    events: [
      {
        type: 'agendapunt.besloten',
        meetingId: meeting.id,
        proposalId: proposal.id,
        accepted,
        reason: decided.reason,
        proposerPersonId: proposal.proposedBy.personId,
      },
      ...(accepted
        ? [{ type: 'meeting.gewijzigd' as const, meetingId: meeting.id, sequence, changed: ['agenda'] }]
        : []),
    ],
  });
}
