import { renderOntwikkeltafelCard } from '../cards/views/ontwikkeltafelsViews';
import { vraagView } from '../cards/views/rapportageViews';
import {
  correctReport,
  currentPublishedVersion,
  decisionAsVoorstelInput,
  findPeriod,
  isTrekker,
  linkDecisionToVoorstel,
  publishReport,
  reportsMarkdown,
  saveDraft,
  startReport,
  type ExportRange,
  type Ontwikkeltafel,
  type RapportContent,
  type RapportContentInput,
  type ReportPeriod,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import type { Actor, KnownActor } from '../domain/registry/actor';
import { refuse, refuseFields, succeed, type Refusal, type Result } from '../domain/shared/result';
import { localDateOf, toIsoInstant } from '../domain/time/amsterdam';
import { requireGemeente, requireKnownActor } from '../domain/voorstellen/acting';
import { checkText, FieldProblems } from '../domain/voorstellen/textRules';
import { submitVoorstel } from '../domain/voorstellen/voorstel';
import { DocumentConflictError, StaleDocumentError, type Versioned } from '../storage/documentStore';
import {
  reportIdFor,
  toRapportage,
  toRapportageDocument,
  toTafel,
  type OntwikkeltafelDocument,
  type OntwikkeltafelsRepository,
  type RapportageDocument,
  type RapportOutboxEntry,
} from '../storage/ontwikkeltafelsRepository';
import { toDocument as toVoorstelDocument, VoorstellenRepository } from '../storage/voorstellenRepository';
import type { OntwikkeltafelsDeps } from './ontwikkeltafelsDeps';
import {
  isGemeenteActor,
  loadOverlegtafel,
  mayOpenReportForm,
  mayReadReport,
  type OverlegtafelAudience,
} from './tafelAccess';
import { personIdOf, recordTafelAudit } from './tafelAudit';
import { tooLargeToSend, type TafelBroadcasts } from './tafelBroadcasts';
import { broadcastIdFor, sha256, voorstelIdForDecision } from './tafelIds';
import { inBothLanguages } from '../delivery/recipientLocale';

/**
 * The voortgangsrapportages of the ontwikkeltafels and their eindevaluaties: who may open the form or read a
 * report, the trekkers' drafts, publication and corrections, sharing with every aanbieder, readers' questions, a
 * requested decision made a voorstel, and the Markdown export for the minutes. Each step asks the domain, writes
 * with If-Match and leaves its broadcasts in the report's outbox (TafelBroadcasts sends them).
 */

export const QUESTION_LIMITS = { min: 3, max: 2000 } as const;

export interface SaveReportCommand {
  readonly tafelId: string;
  readonly periodId: string;
  readonly content: RapportContentInput;
  /** The version the form was rendered from. */
  readonly etag: string;
  readonly publish: boolean;
}

export interface CorrectReportCommand {
  readonly tafelId: string;
  readonly reportId: string;
  readonly content: RapportContentInput;
  readonly reason: string;
  readonly etag: string;
}

export interface QuestionCommand {
  readonly tafelId: string;
  readonly reportId: string;
  readonly question: unknown;
  readonly idempotencyKey: string;
}

export interface DecisionCommand {
  readonly tafelId: string;
  readonly reportId: string;
  readonly decisionId: string;
}

/** The report form of one period, or why it cannot be opened. */
export type ReportFormOpening =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | { readonly kind: 'unknown-period' }
  | {
      readonly kind: 'form';
      readonly tafel: Ontwikkeltafel;
      readonly period: ReportPeriod;
      readonly reportId: string;
      readonly etag: string;
      readonly report: Voortgangsrapportage | undefined;
      /** A published report is corrected (with a reason), not edited. */
      readonly mode: 'concept' | 'correctie';
      /** What the form starts from: the current published version, else the draft. */
      readonly content: RapportContent | null;
    };

/** A report as the actor may see it: a draft is its trekkers' own (they get the form), anyone else's not found. */
export type ReportOpening =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'own-draft'; readonly periodId: string }
  | {
      readonly kind: 'report';
      readonly tafel: Ontwikkeltafel;
      readonly report: Voortgangsrapportage;
      readonly canMakeVoorstel: boolean;
      readonly canCorrect: boolean;
      readonly canShare: boolean;
      readonly canAsk: boolean;
    };

