import type { Actor } from '../registry/actor';
import { ORGANISATION_TYPES, type OrganisationType } from '../registry/registry';
import {
  refusalFieldErrors,
  refuse,
  refuseFields,
  refusalMessages,
  succeed,
  type Bilingual,
  type Result,
  type UserMessage,
} from '../shared/result';
import { normaliseLine } from '../shared/text';
import {
  fromIsoInstant,
  isPastDeadline,
  parseLocalDateTime,
  toIsoInstant,
  type IsoInstant,
} from '../time/amsterdam';
import { formatDutchDateTime } from '../time/dutch';
import { gemeenteRecord, requireGemeente, type ActorRecord } from '../voorstellen/acting';
import { checkText, FieldProblems } from '../voorstellen/textRules';
import { parseThirdParties, type ThirdParty } from './thirdParties';
import { formatEnglishDateTime } from '../time/english';

/**
 * A meeting of the Overlegtafel or of an ontwikkeltafel [domain §4, 002 art. 7]: physical, in Dutch time, with
 * an agenda shared beforehand. `sequence` counts the changes people's calendars must pick up (RFC 5545
 * SEQUENCE), so a later change goes out as an update of the same invitation.
 */

export type MeetingTable = 'overlegtafel' | { readonly ontwikkeltafelId: string; readonly name: string };

export interface MeetingMember {
  readonly organisationId: string;
  readonly name: string;
  readonly type: OrganisationType;
}

export type AgendaLink =
  | { readonly kind: 'voorstel'; readonly voorstelId: string }
  | { readonly kind: 'rapportage'; readonly reportId: string };

export interface AgendaItem {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Who introduces the item: a person, an organisation or "gemeente". */
  readonly owner: string;
  readonly link: AgendaLink | null;
  /** Set when the item came from an accepted proposal of an aanbieder. */
  readonly proposalId: string | null;
}

