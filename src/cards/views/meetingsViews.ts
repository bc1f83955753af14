import {
  hasStarted,
  proposalsOpen,
  thirdPartiesText,
  type AgendaItem,
  type Meeting,
  type MeetingTable,
} from '../../domain/meetings';
import { formatLocalDateTime, fromIsoInstant } from '../../domain/time/amsterdam';
import { formatDutchTime } from '../../domain/time/dutch';
import { formatDateTime } from '../../domain/time/english';
import type { MeetingDocument } from '../../storage/meetingsRepository';
import { stringsFor, type Locale, type RenderInput } from '../renderCard';

/**
 * View models of the meeting cards (issue 7); attendance and the verslag have files of their own. The agenda and
 * the verslag are broadcast to every provider, so they
 * are built from what is public: the agenda items, date, place and status; never the proposals still open or
 * declined, the RSVPs or the reasons for absence (those only reach the gemeente's own cards). User text always
 * goes through `view` (escaped); only the verslag, which the gemeente writes in Markdown, goes through `trusted`
 * after HTML and mentions are neutralised.
 */

type Strings = Record<string, string>;

/** The strings of one card (the other meeting views use these helpers too). */
export function strings(section: string, locale: Locale): Strings {
  return stringsFor(section, locale) as Strings;
}

/** Fills {placeholders} with plain values (view data is escaped later, when rendered). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The handler's and service's messages (section 'meetings'). */
export function meetingsText(locale: Locale): Strings {
  return strings('meetings', locale);
}

export function meetingsMessage(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return fill(meetingsText(locale)[key] ?? key, values);
}

/** Where the members of a meeting came from; shown to the gemeente. */
export type MemberSource =
  | { readonly kind: 'samenstelling'; readonly year: number }
  | { readonly kind: 'geen-samenstelling'; readonly year: number }
  | { readonly kind: 'ontwikkeltafel' }
  | { readonly kind: 'bestaand' };

/** A banner above a card: what just happened, or why it did not. Plain text; escaped when rendered. */
export interface MeetingNotice {
  readonly title: string;
  readonly messages: readonly string[];
  readonly style: 'good' | 'warning' | 'attention' | 'accent';
}

export function noticeOf(notice: MeetingNotice | undefined): Record<string, unknown> | null {
  return notice ? { title: notice.title, messages: [...notice.messages], style: notice.style } : null;
}

export function tableName(table: MeetingTable, locale: Locale): string {
  const text = strings('meetingAgenda', locale);
  return table === 'overlegtafel' ? text.overlegtafel : `${text.ontwikkeltafel} ${table.name}`;
}

/** "dinsdag 30 maart 2027 om 14:00 tot 16:00" (Dutch time). */
export function whenText(meeting: Pick<Meeting, 'start' | 'end'>, locale: Locale): string {
  const until = strings('meetingAgenda', locale).until;
  return `${formatDateTime(fromIsoInstant(meeting.start), locale)} ${until} ${formatDutchTime(fromIsoInstant(meeting.end))}`;
}

function statusOf(doc: Meeting, now: Date, locale: Locale): { text: string; color: string } {
  const text = strings('meetingList', locale);
  if (doc.status === 'geannuleerd') return { text: text.statusCancelled, color: 'Attention' };
  if (now.getTime() >= fromIsoInstant(doc.end).getTime()) return { text: text.statusHeld, color: 'Default' };
  if (hasStarted(doc, now)) return { text: text.statusNow, color: 'Good' };
  return { text: text.statusPlanned, color: 'Accent' };
}

function agendaItems(agenda: readonly AgendaItem[], locale: Locale): Array<Record<string, unknown>> {
  const text = strings('meetingAgenda', locale);
  return agenda.map((item, i) => ({
    number: `${i + 1}.`,
    title: item.title,
    owner: `${text.owner}: ${item.owner}`,
    description: item.description,
    hasDescription: item.description !== '',
    link: item.link
      ? item.link.kind === 'voorstel'
        ? `${text.linkVoorstel} ${item.link.voorstelId}`
        : `${text.linkRapportage} ${item.link.reportId}`
      : '',
    hasLink: item.link !== null,
  }));
}

// The list --------------------------------------------------------------------------------------------------

export interface MeetingListOptions {
  readonly isGemeente: boolean;
  readonly year: number;
  readonly notice?: MeetingNotice;
}

const LIST_MAX = 15;

