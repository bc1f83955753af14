import { createHash, randomBytes } from 'node:crypto';
import { renderCard, type AdaptiveCard } from '../cards/renderCard';
import {
  agendaView,
  meetingNoticeView,
  meetingsText,
  verslagView,
  type MemberSource,
} from '../cards/views/meetingsViews';
import {
  cancelMeeting,
  decideAgendapunt,
  draftVerslag,
  isMember,
  meetingIcs,
  planMeeting,
  proposalsOpen,
  proposeAgendapunt,
  recordAttendance,
  requireUpcoming,
  respondToInvitation,
  reviewAttendance,
  updateMeeting,
  type AgendaItemInput,
  type AttendanceReview,
  type Meeting,
  type MeetingChange,
  type MeetingEvent,
  type MeetingInput,
  type MeetingMember,
  type MeetingTable,
  type RecordAttendance,
} from '../domain/meetings';
import type { DeliveryService } from '../delivery/deliveryService';
import type { Actor, KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { refuse, refuseFields, succeed, type Refusal, type Result } from '../domain/shared/result';
import { fromIsoInstant, localYearOf, toIsoInstant } from '../domain/time/amsterdam';
import { formatDutchDateTime } from '../domain/time/dutch';
import { isGemeente, requireGemeente } from '../domain/voorstellen/acting';
import { checkText, FieldProblems } from '../domain/voorstellen/textRules';
import type { Voorstel } from '../domain/voorstellen/voorstel';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError, type Versioned } from '../storage/documentStore';
import { currentOverlegtafelMembers } from '../storage/inschrijvingRepository';
import {
  MAX_PROPOSALS_PER_MEETING,
  MeetingsRepository,
  icsTokenMatches,
  newMeetingDocument,
  tableKeyOf,
  withMeeting,
  type MeetingDocument,
  type MeetingMutation,
  type MeetingOutboxEntry,
  type VerslagState,
} from '../storage/meetingsRepository';
import type {
  OntwikkeltafelMembershipDocument,
  OrganisationDocument,
  RegistryRepository,
} from '../storage/registryRepository';
import { OntwikkeltafelsRepository, toRapportage, toTafel } from '../storage/ontwikkeltafelsRepository';
import { toVoorstel, VoorstellenRepository } from '../storage/voorstellenRepository';

/**
 * The meeting use cases (issue 7): plan and change a meeting, agendapunt proposals and decisions, RSVPs and
 * attendance, the agenda broadcast with its .ics, the concept verslag and its publication. Each use case reads
 * the stored meeting, asks the pure domain (src/domain/meetings), writes with If-Match and records the broadcasts
 * it causes in the meeting's outbox in the same write; the outbox is enqueued right away and, should that fail or
 * the process die, by the scheduled task. Every broadcast id is deterministic, so enqueueing twice sends once.
 */

/** A meeting as stored: with its agenda broadcast, verslag and .ics token, what the cards show. */
export type { MeetingDocument };

export const VERSLAG_MAX_CHARS = 15_000;

/** Ids the bot hands out: lowercase so broadcast ids derived from them are valid. */
export const NONCE = /^[a-f0-9]{12}$/;

export function newNonce(): string {
  return randomBytes(6).toString('hex');
}

export function meetingIdFor(nonce: string): string {
  return `overleg-${nonce}`;
}

export function proposalIdFor(nonce: string): string {
  return `ap-${nonce}`;
}

export const broadcastIdsOf = (meetingId: string) => ({
  agenda: `${meetingId}-agenda`,
  verslag: `${meetingId}-verslag`,
  besluit: (proposalId: string) => `${meetingId}-${proposalId}-besluit`,
  ontvangen: (proposalId: string) => `${meetingId}-${proposalId}-ontvangen`,
  concept: `${meetingId}-concept`,
});

export interface MeetingsDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Where the bot's own pages live, for the .ics links on agenda cards. */
  readonly publicBaseUrl: () => string;
}

/** What a process provides to build the service from (BotServices is one): the deps and its configuration. */
export interface MeetingsHost extends Omit<MeetingsDeps, 'publicBaseUrl'> {
  readonly config: { readonly publicBaseUrl: string | undefined; readonly port: number };
}

/** The local port of this process, registered by the .ics route, for links when PUBLIC_BASE_URL is not set. */
const localPorts = new WeakMap<MeetingsHost, () => number>();

export function registerLocalPort(host: MeetingsHost, port: () => number): void {
  localPorts.set(host, port);
}

/** Where the bot's own pages live: PUBLIC_BASE_URL, or this process on loopback in local mode. */
export function publicBaseUrl(host: MeetingsHost): string {
  const configured = host.config.publicBaseUrl?.replace(/\/+$/, '');
  if (configured) return configured;
  const port = localPorts.get(host)?.() ?? host.config.port;
  return `http://127.0.0.1:${port}`;
}

/** One agenda row as a form sends it; `link` is '', 'voorstel:<id>' or 'rapportage:<id>'. */
export interface AgendaRowInput {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly description: string;
  readonly link: string;
}

/** The plan/edit form: Dutch wall-clock date and times as the card's Input.Date and Input.Time send them. */
export interface MeetingFormInput {
  readonly table: string;
  readonly title: string;
  readonly date: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly location: string;
  readonly cutoffDate: string;
  readonly cutoffTime: string;
  readonly rows: readonly AgendaRowInput[];
}

export interface TableChoice {
  readonly id: string;
  readonly name: string;
}

export interface LinkChoice {
  readonly value: string;
  readonly title: string;
}

