import { createHash } from 'node:crypto';
import {
  invitationView,
  meldingView,
  ontwikkeltafelsPlainText,
  ontwikkeltafelsText,
  periodRange,
  kindLabel,
  rapportCardView,
  renderOntwikkeltafelCard,
  vraagView,
  type Notice,
  type PortfolioRow,
  type ScheduleRow,
} from '../cards/views/ontwikkeltafelsViews';
import type { DeliveryService } from '../delivery/deliveryService';
import { MAX_CARD_BYTES, type BroadcastAudience, type BroadcastMessage } from '../domain/delivery/broadcast';
import { ontwikkeltafelInvitees } from '../domain/inschrijving/ontwikkeltafel';
import {
  correctReport,
  createOntwikkeltafel,
  decisionAsVoorstelInput,
  dueNotices,
  endOntwikkeltafel,
  eindevaluatiePeriod,
  isTrekker,
  joinOntwikkeltafel,
  linkDecisionToVoorstel,
  mayBeInvited,
  nextDueReport,
  overdueReports,
  publishReport,
  reportSchedule,
  reportsMarkdown,
  saveDraft,
  startReport,
  voortgangPeriods,
  type ExportRange,
  type MonthDay,
  type Ontwikkeltafel,
  type RapportageSchema,
  type RapportContentInput,
  type ReportNotice,
  type ScheduledReport,
  type Trekker,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { refuse, refuseFields, succeed, type Refusal, type Result } from '../domain/shared/result';
import { fromIsoInstant, localDateOf, localYearOf, toIsoInstant } from '../domain/time/amsterdam';
import { formatDutchShortDate } from '../domain/time/dutch';
import { daysBetween } from '../domain/time/localDate';
import {
  isGemeente,
  requireGemeente,
  requireKnownActor,
  type KnownActor,
} from '../domain/voorstellen/acting';
import { checkText, FieldProblems } from '../domain/voorstellen/textRules';
import { submitVoorstel } from '../domain/voorstellen/voorstel';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError, type Versioned } from '../storage/documentStore';
import { currentOverlegtafelMembers } from '../storage/inschrijvingRepository';
import {
  OntwikkeltafelsRepository,
  reportIdFor,
  toRapportage,
  toRapportageDocument,
  toTafel,
  toTafelDocument,
  type OntwikkeltafelDocument,
  type RapportageDocument,
  type RapportOutboxEntry,
  type TafelOutboxEntry,
} from '../storage/ontwikkeltafelsRepository';
import type { PersonDocument, RegistryRepository } from '../storage/registryRepository';
import { toDocument as toVoorstelDocument, VoorstellenRepository } from '../storage/voorstellenRepository';

/**
 * The ontwikkeltafel use cases: each loads the stored state, asks the domain (src/domain/ontwikkeltafels), writes
 * with If-Match and records the broadcasts it causes in the document's outbox in the same write. The outbox is
 * enqueued right away and, should that fail or the process die, by the scheduled task: broadcast ids are
 * deterministic, so enqueueing twice sends once. Broadcast cards are built from what every reader may see.
 */

export interface OntwikkeltafelsDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
}

const ATTEMPTS = 6;
const BROADCAST_ID = /^[a-z0-9][a-z0-9-]{2,100}$/;
export const QUESTION_LIMITS = { min: 3, max: 2000 } as const;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new table's id comes from the invoke that created it, so a redelivered create finds the first table. */
export function tafelIdFor(idempotencyKey: string): string {
  return `ot-${sha256(idempotencyKey).slice(0, 12)}`;
}

/** One voorstel per requested decision: a repeated "make it a voorstel" finds the one made before. */
export function voorstelIdForDecision(reportId: string, decisionId: string): string {
  return `vs-${sha256(`ontwikkeltafel:${reportId}:${decisionId}`).slice(0, 12)}`;
}

/** A broadcast id from its parts; hashed when the parts would not make a valid (short, lower-case) id. */
export function broadcastIdFor(...parts: string[]): string {
  const id = parts.join('-').toLowerCase();
  return BROADCAST_ID.test(id) ? id : `ot-${sha256(id).slice(0, 32)}`;
}

/** What the gemeente fills in on the form, as text; parsed here into the domain's input. */
export interface TafelFormInput {
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: string;
  readonly trekkerIds: readonly string[];
  readonly start: string;
  readonly expectedEnd: string;
  /** "30-06, 31-12" (day-month). */
  readonly periodEnds: string;
  readonly graceDays: string;
  /** "14, 3". */
  readonly reminderDays: string;
}

/**
 * Parses the schedule fields of the form. Formats are checked here; whether the schedule is acceptable (at least
 * two reports a year, limits) is the domain's rule.
 */