/** Upcoming meetings first (soonest on top), then the past ones (latest on top). */
export function meetingListView(
  meetings: readonly Meeting[],
  now: Date,
  locale: Locale,
  options: MeetingListOptions,
): RenderInput {
  const text = strings('meetingList', locale);
  const t = now.toISOString();
  const upcoming = meetings.filter((m) => m.end > t).sort((a, b) => a.start.localeCompare(b.start));
  const past = meetings.filter((m) => m.end <= t).sort((a, b) => b.start.localeCompare(a.start));
  const shown = [...upcoming, ...past].slice(0, LIST_MAX);
  return {
    view: {
      notice: noticeOf(options.notice),
      items: shown.map((m) => {
        const status = statusOf(m, now, locale);
        return {
          title: m.title,
          table: tableName(m.table, locale),
          when: whenText(m, locale),
          location: m.location,
          status: status.text,
          statusColor: status.color,
        };
      }),
      empty: shown.length === 0,
      isGemeente: options.isGemeente,
      attendanceTitle: fill(text.attendance, { year: options.year }),
    },
    form: {
      openVerb: options.isGemeente ? 'meeting.open' : 'meeting.agenda',
      ids: shown.map((m) => ({ meetingId: m.id })),
      year: options.year,
    },
  };
}

// The plan/edit form ----------------------------------------------------------------------------------------

export interface AgendaRowValues {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly description: string;
  readonly link: string;
}

export interface MeetingFormValues {
  readonly table: string;
  readonly title: string;
  readonly date: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly location: string;
  readonly cutoffDate: string;
  readonly cutoffTime: string;
  readonly rows: readonly AgendaRowValues[];
  readonly thirdParties?: string;
}

export interface MeetingFormOptions {
  readonly nonce: string;
  readonly tables: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly links: ReadonlyArray<{ readonly value: string; readonly title: string }>;
  /** Set when editing an existing meeting. */
  readonly editing: {
    readonly meetingId: string;
    /** What the form was rendered from (MeetingsService.editVersionOf): a change made meanwhile is refused. */
    readonly version: string;
    readonly tableName: string;
  } | null;
}

/** Empty rows to add items in; the form always offers a few beyond the current agenda. */
export const EXTRA_AGENDA_ROWS = 3;
export const MIN_AGENDA_ROWS = 6;
export const MAX_AGENDA_ROWS = 30;

export function emptyRow(): AgendaRowValues {
  return { id: '', title: '', owner: '', description: '', link: '' };
}

export function formRows(rows: readonly AgendaRowValues[]): AgendaRowValues[] {
  const wanted = Math.min(MAX_AGENDA_ROWS, Math.max(MIN_AGENDA_ROWS, rows.length + EXTRA_AGENDA_ROWS));
  const filled = rows.slice(0, MAX_AGENDA_ROWS);
  return [...filled, ...Array.from({ length: Math.max(0, wanted - filled.length) }, emptyRow)];
}

export function meetingFormValuesOf(meeting: Meeting): MeetingFormValues {
  // "2027-03-30 14:00" in Dutch time, split for Input.Date and Input.Time.
  const parts = (iso: string) => {
    const [date = '', time = ''] = formatLocalDateTime(fromIsoInstant(iso)).split(' ');
    return { date, time };
  };
  const start = parts(meeting.start);
  const cutoff = meeting.proposalCutoff ? parts(meeting.proposalCutoff) : null;
  return {
    table: meeting.table === 'overlegtafel' ? 'overlegtafel' : meeting.table.ontwikkeltafelId,
    title: meeting.title,
    date: start.date,
    startTime: start.time,
    endTime: parts(meeting.end).time,
    location: meeting.location,
    cutoffDate: cutoff?.date ?? '',
    cutoffTime: cutoff?.time ?? '',
    rows: meeting.agenda.map((item) => ({
      id: item.id,
      title: item.title,
      owner: item.owner,
      description: item.description,
      link: item.link
        ? item.link.kind === 'voorstel'
          ? `voorstel:${item.link.voorstelId}`
          : `rapportage:${item.link.reportId}`
        : '',
    })),
    thirdParties: thirdPartiesText(meeting.thirdParties),
  };
}