/** 'voorstel:<id>' or 'rapportage:<id>'; ids may hold ':' themselves, so only the first one separates. */
function splitLink(link: string): { kind: string; id: string } {
  const at = link.indexOf(':');
  return at < 0 ? { kind: link, id: '' } : { kind: link.slice(0, at), id: link.slice(at + 1) };
}

function isBlankRow(row: AgendaRowInput): boolean {
  return !row.title.trim() && !row.owner.trim() && !row.description.trim() && !row.link;
}

function localDateTime(date: string, time: string): string {
  return date.trim() || time.trim() ? `${date.trim()} ${time.trim()}` : '';
}

/** Which events reach people outside the turn, and how. */
function outboxFor(doc: MeetingDocument, events: readonly MeetingEvent[]): MeetingOutboxEntry[] {
  const ids = broadcastIdsOf(doc.id);
  const entries: MeetingOutboxEntry[] = [];
  for (const event of events) {
    if (event.type === 'agendapunt.besloten')
      entries.push({
        id: ids.besluit(event.proposalId),
        kind: 'agendapunt-besluit',
        proposalId: event.proposalId,
      });
    if (event.type === 'agendapunt.voorgesteld')
      entries.push({
        id: ids.ontvangen(event.proposalId),
        kind: 'agendapunt-ontvangen',
        proposalId: event.proposalId,
      });
    if ((event.type === 'meeting.gewijzigd' || event.type === 'meeting.geannuleerd') && doc.agendaBroadcast) {
      entries.push({
        id: `${doc.agendaBroadcast.broadcastId}-v${event.sequence}`,
        kind: 'agenda-update',
        sequence: event.sequence,
      });
    }
  }
  return entries;
}

function mergeOutbox(
  existing: readonly MeetingOutboxEntry[],
  added: readonly MeetingOutboxEntry[],
): MeetingOutboxEntry[] {
  const ids = new Set(existing.map((e) => e.id));
  return [...existing, ...added.filter((e) => !ids.has(e.id))];
}

/** A domain change applied to the stored document, with its broadcasts put in the outbox. */
function applied(doc: MeetingDocument, change: Result<MeetingChange>): Result<MeetingMutation> {
  if (!change.ok) return change;
  if (change.value.meeting === doc && change.value.events.length === 0) return succeed({ doc, events: [] });
  const next = withMeeting(doc, change.value.meeting);
  return succeed({
    doc: { ...next, outbox: mergeOutbox(doc.outbox, outboxFor(next, change.value.events)) },
    events: change.value.events,
  });
}

/** The domain's field problems and the links' in one refusal, so the form shows them all at once. */
function mergedRefusal(result: Result<unknown>, problems: FieldProblems): Refusal {
  const fields: Record<string, string> = { ...(result.ok ? {} : result.fieldErrors) };
  for (const [field, message] of Object.entries(problems.all))
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
  return refuseFields('meeting.invalid', fields);
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** The version of what the edit form shows: schedule, place, agenda, cut-off and status (not the RSVPs). */
export function editVersionOf(meeting: Meeting): string {
  const { title, start, end, location, agenda, proposalCutoff, status } = meeting;
  return fingerprint([title, start, end, location, agenda, proposalCutoff, status]);
}

/** The version of the verslag the form shows (not the attendance or outbox changes around it). */
export function verslagVersionOf(doc: MeetingDocument): string {
  return fingerprint([doc.verslag?.markdown ?? null, doc.verslag?.status ?? null]);
}

const NOT_FOUND: Result<never> = refuse('meeting.unknown', 'Dit overleg bestaat niet (meer).');

type Organisations = Array<{ id: string; name: string }>;

/** Whether an aanbieder may propose an agendapunt for a meeting now, and for which of its organisations. */
export type ProposalOpening =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-aanbieder' }
  | { readonly kind: 'closed'; readonly doc: MeetingDocument }
  | { readonly kind: 'open'; readonly doc: MeetingDocument; readonly organisations: Organisations };

/** Whether the actor answers an invitation to a meeting, and for which of their organisations. */
export type InvitationOpening =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-a-member'; readonly doc: MeetingDocument }
  | {
      readonly kind: 'member';
      readonly doc: MeetingDocument;
      readonly organisations: Array<{ organisationId: string; name: string }>;
    };

/** The verslag to show (published) or complete (concept); `redrafted` when it was just drafted again. */
export type VerslagOpening =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'too-early' }
  | { readonly kind: 'verslag'; readonly doc: MeetingDocument; readonly redrafted: boolean };

export class MeetingsService {
  readonly repo: MeetingsRepository;

  constructor(private readonly deps: MeetingsDeps) {
    this.repo = new MeetingsRepository(deps.db);
  }

  private now(): Date {
    return this.deps.now();
  }

  // Who may do what ------------------------------------------------------------------------------------------

  /** The gemeente plans, changes, records attendance and completes the verslag. */
  mayManage(actor: Actor): boolean {
    return isGemeente(actor);
  }

  /** Anyone with a role at a gemeente or an aanbieder sees the meetings and agendas (all providers may). */
  mayRead(actor: Actor): actor is KnownActor {
    return actor.kind === 'person' && (actor.person.isAdmin || actor.roles.length > 0);
  }

  /** Contracted aanbieders the actor is contactpersoon or vervanger of: they may propose agendapunten. */
  proposingOrganisations(actor: KnownActor): Array<{ id: string; name: string }> {
    return actor.roles
      .filter((r) => r.organisation.type === 'aanbieder' && r.organisation.contracted)
      .map((r) => ({ id: r.organisation.id, name: r.organisation.name }));
  }