export function parseScheduleFields(
  form: Pick<TafelFormInput, 'periodEnds' | 'graceDays' | 'reminderDays'>,
): Result<Partial<RapportageSchema>> {
  const problems: Record<string, string> = {};
  const periodEnds: MonthDay[] = [];
  for (const part of form.periodEnds.split(/[,;\s]+/).filter(Boolean)) {
    const match = /^(\d{1,2})-(\d{1,2})$/.exec(part);
    if (!match) {
      problems.periodEnds = `"${part.slice(0, 20)}" is geen dag-maand. Schrijf de rapportagemomenten als 30-06, 31-12.`;
      break;
    }
    periodEnds.push({ day: Number(match[1]), month: Number(match[2]) });
  }
  const graceText = form.graceDays.trim();
  const graceDays = graceText === '' ? undefined : /^\d{1,4}$/.test(graceText) ? Number(graceText) : NaN;
  if (Number.isNaN(graceDays)) problems.graceDays = 'Het aantal dagen na een periode is een heel getal.';
  const reminderDaysBefore: number[] = [];
  for (const part of form.reminderDays.split(/[,;\s]+/).filter(Boolean)) {
    if (!/^\d{1,3}$/.test(part)) {
      problems.reminderDays = 'Herinneringen zijn hele getallen (dagen vooraf), bijvoorbeeld 14, 3.';
      break;
    }
    reminderDaysBefore.push(Number(part));
  }
  if (Object.keys(problems).length > 0) return refuseFields('ontwikkeltafel.invalid', problems);
  return succeed({
    ...(periodEnds.length > 0 ? { periodEnds } : {}),
    ...(graceDays !== undefined ? { graceDays } : {}),
    reminderDaysBefore,
  });
}

/** The organisations at the Overlegtafel now: gemeenten, lokale toegang and the published composition. */
export interface OverlegtafelAudience {
  readonly organisationIds: readonly string[];
  /** The year of the composition used; null when none has been published (this year or last). */
  readonly compositionYear: number | null;
  readonly organisations: readonly Organisation[];
}

export interface TafelDetail {
  readonly doc: Versioned<OntwikkeltafelDocument>;
  readonly tafel: Ontwikkeltafel;
  readonly rows: ScheduleRow[];
  readonly reports: Voortgangsrapportage[];
}

export class OntwikkeltafelsService {
  readonly repo: OntwikkeltafelsRepository;