export function meetingFormView(
  values: MeetingFormValues,
  options: MeetingFormOptions,
  errors: readonly string[],
): RenderInput {
  const rows = formRows(values.rows);
  return {
    view: {
      errors: [...errors],
      editing: options.editing !== null,
      tableName: options.editing?.tableName ?? '',
    },
    form: {
      ...values,
      thirdParties: values.thirdParties ?? '',
      tables: options.tables.map((t) => ({ title: t.name, value: t.id })),
      rows: rows.map((row, i) => ({
        number: i + 1,
        titleId: `row${i + 1}Title`,
        ownerId: `row${i + 1}Owner`,
        descriptionId: `row${i + 1}Description`,
        linkId: `row${i + 1}Link`,
        title: row.title,
        owner: row.owner,
        description: row.description,
        link: row.link,
      })),
      rowCount: rows.length,
      rowIds: rows.map((r) => r.id).join(','),
      links: options.links.map((l) => ({ title: l.title, value: l.value })),
      verb: options.editing ? 'meeting.wijzigen' : 'meeting.plannen',
      meetingId: options.editing?.meetingId ?? '',
      version: options.editing?.version ?? '',
      nonce: options.nonce,
    },
  };
}

// The gemeente's meeting card -------------------------------------------------------------------------------

function sourceText(source: MemberSource | undefined, locale: Locale): string {
  const text = strings('meetingDetail', locale);
  if (!source) return '';
  if (source.kind === 'samenstelling') return fill(text.sourceComposition, { year: source.year });
  if (source.kind === 'geen-samenstelling') return fill(text.sourceNone, { year: source.year });
  if (source.kind === 'ontwikkeltafel') return text.sourceTafel;
  return '';
}

export interface MeetingDetailOptions {
  readonly icsUrl: string;
  readonly source?: MemberSource;
  readonly notice?: MeetingNotice;
}

export function meetingDetailView(
  doc: MeetingDocument,
  now: Date,
  locale: Locale,
  options: MeetingDetailOptions,
): RenderInput {
  const text = strings('meetingDetail', locale);
  const status = statusOf(doc, now, locale);
  const upcoming = doc.status === 'gepland' && !hasStarted(doc, now);
  const started = doc.status === 'gepland' && hasStarted(doc, now);
  const rsvpOf = (organisationId: string) => doc.rsvps.find((r) => r.organisationId === organisationId);
  const members = doc.members.map((m) => {
    const rsvp = rsvpOf(m.organisationId);
    const answer = !rsvp
      ? text.noAnswer
      : rsvp.attending
        ? text.coming
        : `${text.notComing}${rsvp.reason ? `: ${rsvp.reason}` : ''}`;
    const present = doc.attendance?.present.includes(m.organisationId);
    return {
      name: m.name,
      answer,
      answerColor: !rsvp ? 'Default' : rsvp.attending ? 'Good' : 'Warning',
      attendance: doc.attendance ? (present ? text.present : text.absent) : '',
    };
  });
  const pending = doc.proposals.filter((p) => p.status === 'ingediend');
  const decided = doc.proposals.filter((p) => p.status !== 'ingediend');
  const broadcast = doc.agendaBroadcast;
  return {
    view: {
      notice: noticeOf(options.notice),
      title: doc.title,
      facts: [
        { title: text.table, value: tableName(doc.table, locale) },
        { title: text.when, value: whenText(doc, locale) },
        { title: text.location, value: doc.location },
        { title: text.status, value: status.text },
        {
          title: text.cutoff,
          value: doc.proposalCutoff
            ? formatDateTime(fromIsoInstant(doc.proposalCutoff), locale)
            : text.noProposals,
        },
        {
          title: text.broadcast,
          value: broadcast
            ? fill(text.broadcastDone, {
                at: formatDateTime(fromIsoInstant(broadcast.at), locale),
                version: doc.sequence,
              })
            : text.broadcastNotYet,
        },
        {
          title: text.verslag,
          value: !doc.verslag
            ? text.verslagNone
            : doc.verslag.status === 'gepubliceerd'
              ? text.verslagPublished
              : doc.verslag.status === 'ter-inzage'
                ? text.verslagReview
                : text.verslagConcept,
        },
      ],
      cancelled: doc.status === 'geannuleerd',
      cancellationReason: doc.cancellationReason ?? '',
      agenda: agendaItems(doc.agenda, locale),
      emptyAgenda: doc.agenda.length === 0,
      pending: pending.map((p) => ({
        title: p.title,
        by: `${p.proposedBy.organisationName ?? ''} (${p.proposedBy.personName}), ${formatDateTime(fromIsoInstant(p.proposedAt), locale)}`,
        explanation: p.explanation,
      })),
      hasPending: pending.length > 0,
      decided: decided.map((p) => ({
        line: `${p.title} (${p.proposedBy.organisationName ?? ''}): ${p.status === 'geaccepteerd' ? text.accepted : text.declined}${p.reason ? `: ${p.reason}` : ''}`,
      })),
      hasDecided: decided.length > 0,
      members,
      membersTitle: fill(text.members, { count: doc.members.length }),
      source: sourceText(options.source, locale),
      canEdit: upcoming,
      canBroadcast: upcoming && broadcast === null,
      canCancel: upcoming,
      canRecordAttendance: started,
      canVerslag: started,
    },
    form: {
      meetingId: doc.id,
      year: doc.year,
      tableKey: doc.tableKey,
      icsUrl: options.icsUrl,
      pendingIds: pending.map((p) => ({
        proposalId: p.id,
        acceptId: `accept_${p.id}`,
        declineId: `decline_${p.id}`,
      })),
    },
  };
}