  /** The actor's organisations that are members of this meeting: they answer for those. */
  respondingOrganisations(
    actor: KnownActor,
    doc: MeetingDocument,
  ): Array<{ organisationId: string; name: string }> {
    return actor.roles
      .filter((r) => isMember(doc, r.organisation.id))
      .map((r) => ({ organisationId: r.organisation.id, name: r.organisation.name }));
  }

  // Reading ---------------------------------------------------------------------------------------------------

  async get(meetingId: string): Promise<MeetingDocument | undefined> {
    return (await this.repo.get(meetingId))?.value;
  }

  async list(): Promise<MeetingDocument[]> {
    return this.repo.list();
  }

  /** The link to the meeting's calendar file, with its per-meeting token. */
  icsUrlOf(doc: Pick<MeetingDocument, 'id' | 'icsToken'>): string {
    return `${this.deps.publicBaseUrl()}/api/agenda/${doc.id}.ics?token=${encodeURIComponent(doc.icsToken)}`;
  }

  // Tables and members ---------------------------------------------------------------------------------------

  async activeOntwikkeltafels(): Promise<OntwikkeltafelMembershipDocument[]> {
    const tables = await this.deps.registry.ontwikkeltafels.query(
      "SELECT * FROM c WHERE c.status = 'actief'",
    );
    return tables.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  async tableChoices(): Promise<TableChoice[]> {
    const tables = await this.activeOntwikkeltafels();
    return [
      { id: 'overlegtafel', name: 'Overlegtafel' },
      ...tables.map((t) => ({ id: t.id, name: `Ontwikkeltafel ${t.name}` })),
    ];
  }

  async tableOf(choice: string): Promise<MeetingTable | undefined> {
    if (choice === 'overlegtafel') return 'overlegtafel';
    if (!choice) return undefined;
    const table = await this.deps.registry.ontwikkeltafels.read(choice);
    if (!table || table.value.status !== 'actief') return undefined;
    return { ontwikkeltafelId: table.value.id, name: table.value.name };
  }

  /**
   * Who is expected at a meeting. The Overlegtafel: the aanbieders of the composition published for the meeting's
   * year (issue 4), or of the year before until the new one is published, plus every gemeente and the lokale
   * toegang. An ontwikkeltafel: its participating organisations plus the gemeenten that organise it.
   */
  async membersFor(
    table: MeetingTable,
    year: number,
  ): Promise<{ members: MeetingMember[]; source: MemberSource }> {
    const organisations = await this.deps.registry.listOrganisations();
    const byId = new Map(organisations.map((o) => [o.id, o]));
    const member = (o: Organisation): MeetingMember => ({ organisationId: o.id, name: o.name, type: o.type });
    const gemeenten = organisations.filter((o) => o.type === 'gemeente');
    if (table !== 'overlegtafel') {
      const tafel = await this.deps.registry.ontwikkeltafels.read(table.ontwikkeltafelId);
      const participants = (tafel?.value.participantOrganisationIds ?? [])
        .map((id) => byId.get(id))
        .filter((o): o is OrganisationDocument => o !== undefined && o.type !== 'gemeente');
      return {
        members: [...gemeenten, ...participants].map(member),
        source: { kind: 'ontwikkeltafel' },
      };
    }
    const publicBodies = organisations.filter((o) => o.type === 'gemeente' || o.type === 'lokale-toegang');
    for (const candidate of [year, year - 1]) {
      const composition = await currentOverlegtafelMembers(this.deps.db, candidate);
      const aanbieders = composition
        .map((m) => byId.get(m.organisationId))
        .filter((o): o is OrganisationDocument => o !== undefined && o.type === 'aanbieder');
      if (aanbieders.length > 0) {
        return {
          members: [...publicBodies, ...aanbieders].map(member),
          source: { kind: 'samenstelling', year: candidate },
        };
      }
    }
    return { members: publicBodies.map(member), source: { kind: 'geen-samenstelling', year } };
  }

  /**
   * The members as they are now, for an edit or the agenda broadcast: a composition published since planning
   * counts for the meeting. Without a published composition (or participants) the snapshot taken at planning is
   * kept, so a missing publication never empties a table.
   */
  private async refreshedMembers(doc: MeetingDocument): Promise<MeetingMember[]> {
    const { members, source } = await this.membersFor(doc.table, doc.year);
    const authoritative =
      source.kind === 'samenstelling' ||
      (source.kind === 'ontwikkeltafel' && members.some((m) => m.type !== 'gemeente'));
    return authoritative ? members : [...doc.members];
  }

  /** Everyone the agenda and the verslag go to: all contracted aanbieders and the meeting's members. */
  private async everyProvider(doc: MeetingDocument): Promise<string[]> {
    const organisations = await this.deps.registry.listOrganisations();
    const ids = new Set(organisations.filter((o) => o.type === 'aanbieder' && o.contracted).map((o) => o.id));
    for (const m of doc.members)
      if (organisations.some((o) => o.id === m.organisationId)) ids.add(m.organisationId);
    return [...ids];
  }

  // Agenda links ----------------------------------------------------------------------------------------------

  /**
   * What a gemeente may link to an agenda item: voorstellen past concept and published reports of the
   * ontwikkeltafels (issue 6), the newest first.
   */
  async linkChoices(): Promise<LinkChoice[]> {
    const tafelsRepo = new OntwikkeltafelsRepository(this.deps.db);
    const [voorstellen, tafels, reports] = await Promise.all([
      new VoorstellenRepository(this.deps.db).list(),
      tafelsRepo.listTafels(),
      tafelsRepo.listAllReports(),
    ]);
    const tafelName = new Map(tafels.map((t) => [t.id, t.name]));
    return [
      ...voorstellen
        .filter((d) => d.status !== 'concept')
        .slice(0, 12)
        .map((d) => ({ value: `voorstel:${d.id}`, title: `Voorstel: ${d.title}`.slice(0, 80) })),
      ...reports
        .filter((r) => r.publishedAt !== null)
        .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
        .slice(0, 8)
        .map((r) => ({
          value: `rapportage:${r.id}`,
          title:
            `Rapportage: ${tafelName.get(r.tafelId) ?? r.tafelId} (${r.periodStart} t/m ${r.periodEnd})`.slice(
              0,
              80,
            ),
        })),
    ];
  }

  /** A link must point at something that exists and may be shown: a voorstel past concept, a published report. */
  private async checkLinks(problems: FieldProblems, rows: readonly AgendaRowInput[]): Promise<void> {
    if (!rows.some((r) => r.link)) return;
    const voorstellen = new VoorstellenRepository(this.deps.db);
    const reports = await new OntwikkeltafelsRepository(this.deps.db).listAllReports();
    for (const [index, row] of rows.entries()) {
      if (!row.link) continue;
      const { kind, id } = splitLink(row.link);
      const n = index + 1;
      if (kind === 'voorstel') {
        const found = await voorstellen.get(id);
        if (!found || found.value.status === 'concept')
          problems.add('agenda', `Agendapunt ${n}: het gekoppelde voorstel bestaat niet.`);
      } else if (kind === 'rapportage') {
        if (!reports.some((r) => r.id === id && r.publishedAt !== null))
          problems.add(
            'agenda',
            `Agendapunt ${n}: de gekoppelde rapportage bestaat niet of is niet gepubliceerd.`,
          );
      } else problems.add('agenda', `Agendapunt ${n}: deze koppeling wordt niet herkend.`);
    }
  }

  private agendaInput(rows: readonly AgendaRowInput[]): AgendaItemInput[] {
    return rows.map((row) => {
      const { kind, id } = splitLink(row.link);
      const link = !row.link ? null : kind === 'voorstel' ? { kind, voorstelId: id } : { kind, reportId: id };
      return {
        id: row.id || undefined,
        title: row.title,
        owner: row.owner,
        description: row.description,
        link,
      };
    });
  }

  private meetingInput(form: MeetingFormInput, table: MeetingTable | undefined): MeetingInput {
    return {
      table,
      title: form.title,
      start: localDateTime(form.date, form.startTime),
      end: localDateTime(form.date, form.endTime),
      location: form.location,
      proposalCutoff: form.cutoffDate.trim()
        ? localDateTime(form.cutoffDate, form.cutoffTime || '23:59')
        : null,
      agenda: this.agendaInput(form.rows.filter((r) => !isBlankRow(r))),
    };
  }

  private yearOf(form: MeetingFormInput): number {
    const year = Number(/^(\d{4})-/.exec(form.date.trim())?.[1]);
    return Number.isInteger(year) && year > 2000 ? year : localYearOf(this.now());
  }

  // Planning and changing -------------------------------------------------------------------------------------

  /**
   * Plans a meeting. The id comes from the form's nonce, so a redelivered or double-clicked invoke finds the
   * meeting it already created (`created: false`) instead of planning a second one.
   */
  async plan(
    actor: Actor,
    nonce: string,
    form: MeetingFormInput,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; created: boolean; source: MemberSource }>> {
    const gemeente = requireGemeente(actor, 'een overleg plannen');
    if (!gemeente.ok) return gemeente;
    const id = meetingIdFor(nonce);
    const existing = await this.repo.get(id);
    if (existing) return succeed({ doc: existing, created: false, source: { kind: 'bestaand' } });
    const table = await this.tableOf(form.table);
    const { members, source } = table
      ? await this.membersFor(table, this.yearOf(form))
      : { members: [], source: { kind: 'geen-samenstelling', year: this.yearOf(form) } as MemberSource };
    const input = { ...this.meetingInput(form, table), members };
    const planned = planMeeting({ id, input }, actor, this.now());
    if (!planned.ok && !planned.fieldErrors) return planned;
    const problems = new FieldProblems();
    await this.checkLinks(
      problems,
      form.rows.filter((r) => !isBlankRow(r)),
    );
    if (!planned.ok || problems.any) return mergedRefusal(planned, problems);
    try {
      const doc = await this.repo.create(newMeetingDocument(planned.value.meeting));
      return succeed({ doc, created: true, source });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const doc = await this.repo.get(id);
      if (!doc) throw error;
      return succeed({ doc, created: false, source: { kind: 'bestaand' } });
    }
  }

  /**
   * The gemeente changes an upcoming meeting from the edit form, rendered from `version` (editVersionOf): when
   * the agenda or the schedule changed meanwhile (an accepted proposal, another edit) the change is refused as
   * stale instead of removing what was added. Answers from members meanwhile do not make the form stale.
   */
  async update(
    actor: Actor,
    meetingId: string,
    version: string,
    form: Omit<MeetingFormInput, 'table'>,
  ): Promise<Result<Versioned<MeetingDocument> & { events: readonly MeetingEvent[] }>> {
    const current = await this.repo.get(meetingId);
    if (!current) return NOT_FOUND;
    const gemeente = requireGemeente(actor, 'een overleg wijzigen');
    if (!gemeente.ok) return gemeente;
    const problems = new FieldProblems();
    const rows = form.rows.filter((r) => !isBlankRow(r));
    await this.checkLinks(problems, rows);
    const members = await this.refreshedMembers({
      ...current.value,
      year: this.yearOf({ ...form, table: '' }),
    });
    const { table: _table, ...input } = this.meetingInput({ ...form, table: '' }, current.value.table);
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (version && editVersionOf(doc) !== version) throw new StaleDocumentError(doc.id);
      const change = updateMeeting(doc, { ...input, members }, actor, this.now());
      if (!change.ok && !change.fieldErrors) return change;
      if (!change.ok || problems.any) return mergedRefusal(change, problems);
      return applied(doc, change);
    });
    if (!result) return NOT_FOUND;
    if (result.ok) await this.flushOutbox(meetingId);
    return result;
  }

  async cancel(actor: Actor, meetingId: string, reason: string): Promise<Result<Versioned<MeetingDocument>>> {
    const result = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, cancelMeeting(doc, reason, actor, this.now())),
    );
    if (!result) return NOT_FOUND;
    if (result.ok) await this.flushOutbox(meetingId);
    return result;
  }

  // Agendapunten ---------------------------------------------------------------------------------------------

  /**
   * An aanbieder proposes an agendapunt. The id comes from the form's nonce: proposing the same form twice
   * records it once and answers as if it were the first time.
   */
  async propose(
    actor: Actor,
    meetingId: string,
    nonce: string,
    organisationId: string,
    title: string,
    explanation: string,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; proposalId: string }>> {
    const proposalId = proposalIdFor(nonce);
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (doc.proposals.some((p) => p.id === proposalId)) return succeed({ doc, events: [] });
      if (doc.proposals.length >= MAX_PROPOSALS_PER_MEETING)
        return refuse(
          'agendapunt.too-many',
          `Voor dit overleg zijn al ${MAX_PROPOSALS_PER_MEETING} agendapunten voorgesteld; er kunnen er geen meer bij.`,
        );
      const change = proposeAgendapunt(
        doc,
        { id: proposalId, organisationId, title, explanation },
        actor,
        this.now(),
      );
      return applied(doc, change);
    });
    if (!result) return NOT_FOUND;
    if (!result.ok) return result;
    await this.flushOutbox(meetingId);
    return succeed({ doc: result.value, proposalId });
  }

  async proposalOpening(actor: Actor, meetingId: string): Promise<ProposalOpening> {
    if (!this.mayRead(actor)) return { kind: 'not-allowed' };
    const doc = await this.get(meetingId);
    if (!doc) return { kind: 'not-found' };
    const organisations = this.proposingOrganisations(actor);
    if (organisations.length === 0) return { kind: 'not-aanbieder' };
    if (!proposalsOpen(doc, this.now())) return { kind: 'closed', doc };
    return { kind: 'open', doc, organisations };
  }

  async decide(
    actor: Actor,
    meetingId: string,
    proposalId: string,
    decision: string,
    reason: string,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    const result = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, decideAgendapunt(doc, { proposalId, decision, reason }, actor, this.now())),
    );
    if (!result) return NOT_FOUND;
    if (result.ok) await this.flushOutbox(meetingId);
    return result;
  }

  // Attendance ------------------------------------------------------------------------------------------------

  async invitation(actor: Actor, meetingId: string): Promise<InvitationOpening> {
    if (!this.mayRead(actor)) return { kind: 'not-allowed' };
    const doc = await this.get(meetingId);
    if (!doc) return { kind: 'not-found' };
    const organisations = this.respondingOrganisations(actor, doc);
    return organisations.length === 0
      ? { kind: 'not-a-member', doc }
      : { kind: 'member', doc, organisations };
  }

  async respond(
    actor: Actor,
    meetingId: string,
    organisationId: string,
    attending: boolean,
    reason: string,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    const result = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, respondToInvitation(doc, { organisationId, attending, reason }, actor, this.now())),
    );
    return result ?? NOT_FOUND;
  }

  /** Records who attended; a concept verslag the gemeente has not edited yet is drafted again with it. */
  async recordAttendance(
    actor: Actor,
    meetingId: string,
    command: RecordAttendance,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    const result = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, recordAttendance(doc, command, actor, this.now())),
    );
    if (!result) return NOT_FOUND;
    if (!result.ok) return result;
    const verslag = result.value.value.verslag;
    if (verslag?.status === 'concept' && verslag.editedByPersonId === null) {
      const redrafted = await this.draft(meetingId, { replaceUnedited: true });
      if (redrafted) return succeed(redrafted);
    }
    return result;
  }

  async attendanceReview(
    year: number,
    table: MeetingTable,
  ): Promise<{ reviews: AttendanceReview[]; meetings: MeetingDocument[] }> {
    const meetings = await this.repo.ofYear(year, tableKeyOf(table));
    return { reviews: reviewAttendance(meetings, year, table), meetings };
  }

  // The agenda broadcast --------------------------------------------------------------------------------------

  agendaMessage(doc: MeetingDocument): { card: AdaptiveCard; text: string } {
    const text = meetingsText('nl');
    const when = formatDutchDateTime(fromIsoInstant(doc.start));
    return {
      card: renderCard('meetingAgenda', 'nl', agendaView(doc, this.icsUrlOf(doc), this.now(), 'nl')),
      text:
        doc.status === 'geannuleerd'
          ? `${text.agendaCancelledText} ${doc.title}, ${when}.`
          : `${text.agendaText} ${doc.title}, ${when}, ${doc.location}.`,
    };
  }

  /**
   * Sends the agenda to every contracted aanbieder and the members, with the .ics link. Idempotent: the
   * broadcast id is the meeting's; a second press reports the first. Later changes go out as updates of it.
   */
  async broadcastAgenda(
    actor: Actor,
    meetingId: string,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; recipients: number; alreadySent: boolean }>> {
    const gemeente = requireGemeente(actor, 'de agenda versturen');
    if (!gemeente.ok) return gemeente;
    const current = await this.repo.get(meetingId);
    if (!current) return NOT_FOUND;
    if (current.value.agendaBroadcast) return succeed({ doc: current, recipients: 0, alreadySent: true });
    const upcoming = requireUpcoming(current.value, this.now());
    if (!upcoming.ok) return upcoming;
    if (current.value.agenda.length === 0)
      return refuse('meeting.empty-agenda', 'De agenda is nog leeg. Voeg eerst agendapunten toe.');
    // The members as they are now: a composition published since planning counts for this meeting.
    const members = await this.refreshedMembers(current.value);
    const refreshed = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, updateMeeting(doc, { members }, actor, this.now())),
    );
    if (refreshed && !refreshed.ok) return refreshed;
    const doc = refreshed?.value ?? current;
    const broadcastId = broadcastIdsOf(meetingId).agenda;
    const personId = gemeente.value.person.id;
    const queued = await this.deps.delivery.enqueue({
      broadcastId,
      title: `Agenda ${doc.value.title}`.slice(0, 200),
      topic: 'meetings.agenda',
      message: this.agendaMessage(doc.value),
      audience: { organisationIds: await this.everyProvider(doc.value) },
      requestedByPersonId: personId,
      reportToPersonId: personId,
    });
    if (!queued.ok) return queued;
    const at = toIsoInstant(this.now());
    const saved = await this.repo.mutate(meetingId, (d) =>
      d.agendaBroadcast
        ? succeed({ doc: d, events: [] })
        : succeed({
            doc: { ...d, agendaBroadcast: { broadcastId, sequence: d.sequence, at, byPersonId: personId } },
            events: [],
          }),
    );
    if (!saved?.ok) return saved ?? NOT_FOUND;
    // A change between rendering and recording the broadcast still has to reach the people who got the card.
    if (saved.value.value.sequence > (saved.value.value.agendaBroadcast?.sequence ?? 0)) {
      await this.repo.mutate(meetingId, (d) =>
        succeed({
          doc: {
            ...d,
            outbox: mergeOutbox(d.outbox, [
              { id: `${broadcastId}-v${d.sequence}`, kind: 'agenda-update', sequence: d.sequence },
            ]),
          },
          events: [],
        }),
      );
      await this.flushOutbox(meetingId);
    }
    return succeed({
      doc: saved.value,
      recipients: queued.value.recipients,
      alreadySent: queued.value.alreadyQueued,
    });
  }

  // The calendar file -----------------------------------------------------------------------------------------

  /** The .ics of a meeting, or undefined for an unknown meeting or a wrong token (the caller answers 404). */
  async icsFor(meetingId: string, token: unknown): Promise<string | undefined> {
    const found = await this.repo.get(meetingId);
    if (!found || !icsTokenMatches(found.value, token)) return undefined;
    const host = (() => {
      try {
        return new URL(this.deps.publicBaseUrl()).hostname || 'tafelbot';
      } catch {
        return 'tafelbot';
      }
    })();
    return meetingIcs(found.value, { method: 'PUBLISH', dtstamp: this.now(), uidDomain: host });
  }

  // The verslag -----------------------------------------------------------------------------------------------

  /** The concept verslag from the agenda, attendance, and the votes closed since the previous meeting. */
  async composeVerslag(doc: MeetingDocument): Promise<string> {
    const tafelsRepo = new OntwikkeltafelsRepository(this.deps.db);
    const [previous, voorstelDocs, tafelDocs, reportDocs] = await Promise.all([
      this.repo.previousOf(doc),
      new VoorstellenRepository(this.deps.db).list(),
      tafelsRepo.listTafels(),
      tafelsRepo.listAllReports(),
    ]);
    const voorstellen: Voorstel[] = voorstelDocs.map((d) => toVoorstel(d));
    return draftVerslag({
      meeting: doc,
      previousMeeting: previous,
      voorstellen,
      tafels: tafelDocs.map(toTafel),
      reports: reportDocs.map(toRapportage),
    });
  }

  /**
   * Drafts (or with `replaceUnedited`/`force` redrafts) the concept verslag of a meeting that has begun. The
   * gemeente's own edits are never overwritten except on its explicit request (`force`).
   */
  async draft(
    meetingId: string,
    options: { replaceUnedited?: boolean; force?: boolean; notify?: boolean } = {},
  ): Promise<Versioned<MeetingDocument> | undefined> {
    const current = await this.repo.get(meetingId);
    if (!current) return undefined;
    const markdown = await this.composeVerslag(current.value);
    const at = toIsoInstant(this.now());
    const result = await this.repo.mutate(meetingId, (doc) => {
      const existing = doc.verslag;
      const mayReplace =
        existing === null ||
        (existing.status === 'concept' &&
          (options.force || (options.replaceUnedited && existing.editedByPersonId === null)));
      if (!mayReplace) return succeed({ doc, events: [] });
      const verslag: VerslagState = {
        markdown,
        status: 'concept',
        draftedAt: at,
        editedByPersonId: null,
        editedAt: null,
        publishedAt: null,
        publishedByPersonId: null,
        broadcastId: null,
      };
      const outbox =
        existing === null && options.notify
          ? mergeOutbox(doc.outbox, [{ id: broadcastIdsOf(doc.id).concept, kind: 'verslag-concept' }])
          : doc.outbox;
      return succeed({ doc: { ...doc, verslag, outbox }, events: [] });
    });
    if (!result?.ok) return undefined;
    if (options.notify) await this.flushOutbox(meetingId);
    return result.value;
  }

  /**
   * The verslag of a meeting, for the gemeente: of one that has begun and was not cancelled, drafted when first
   * opened; with `redraft` (at the gemeente's request, replacing its edits) a concept is drafted again.
   */
  async openVerslag(
    actor: Actor,
    meetingId: string,
    options: { readonly redraft: boolean },
  ): Promise<VerslagOpening> {
    if (!this.mayManage(actor)) return { kind: 'not-allowed' };
    const doc = await this.get(meetingId);
    if (!doc) return { kind: 'not-found' };
    if (options.redraft) {
      if (doc.verslag?.status === 'gepubliceerd') return { kind: 'verslag', doc, redrafted: false };
      const redrafted = await this.draft(meetingId, { force: true });
      return redrafted ? { kind: 'verslag', doc: redrafted.value, redrafted: true } : { kind: 'not-found' };
    }
    if (doc.status === 'geannuleerd' || toIsoInstant(this.now()) < doc.start) return { kind: 'too-early' };
    if (doc.verslag) return { kind: 'verslag', doc, redrafted: false };
    const drafted = await this.draft(meetingId);
    return drafted ? { kind: 'verslag', doc: drafted.value, redrafted: false } : { kind: 'not-found' };
  }

  private checkVerslag(markdown: string): Result<string> {
    const problems = new FieldProblems();
    const text = checkText(problems, 'markdown', markdown, {
      label: 'Het verslag',
      min: 20,
      max: VERSLAG_MAX_CHARS,
      multiline: true,
    });
    return problems.any ? refuseFields('verslag.invalid', problems.all) : succeed(text);
  }

  /** The gemeente saves its completed text; from then on the bot no longer redrafts it by itself. */
  async saveVerslag(
    actor: Actor,
    meetingId: string,
    markdown: string,
    version: string,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    const gemeente = requireGemeente(actor, 'het verslag bewerken');
    if (!gemeente.ok) return gemeente;
    const text = this.checkVerslag(markdown);
    if (!text.ok) return text;
    const at = toIsoInstant(this.now());
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (!doc.verslag) return refuse('verslag.none', 'Er is nog geen concept verslag voor dit overleg.');
      if (doc.verslag.status === 'gepubliceerd')
        return refuse(
          'verslag.published',
          'Het verslag is al gepubliceerd en kan niet meer worden gewijzigd.',
        );
      if (version && verslagVersionOf(doc) !== version) throw new StaleDocumentError(doc.id);
      if (doc.verslag.markdown === text.value) return succeed({ doc, events: [] });
      return succeed({
        doc: {
          ...doc,
          verslag: {
            ...doc.verslag,
            markdown: text.value,
            editedByPersonId: gemeente.value.person.id,
            editedAt: at,
          },
        },
        events: [],
      });
    });
    return result ?? NOT_FOUND;
  }

  /** Publishes the verslag to all providers; the text on the form is saved first (with its ETag). */
  async publishVerslag(
    actor: Actor,
    meetingId: string,
    markdown: string,
    version: string,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; recipients: number }>> {
    // Published, the concept is the verslag: its heading says so unless the gemeente wrote its own.
    const final = markdown.replace(/^(\s*)# Concept verslag\s*$/m, '$1# Verslag');
    const saved = await this.saveVerslag(actor, meetingId, final, version);
    if (!saved.ok) return saved;
    const doc = saved.value.value;
    const verslag = doc.verslag;
    if (!verslag) return refuse('verslag.none', 'Er is nog geen concept verslag voor dit overleg.');
    const broadcastId = broadcastIdsOf(meetingId).verslag;
    const personId = actor.kind === 'person' ? actor.person.id : null;
    const queued = await this.deps.delivery.enqueue({
      broadcastId,
      title: `Verslag ${doc.title}`.slice(0, 200),
      topic: 'meetings.verslag',
      message: {
        card: renderCard('meetingVerslag', 'nl', verslagView(doc, verslag.markdown, 'nl')),
        text: `${meetingsText('nl').verslagText} ${doc.title}, ${formatDutchDateTime(fromIsoInstant(doc.start))}.`,
      },
      audience: { organisationIds: await this.everyProvider(doc) },
      requestedByPersonId: personId,
      reportToPersonId: personId,
    });
    if (!queued.ok) return queued;
    const at = toIsoInstant(this.now());
    const published = await this.repo.mutate(meetingId, (d) =>
      d.verslag && d.verslag.status !== 'gepubliceerd'
        ? succeed({
            doc: {
              ...d,
              verslag: {
                ...d.verslag,
                status: 'gepubliceerd',
                publishedAt: at,
                publishedByPersonId: personId,
                broadcastId,
              },
            },
            events: [],
          })
        : succeed({ doc: d, events: [] }),
    );
    if (!published?.ok) return published ?? NOT_FOUND;
    return succeed({ doc: published.value, recipients: queued.value.recipients });
  }

  // The outbox and the scheduled work -------------------------------------------------------------------------

  private async outboxMessage(
    doc: MeetingDocument,
    entry: MeetingOutboxEntry,
  ): Promise<{ title: string; text: string; card: AdaptiveCard; personIds: string[] } | undefined> {
    const text = meetingsText('nl');
    const when = formatDutchDateTime(fromIsoInstant(doc.start));
    if (entry.kind === 'agendapunt-besluit' || entry.kind === 'agendapunt-ontvangen') {
      const proposal = doc.proposals.find((p) => p.id === entry.proposalId);
      if (!proposal) return undefined;
      if (entry.kind === 'agendapunt-besluit') {
        if (proposal.status === 'ingediend') return undefined;
        const accepted = proposal.status === 'geaccepteerd';
        const title = accepted ? text.noticeAcceptedTitle : text.noticeDeclinedTitle;
        const lines = [
          `${accepted ? text.noticeAccepted : text.noticeDeclined} "${proposal.title}" (${doc.title}, ${when}).`,
          ...(proposal.reason ? [`${text.noticeReason} ${proposal.reason}`] : []),
        ];
        return {
          title,
          text: lines.join(' '),
          card: renderCard(
            'meetingNotice',
            'nl',
            meetingNoticeView(title, lines, doc.id, 'meeting.agenda', 'nl'),
          ),
          personIds: [proposal.proposedBy.personId],
        };
      }
      const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
      const title = text.noticeProposedTitle;
      const lines = [
        `${proposal.proposedBy.organisationName ?? proposal.proposedBy.personName} ${text.noticeProposed} "${proposal.title}" (${doc.title}, ${when}).`,
      ];
      return {
        title,
        text: lines.join(' '),
        card: renderCard(
          'meetingNotice',
          'nl',
          meetingNoticeView(title, lines, doc.id, 'meeting.open', 'nl'),
        ),
        personIds: admins,
      };
    }
    if (entry.kind === 'verslag-concept') {
      const title = text.noticeConceptTitle;
      const lines = [`${text.noticeConcept} ${doc.title} (${when}).`];
      return {
        title,
        text: lines.join(' '),
        card: renderCard(
          'meetingNotice',
          'nl',
          meetingNoticeView(title, lines, doc.id, 'meeting.verslag', 'nl'),
        ),
        personIds: [doc.createdBy.personId],
      };
    }
    return undefined;
  }

  private async sendOutboxEntry(doc: MeetingDocument, entry: MeetingOutboxEntry): Promise<void> {
    if (entry.kind === 'agenda-update') {
      const broadcast = doc.agendaBroadcast;
      if (!broadcast || doc.sequence <= broadcast.sequence) return;
      // Always the current state: an older pending update would only show an outdated agenda.
      const result = await this.deps.delivery.enqueueCardUpdate(
        broadcast.broadcastId,
        `v${doc.sequence}`,
        this.agendaMessage(doc),
      );
      if (!result.ok)
        this.deps.logger.warn('agenda update not enqueued', { meetingId: doc.id, code: result.code });
      return;
    }
    const message = await this.outboxMessage(doc, entry);
    if (!message || message.personIds.length === 0) return;
    const result = await this.deps.delivery.enqueue({
      broadcastId: entry.id,
      title: message.title,
      topic: `meetings.${entry.kind}`,
      message: { card: message.card, text: message.text },
      audience: { personIds: message.personIds },
      requestedByPersonId: null,
    });
    // A refusal (a person removed meanwhile) will not change by trying again: log it and let the entry go.
    if (!result.ok)
      this.deps.logger.warn('meeting message not enqueued', { meetingId: doc.id, code: result.code });
  }

  /** Enqueues what the outbox holds and removes what was enqueued; a failure leaves it for the scheduler. */
  async flushOutbox(meetingId: string): Promise<void> {
    const current = await this.repo.get(meetingId);
    if (!current || current.value.outbox.length === 0) return;
    const done: string[] = [];
    for (const entry of current.value.outbox) {
      try {
        await this.sendOutboxEntry(current.value, entry);
        done.push(entry.id);
      } catch (error) {
        this.deps.logger.warn('meeting outbox entry failed; the scheduler retries', {
          meetingId,
          entry: entry.id,
          error: (error as Error).message,
        });
      }
    }
    if (done.length === 0) return;
    await this.repo.mutate(meetingId, (doc) =>
      succeed({ doc: { ...doc, outbox: doc.outbox.filter((e) => !done.includes(e.id)) }, events: [] }),
    );
  }

  /** The scheduled task: drafts the concept verslag of meetings that ended, and finishes pending outboxes. */
  async runScheduled(now: Date): Promise<void> {
    for (const doc of await this.repo.endedWithoutVerslag(now)) {
      await this.draft(doc.id, { notify: true });
    }
    for (const doc of await this.repo.withPendingOutbox()) await this.flushOutbox(doc.id);
  }
}

/** One service per host (it holds no state of its own; the WeakMap only saves rebuilding it every turn). */
const instances = new WeakMap<MeetingsHost, MeetingsService>();

export function meetingsServiceFor(host: MeetingsHost): MeetingsService {
  let service = instances.get(host);
  if (!service) {
    const { db, registry, delivery, now, logger } = host;
    service = new MeetingsService({
      db,
      registry,
      delivery,
      now,
      logger,
      publicBaseUrl: () => publicBaseUrl(host),
    });
    instances.set(host, service);
  }
  return service;
}