  constructor(private readonly deps: OntwikkeltafelsDeps) {
    this.repo = new OntwikkeltafelsRepository(deps.db);
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

  /**
   * The parties at the Overlegtafel: every gemeente and the lokale toegang, plus the aanbieders of this year's
   * published composition (issue 4), or last year's while the new one is not published: the table stays seated
   * until it is replaced.
   */
  async overlegtafel(now = this.now()): Promise<OverlegtafelAudience> {
    const organisations = await this.deps.registry.listOrganisations();
    const known = new Set(organisations.map((o) => o.id));
    const year = localYearOf(now);
    let compositionYear: number | null = null;
    let memberIds: string[] = [];
    for (const candidate of [year, year - 1]) {
      const members = await currentOverlegtafelMembers(this.deps.db, candidate);
      if (members.length > 0) {
        compositionYear = candidate;
        memberIds = members.map((m) => m.organisationId).filter((id) => known.has(id));
        break;
      }
    }
    const publicBodies = organisations
      .filter((o) => o.type === 'gemeente' || o.type === 'lokale-toegang')
      .map((o) => o.id);
    return { organisationIds: [...new Set([...publicBodies, ...memberIds])], compositionYear, organisations };
  }

  /** A member of the Overlegtafel: the gemeente, or a contact of one of its parties. */
  isMember(actor: Actor, overlegtafel: OverlegtafelAudience): boolean {
    if (actor.kind !== 'person') return false;
    if (isGemeenteActor(actor)) return true;
    const parties = new Set(overlegtafel.organisationIds);
    return actor.roles.some((r) => parties.has(r.organisation.id));
  }

  /** Who may read a published report: the gemeente, its trekkers, the Overlegtafel and the organisations it went to. */
  mayRead(
    actor: Actor,
    tafel: Ontwikkeltafel,
    doc: RapportageDocument,
    overlegtafel: OverlegtafelAudience,
  ): boolean {
    if (actor.kind !== 'person' || doc.publishedAt === null) return false;
    if (isGemeenteActor(actor) || isTrekker(tafel, actor) || this.isMember(actor, overlegtafel)) return true;
    const audience = new Set(doc.audienceOrganisationIds);
    return actor.roles.some((r) => audience.has(r.organisation.id));
  }

  /** Organisations the actor may join this table for: invited ones it does not take part in yet. */
  joinableFor(actor: Actor, tafel: Ontwikkeltafel): Organisation[] {
    if (actor.kind !== 'person' || tafel.status !== 'actief') return [];
    const joined = new Set(tafel.participants.map((p) => p.organisationId));
    return actor.roles.map((r) => r.organisation).filter((o) => mayBeInvited(tafel, o) && !joined.has(o.id));
  }

  /** The table may be seen by the gemeente, the Overlegtafel, its trekkers, participants and invited aanbieders. */
  mayView(actor: Actor, tafel: Ontwikkeltafel, overlegtafel: OverlegtafelAudience): boolean {
    if (actor.kind !== 'person') return false;
    if (this.isMember(actor, overlegtafel) || isTrekker(tafel, actor)) return true;
    const participants = new Set(tafel.participants.map((p) => p.organisationId));
    return actor.roles.some(
      (r) => participants.has(r.organisation.id) || mayBeInvited(tafel, r.organisation),
    );
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
    const member = this.isMember(actor, overlegtafel);
    const full = member || tafels.some((t) => isTrekker(t, actor));
    const byTafel = new Map<string, Voortgangsrapportage[]>();
    for (const doc of reports)
      byTafel.set(doc.ontwikkeltafelId, [...(byTafel.get(doc.ontwikkeltafelId) ?? []), toRapportage(doc)]);
    const rows: PortfolioRow[] = [];
    for (const tafel of tafels) {
      const canJoin = this.joinableFor(actor, tafel).length > 0;
      if (!full && !canJoin && !this.mayView(actor, tafel, overlegtafel)) continue;
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

  // Tables -----------------------------------------------------------------------------------------------------

  async createTafel(
    actor: Actor,
    form: TafelFormInput,
    idempotencyKey: string,
  ): Promise<Result<{ tafel: Ontwikkeltafel; invited: number }>> {
    const gemeente = requireGemeente(actor, 'een ontwikkeltafel instellen');
    if (!gemeente.ok) return gemeente;
    const id = tafelIdFor(idempotencyKey);
    const people = await this.deps.registry.listPeople();
    const byId = new Map(people.map((p) => [p.id, p]));
    const messages: string[] = [];
    const trekkers: Trekker[] = [];
    for (const personId of form.trekkerIds) {
      const person = byId.get(personId);
      if (!person) {
        messages.push('Een gekozen trekker is niet (meer) geregistreerd. Kies de trekkers opnieuw.');
        break;
      }
      trekkers.push({
        personId,
        name: person.name,
        organisationId: person.memberships[0]?.organisationId ?? null,
      });
    }
    const schedule = parseScheduleFields(form);
    if (!schedule.ok) messages.push(...schedule.messages);
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
      },
      actor,
      now,
    );
    if (!result.ok || messages.length > 0) {
      return {
        ok: false,
        code: 'ontwikkeltafel.invalid',
        messages: [...messages, ...(result.ok ? [] : result.messages)],
      };
    }
    const { tafel } = result.value;
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
      if (existing && existing.tafel.createdBy.personId === gemeente.value.person.id) {
        return succeed({ tafel: existing.tafel, invited: invitees.length });
      }
      return refuse(
        'ontwikkeltafel.duplicate',
        'Deze ontwikkeltafel kon niet worden opgeslagen. Probeer het opnieuw.',
      );
    }
    await this.audit(id, gemeente.value.person.id, 'ontwikkeltafel.ingesteld', { percelen: tafel.percelen });
    await this.flushTafelOutbox(id);
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
      if (!loaded) return refuse('ontwikkeltafel.not-found', 'Deze ontwikkeltafel bestaat niet (meer).');
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

  async join(
    actor: Actor,
    tafelId: string,
    organisationId: string,
  ): Promise<Result<{ tafel: Ontwikkeltafel; changed: boolean }>> {
    const result = await this.changeTafel(
      tafelId,
      (tafel) => joinOntwikkeltafel(tafel, organisationId, actor, this.now()),
      [],
    );
    if (result.ok && result.value.changed) {
      await this.audit(tafelId, personIdOf(actor), 'ontwikkeltafel.deelnemer-toegevoegd', { organisationId });
    }
    return result;
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
    await this.audit(tafelId, personIdOf(actor), 'ontwikkeltafel.beeindigd', { endedOn });
    await this.flushTafelOutbox(tafelId);
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

  // Reports ----------------------------------------------------------------------------------------------------

  /**
   * Saves the trekker's draft, and with `publish` publishes it in the same write. `etag` is the version the form
   * was rendered from: a change a co-trekker made meanwhile is refused (StaleDocumentError), not overwritten.
   */
  async saveReport(
    actor: Actor,
    command: {
      readonly tafelId: string;
      readonly periodId: string;
      readonly content: RapportContentInput;
      readonly etag: string;
      readonly publish: boolean;
    },
  ): Promise<Result<{ report: Voortgangsrapportage; etag: string }>> {
    const loaded = await this.loadTafel(command.tafelId);
    if (!loaded) return refuse('ontwikkeltafel.not-found', 'Deze ontwikkeltafel bestaat niet (meer).');
    const { tafel } = loaded;
    const now = this.now();
    const reportId = reportIdFor(tafel.id, command.periodId);
    const existing = await this.repo.getReport(tafel.id, reportId);

    let report: Voortgangsrapportage;
    if (!existing) {
      const started = startReport(
        tafel,
        [],
        { id: reportId, periodId: command.periodId, content: command.content },
        actor,
        now,
      );
      if (!started.ok) return started;
      report = started.value.report;
    } else {
      const saved = saveDraft(toRapportage(existing.value), tafel, command.content, actor, now);
      if (!saved.ok) return saved;
      report = saved.value.report;
    }
    if (command.publish) {
      const published = publishReport(report, tafel, actor, now);
      if (!published.ok) return published;
      report = published.value.report;
      const tooLarge = tooLargeToSend(tafel, report);
      if (tooLarge) return tooLarge;
    }
    const outbox: RapportOutboxEntry[] = command.publish
      ? [{ id: broadcastIdFor(reportId, 'v1'), kind: 'publicatie', version: 1 }]
      : [];
    let written: Versioned<RapportageDocument>;
    if (!existing) {
      try {
        written = await this.repo.createReport(
          toRapportageDocument(report, { ...emptyDistribution(), outbox }),
        );
      } catch (error) {
        // A co-trekker started this report a moment ago: theirs is kept; this form is out of date.
        if (error instanceof DocumentConflictError) throw new StaleDocumentError(reportId);
        throw error;
      }
    } else {
      written = await this.repo.replaceReport(
        toRapportageDocument(report, { ...existing.value, outbox: [...existing.value.outbox, ...outbox] }),
        command.etag || existing.etag,
      );
    }
    if (command.publish) {
      await this.audit(tafel.id, personIdOf(actor), 'rapportage.gepubliceerd', { reportId, version: 1 });
      await this.flushReportOutbox(tafel.id, reportId);
    }
    return succeed({ report, etag: written.etag });
  }

  async correct(
    actor: Actor,
    command: {
      readonly tafelId: string;
      readonly reportId: string;
      readonly content: RapportContentInput;
      readonly reason: string;
      readonly etag: string;
    },
  ): Promise<Result<Voortgangsrapportage>> {
    const loaded = await this.loadTafel(command.tafelId);
    const existing = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !existing) return refuse('rapportage.not-found', 'Deze rapportage bestaat niet (meer).');
    const result = correctReport(
      toRapportage(existing.value),
      loaded.tafel,
      { content: command.content, reason: command.reason },
      actor,
      this.now(),
    );
    if (!result.ok) return result;
    const report = result.value.report;
    const tooLarge = tooLargeToSend(loaded.tafel, report);
    if (tooLarge) return tooLarge;
    const version = report.versions.length;
    await this.repo.replaceReport(
      toRapportageDocument(report, {
        ...existing.value,
        outbox: [
          ...existing.value.outbox,
          { id: broadcastIdFor(report.id, `v${version}`), kind: 'publicatie', version },
        ],
      }),
      command.etag || existing.etag,
    );
    await this.audit(command.tafelId, personIdOf(actor), 'rapportage.gecorrigeerd', {
      reportId: report.id,
      version,
    });
    await this.flushReportOutbox(command.tafelId, report.id);
    return succeed(report);
  }

  /** The gemeente shares a published voortgang report with every contracted aanbieder; later corrections follow. */
  async shareWithAllAanbieders(
    actor: Actor,
    tafelId: string,
    reportId: string,
  ): Promise<Result<{ changed: boolean }>> {
    const gemeente = requireGemeente(actor, 'een rapportage met alle aanbieders delen');
    if (!gemeente.ok) return gemeente;
    const existing = await this.repo.getReport(tafelId, reportId);
    if (!existing || existing.value.publishedAt === null)
      return refuse(
        'rapportage.not-found',
        'Deze rapportage bestaat niet (meer) of is nog niet gepubliceerd.',
      );
    // An eindevaluatie reaches every aanbieder already.
    if (existing.value.sharedWithAllAanbieders || existing.value.kind === 'eindevaluatie')
      return succeed({ changed: false });
    const version = existing.value.versions.length;
    const entry: RapportOutboxEntry = {
      id: broadcastIdFor(reportId, `v${version}`, 'aanbieders'),
      kind: 'alle-aanbieders',
      version,
    };
    await this.repo.replaceReport(
      { ...existing.value, sharedWithAllAanbieders: true, outbox: [...existing.value.outbox, entry] },
      existing.etag,
    );
    await this.audit(tafelId, gemeente.value.person.id, 'rapportage.gedeeld-met-alle-aanbieders', {
      reportId,
    });
    await this.flushReportOutbox(tafelId, reportId);
    return succeed({ changed: true });
  }

  /** A reader's question reaches the trekkers, with who asked it so they can answer. */
  async askQuestion(
    actor: Actor,
    command: {
      readonly tafelId: string;
      readonly reportId: string;
      readonly question: unknown;
      readonly idempotencyKey: string;
    },
  ): Promise<Result<{ trekkers: string[]; sent: boolean }>> {
    const known = requireKnownActor(actor);
    if (!known.ok) return known;
    const loaded = await this.loadTafel(command.tafelId);
    const doc = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !doc || doc.value.publishedAt === null)
      return refuse('rapportage.not-found', 'Deze rapportage bestaat niet (meer).');
    const { tafel } = loaded;
    const overlegtafel = await this.overlegtafel();
    if (!this.mayRead(actor, tafel, doc.value, overlegtafel)) {
      return refuse(
        'rapportage.not-reader',
        'U kunt alleen een vraag stellen over een rapportage die met uw organisatie is gedeeld.',
      );
    }
    const problems = new FieldProblems();
    const question = checkText(problems, 'question', command.question, {
      label: 'Uw vraag',
      min: QUESTION_LIMITS.min,
      max: QUESTION_LIMITS.max,
      multiline: true,
    });
    if (problems.any) return refuseFields('vraag.invalid', problems.all);

    const key = sha256(command.idempotencyKey);
    const broadcastId = broadcastIdFor(command.reportId, 'vraag', key.slice(0, 12));
    const trekkerPeople = await this.existingPeople(tafel.trekkers.map((t) => t.personId));
    const audience = new Set(doc.value.audienceOrganisationIds);
    const organisation =
      known.value.roles.find((r) => audience.has(r.organisation.id))?.organisation ??
      known.value.roles[0]?.organisation;
    const report = toRapportage(doc.value);
    const card = renderOntwikkeltafelCard(
      'rapportageVraag',
      'nl',
      vraagView(
        tafel,
        report,
        {
          text: question,
          askedBy: known.value.person.name,
          organisation: organisation?.name ?? '',
          email: known.value.person.email,
        },
        'nl',
      ),
    );
    const enqueued = await this.deps.delivery.enqueue({
      broadcastId,
      title: `Vraag over rapportage ${tafel.name}`.slice(0, 200),
      topic: 'rapportage.vraag',
      message: { card, text: `Vraag van ${known.value.person.name} over de rapportage van ${tafel.name}` },
      audience: { personIds: trekkerPeople.map((p) => p.id) },
      requestedByPersonId: known.value.person.id,
    });
    if (!enqueued.ok) return enqueued;
    await this.repo.createQuestion({
      id: `vraag-${key.slice(0, 24)}`,
      ontwikkeltafelId: tafel.id,
      docType: 'vraag',
      reportId: report.id,
      question,
      askedBy: {
        personId: known.value.person.id,
        personName: known.value.person.name,
        organisationId: organisation?.id ?? null,
        organisationName: organisation?.name ?? null,
        capacity:
          known.value.roles.find((r) => r.organisation.id === organisation?.id)?.role ?? 'contactpersoon',
      },
      askedAt: toIsoInstant(this.now()),
      broadcastId,
    });
    if (!enqueued.value.alreadyQueued) {
      await this.audit(tafel.id, known.value.person.id, 'rapportage.vraag', { reportId: report.id });
    }
    return succeed({ trekkers: tafel.trekkers.map((t) => t.name), sent: !enqueued.value.alreadyQueued });
  }