export const PROPOSAL_STATUSES = ['ingediend', 'geaccepteerd', 'afgewezen'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface AgendapuntProposal {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
  readonly proposedBy: ActorRecord;
  readonly proposedAt: IsoInstant;
  readonly status: ProposalStatus;
  readonly decidedBy: ActorRecord | null;
  readonly decidedAt: IsoInstant | null;
  /** Why it was accepted (optional) or declined (required); the proposer is told. */
  readonly reason: string | null;
}

export interface Rsvp {
  readonly organisationId: string;
  readonly attending: boolean;
  /** Required when not attending: a miss with a reason is treated differently [002 art. 7.5]. */
  readonly reason: string | null;
  readonly by: ActorRecord;
  readonly at: IsoInstant;
}

export interface AbsenceReason {
  readonly organisationId: string;
  readonly reason: string;
}

export interface AttendanceRecord {
  readonly present: readonly string[];
  /** Reasons the gemeente received otherwise (by phone, by mail), next to those given with the RSVP. */
  readonly absenceReasons: readonly AbsenceReason[];
  readonly recordedBy: ActorRecord;
  readonly recordedAt: IsoInstant;
}

export const MEETING_STATUSES = ['gepland', 'geannuleerd'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface Meeting {
  readonly id: string;
  readonly table: MeetingTable;
  readonly title: string;
  readonly start: IsoInstant;
  readonly end: IsoInstant;
  readonly location: string;
  readonly agenda: readonly AgendaItem[];
  /** Inclusive; null means aanbieders cannot propose agendapunten for this meeting. */
  readonly proposalCutoff: IsoInstant | null;
  readonly proposals: readonly AgendapuntProposal[];
  /** Snapshotted when planned (and when the gemeente updates them): whose attendance counts. */
  readonly members: readonly MeetingMember[];
  /** Invited third parties with their role [002 art. 7.7]; absent on meetings stored before they existed. */
  readonly thirdParties?: readonly ThirdParty[];
  readonly rsvps: readonly Rsvp[];
  readonly attendance: AttendanceRecord | null;
  readonly status: MeetingStatus;
  readonly cancellationReason: string | null;
  readonly sequence: number;
  readonly createdAt: IsoInstant;
  readonly createdBy: ActorRecord;
  readonly updatedAt: IsoInstant;
}

export type MeetingEvent =
  | { readonly type: 'meeting.gepland'; readonly meetingId: string }
  | {
      readonly type: 'meeting.gewijzigd';
      readonly meetingId: string;
      readonly sequence: number;
      readonly changed: readonly string[];
    }
  | { readonly type: 'meeting.geannuleerd'; readonly meetingId: string; readonly sequence: number }
  | { readonly type: 'agendapunt.voorgesteld'; readonly meetingId: string; readonly proposalId: string }
  | {
      readonly type: 'agendapunt.besloten';
      readonly meetingId: string;
      readonly proposalId: string;
      readonly accepted: boolean;
      readonly reason: string | null;
      /** The proposer is told the decision. */
      readonly proposerPersonId: string;
    }
  | {
      readonly type: 'aanwezigheid.gemeld';
      readonly meetingId: string;
      readonly organisationId: string;
      readonly attending: boolean;
    }
  | { readonly type: 'aanwezigheid.vastgelegd'; readonly meetingId: string };

export interface MeetingChange {
  readonly meeting: Meeting;
  readonly events: readonly MeetingEvent[];
}

export const MEETING_LIMITS = {
  titleMin: 3,
  titleMax: 200,
  locationMin: 2,
  locationMax: 200,
  maxDurationHours: 12,
  agendaItems: 30,
  itemTitleMin: 3,
  itemTitleMax: 200,
  itemDescriptionMax: 2000,
  ownerMax: 120,
  members: 100,
  reasonMin: 5,
  reasonMax: 1000,
  proposalsPerOrganisation: 5,
  cancellationReasonMax: 1000,
} as const;

export interface AgendaItemInput {
  /** The id of an existing item, to keep it (and its link to a proposal) when the agenda is edited. */
  readonly id?: unknown;
  readonly title?: unknown;
  readonly description?: unknown;
  readonly owner?: unknown;
  readonly link?: unknown;
}

export interface MeetingInput {
  readonly table?: MeetingTable;
  readonly title?: unknown;
  /** A Date, or Dutch wall-clock text "2027-03-28 12:00" as a card sends it. */
  readonly start?: unknown;
  readonly end?: unknown;
  readonly location?: unknown;
  readonly agenda?: readonly AgendaItemInput[];
  readonly proposalCutoff?: unknown;
  readonly members?: readonly MeetingMember[];
  /** Lines "Naam: rol", as the form sends them. */
  readonly thirdParties?: unknown;
}

function readInstant(
  problems: FieldProblems,
  field: string,
  value: unknown,
  label: Bilingual,
): Date | undefined {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value;
    problems.add(field, {
      nl: `${label.nl} is geen geldige datum en tijd.`,
      en: `${label.en} is not a valid date and time.`,
    });
    return undefined;
  }
  const parsed = parseLocalDateTime(value);
  if (parsed.ok) return parsed.value;
  problems.add(field, {
    nl: `${label.nl}: ${parsed.messages[0]}`,
    en: `${label.en}: ${refusalMessages(parsed, 'en')[0]}`,
  });
  return undefined;
}

function parseLink(value: unknown): AgendaLink | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const id = normaliseLine(record.voorstelId ?? record.reportId);
  if (!id) return undefined;
  if (record.kind === 'voorstel' && typeof record.voorstelId === 'string')
    return { kind: 'voorstel', voorstelId: id };
  if (record.kind === 'rapportage' && typeof record.reportId === 'string')
    return { kind: 'rapportage', reportId: id };
  return undefined;
}

/** The highest agendapunt number in the agenda, so a new item does not collide with an existing one. */
export function lastAgendaItemNumber(agenda: readonly AgendaItem[]): number {
  return Math.max(0, ...agenda.map((i) => Number(/^agendapunt-(\d+)$/.exec(i.id)?.[1] ?? 0)));
}

/** Ids are the domain's: an existing id keeps its item (and proposal link); anything else gets a fresh number. */
export function checkAgenda(
  problems: FieldProblems,
  items: readonly AgendaItemInput[] | undefined,
  current: readonly AgendaItem[],
): AgendaItem[] {
  const L = MEETING_LIMITS;
  if (items === undefined) return [];
  if (!Array.isArray(items)) {
    problems.add('agenda', {
      nl: 'De agenda moet een lijst van agendapunten zijn.',
      en: 'The agenda must be a list of agenda items.',
    });
    return [];
  }
  if (items.length > L.agendaItems) {
    problems.add('agenda', {
      nl: `Maximaal ${L.agendaItems} agendapunten.`,
      en: `At most ${L.agendaItems} agenda items.`,
    });
    return [];
  }
  let lastNumber = lastAgendaItemNumber(current);
  const kept = new Set<string>();
  return items.map((item, index) => {
    const n = index + 1;
    const title = checkText(problems, 'agenda', item?.title, {
      label: { nl: `De titel van agendapunt ${n}`, en: `The title of agenda item ${n}` },
      min: L.itemTitleMin,
      max: L.itemTitleMax,
    });
    const description = checkText(problems, 'agenda', item?.description, {
      label: { nl: `De toelichting bij agendapunt ${n}`, en: `The explanation of agenda item ${n}` },
      max: L.itemDescriptionMax,
      multiline: true,
    });
    const owner = checkText(problems, 'agenda', item?.owner, {
      label: { nl: `De inbrenger van agendapunt ${n}`, en: `The presenter of agenda item ${n}` },
      min: 1,
      max: L.ownerMax,
    });
    const link = parseLink(item?.link);
    if (link === undefined)
      problems.add('agenda', {
        nl: `De koppeling van agendapunt ${n} is geen voorstel of rapportage.`,
        en: `The link of agenda item ${n} is not a proposal or report.`,
      });
    const existing = current.find((c) => c.id === normaliseLine(item?.id) && !kept.has(c.id));
    if (existing) kept.add(existing.id);
    const id = existing ? existing.id : `agendapunt-${(lastNumber += 1)}`;
    return { id, title, description, owner, link: link ?? null, proposalId: existing?.proposalId ?? null };
  });
}