export class Rapportages {
  constructor(
    private readonly deps: OntwikkeltafelsDeps,
    private readonly repo: OntwikkeltafelsRepository,
    private readonly broadcasts: TafelBroadcasts,
  ) {}

  // What the cards show -----------------------------------------------------------------------------------------

  async reportForm(actor: Actor, tafelId: string, periodId: string): Promise<ReportFormOpening> {
    const loaded = await this.loadTafel(tafelId);
    if (!loaded) return { kind: 'not-found' };
    const { tafel } = loaded;
    const now = this.deps.now();
    const reportId = reportIdFor(tafel.id, periodId);
    const existing = await this.repo.getReport(tafel.id, reportId);
    const report = existing ? toRapportage(existing.value) : undefined;
    const allowed = mayOpenReportForm(tafel, report, periodId, actor, now);
    if (!allowed.ok) return { kind: 'refused', refusal: allowed };
    const period = findPeriod(tafel, periodId, localDateOf(now));
    if (!period) return { kind: 'unknown-period' };
    return {
      kind: 'form',
      tafel,
      period,
      reportId,
      etag: existing?.etag ?? '',
      report,
      mode: report?.publishedAt ? 'correctie' : 'concept',
      content: report ? (currentPublishedVersion(report)?.content ?? report.content) : null,
    };
  }

  /** `overlegtafel` when the caller has it already (it costs a registry read). */
  async reportView(
    actor: Actor,
    tafelId: string,
    reportId: string,
    overlegtafel?: OverlegtafelAudience,
  ): Promise<ReportOpening> {
    const loaded = await this.loadTafel(tafelId);
    const doc = loaded ? await this.repo.getReport(tafelId, reportId) : undefined;
    if (!loaded || !doc) return { kind: 'not-found' };
    const { tafel } = loaded;
    const trekker = isTrekker(tafel, actor);
    if (doc.value.publishedAt === null)
      return trekker ? { kind: 'own-draft', periodId: doc.value.periodId } : { kind: 'not-found' };
    const audience = overlegtafel ?? (await loadOverlegtafel(this.deps, this.deps.now()));
    if (!mayReadReport(actor, tafel, doc.value, audience)) return { kind: 'not-found' };
    const gemeente = isGemeenteActor(actor);
    return {
      kind: 'report',
      tafel,
      report: toRapportage(doc.value),
      canMakeVoorstel: gemeente || trekker,
      canCorrect: trekker,
      canShare: gemeente && doc.value.kind === 'voortgang' && !doc.value.sharedWithAllAanbieders,
      canAsk: !trekker,
    };
  }

  // Writing ------------------------------------------------------------------------------------------------------