  /**
   * Turns a decision the report asks of the Overlegtafel into a voorstel (concept) with the table as its origin,
   * through the voorstellen store (issue 5), and links it in the report. The voorstel id comes from the decision,
   * so repeating the action, or finishing it after a crash, links the same voorstel and never makes a second.
   */
  async decisionToVoorstel(
    actor: Actor,
    command: { readonly tafelId: string; readonly reportId: string; readonly decisionId: string },
  ): Promise<Result<{ voorstelId: string; title: string }>> {
    const known = requireKnownActor(actor);
    if (!known.ok) return known;
    const loaded = await this.loadTafel(command.tafelId);
    const doc = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !doc || doc.value.publishedAt === null)
      return refuse('rapportage.not-found', 'Deze rapportage bestaat niet (meer).');
    const { tafel } = loaded;
    const gemeente = isGemeenteActor(actor);
    if (!gemeente && !isTrekker(tafel, actor)) {
      return refuse(
        'rapportage.voorstel-not-allowed',
        `Alleen de gemeente en de trekkers van ${tafel.name} kunnen van een gevraagd besluit een voorstel maken.`,
      );
    }
    const onBehalfOf = gemeente ? undefined : trekkerOrganisation(known.value, tafel);
    if (!gemeente && onBehalfOf === undefined) {
      return refuse(
        'rapportage.voorstel-no-organisation',
        'U bent geen contactpersoon of vervanger van een organisatie en kunt daarom geen voorstel indienen. Vraag de gemeente om er een voorstel van te maken.',
      );
    }
    const input = decisionAsVoorstelInput(tafel, toRapportage(doc.value), command.decisionId);
    if (!input.ok) return input;
    const voorstelId = voorstelIdForDecision(command.reportId, command.decisionId);
    const submitted = submitVoorstel(
      { id: voorstelId, input: input.value, onBehalfOfOrganisationId: onBehalfOf },
      actor,
      this.now(),
    );
    if (!submitted.ok) return submitted;
    const { voorstel, events } = submitted.value;
    // As in VoorstellenService.submit: the gemeente hears about a voorstel a provider submitted (its outbox is
    // enqueued by the voorstellen task); its own needs no message.
    const outbox =
      voorstel.submittedBy.capacity === 'gemeente' ? [] : events.map((event) => ({ id: event.type, event }));
    try {
      await new VoorstellenRepository(this.deps.db).create({ ...toVoorstelDocument(voorstel), outbox });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
    await this.repo.updateReport(command.tafelId, command.reportId, (current) => {
      const linked = linkDecisionToVoorstel(toRapportage(current), command.decisionId, voorstelId);
      return linked.ok ? toRapportageDocument(linked.value, current) : current;
    });
    await this.audit(command.tafelId, known.value.person.id, 'rapportage.voorstel', {
      reportId: command.reportId,
      decisionId: command.decisionId,
      voorstelId,
    });
    return succeed({ voorstelId, title: voorstel.title });
  }