// The public agenda -----------------------------------------------------------------------------------------

export function agendaView(
  doc: MeetingDocument,
  icsUrl: string,
  now: Date,
  locale: Locale,
  notice?: MeetingNotice,
): RenderInput {
  const text = strings('meetingAgenda', locale);
  const cancelled = doc.status === 'geannuleerd';
  const open = proposalsOpen(doc, now);
  return {
    view: {
      notice: noticeOf(notice),
      title: doc.title,
      table: tableName(doc.table, locale),
      when: whenText(doc, locale),
      location: doc.location,
      cancelled,
      cancelledText: fill(text.cancelled, { reason: doc.cancellationReason ?? '' }),
      // Only an update of an agenda already sent says it changed; the first message is simply the agenda.
      changed: !cancelled && doc.agendaBroadcast !== null && doc.sequence > doc.agendaBroadcast.sequence,
      changedText: fill(text.changed, { at: formatDateTime(fromIsoInstant(doc.updatedAt), locale) }),
      agenda: agendaItems(doc.agenda, locale),
      emptyAgenda: doc.agenda.length === 0,
      proposalsOpen: open && !cancelled,
      cutoffText: doc.proposalCutoff
        ? fill(text.cutoff, { cutoff: formatDateTime(fromIsoInstant(doc.proposalCutoff), locale) })
        : '',
      canRespond: !cancelled && !hasStarted(doc, now),
      // The attendees find the concept verslag here too, not only in the message that brought it.
      verslagInReview: doc.verslag?.status === 'ter-inzage',
      thirdParties: (doc.thirdParties ?? []).map((p) => ({ name: p.name, role: p.role })),
    },
    form: { meetingId: doc.id, icsUrl },
  };
}

// Proposing an agendapunt -----------------------------------------------------------------------------------

export interface ProposalFormValues {
  readonly organisationId: string;
  readonly title: string;
  readonly explanation: string;
}

export function proposalFormView(
  doc: MeetingDocument,
  organisations: ReadonlyArray<{ readonly id: string; readonly name: string }>,
  values: ProposalFormValues,
  nonce: string,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  return {
    view: {
      errors: [...errors],
      meetingTitle: `${doc.title}, ${formatDateTime(fromIsoInstant(doc.start), locale)}`,
      cutoff: doc.proposalCutoff ? formatDateTime(fromIsoInstant(doc.proposalCutoff), locale) : '',
      singleOrganisation: organisations.length === 1 ? (organisations[0]?.name ?? '') : '',
    },
    form: {
      ...values,
      organisationId:
        values.organisationId || (organisations.length === 1 ? (organisations[0]?.id ?? '') : ''),
      organisations: organisations.map((o) => ({ title: o.name, value: o.id })),
      several: organisations.length > 1,
      meetingId: doc.id,
      nonce,
    },
  };
}

// A notification with one button -----------------------------------------------------------------------------

const NOTICE_BUTTON: Readonly<Record<string, string>> = {
  'meeting.agenda': 'openAgenda',
  'meeting.open': 'openMeeting',
  'meeting.verslag': 'openVerslag',
  'meeting.lijst': 'openList',
};

export function meetingNoticeView(
  title: string,
  lines: readonly string[],
  meetingId: string,
  verb: 'meeting.agenda' | 'meeting.open' | 'meeting.verslag' | 'meeting.lijst',
  locale: Locale,
): RenderInput {
  const text = strings('meetingNotice', locale);
  return {
    view: { title, lines: [...lines] },
    form: { meetingId, verb, button: text[NOTICE_BUTTON[verb] ?? 'openAgenda'] ?? '' },
  };
}