  /**
   * Saves the trekker's draft, and with `publish` publishes it in the same write. `etag` is the version the form
   * was rendered from: a change a co-trekker made meanwhile is refused (StaleDocumentError), not overwritten.
   */
  async saveReport(
    actor: Actor,
    command: SaveReportCommand,
  ): Promise<Result<{ report: Voortgangsrapportage; etag: string }>> {
    const loaded = await this.loadTafel(command.tafelId);
    if (!loaded)
      return refuse('ontwikkeltafel.not-found', {
        nl: 'Deze ontwikkeltafel bestaat niet (meer).',
        en: 'This ontwikkeltafel does not exist (any more).',
      });
    const { tafel } = loaded;
    const now = this.deps.now();
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
      await recordTafelAudit(this.deps, tafel.id, personIdOf(actor), 'rapportage.gepubliceerd', {
        reportId,
        version: 1,
      });
      await this.broadcasts.flushReportOutbox(tafel.id, reportId);
    }
    return succeed({ report, etag: written.etag });
  }

  async correct(actor: Actor, command: CorrectReportCommand): Promise<Result<Voortgangsrapportage>> {
    const loaded = await this.loadTafel(command.tafelId);
    const existing = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !existing)
      return refuse('rapportage.not-found', {
        nl: 'Deze rapportage bestaat niet (meer).',
        en: 'This report does not exist (any more).',
      });
    const result = correctReport(
      toRapportage(existing.value),
      loaded.tafel,
      { content: command.content, reason: command.reason },
      actor,
      this.deps.now(),
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
    await recordTafelAudit(this.deps, command.tafelId, personIdOf(actor), 'rapportage.gecorrigeerd', {
      reportId: report.id,
      version,
    });
    await this.broadcasts.flushReportOutbox(command.tafelId, report.id);
    return succeed(report);
  }

  /** The gemeente shares a published voortgang report with every contracted aanbieder; later corrections follow. */
  async shareWithAllAanbieders(
    actor: Actor,
    tafelId: string,
    reportId: string,
  ): Promise<Result<{ changed: boolean }>> {
    const gemeente = requireGemeente(actor, {
      nl: 'een rapportage met alle aanbieders delen',
      en: 'share a report with all providers',
    });
    if (!gemeente.ok) return gemeente;
    const existing = await this.repo.getReport(tafelId, reportId);
    if (!existing || existing.value.publishedAt === null)
      return refuse('rapportage.not-found', {
        nl: 'Deze rapportage bestaat niet (meer) of is nog niet gepubliceerd.',
        en: 'This report does not exist (any more) or has not been published yet.',
      });
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
    await recordTafelAudit(
      this.deps,
      tafelId,
      gemeente.value.person.id,
      'rapportage.gedeeld-met-alle-aanbieders',
      {
        reportId,
      },
    );
    await this.broadcasts.flushReportOutbox(tafelId, reportId);
    return succeed({ changed: true });
  }

  /** A reader's question reaches the trekkers, with who asked it so they can answer. */
  async askQuestion(
    actor: Actor,
    command: QuestionCommand,
  ): Promise<Result<{ trekkers: string[]; sent: boolean }>> {
    const known = requireKnownActor(actor);
    if (!known.ok) return known;
    const loaded = await this.loadTafel(command.tafelId);
    const doc = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !doc || doc.value.publishedAt === null)
      return refuse('rapportage.not-found', {
        nl: 'Deze rapportage bestaat niet (meer).',
        en: 'This report does not exist (any more).',
      });
    const { tafel } = loaded;
    const overlegtafel = await loadOverlegtafel(this.deps, this.deps.now());
    if (!mayReadReport(actor, tafel, doc.value, overlegtafel)) {
      return refuse('rapportage.not-reader', {
        nl: 'U kunt alleen een vraag stellen over een rapportage die met uw organisatie is gedeeld.',
        en: 'You can only ask a question about a report that has been shared with your organisation.',
      });
    }
    const problems = new FieldProblems();
    const question = checkText(problems, 'question', command.question, {
      label: { nl: 'Uw vraag', en: 'Your question' },
      min: QUESTION_LIMITS.min,
      max: QUESTION_LIMITS.max,
      multiline: true,
    });
    if (problems.any) return refuseFields('vraag.invalid', problems.all);

    const key = sha256(command.idempotencyKey);
    const broadcastId = broadcastIdFor(command.reportId, 'vraag', key.slice(0, 12));
    const trekkerPeople = await this.broadcasts.existingPeople(tafel.trekkers.map((t) => t.personId));
    const audience = new Set(doc.value.audienceOrganisationIds);
    const organisation =
      known.value.roles.find((r) => audience.has(r.organisation.id))?.organisation ??
      known.value.roles[0]?.organisation;
    const report = toRapportage(doc.value);
    const message = inBothLanguages((locale) => ({
      card: renderOntwikkeltafelCard(
        'rapportageVraag',
        locale,
        vraagView(
          tafel,
          report,
          {
            text: question,
            askedBy: known.value.person.name,
            organisation: organisation?.name ?? '',
            email: known.value.person.email,
          },
          locale,
        ),
      ),
      text:
        locale === 'en'
          ? `Question from ${known.value.person.name} about the report of ${tafel.name}`
          : `Vraag van ${known.value.person.name} over de rapportage van ${tafel.name}`,
    }));
    const enqueued = await this.deps.delivery.enqueue({
      broadcastId,
      title: {
        nl: `Vraag over rapportage ${tafel.name}`.slice(0, 200),
        en: `Question about the report of ${tafel.name}`.slice(0, 200),
      },
      topic: 'rapportage.vraag',
      message,
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
      askedAt: toIsoInstant(this.deps.now()),
      broadcastId,
    });
    if (!enqueued.value.alreadyQueued) {
      await recordTafelAudit(this.deps, tafel.id, known.value.person.id, 'rapportage.vraag', {
        reportId: report.id,
      });
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
    command: DecisionCommand,
  ): Promise<Result<{ voorstelId: string; title: string }>> {
    const known = requireKnownActor(actor);
    if (!known.ok) return known;
    const loaded = await this.loadTafel(command.tafelId);
    const doc = loaded ? await this.repo.getReport(command.tafelId, command.reportId) : undefined;
    if (!loaded || !doc || doc.value.publishedAt === null)
      return refuse('rapportage.not-found', {
        nl: 'Deze rapportage bestaat niet (meer).',
        en: 'This report does not exist (any more).',
      });
    const { tafel } = loaded;
    const gemeente = isGemeenteActor(actor);
    if (!gemeente && !isTrekker(tafel, actor)) {
      return refuse('rapportage.voorstel-not-allowed', {
        nl: `Alleen de gemeente en de trekkers van ${tafel.name} kunnen van een gevraagd besluit een voorstel maken.`,
        en: `Only the gemeente and the leads of ${tafel.name} can make a proposal from a requested decision.`,
      });
    }
    const onBehalfOf = gemeente ? undefined : trekkerOrganisation(known.value, tafel);
    if (!gemeente && onBehalfOf === undefined) {
      return refuse('rapportage.voorstel-no-organisation', {
        nl: 'U bent geen contactpersoon of vervanger van een organisatie en kunt daarom geen voorstel indienen. Vraag de gemeente om er een voorstel van te maken.',
        en: 'You are not the contact person or substitute of an organisation, so you cannot submit a proposal. Ask the gemeente to make a proposal of it.',
      });
    }
    const input = decisionAsVoorstelInput(tafel, toRapportage(doc.value), command.decisionId);
    if (!input.ok) return input;
    const voorstelId = voorstelIdForDecision(command.reportId, command.decisionId);
    const submitted = submitVoorstel(
      { id: voorstelId, input: input.value, onBehalfOfOrganisationId: onBehalfOf },
      actor,
      this.deps.now(),
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
    await recordTafelAudit(this.deps, command.tafelId, known.value.person.id, 'rapportage.voorstel', {
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

  private async loadTafel(
    id: string,
  ): Promise<{ doc: Versioned<OntwikkeltafelDocument>; tafel: Ontwikkeltafel } | undefined> {
    const doc = await this.repo.getTafel(id);
    return doc ? { doc, tafel: toTafel(doc.value) } : undefined;
  }

  private async listTafels(): Promise<Ontwikkeltafel[]> {
    return (await this.repo.listTafels()).map(toTafel);
  }
}

function emptyDistribution() {
  return { audienceOrganisationIds: [], sharedWithAllAanbieders: false, broadcasts: [] };
}

/** The organisation a trekker submits a voorstel for: the one they are trekker for, else any they represent. */
function trekkerOrganisation(actor: KnownActor, tafel: Ontwikkeltafel): string | undefined {
  const asTrekker = tafel.trekkers.find((t) => t.personId === actor.person.id)?.organisationId;
  const roles = actor.roles.filter((r) => r.organisation.type !== 'aanbieder' || r.organisation.contracted);
  return (roles.find((r) => r.organisation.id === asTrekker) ?? roles[0])?.organisation.id;
}