  /** Markdown of every published report whose period ends in the range, for the minutes. */
  async exportMarkdown(range: ExportRange): Promise<{ markdown: string; reports: number }> {
    const [tafels, docs] = await Promise.all([this.listTafels(), this.repo.listAllReports()]);
    const reports = docs.map(toRapportage);
    const counted = reports.filter(
      (r) => r.publishedAt !== null && r.periodEnd >= range.from && r.periodEnd <= range.to,
    ).length;
    return { markdown: reportsMarkdown(tafels, reports, range), reports: counted };
  }

  // Outboxes ---------------------------------------------------------------------------------------------------

  /** Enqueues what a table change caused, removing each entry once enqueued; failures stay for the task. */
  async flushTafelOutbox(id: string): Promise<void> {
    try {
      const doc = await this.repo.getTafel(id);
      for (const entry of doc?.value.outbox ?? []) {
        const current = await this.repo.getTafel(id);
        if (!current) return;
        await this.tafelEffect(current.value, entry);
        await this.repo.updateTafel(id, (d) => ({
          ...d,
          outbox: d.outbox.filter((e) => e.id !== entry.id),
          broadcasts: [...new Set([...d.broadcasts, entry.id])],
        }));
      }
    } catch (error) {
      this.deps.logger.error('ontwikkeltafel broadcast not enqueued yet', {
        tafelId: id,
        error: (error as Error).message,
      });
    }
  }

