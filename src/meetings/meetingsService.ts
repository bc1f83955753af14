import { randomBytes } from 'node:crypto';
import type { MemberSource } from '../cards/views/meetingsViews';
import type { DeliveryService } from '../delivery/deliveryService';
import {
  cancelMeeting,
  decideAgendapunt,
  isMember,
  MEETING_NOT_FOUND,
  meetingIcs,
  planMeeting,
  proposalsOpen,
  proposeAgendapunt,
  recordAttendance,
  respondToInvitation,
  reviewAttendance,
  updateMeeting,
  type AttendanceReview,
  type MeetingEvent,
  type MeetingTable,
  type RecordAttendance,
} from '../domain/meetings';
import type { Actor, KnownActor } from '../domain/registry/actor';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { toIsoInstant } from '../domain/time/amsterdam';
import { isGemeente, requireGemeente } from '../domain/voorstellen/acting';
import { FieldProblems } from '../domain/voorstellen/textRules';
import type { Logger } from '../observability/logger';
import { publicCopiesFor } from '../public/publicCopies';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError, type Versioned } from '../storage/documentStore';
import {
  MAX_PROPOSALS_PER_MEETING,
  MeetingsRepository,
  icsTokenMatches,
  newMeetingDocument,
  tableKeyOf,
  type MeetingDocument,
} from '../storage/meetingsRepository';
import type { RegistryRepository } from '../storage/registryRepository';
import { editVersionOf } from './formVersions';
import { auditMeetingEvents } from './meetingAudit';
import { applied, MeetingBroadcasts } from './meetingBroadcasts';
import {
  checkLinks,
  filledRows,
  formYear,
  linkChoices,
  meetingInput,
  mergedRefusal,
  type LinkChoice,
  type MeetingFormInput,
} from './meetingForm';
import { MeetingMembers, type TableChoice } from './meetingMembers';
import { MeetingVerslagen } from './meetingVerslag';
import { MeetingVerslagReview } from './verslagReview';
import { MeetingYearPlanning } from './yearPlanning';

/**
 * The meeting use cases (issue 7): plan and change a meeting, agendapunt proposals and decisions, RSVPs and
 * attendance, the agenda broadcast with its .ics, the concept verslag and its publication, and who may do each.
 * Each use case reads the stored meeting, asks the pure domain (src/domain/meetings), writes with If-Match and
 * records the broadcasts it causes in the meeting's outbox in the same write (meetingBroadcasts.ts). The form
 * (meetingForm.ts), the members (meetingMembers.ts) and the verslag (meetingVerslag.ts) have modules of their own.
 */

/** A meeting as stored: with its agenda broadcast, verslag and .ics token, what the cards show. */
export type { MeetingDocument };

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

export interface MeetingsDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Where the bot's own pages live, for the .ics links on agenda cards. */
  readonly publicBaseUrl: () => string;
  /** Keeps a published agenda current after a change (src/public/publicCopies.ts); absent: nothing published. */
  readonly publicCopy?: { refresh(kind: 'agenda', meetingId: string): Promise<unknown> };
}

/** What a process provides to build the service from (BotServices is one): the deps and its configuration. */
export interface MeetingsHost extends Omit<MeetingsDeps, 'publicBaseUrl' | 'publicCopy'> {
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

  private readonly members: MeetingMembers;
  private readonly broadcasts: MeetingBroadcasts;
  private readonly verslagen: MeetingVerslagen;
  /** The verslag's way to vastgesteld: comments of the attendees, vaststellen, corrections. */
  readonly verslagReview: MeetingVerslagReview;
  /** At least two Overlegtafel meetings a year: the help card's warning and the yearly reminder. */
  readonly yearPlanning: MeetingYearPlanning;

  constructor(private readonly deps: MeetingsDeps) {
    this.repo = new MeetingsRepository(deps.db);
    this.members = new MeetingMembers(deps);
    this.broadcasts = new MeetingBroadcasts(deps, this.repo);
    this.verslagen = new MeetingVerslagen(deps, this.repo, this.broadcasts);
    this.verslagReview = new MeetingVerslagReview(deps, this.repo, this.verslagen, this.broadcasts);
    this.yearPlanning = new MeetingYearPlanning(deps, this.repo);
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
    return this.broadcasts.icsUrlOf(doc);
  }

  // Tables and members ---------------------------------------------------------------------------------------

  tableChoices(): Promise<TableChoice[]> {
    return this.members.tableChoices();
  }

  tableOf(choice: string): Promise<MeetingTable | undefined> {
    return this.members.tableOf(choice);
  }

  // Agenda links ----------------------------------------------------------------------------------------------

