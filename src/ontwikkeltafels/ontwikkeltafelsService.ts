import type { ScheduleRow, PortfolioRow } from '../cards/views/ontwikkeltafelsViews';
import { ontwikkeltafelInvitees } from '../domain/inschrijving/ontwikkeltafel';
import {
  checkDirectReason,
  isGuestOf,
  createOntwikkeltafel,
  EINDEVALUATIE_PERIOD_ID,
  endOntwikkeltafel,
  findPeriod,
  isTrekker,
  nextDueReport,
  ontwikkeltafelFromVoorstel,
  overdueReports,
  reportSchedule,
  voortgangPeriods,
  type ExportRange,
  type Ontwikkeltafel,
  type ScheduledReport,
  type TafelFromVoorstel,
  type Trekker,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import type { Actor, KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import {
  type Bilingual,
  combineRefusals,
  type Refusal,
  refuse,
  type Result,
  succeed,
} from '../domain/shared/result';
import { localDateOf } from '../domain/time/amsterdam';
import type { LocalDate } from '../domain/time/localDate';
import { requireGemeente } from '../domain/voorstellen/acting';
import { DocumentConflictError, StaleDocumentError, type Versioned } from '../storage/documentStore';
import {
  OntwikkeltafelsRepository,
  toRapportage,
  toTafel,
  toTafelDocument,
  type OntwikkeltafelDocument,
  type RapportageDocument,
  type TafelOutboxEntry,
} from '../storage/ontwikkeltafelsRepository';
import type { OntwikkeltafelsDeps } from './ontwikkeltafelsDeps';
import {
  Rapportages,
  type CorrectReportCommand,
  type DecisionCommand,
  type QuestionCommand,
  type ReportFormOpening,
  type ReportOpening,
  type SaveReportCommand,
} from './rapportages';
import {
  isGemeenteActor,
  isOverlegtafelMember,
  joinableOrganisations,
  loadOverlegtafel,
  mayReadReport,
  mayViewTafel,
  type OverlegtafelAudience,
} from './tafelAccess';
import { personIdOf, recordTafelAudit } from './tafelAudit';
import { TafelBroadcasts } from './tafelBroadcasts';
import { TafelMembership } from './tafelMembership';
import { parseScheduleFields, type TafelFormInput } from './tafelForm';
import { broadcastIdFor, tafelIdFor } from './tafelIds';

/**
 * The ontwikkeltafel use cases: the portfolio and the tables (set up, ended) here, who joins in tafelMembership.ts, the reports in
 * rapportages.ts, who sees what in tafelAccess.ts, and what is sent in tafelBroadcasts.ts. Each use case loads
 * the stored state, asks the domain (src/domain/ontwikkeltafels), writes with If-Match and records the broadcasts
 * it causes in the document's outbox in the same write.
 */

const ATTEMPTS = 6;

export interface TafelDetail {
  readonly doc: Versioned<OntwikkeltafelDocument>;
  readonly tafel: Ontwikkeltafel;
  readonly rows: ScheduleRow[];
  readonly reports: Voortgangsrapportage[];
}

/** One table as the actor may see it, with what they may do there. */
export interface TafelView {
  readonly tafel: Ontwikkeltafel;
  readonly rows: ScheduleRow[];
  /** A trekker: writes the reports. */
  readonly canWrite: boolean;
  /** Reads the reports: a trekker, the Overlegtafel or a participant. */
  readonly canRead: boolean;
  readonly isGemeente: boolean;
  /** The actor's organisations that may join the table. */
  readonly joinFor: readonly Organisation[];
  readonly today: LocalDate;
  /** For the gemeente: partners from the voorliggend veld it may add as guests. */
  readonly guestCandidates: readonly Organisation[];
}

/** Someone who can be made a trekker, with the first organisation they are a contact of. */
export interface TrekkerCandidate {
  readonly id: string;
  readonly name: string;
  readonly organisationName: string | undefined;
}

export class OntwikkeltafelsService {
  readonly repo: OntwikkeltafelsRepository;
  private readonly broadcasts: TafelBroadcasts;
  private readonly rapportages: Rapportages;
  /** Joining a table and adding guests. */
  readonly membership: TafelMembership;

  constructor(private readonly deps: OntwikkeltafelsDeps) {
    this.repo = new OntwikkeltafelsRepository(deps.db);
    this.broadcasts = new TafelBroadcasts(deps, this.repo);
    this.rapportages = new Rapportages(deps, this.repo, this.broadcasts);
    this.membership = new TafelMembership(
      deps,
      (id) => this.loadTafel(id),
      (id, apply, outbox) => this.changeTafel(id, apply, outbox),
    );
  }

  private now(): Date {
    return this.deps.now();
  }

  // Reading ----------------------------------------------------------------------------------------------------

  async loadTafel(
    id: string,
  ): Promise<{ doc: Versioned<OntwikkeltafelDocument>; tafel: Ontwikkeltafel } | undefined> {
    const doc = await this.repo.getTafel(id);
    return doc ? { doc, tafel: toTafel(doc.value) } : undefined;
  }

  async listTafels(): Promise<Ontwikkeltafel[]> {
    return (await this.repo.listTafels()).map(toTafel);
  }

  /** The parties at the Overlegtafel now (see loadOverlegtafel). */
  overlegtafel(now = this.now()): Promise<OverlegtafelAudience> {
    return loadOverlegtafel(this.deps, now);
  }

  /** A member of the Overlegtafel: the gemeente, or a contact of one of its parties. */
  isMember(actor: Actor, overlegtafel: OverlegtafelAudience): boolean {
    return isOverlegtafelMember(actor, overlegtafel);
  }

  /** Who may read a published report (see mayReadReport). */
  mayRead(
    actor: Actor,
    tafel: Ontwikkeltafel,
    doc: RapportageDocument,
    overlegtafel: OverlegtafelAudience,
  ): boolean {
    return mayReadReport(actor, tafel, doc, overlegtafel);
  }

  /** Organisations the actor may join this table for: invited ones it does not take part in yet. */
  joinableFor(actor: Actor, tafel: Ontwikkeltafel): Organisation[] {
    return joinableOrganisations(actor, tafel);
  }

  /** Who may see the table (see mayViewTafel). */
  mayView(actor: Actor, tafel: Ontwikkeltafel, overlegtafel: OverlegtafelAudience): boolean {
    return mayViewTafel(actor, tafel, overlegtafel);
  }

  async portfolio(
    actor: Actor,
    now = this.now(),
  ): Promise<{ rows: PortfolioRow[]; full: boolean; member: boolean }> {
    const [tafels, reports, overlegtafel] = await Promise.all([
      this.listTafels(),
      this.repo.listAllReports(),
      this.overlegtafel(now),
    ]);
    const member = isOverlegtafelMember(actor, overlegtafel);
    const full = member || tafels.some((t) => isTrekker(t, actor));
    const byTafel = new Map<string, Voortgangsrapportage[]>();
    for (const doc of reports)
      byTafel.set(doc.ontwikkeltafelId, [...(byTafel.get(doc.ontwikkeltafelId) ?? []), toRapportage(doc)]);
    const rows: PortfolioRow[] = [];
    for (const tafel of tafels) {
      const canJoin = joinableOrganisations(actor, tafel).length > 0;
      if (!full && !canJoin && !mayViewTafel(actor, tafel, overlegtafel)) continue;
      const own = byTafel.get(tafel.id) ?? [];
      const published = own
        .filter((r) => r.publishedAt !== null)
        .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || (a.kind === 'eindevaluatie' ? -1 : 1));
      rows.push({
        tafel,
        lastReport: published[0] ?? null,
        next: nextDueReport(tafel, own, now),
        overdue: overdueReports(tafel, own, now),
        restricted: !full,
        canJoin,
      });
    }
    return { rows, full, member };
  }

  /**
   * The table with every report it owes or delivered: the schedule (for an ended table only its eindevaluatie)
   * plus the voortgang reports published while it was active, so they stay readable.
   */
  async detail(tafelId: string, now = this.now()): Promise<TafelDetail | undefined> {
    const loaded = await this.loadTafel(tafelId);
    if (!loaded) return undefined;
    const { tafel } = loaded;
    const reports = (await this.repo.listReports(tafelId)).map((r) => toRapportage(r.value));
    const schedule: ScheduledReport[] = reportSchedule(tafel, reports, now);
    const shown = new Set(schedule.map((s) => s.period.id));
    const earlier = voortgangPeriods(tafel, localDateOf(now));
    for (const report of reports) {
      if (report.publishedAt === null || shown.has(report.periodId)) continue;
      const period = earlier.find((p) => p.id === report.periodId);
      if (period) schedule.push({ period, state: 'gepubliceerd', reportId: report.id });
    }
    schedule.sort((a, b) =>
      a.period.kind !== b.period.kind
        ? a.period.kind === 'eindevaluatie'
          ? 1
          : -1
        : a.period.end.localeCompare(b.period.end),
    );
    const rows = schedule.map((scheduled) => ({
      scheduled,
      report: reports.find((r) => r.periodId === scheduled.period.id) ?? null,
    }));
    return { ...loaded, rows, reports };
  }

  // What the cards show, for whom --------------------------------------------------------------------------------

  /** The gemeente sets tables up, ends them and shares reports with every aanbieder. */
  mayManage(actor: Actor): boolean {
    return isGemeenteActor(actor);
  }

  /** The export of the reports is for the members of the Overlegtafel. */
  async mayExport(actor: Actor): Promise<boolean> {
    return isOverlegtafelMember(actor, await this.overlegtafel());
  }

  async tafelView(actor: KnownActor, tafelId: string): Promise<TafelView | undefined> {
    const now = this.now();
    const [detail, overlegtafel] = await Promise.all([this.detail(tafelId, now), this.overlegtafel(now)]);
    if (!detail || !mayViewTafel(actor, detail.tafel, overlegtafel)) return undefined;
    const { tafel } = detail;
    const canWrite = isTrekker(tafel, actor);
    const participants = new Set(tafel.participants.map((p) => p.organisationId));
    const canRead =
      canWrite ||
      isOverlegtafelMember(actor, overlegtafel) ||
      isGuestOf(actor, tafel) ||
      actor.roles.some((r) => participants.has(r.organisation.id));
    return {
      tafel,
      rows: detail.rows,
      canWrite,
      canRead,
      isGemeente: isGemeenteActor(actor),
      joinFor: joinableOrganisations(actor, tafel),
      today: localDateOf(now),
      guestCandidates: isGemeenteActor(actor) ? await this.membership.guestCandidates(tafel) : [],
    };
  }

  /** The report form of one period, or why it cannot be opened (see Rapportages.reportForm). */
  reportForm(actor: Actor, tafelId: string, periodId: string): Promise<ReportFormOpening> {
    return this.rapportages.reportForm(actor, tafelId, periodId);
  }

  /** A report as the actor may see it (see Rapportages.reportView). */
  reportView(
    actor: Actor,
    tafelId: string,
    reportId: string,
    overlegtafel?: OverlegtafelAudience,
  ): Promise<ReportOpening> {
    return this.rapportages.reportView(actor, tafelId, reportId, overlegtafel);
  }

  async trekkerCandidates(): Promise<TrekkerCandidate[]> {
    const people = await this.deps.registry.listPeople();
    const organisations = new Map(
      (await this.deps.registry.listOrganisations()).map((o) => [o.id, o.name] as const),
    );
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      organisationName: p.memberships.map((m) => organisations.get(m.organisationId)).find(Boolean),
    }));
  }

  /** When the eindevaluatie of an (ended) table is due. */
  eindevaluatieDue(tafel: Ontwikkeltafel): LocalDate | undefined {
    return findPeriod(tafel, EINDEVALUATIE_PERIOD_ID, localDateOf(this.now()))?.dueDate;
  }

  // Tables -----------------------------------------------------------------------------------------------------

  async createTafel(
    actor: Actor,
    form: TafelFormInput,
    idempotencyKey: string,
  ): Promise<Result<{ tafel: Ontwikkeltafel; invited: number }>> {
    const gemeente = requireGemeente(actor, {
      nl: 'een ontwikkeltafel instellen',
      en: 'set up an ontwikkeltafel',
    });
    if (!gemeente.ok) return gemeente;
    const id = tafelIdFor(idempotencyKey);
    const people = await this.deps.registry.listPeople();
    const byId = new Map(people.map((p) => [p.id, p]));
    const messages: Bilingual[] = [];
    const refusals: Refusal[] = [];
    const trekkers: Trekker[] = [];
    for (const personId of form.trekkerIds) {
      const person = byId.get(personId);
      if (!person) {
        messages.push({
          nl: 'Een gekozen trekker is niet (meer) geregistreerd. Kies de trekkers opnieuw.',
          en: 'A chosen lead is not registered (any more). Choose the leads again.',
        });
        break;
      }
      trekkers.push({
        personId,
        name: person.name,
        organisationId: person.memberships[0]?.organisationId ?? null,
      });
    }
    const schedule = parseScheduleFields(form);
    if (!schedule.ok) refusals.push(schedule);
    const reason = checkDirectReason(form.reason);
    if (!reason.ok) refusals.push(reason);
    const now = this.now();
    const result = createOntwikkeltafel(
      {
        id,
        input: {
          name: form.name,
          opdracht: form.opdracht,
          doel: form.doel,
          percelen: form.percelen,
          trekkers,
          start: form.start,
          expectedEnd: form.expectedEnd,
          schedule: schedule.ok ? schedule.value : undefined,
        },
        origin: reason.ok ? { kind: 'direct', reason: reason.value } : undefined,
      },
      actor,
      now,
    );
    if (!result.ok || refusals.length > 0 || messages.length > 0) {
      return combineRefusals(
        'ontwikkeltafel.invalid',
        result.ok ? refusals : [...refusals, result],
        messages,
      );
    }
    if (!reason.ok) return reason; // (already in refusals; narrows the type)
    const stored = await this.storeNewTafel(result.value.tafel, gemeente.value.person.id, {
      origin: 'direct',
      reason: reason.value,
    });
    return stored.ok ? succeed(stored.value) : stored;
  }

  /**
   * Sets up the table an adopted voorstel "ontwikkeltafel instellen" proposes [000 §2]. The table's id follows
   * from the voorstel's, so doing it twice (a retried outbox entry) sets up one table.
   */
  async createFromVoorstel(
    voorstel: TafelFromVoorstel['voorstel'],
  ): Promise<Result<{ tafel: Ontwikkeltafel; invited: number }>> {
    const result = ontwikkeltafelFromVoorstel(
      { id: tafelIdFor(`voorstel:${voorstel.id}`), voorstel },
      this.now(),
    );
    if (!result.ok) return result;
    return this.storeNewTafel(result.value.tafel, result.value.tafel.createdBy.personId, {
      origin: 'voorstel',
      voorstelId: voorstel.id,
    });
  }

  /** Stores a new table (once: a second attempt finds the first), tells the trekkers, invites the aanbieders. */
  private async storeNewTafel(
    tafel: Ontwikkeltafel,
    byPersonId: string,
    auditDetails: Record<string, unknown>,
  ): Promise<Result<{ tafel: Ontwikkeltafel; invited: number }>> {
    const id = tafel.id;
    const invitees = ontwikkeltafelInvitees(await this.deps.registry.listOrganisations(), tafel.percelen);
    const outbox: TafelOutboxEntry[] =
      invitees.length > 0 ? [{ id: broadcastIdFor(id, 'uitnodiging'), kind: 'uitnodiging' }] : [];
    // The trekkers' led-tables hint first, the table second: a crash in between leaves an extra id (filtered
    // when read), never a trekker whose help card misses the table.
    await Promise.all(tafel.trekkers.map((t) => this.deps.registry.addLedTable(t.personId, id)));
    try {
      await this.repo.createTafel(toTafelDocument(tafel, { outbox, broadcasts: [] }));
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const existing = await this.loadTafel(id);
      if (existing && existing.tafel.createdBy.personId === byPersonId) {
        return succeed({ tafel: existing.tafel, invited: invitees.length });
      }
      return refuse('ontwikkeltafel.duplicate', {
        nl: 'Deze ontwikkeltafel kon niet worden opgeslagen. Probeer het opnieuw.',
        en: 'This ontwikkeltafel could not be saved. Please try again.',
      });
    }
    await recordTafelAudit(this.deps, id, byPersonId, 'ontwikkeltafel.ingesteld', {
      percelen: tafel.percelen,
      ...auditDetails,
    });
    await this.broadcasts.flushTafelOutbox(id);
    return succeed({ tafel, invited: invitees.length });
  }

  /** Read, apply the domain rule, write with If-Match; on a conflict start again from a fresh read. */
  private async changeTafel(
    id: string,
    apply: (tafel: Ontwikkeltafel) => Result<{ tafel: Ontwikkeltafel; events: readonly unknown[] }>,
    outbox: readonly TafelOutboxEntry[],
  ): Promise<Result<{ tafel: Ontwikkeltafel; changed: boolean }>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.loadTafel(id);
      if (!loaded)
        return refuse('ontwikkeltafel.not-found', {
          nl: 'Deze ontwikkeltafel bestaat niet (meer).',
          en: 'This ontwikkeltafel does not exist (any more).',
        });
      const result = apply(loaded.tafel);
      if (!result.ok) return result;
      if (result.value.events.length === 0) return succeed({ tafel: loaded.tafel, changed: false });
      const known = new Set(loaded.doc.value.outbox.map((e) => e.id));
      const next = toTafelDocument(result.value.tafel, {
        outbox: [...loaded.doc.value.outbox, ...outbox.filter((e) => !known.has(e.id))],
        broadcasts: loaded.doc.value.broadcasts,
      });
      try {
        await this.repo.replaceTafel(next, loaded.doc.etag);
        return succeed({ tafel: result.value.tafel, changed: true });
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  async end(actor: Actor, tafelId: string, endedOn: string): Promise<Result<Ontwikkeltafel>> {
    const result = await this.changeTafel(
      tafelId,
      (tafel) => endOntwikkeltafel(tafel, endedOn, actor, this.now()),
      [{ id: broadcastIdFor(tafelId, 'beeindigd'), kind: 'beeindigd' }],
    );
    if (!result.ok) {
      // Ended before, perhaps by a run that died before it updated the trekkers: finish that part now.
      if (result.code === 'ontwikkeltafel.ended') await this.forgetEndedTafel(tafelId);
      return result;
    }
    await this.forgetLedTable(result.value.tafel);
    await recordTafelAudit(this.deps, tafelId, personIdOf(actor), 'ontwikkeltafel.beeindigd', { endedOn });
    await this.broadcasts.flushTafelOutbox(tafelId);
    return succeed(result.value.tafel);
  }

  /**
   * After the table was written as ended: its trekkers' led-tables hints drop it (the hint lists active tables).
   * Table first, hint second, so a crash in between leaves an extra id, which readers filter out.
   */
  private async forgetLedTable(tafel: Ontwikkeltafel): Promise<void> {
    if (tafel.status === 'actief') return;
    await Promise.all(tafel.trekkers.map((t) => this.deps.registry.removeLedTable(t.personId, tafel.id)));
  }

  private async forgetEndedTafel(tafelId: string): Promise<void> {
    const loaded = await this.loadTafel(tafelId);
    if (loaded) await this.forgetLedTable(loaded.tafel);
  }

  // Reports (Rapportages) ------------------------------------------------------------------------------------

  /**
   * Saves the trekker's draft, and with `publish` publishes it in the same write. `etag` is the version the form
   * was rendered from: a change a co-trekker made meanwhile is refused (StaleDocumentError), not overwritten.
   */
  saveReport(
    actor: Actor,
    command: SaveReportCommand,
  ): Promise<Result<{ report: Voortgangsrapportage; etag: string }>> {
    return this.rapportages.saveReport(actor, command);
  }

  /** A trekker corrects a published report, with a reason; the correction goes to everyone who read it. */
  correct(actor: Actor, command: CorrectReportCommand): Promise<Result<Voortgangsrapportage>> {
    return this.rapportages.correct(actor, command);
  }

  /** The gemeente shares a published voortgang report with every contracted aanbieder. */
  shareWithAllAanbieders(
    actor: Actor,
    tafelId: string,
    reportId: string,
  ): Promise<Result<{ changed: boolean }>> {
    return this.rapportages.shareWithAllAanbieders(actor, tafelId, reportId);
  }

  /** A reader's question reaches the trekkers, with who asked it so they can answer. */
  askQuestion(
    actor: Actor,
    command: QuestionCommand,
  ): Promise<Result<{ trekkers: string[]; sent: boolean }>> {
    return this.rapportages.askQuestion(actor, command);
  }

  /** A decision the report asks of the Overlegtafel becomes a voorstel (concept), once. */
  decisionToVoorstel(
    actor: Actor,
    command: DecisionCommand,
  ): Promise<Result<{ voorstelId: string; title: string }>> {
    return this.rapportages.decisionToVoorstel(actor, command);
  }

  /** Markdown of every published report whose period ends in the range, for the minutes. */
  exportMarkdown(range: ExportRange): Promise<{ markdown: string; reports: number }> {
    return this.rapportages.exportMarkdown(range);
  }

  // Outboxes and scheduled work (TafelBroadcasts) ----------------------------------------------------------------

  flushTafelOutbox(id: string): Promise<void> {
    return this.broadcasts.flushTafelOutbox(id);
  }

  flushReportOutbox(tafelId: string, reportId: string): Promise<void> {
    return this.broadcasts.flushReportOutbox(tafelId, reportId);
  }

  /** Reminders before a report is due and overdue notices after, each once; and what outboxes still hold. */
  async runScheduled(now: Date): Promise<void> {
    for (const doc of await this.repo.tafelsWithPendingOutbox())
      await this.broadcasts.flushTafelOutbox(doc.id);
    for (const doc of await this.repo.reportsWithPendingOutbox())
      await this.broadcasts.flushReportOutbox(doc.ontwikkeltafelId, doc.id);
    await this.broadcasts.runNotices(now);
  }

  runNotices(now: Date): Promise<number> {
    return this.broadcasts.runNotices(now);
  }
}