  private async tafelEffect(doc: OntwikkeltafelDocument, entry: TafelOutboxEntry): Promise<void> {
    const tafel = toTafel(doc);
    if (entry.kind === 'uitnodiging') {
      const invitees = ontwikkeltafelInvitees(await this.deps.registry.listOrganisations(), tafel.percelen);
      await this.broadcast(
        entry.id,
        'ontwikkeltafel.uitnodiging',
        `Uitnodiging ontwikkeltafel ${tafel.name}`,
        {
          card: renderOntwikkeltafelCard('ontwikkeltafelUitnodiging', 'nl', invitationView(tafel, 'nl')),
          text: `Uitnodiging: ontwikkeltafel ${tafel.name}`,
        },
        { organisationIds: invitees.map((o) => o.id) },
        tafel.createdBy.personId,
      );
      return;
    }
    const endedOn = tafel.endedOn ?? tafel.expectedEnd;
    const values = {
      name: tafel.name,
      date: formatDutchShortDate(endedOn),
      due: formatDutchShortDate(eindevaluatiePeriod(tafel).dueDate),
    };
    const trekkers = await this.existingPeople(tafel.trekkers.map((t) => t.personId));
    await this.broadcast(
      entry.id,
      'ontwikkeltafel.beeindigd',
      `Ontwikkeltafel beëindigd: ${tafel.name}`,
      {
        card: renderOntwikkeltafelCard(
          'ontwikkeltafelMelding',
          'nl',
          meldingView(tafel, {
            title: ontwikkeltafelsText('nl', 'endedNoticeTitle'),
            lines: [ontwikkeltafelsText('nl', 'endedNotice', values)],
            style: 'warning',
          }),
        ),
        text: ontwikkeltafelsPlainText('nl', 'endedNotice', values),
      },
      { personIds: trekkers.map((p) => p.id) },
      null,
    );
  }

  /** Enqueues the publications of a report: each version to its readers, in the content of that version. */
  async flushReportOutbox(tafelId: string, reportId: string): Promise<void> {
    try {
      const first = await this.repo.getReport(tafelId, reportId);
      for (const entry of first?.value.outbox ?? []) {
        const [current, loaded] = await Promise.all([
          this.repo.getReport(tafelId, reportId),
          this.loadTafel(tafelId),
        ]);
        if (!current || !loaded) return;
        const organisationIds = await this.reportEffect(loaded.tafel, current.value, entry);
        await this.repo.updateReport(tafelId, reportId, (d) => ({
          ...d,
          outbox: d.outbox.filter((e) => e.id !== entry.id),
          broadcasts: [...new Set([...d.broadcasts, entry.id])],
          audienceOrganisationIds: [...new Set([...d.audienceOrganisationIds, ...organisationIds])],
        }));
      }
    } catch (error) {
      this.deps.logger.error('rapportage broadcast not enqueued yet', {
        tafelId,
        reportId,
        error: (error as Error).message,
      });
    }
  }