function checkMembers(
  problems: FieldProblems,
  members: readonly MeetingMember[] | undefined,
): MeetingMember[] {
  if (!Array.isArray(members) || members.length === 0) {
    problems.add('members', {
      nl: 'Geef aan welke organisaties lid zijn van deze tafel.',
      en: 'Say which organisations are members of this table.',
    });
    return [];
  }
  if (members.length > MEETING_LIMITS.members) {
    problems.add('members', {
      nl: `Maximaal ${MEETING_LIMITS.members} leden.`,
      en: `At most ${MEETING_LIMITS.members} members.`,
    });
    return [];
  }
  const seen = new Set<string>();
  const clean: MeetingMember[] = [];
  for (const m of members) {
    const organisationId = normaliseLine(m?.organisationId);
    const name = normaliseLine(m?.name);
    if (!organisationId || !name || !(ORGANISATION_TYPES as readonly string[]).includes(m.type)) {
      problems.add('members', {
        nl: 'Een lid mist een organisatie, naam of soort.',
        en: 'A member is missing an organisation, name or type.',
      });
      return [];
    }
    if (!seen.has(organisationId)) clean.push({ organisationId, name, type: m.type });
    seen.add(organisationId);
  }
  return clean;
}

function defaultTitle(table: MeetingTable): string {
  return table === 'overlegtafel' ? 'Overlegtafel' : `Ontwikkeltafel ${table.name}`;
}

function checkTable(problems: FieldProblems, table: MeetingTable | undefined): MeetingTable | undefined {
  if (table === 'overlegtafel') return table;
  if (typeof table === 'object' && table !== null) {
    const ontwikkeltafelId = normaliseLine(table.ontwikkeltafelId);
    const name = normaliseLine(table.name);
    if (ontwikkeltafelId && name) return { ontwikkeltafelId, name };
  }
  problems.add('table', {
    nl: 'Kies de tafel: de Overlegtafel of een ontwikkeltafel.',
    en: 'Choose the table: the Overlegtafel or an ontwikkeltafel.',
  });
  return undefined;
}

interface Schedule {
  readonly start: Date;
  readonly end: Date;
  readonly proposalCutoff: Date | null;
}

function checkSchedule(problems: FieldProblems, input: MeetingInput, now: Date): Schedule | undefined {
  const start = readInstant(problems, 'start', input.start, { nl: 'De begintijd', en: 'The start time' });
  const end = readInstant(problems, 'end', input.end, { nl: 'De eindtijd', en: 'The end time' });
  const hasCutoff =
    input.proposalCutoff !== undefined && input.proposalCutoff !== null && input.proposalCutoff !== '';
  const cutoff = hasCutoff
    ? readInstant(problems, 'proposalCutoff', input.proposalCutoff, {
        nl: 'De termijn voor agendapunten',
        en: 'The deadline for agenda items',
      })
    : null;
  if (!start || !end || cutoff === undefined) return undefined;
  if (start.getTime() <= now.getTime())
    problems.add('start', {
      nl: 'Het overleg moet in de toekomst liggen.',
      en: 'The meeting must be in the future.',
    });
  if (end.getTime() <= start.getTime())
    problems.add('end', {
      nl: 'De eindtijd moet na de begintijd liggen.',
      en: 'The end time must be after the start time.',
    });
  else if (end.getTime() - start.getTime() > MEETING_LIMITS.maxDurationHours * 3_600_000) {
    problems.add('end', {
      nl: `Een overleg duurt maximaal ${MEETING_LIMITS.maxDurationHours} uur.`,
      en: `A meeting lasts at most ${MEETING_LIMITS.maxDurationHours} hours.`,
    });
  }
  if (cutoff && cutoff.getTime() > start.getTime()) {
    problems.add('proposalCutoff', {
      nl: 'De termijn voor agendapunten moet vóór het begin van het overleg liggen.',
      en: 'The deadline for agenda items must be before the start of the meeting.',
    });
  }
  return { start, end, proposalCutoff: cutoff };
}