  /** What a gemeente may link to an agenda item: voorstellen past concept and published reports. */
  linkChoices(): Promise<LinkChoice[]> {
    return linkChoices(this.deps.db);
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
    const gemeente = requireGemeente(actor, { nl: 'een overleg plannen', en: 'plan a meeting' });
    if (!gemeente.ok) return gemeente;
    const id = meetingIdFor(nonce);
    const existing = await this.repo.get(id);
    if (existing) return succeed({ doc: existing, created: false, source: { kind: 'bestaand' } });
    const table = await this.tableOf(form.table);
    const { members, source } = table
      ? await this.members.membersFor(table, formYear(form, this.now()))
      : {
          members: [],
          source: { kind: 'geen-samenstelling', year: formYear(form, this.now()) } as MemberSource,
        };
    const input = { ...meetingInput(form, table), members };
    const planned = planMeeting({ id, input }, actor, this.now());
    if (!planned.ok && !planned.fieldErrors) return planned;
    const problems = new FieldProblems();
    await checkLinks(this.deps.db, problems, filledRows(form.rows));
    if (!planned.ok || problems.any) return mergedRefusal(planned, problems);
    try {
      const doc = await this.repo.create(newMeetingDocument(planned.value.meeting));
      await auditMeetingEvents(this.deps.registry, actor, planned.value.events);
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
    if (!current) return MEETING_NOT_FOUND;
    const gemeente = requireGemeente(actor, { nl: 'een overleg wijzigen', en: 'change a meeting' });
    if (!gemeente.ok) return gemeente;
    const problems = new FieldProblems();
    const rows = filledRows(form.rows);
    await checkLinks(this.deps.db, problems, rows);
    const members = await this.members.refreshedMembers({
      ...current.value,
      year: formYear(form, this.now()),
    });
    const { table: _table, ...input } = meetingInput({ ...form, table: '' }, current.value.table);
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (version && editVersionOf(doc) !== version) throw new StaleDocumentError(doc.id);
      const change = updateMeeting(doc, { ...input, members }, actor, this.now());
      if (!change.ok && !change.fieldErrors) return change;
      if (!change.ok || problems.any) return mergedRefusal(change, problems);
      return applied(doc, change);
    });
    if (!result) return MEETING_NOT_FOUND;
    if (result.ok) await this.changed(meetingId, actor, result.value.events);
    return result;
  }

  async cancel(actor: Actor, meetingId: string, reason: string): Promise<Result<Versioned<MeetingDocument>>> {
    const result = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, cancelMeeting(doc, reason, actor, this.now())),
    );
    if (!result) return MEETING_NOT_FOUND;
    if (result.ok) await this.changed(meetingId, actor, result.value.events);
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
        return refuse('agendapunt.too-many', {
          nl: `Voor dit overleg zijn al ${MAX_PROPOSALS_PER_MEETING} agendapunten voorgesteld; er kunnen er geen meer bij.`,
          en: `${MAX_PROPOSALS_PER_MEETING} agenda items have already been proposed for this meeting; no more can be added.`,
        });
      const change = proposeAgendapunt(
        doc,
        { id: proposalId, organisationId, title, explanation },
        actor,
        this.now(),
      );
      return applied(doc, change);
    });
    if (!result) return MEETING_NOT_FOUND;
    if (!result.ok) return result;
    await auditMeetingEvents(this.deps.registry, actor, result.value.events);
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
    if (!result) return MEETING_NOT_FOUND;
    if (result.ok) await this.changed(meetingId, actor, result.value.events);
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
    if (result?.ok) await auditMeetingEvents(this.deps.registry, actor, result.value.events);
    return result ?? MEETING_NOT_FOUND;
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
    if (!result) return MEETING_NOT_FOUND;
    if (!result.ok) return result;
    await auditMeetingEvents(this.deps.registry, actor, result.value.events);
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

  /** Sends the agenda (see MeetingBroadcasts.sendAgenda): once, with later changes as updates of it. */
  broadcastAgenda(
    actor: Actor,
    meetingId: string,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; recipients: number; alreadySent: boolean }>> {
    return this.broadcasts.sendAgenda(actor, meetingId, this.members);
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

  /**
   * Drafts (or with `replaceUnedited`/`force` redrafts) the concept verslag of a meeting that has begun. The
   * gemeente's own edits are never overwritten except on its explicit request (`force`).
   */
  draft(
    meetingId: string,
    options: { replaceUnedited?: boolean; force?: boolean; notify?: boolean } = {},
  ): Promise<Versioned<MeetingDocument> | undefined> {
    return this.verslagen.draft(meetingId, options);
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

  /** The gemeente saves its completed text; from then on the bot no longer redrafts it by itself. */
  saveVerslag(
    actor: Actor,
    meetingId: string,
    markdown: string,
    version: string,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    return this.verslagen.saveVerslag(actor, meetingId, markdown, version);
  }

  // The outbox and the scheduled work -------------------------------------------------------------------------

  /** Enqueues what the outbox holds and removes what was enqueued; a failure leaves it for the scheduler. */
  flushOutbox(meetingId: string): Promise<void> {
    return this.broadcasts.flushOutbox(meetingId);
  }

  /** After a change: its broadcasts, and the public agenda when the gemeente published it (issue 20). */
  /** After the gemeente changed a meeting: the audit trail, the broadcasts it caused and the public copy. */
  private async changed(meetingId: string, actor: Actor, events: readonly MeetingEvent[]): Promise<void> {
    await auditMeetingEvents(this.deps.registry, actor, events);
    await this.flushOutbox(meetingId);
    try {
      await this.deps.publicCopy?.refresh('agenda', meetingId);
    } catch (error) {
      // The change itself succeeded; the public copy follows with the scheduled sweep.
      this.deps.logger.warn('public agenda not updated', { meetingId, error: (error as Error).message });
    }
  }

  /**
   * The scheduled task: drafts the concept verslag of meetings that ended, finishes pending outboxes, and reminds
   * the gemeente once a year when fewer than two Overlegtafel meetings are planned.
   */
  async runScheduled(now: Date): Promise<void> {
    for (const doc of await this.repo.endedWithoutVerslag(now)) {
      await this.draft(doc.id, { notify: true });
    }
    for (const doc of await this.repo.withPendingOutbox()) await this.flushOutbox(doc.id);
    await this.yearPlanning.sendReminder(now);
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
      publicCopy: publicCopiesFor(host),
    });
    instances.set(host, service);
  }
  return service;
}