  /**
   * Who reads a report: the Overlegtafel (gemeenten, lokale toegang, the composition) and the table's
   * participants; every contracted aanbieder for an eindevaluatie or when the gemeente shared it. A correction
   * also goes to everyone an earlier version went to. Returns the organisations it was sent to.
   */
  private async reportEffect(
    tafel: Ontwikkeltafel,
    doc: RapportageDocument,
    entry: RapportOutboxEntry,
  ): Promise<string[]> {
    const overlegtafel = await this.overlegtafel();
    const known = new Set(overlegtafel.organisations.map((o) => o.id));
    const allAanbieders = overlegtafel.organisations
      .filter((o) => o.type === 'aanbieder' && o.contracted)
      .map((o) => o.id);
    let organisationIds: string[];
    if (entry.kind === 'alle-aanbieders') {
      const already = new Set(doc.audienceOrganisationIds);
      organisationIds = allAanbieders.filter((id) => !already.has(id));
    } else {
      organisationIds = [
        ...overlegtafel.organisationIds,
        ...tafel.participants.map((p) => p.organisationId),
        ...doc.audienceOrganisationIds,
        ...(doc.kind === 'eindevaluatie' || doc.sharedWithAllAanbieders ? allAanbieders : []),
      ];
    }
    organisationIds = [...new Set(organisationIds)].filter((id) => known.has(id));
    // The gemeente's admins read every publication; sharing it later with the aanbieders is not news to them.
    const admins =
      entry.kind === 'alle-aanbieders'
        ? []
        : (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
    const report = toRapportage(doc);
    // The version this entry announces, also when a correction followed before it was enqueued.
    const asPublished: Voortgangsrapportage = {
      ...report,
      versions: report.versions.slice(0, entry.version),
    };
    const version = asPublished.versions.at(-1);
    const card = publicationCard(tafel, asPublished);
    const kind = kindLabel(report.kind, 'nl');
    const correction = version && version.version > 1 ? ` (correctie, versie ${version.version})` : '';
    await this.broadcast(
      entry.id,
      `rapportage.${entry.kind}`,
      `${kind} ${tafel.name}${correction}`,
      {
        card,
        text: `${kind} ${tafel.name}, ${periodRange(report.periodStart, report.periodEnd)}${correction}`,
      },
      { organisationIds, personIds: admins },
      version?.publishedBy.personId ?? null,
    );
    return organisationIds;
  }

  // Scheduled work ---------------------------------------------------------------------------------------------

  /** Reminders before a report is due and overdue notices after, each once; and what outboxes still hold. */
  async runScheduled(now: Date): Promise<void> {
    for (const doc of await this.repo.tafelsWithPendingOutbox()) await this.flushTafelOutbox(doc.id);
    for (const doc of await this.repo.reportsWithPendingOutbox())
      await this.flushReportOutbox(doc.ontwikkeltafelId, doc.id);
    await this.runNotices(now);
  }

  async runNotices(now: Date): Promise<number> {
    let sent = 0;
    let admins: string[] | undefined;
    for (const doc of await this.repo.listTafels()) {
      const tafel = toTafel(doc);
      const [reports, already] = await Promise.all([
        this.repo.listReports(tafel.id),
        this.repo.sentNoticeKeys(tafel.id),
      ]);
      const notices = dueNotices(
        tafel,
        reports.map((r) => toRapportage(r.value)),
        now,
        already,
      );
      for (const notice of notices) {
        if (notice.kind === 'achterstallig' && admins === undefined) {
          admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
        }
        const broadcastId =
          notice.kind === 'herinnering'
            ? broadcastIdFor(tafel.id, notice.periodId, 'herinnering', `${notice.daysBefore}d`)
            : broadcastIdFor(tafel.id, notice.periodId, 'achterstallig');
        const trekkers = await this.existingPeople(notice.trekkerIds);
        const personIds = [
          ...new Set([
            ...trekkers.map((p) => p.id),
            ...(notice.kind === 'achterstallig' ? (admins ?? []) : []),
          ]),
        ];
        const message = noticeMessage(tafel, notice, now);
        const enqueued = await this.broadcast(
          broadcastId,
          `rapportage.${notice.kind}`,
          `${message.title}: ${tafel.name}`,
          {
            card: renderOntwikkeltafelCard(
              'ontwikkeltafelMelding',
              'nl',
              meldingView(tafel, { title: message.title, lines: message.lines, style: message.style }),
            ),
            text: message.text,
          },
          { personIds },
          null,
        );
        if (enqueued) sent += 1;
        // Recorded also when nobody could be reached: the notice is done, not retried every run.
        await this.repo.recordNotice({
          ontwikkeltafelId: tafel.id,
          key: notice.key,
          noticeKind: notice.kind,
          periodId: notice.periodId,
          broadcastId,
          sentAt: toIsoInstant(now),
        });
      }
    }
    return sent;
  }

  // Helpers ----------------------------------------------------------------------------------------------------

  /**
   * Enqueues one broadcast. An audience without anyone to reach is not worth retrying: it is logged and done.
   * Anything else that is refused throws, so the outbox entry stays for the next run.
   */
  private async broadcast(
    broadcastId: string,
    topic: string,
    title: string,
    message: BroadcastMessage,
    audience: BroadcastAudience,
    requestedBy: string | null,
  ): Promise<boolean> {
    const queued = await this.deps.delivery.enqueueUnlessNobody({
      broadcastId,
      title: title.slice(0, 200),
      topic,
      message,
      audience,
      requestedByPersonId: requestedBy,
      reportToPersonId: requestedBy,
    });
    if (!queued) this.deps.logger.warn('ontwikkeltafel broadcast without recipients', { broadcastId });
    return queued;
  }

  /** People that still exist: the delivery refuses a broadcast with an unknown person id. */
  private async existingPeople(ids: readonly string[]): Promise<PersonDocument[]> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.deps.registry.getPerson(id)));
    return found.filter((p): p is Versioned<PersonDocument> => p !== undefined).map((p) => p.value);
  }

  private async audit(
    tafelId: string,
    actorPersonId: string | null,
    action: string,
    details: Record<string, unknown>,
  ) {
    await this.deps.registry
      .recordAudit({
        stream: `ontwikkeltafel-${tafelId}`,
        actorPersonId,
        action,
        subjectId: tafelId,
        details,
      })
      .catch((error: unknown) =>
        this.deps.logger.warn('audit entry not written', { tafelId, error: (error as Error).message }),
      );
  }
}