export interface PlanMeeting {
  readonly id: string;
  readonly input: MeetingInput;
}

export function planMeeting(command: PlanMeeting, actor: Actor, now: Date): Result<MeetingChange> {
  const gemeente = requireGemeente(actor, { nl: 'een overleg plannen', en: 'plan a meeting' });
  if (!gemeente.ok) return gemeente;
  const input = command.input;
  const problems = new FieldProblems();
  const table = checkTable(problems, input.table);
  // The title is optional: without one the meeting is named after its table.
  const titleText =
    normaliseLine(input.title) === ''
      ? ''
      : checkText(problems, 'title', input.title, {
          label: { nl: 'De titel', en: 'The title' },
          min: MEETING_LIMITS.titleMin,
          max: MEETING_LIMITS.titleMax,
        });
  const schedule = checkSchedule(problems, input, now);
  const location = checkText(problems, 'location', input.location, {
    label: { nl: 'De locatie', en: 'The location' },
    min: MEETING_LIMITS.locationMin,
    max: MEETING_LIMITS.locationMax,
  });
  const agenda = checkAgenda(problems, input.agenda, []);
  const members = checkMembers(problems, input.members);
  const thirdParties = parseThirdParties(input.thirdParties);
  if (problems.any || !table || !schedule || !thirdParties.ok)
    return refuseFields('meeting.invalid', withThirdPartyProblem(problems, thirdParties));

  const at = toIsoInstant(now);
  const meeting: Meeting = {
    id: command.id,
    table,
    title: titleText || defaultTitle(table),
    start: toIsoInstant(schedule.start),
    end: toIsoInstant(schedule.end),
    location,
    agenda,
    proposalCutoff: schedule.proposalCutoff ? toIsoInstant(schedule.proposalCutoff) : null,
    proposals: [],
    members,
    thirdParties: thirdParties.value,
    rsvps: [],
    attendance: null,
    status: 'gepland',
    cancellationReason: null,
    sequence: 0,
    createdAt: at,
    createdBy: gemeenteRecord(gemeente.value),
    updatedAt: at,
  };
  return succeed({ meeting, events: [{ type: 'meeting.gepland', meetingId: meeting.id }] });
}

/** The answer for a meeting id that does not exist (any more). */
export const MEETING_NOT_FOUND: Result<never> = refuse('meeting.unknown', {
  nl: 'Dit overleg bestaat niet (meer).',
  en: 'This meeting does not exist (any more).',
});

export function hasStarted(meeting: Meeting, now: Date): boolean {
  return now.getTime() >= fromIsoInstant(meeting.start).getTime();
}

export function requireUpcoming(meeting: Meeting, now: Date): Result<true> {
  if (meeting.status === 'geannuleerd')
    return refuse('meeting.cancelled', {
      nl: 'Dit overleg is geannuleerd.',
      en: 'This meeting has been cancelled.',
    });
  if (hasStarted(meeting, now)) {
    return refuse('meeting.started', {
      nl: `Dit overleg is al begonnen (${formatDutchDateTime(fromIsoInstant(meeting.start))}).`,
      en: `This meeting has already started (${formatEnglishDateTime(fromIsoInstant(meeting.start))}).`,
    });
  }
  return succeed(true);
}

/** Fields whose change must reach people's calendars (and so raise the sequence). */
const CALENDAR_FIELDS = ['title', 'start', 'end', 'location', 'agenda', 'thirdParties'] as const;

/** The form's Dutch field problems with the third parties' (in both languages) beside them. */
function withThirdPartyProblem(
  problems: FieldProblems,
  thirdParties: Result<readonly ThirdParty[]>,
): Record<string, UserMessage> {
  const fields: Record<string, UserMessage> = { ...problems.all };
  if (!thirdParties.ok)
    fields.thirdParties = {
      nl: refusalFieldErrors(thirdParties, 'nl').thirdParties ?? thirdParties.messages.join(' '),
      en: refusalFieldErrors(thirdParties, 'en').thirdParties ?? thirdParties.messages.join(' '),
    };
  return fields;
}

/**
 * The gemeente changes an upcoming meeting. Only the given fields change; a change people must see in their
 * calendar raises `sequence`, so the .ics goes out as an update of the same event.
 */