function emptyDistribution() {
  return { audienceOrganisationIds: [], sharedWithAllAanbieders: false, broadcasts: [] };
}

/** A plain boolean: the domain's type guard would narrow the other branch of an Actor to never. */
function isGemeenteActor(actor: Actor): boolean {
  return isGemeente(actor);
}

function personIdOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.person.id : null;
}

/** The organisation a trekker submits a voorstel for: the one they are trekker for, else any they represent. */
function trekkerOrganisation(actor: KnownActor, tafel: Ontwikkeltafel): string | undefined {
  const asTrekker = tafel.trekkers.find((t) => t.personId === actor.person.id)?.organisationId;
  const roles = actor.roles.filter((r) => r.organisation.type !== 'aanbieder' || r.organisation.contracted);
  return (roles.find((r) => r.organisation.id === asTrekker) ?? roles[0])?.organisation.id;
}

/** The card a published version goes out with: what every reader may see, and a correction's reason on top. */
function publicationCard(tafel: Ontwikkeltafel, report: Voortgangsrapportage) {
  const version = report.versions.at(-1);
  const notice: Notice | undefined =
    version && version.version > 1
      ? {
          title: ontwikkeltafelsText('nl', 'correctedTitle'),
          text: version.correctionReason ?? '',
          style: 'warning',
        }
      : undefined;
  return renderOntwikkeltafelCard(
    'rapportageCard',
    'nl',
    rapportCardView(tafel, report, { mode: 'broadcast', canAsk: true, notice }, 'nl'),
  );
}

/**
 * A publication must fit in one Teams message. Checked before anything is stored: a report that could never be
 * sent would otherwise wait in the outbox forever while its trekker believes it went out.
 */
function tooLargeToSend(tafel: Ontwikkeltafel, report: Voortgangsrapportage): Refusal | null {
  const bytes = Buffer.byteLength(JSON.stringify(publicationCard(tafel, report)));
  if (bytes <= MAX_CARD_BYTES) return null;
  return refuseFields('rapportage.too-large', {
    size: `De rapportage is te groot om in Teams te versturen (${Math.ceil(bytes / 1024)} kB, maximaal ${MAX_CARD_BYTES / 1024} kB). Maak de teksten korter.`,
  });
}

function noticeMessage(
  tafel: Ontwikkeltafel,
  notice: ReportNotice,
  now: Date,
): { title: string; lines: string[]; text: string; style: Notice['style'] } {
  const period =
    notice.periodId === eindevaluatiePeriod(tafel).id
      ? eindevaluatiePeriod(tafel)
      : voortgangPeriods(tafel, localDateOf(now)).find((p) => p.id === notice.periodId);
  const kind = period?.kind === 'eindevaluatie' ? 'eindevaluatie' : 'voortgang';
  const due = formatDutchShortDate(localDateOf(fromIsoInstant(notice.dueAt)));
  const values = {
    kind: kindLabel(kind, 'nl').toLowerCase(),
    name: tafel.name,
    period: period ? periodRange(period.start, period.end) : notice.periodId,
    due,
    days: period ? Math.max(0, daysBetween(localDateOf(now), period.dueDate)) : 0,
  };
  const hint = ontwikkeltafelsText('nl', 'writeHint');
  if (notice.kind === 'achterstallig') {
    const who = { trekkers: tafel.trekkers.map((t) => t.name).join(', ') };
    return {
      title: ontwikkeltafelsText('nl', 'overdueTitle'),
      lines: [
        ontwikkeltafelsText('nl', 'overdue', values),
        ontwikkeltafelsText('nl', 'overdueWho', who),
        hint,
      ],
      text: ontwikkeltafelsPlainText('nl', 'overdue', values),
      style: 'attention',
    };
  }
  const key = notice.daysBefore === 0 ? 'reminderToday' : 'reminder';
  return {
    title: ontwikkeltafelsText(
      'nl',
      kind === 'eindevaluatie' ? 'reminderEindevaluatieTitle' : 'reminderTitle',
    ),
    lines: [ontwikkeltafelsText('nl', key, values), hint],
    text: ontwikkeltafelsPlainText('nl', key, values),
    style: notice.daysBefore <= 3 ? 'warning' : 'accent',
  };
}