export function updateMeeting(
  meeting: Meeting,
  input: MeetingInput,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const gemeente = requireGemeente(actor, { nl: 'een overleg wijzigen', en: 'change a meeting' });
  if (!gemeente.ok) return gemeente;
  const upcoming = requireUpcoming(meeting, now);
  if (!upcoming.ok) return upcoming;
  const problems = new FieldProblems();
  const merged: MeetingInput = {
    start: input.start ?? fromIsoInstant(meeting.start),
    end: input.end ?? fromIsoInstant(meeting.end),
    proposalCutoff:
      input.proposalCutoff !== undefined
        ? input.proposalCutoff
        : meeting.proposalCutoff
          ? fromIsoInstant(meeting.proposalCutoff)
          : null,
  };
  const schedule = checkSchedule(problems, merged, now);
  const title =
    input.title !== undefined
      ? checkText(problems, 'title', input.title, {
          label: { nl: 'De titel', en: 'The title' },
          min: MEETING_LIMITS.titleMin,
          max: MEETING_LIMITS.titleMax,
        })
      : meeting.title;
  const location =
    input.location !== undefined
      ? checkText(problems, 'location', input.location, {
          label: { nl: 'De locatie', en: 'The location' },
          min: MEETING_LIMITS.locationMin,
          max: MEETING_LIMITS.locationMax,
        })
      : meeting.location;
  const agenda =
    input.agenda !== undefined ? checkAgenda(problems, input.agenda, meeting.agenda) : meeting.agenda;
  const members = input.members !== undefined ? checkMembers(problems, input.members) : meeting.members;
  const thirdParties =
    input.thirdParties !== undefined
      ? parseThirdParties(input.thirdParties)
      : succeed(meeting.thirdParties ?? []);
  if (problems.any || !schedule || !thirdParties.ok)
    return refuseFields('meeting.invalid', withThirdPartyProblem(problems, thirdParties));

  const next = {
    ...meeting,
    title,
    location,
    agenda,
    members,
    // A meeting stored before third parties existed keeps having none, rather than a change to [].
    thirdParties:
      input.thirdParties === undefined || (thirdParties.value.length === 0 && !meeting.thirdParties)
        ? meeting.thirdParties
        : thirdParties.value,
    start: toIsoInstant(schedule.start),
    end: toIsoInstant(schedule.end),
    proposalCutoff: schedule.proposalCutoff ? toIsoInstant(schedule.proposalCutoff) : null,
  };
  const changed = CALENDAR_FIELDS.filter((f) => JSON.stringify(next[f]) !== JSON.stringify(meeting[f]));
  const otherChange =
    next.proposalCutoff !== meeting.proposalCutoff ||
    JSON.stringify(next.members) !== JSON.stringify(meeting.members);
  if (changed.length === 0 && !otherChange) return succeed({ meeting, events: [] });
  const sequence = changed.length > 0 ? meeting.sequence + 1 : meeting.sequence;
  return succeed({
    meeting: { ...next, sequence, updatedAt: toIsoInstant(now) },
    events:
      changed.length > 0 ? [{ type: 'meeting.gewijzigd', meetingId: meeting.id, sequence, changed }] : [],
  });
}

export function cancelMeeting(
  meeting: Meeting,
  reason: unknown,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const gemeente = requireGemeente(actor, { nl: 'een overleg annuleren', en: 'cancel a meeting' });
  if (!gemeente.ok) return gemeente;
  const upcoming = requireUpcoming(meeting, now);
  if (!upcoming.ok) return upcoming;
  const problems = new FieldProblems();
  const text = checkText(problems, 'reason', reason, {
    label: { nl: 'De reden van de annulering', en: 'The reason for the cancellation' },
    min: 1,
    max: MEETING_LIMITS.cancellationReasonMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('meeting.invalid', problems.all);
  const sequence = meeting.sequence + 1;
  return succeed({
    meeting: {
      ...meeting,
      status: 'geannuleerd',
      cancellationReason: text,
      sequence,
      updatedAt: toIsoInstant(now),
    },
    events: [{ type: 'meeting.geannuleerd', meetingId: meeting.id, sequence }],
  });
}

/** Proposals are open until the cut-off, inclusive to the second. */
export function proposalsOpen(meeting: Meeting, now: Date): boolean {
  return (
    meeting.status === 'gepland' &&
    meeting.proposalCutoff !== null &&
    !isPastDeadline(now, fromIsoInstant(meeting.proposalCutoff))
  );
}

export function isMember(meeting: Meeting, organisationId: string): boolean {
  return meeting.members.some((m) => m.organisationId === organisationId);
}
