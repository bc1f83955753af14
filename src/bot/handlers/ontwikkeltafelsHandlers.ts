import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  emptyTafelForm,
  exportParts,
  exportView,
  isEmptyDecision,
  isEmptyPilot,
  ontwikkeltafelsText,
  portfolioView,
  rapportCardView,
  rapportFormValues,
  rapportFormView,
  renderOntwikkeltafelCard,
  tafelDetailView,
  tafelFormView,
  type Notice,
  type RapportFormValues,
  type TafelFormValues,
} from '../../cards/views/ontwikkeltafelsViews';
import {
  currentPublishedVersion,
  findPeriod,
  isTrekker,
  RAPPORT_LIMITS,
  saveDraft,
  startReport,
  type Ontwikkeltafel,
  type RapportContentInput,
  type Voortgangsrapportage,
} from '../../domain/ontwikkeltafels';
import type { Actor, KnownActor } from '../../domain/registry/actor';
import { refuse, succeed, type Refusal, type Result } from '../../domain/shared/result';
import { localDateOf, localYearOf } from '../../domain/time/amsterdam';
import { formatDutchShortDate } from '../../domain/time/dutch';
import { isLocalDate } from '../../domain/time/localDate';
import { isGemeente } from '../../domain/voorstellen/acting';
import { OntwikkeltafelsService } from '../../ontwikkeltafels/ontwikkeltafelsService';
import type { OverlegtafelAudience } from '../../ontwikkeltafels/tafelAccess';
import type { TafelFormInput } from '../../ontwikkeltafels/tafelForm';
import { reportIdFor, toRapportage } from '../../storage/ontwikkeltafelsRepository';
import {
  asCardData,
  InvalidCardDataError,
  optionalId,
  optionalText,
  requireId,
  type CardData,
} from '../cardData';
import {
  beginTurn,
  guardedAction,
  messageCard,
  notAllowedCard,
  refusalCard,
  sendCard,
  type BotServices,
  type Turn,
  knownActor,
  perBotServices,
  idempotencyKeyOf,
} from '../turn';

/**
 * Ontwikkeltafels: the portfolio, setting a table up and inviting the aanbieders of its percelen, joining, the
 * trekkers' reports (draft, publish, correct), reading and asking about them, turning a requested decision into
 * a voorstel, ending a table and the Markdown export. Thin handlers: card data is validated here, every rule is
 * the domain's and is checked on the server for each invoke; OntwikkeltafelsService stores and distributes.
 */

/** Hard caps on what a card may send; what lies between the domain's limit and this cap gets a clear message. */
const CAP = { line: 2_000, text: 60_000, date: 40 } as const;
const PERIOD_ID = /^(\d{4}-\d{2}-\d{2}|eindevaluatie)$/;
/** Reminders at 09:00 Dutch time need no finer grain; outboxes left by a crash are picked up as often. */
export const SCHEDULED_TASK_EVERY_MS = 5 * 60_000;

export const ontwikkeltafelsServiceFor = perBotServices(
  (botServices) => new OntwikkeltafelsService(botServices),
);

/** A plain boolean: the domain's type guard would narrow the other branch of an Actor to never. */
function isGemeenteActor(actor: Actor): boolean {
  return isGemeente(actor);
}

function text(turn: Turn, key: string, values: Record<string, string | number> = {}): string {
  return ontwikkeltafelsText(turn.locale, key, values);
}

function requirePeriodId(data: CardData): string {
  const value = data.periodId;
  if (typeof value !== 'string' || !PERIOD_ID.test(value)) throw new InvalidCardDataError('periodId');
  return value;
}

/** A small count a form sends back (number or text); anything else counts as none, and it is capped. */
function count(data: CardData, field: string, max: number): number {
  const value = data[field];
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,3}$/.test(value)
        ? Number(value)
        : 0;
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : 0;
}

function refused(turn: Turn, refusal: Refusal): AdaptiveCard {
  return refusalCard(turn.locale, text(turn, 'refusedTitle'), refusal, 'ontwikkeltafels.portfolio');
}

function notFound(turn: Turn, key = 'notFound'): AdaptiveCard {
  return messageCard(
    turn.locale,
    text(turn, 'notFoundTitle'),
    [text(turn, key)],
    'warning',
    'ontwikkeltafels.portfolio',
  );
}

function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return { title: text(turn, 'refusedTitle'), text: refusal.messages.join(' '), style: 'attention' };
}

/** The form's fields as the trekker filled them in; pilots and decisions come in numbered slots. */
function reportValues(data: CardData): RapportFormValues {
  const pilots = Array.from({ length: count(data, 'pilotCount', RAPPORT_LIMITS.pilots + 1) }, (_, i) => ({
    name: optionalText(data, `pilot${i}Name`, CAP.line),
    start: optionalText(data, `pilot${i}Start`, CAP.date),
    end: optionalText(data, `pilot${i}End`, CAP.date),
    researchQuestion: optionalText(data, `pilot${i}Question`, CAP.text),
    status: optionalText(data, `pilot${i}Status`, CAP.date),
  }));
  const ids = optionalText(data, 'decisionIds', CAP.line).split(',');
  const decisions = Array.from(
    { length: count(data, 'decisionCount', RAPPORT_LIMITS.decisions + 1) },
    (_, i) => ({
      id: (ids[i] ?? '').slice(0, 40),
      title: optionalText(data, `decision${i}Title`, CAP.line),
      explanation: optionalText(data, `decision${i}Explanation`, CAP.text),
    }),
  );
  return {
    status: optionalText(data, 'status', CAP.date),
    progress: optionalText(data, 'progress', CAP.text),
    results: optionalText(data, 'results', CAP.text),
    problems: optionalText(data, 'problems', CAP.text),
    nextSteps: optionalText(data, 'nextSteps', CAP.text),
    pilots,
    decisions,
    reason: optionalText(data, 'reason', CAP.text),
  };
}

function contentInput(values: RapportFormValues): RapportContentInput {
  return {
    status: values.status,
    progress: values.progress,
    results: values.results,
    problems: values.problems,
    nextSteps: values.nextSteps,
    pilots: values.pilots.filter((p) => !isEmptyPilot(p)),
    decisionsRequested: values.decisions
      .filter((d) => !isEmptyDecision(d))
      .map((d) => ({ id: d.id, title: d.title, explanation: d.explanation })),
  };
}

function tafelFormValues(data: CardData): TafelFormValues {
  return {
    name: optionalText(data, 'name', CAP.line),
    opdracht: optionalText(data, 'opdracht', CAP.text),
    doel: optionalText(data, 'doel', CAP.text),
    percelen: optionalText(data, 'percelen', CAP.date),
    trekkers: optionalText(data, 'trekkers', CAP.text),
    start: optionalText(data, 'start', CAP.date),
    expectedEnd: optionalText(data, 'expectedEnd', CAP.date),
    periodEnds: optionalText(data, 'periodEnds', CAP.line),
    graceDays: optionalText(data, 'graceDays', CAP.date),
    reminderDays: optionalText(data, 'reminderDays', CAP.line),
  };
}

/** The last completed half-year: what the minutes of the next Overlegtafel usually cover. */
function defaultExportRange(now: Date): { from: string; to: string } {
  const year = localYearOf(now);
  return localDateOf(now) <= `${year}-06-30`
    ? { from: `${year - 1}-07-01`, to: `${year - 1}-12-31` }
    : { from: `${year}-01-01`, to: `${year}-06-30` };
}

/**
 * Whether the actor may open the form for this period: the domain's own checks (trekker of this table, the period
 * is on the schedule, no voortgang work on an ended table, a published report is corrected), nothing stored.
 */
function mayOpenForm(
  tafel: Ontwikkeltafel,
  existing: Voortgangsrapportage | undefined,
  periodId: string,
  actor: Actor,
  now: Date,
): Result<unknown> {
  if (!existing) return startReport(tafel, [], { id: 'form', periodId }, actor, now);
  if (existing.publishedAt === null) return saveDraft(existing, tafel, existing.content, actor, now);
  return isTrekker(tafel, actor)
    ? succeed(true)
    : refuse(
        'rapportage.not-trekker',
        `Alleen de trekkers van ${tafel.name} kunnen de rapportages van deze tafel schrijven.`,
      );
}

/** Every table with its status for the gemeente, the Overlegtafel and trekkers; the joinable ones for others. */
async function portfolioCard(
  turn: Turn,
  actor: KnownActor,
  service: OntwikkeltafelsService,
): Promise<AdaptiveCard> {
  const { rows, full, member } = await service.portfolio(actor, turn.services.now());
  if (!full && rows.length === 0)
    return messageCard(
      turn.locale,
      text(turn, 'noTablesTitle'),
      [text(turn, 'noTables')],
      'default',
      'help.show',
    );
  return renderOntwikkeltafelCard(
    'ontwikkeltafelPortfolio',
    turn.locale,
    portfolioView(rows, { full, isGemeente: isGemeenteActor(actor), canExport: member }, turn.locale),
  );
}

export function registerOntwikkeltafelsHandlers(app: Application<TurnState>, botServices: BotServices): void {
  const service = ontwikkeltafelsServiceFor(botServices);
  botServices.scheduler.register({
    name: 'ontwikkeltafels-meldingen',
    everyMs: SCHEDULED_TASK_EVERY_MS,
    run: (now) => service.runScheduled(now),
  });

  // Cards ------------------------------------------------------------------------------------------------------

  async function detailCard(
    turn: Turn,
    actor: KnownActor,
    tafelId: string,
    notice?: Notice,
  ): Promise<AdaptiveCard> {
    const now = botServices.now();
    const [detail, overlegtafel] = await Promise.all([
      service.detail(tafelId, now),
      service.overlegtafel(now),
    ]);
    if (!detail || !service.mayView(actor, detail.tafel, overlegtafel)) return notFound(turn);
    const { tafel } = detail;
    const canWrite = isTrekker(tafel, actor);
    const participants = new Set(tafel.participants.map((p) => p.organisationId));
    const canRead =
      canWrite ||
      service.isMember(actor, overlegtafel) ||
      actor.roles.some((r) => participants.has(r.organisation.id));
    return renderOntwikkeltafelCard(
      'ontwikkeltafelDetail',
      turn.locale,
      tafelDetailView(
        tafel,
        detail.rows,
        {
          canWrite,
          canRead,
          isGemeente: isGemeenteActor(actor),
          joinFor: service.joinableFor(actor, tafel).map((o) => ({ id: o.id, name: o.name })),
          notice,
          today: localDateOf(now),
        },
        turn.locale,
      ),
    );
  }

  async function reportFormCard(
    turn: Turn,
    actor: KnownActor,
    tafelId: string,
    periodId: string,
    values?: RapportFormValues,
    errors: readonly string[] = [],
    notice?: Notice,
  ): Promise<AdaptiveCard> {
    const loaded = await service.loadTafel(tafelId);
    if (!loaded) return notFound(turn);
    const { tafel } = loaded;
    const now = botServices.now();
    const reportId = reportIdFor(tafel.id, periodId);
    const existing = await service.repo.getReport(tafel.id, reportId);
    const report = existing ? toRapportage(existing.value) : undefined;
    const allowed = mayOpenForm(tafel, report, periodId, actor, now);
    if (!allowed.ok) return refused(turn, allowed);
    const period = findPeriod(tafel, periodId, localDateOf(now));
    if (!period) return refused(turn, refuse('rapportage.unknown-period', text(turn, 'unknownPeriod')));
    const content = report ? (currentPublishedVersion(report)?.content ?? report.content) : null;
    return renderOntwikkeltafelCard(
      'rapportageForm',
      turn.locale,
      rapportFormView(
        {
          tafel,
          kind: period.kind,
          periodId,
          periodStart: report?.periodStart ?? period.start,
          periodEnd: report?.periodEnd ?? period.end,
          dueDate: period.dueDate,
          reportId,
          etag: existing?.etag ?? '',
          mode: report?.publishedAt ? 'correctie' : 'concept',
        },
        values ?? rapportFormValues(content),
        errors,
        turn.locale,
        notice,
      ),
    );
  }

  async function reportCard(
    turn: Turn,
    actor: KnownActor,
    tafelId: string,
    reportId: string,
    notice?: Notice,
    overlegtafel?: OverlegtafelAudience,
  ): Promise<AdaptiveCard> {
    const loaded = await service.loadTafel(tafelId);
    const doc = loaded ? await service.repo.getReport(tafelId, reportId) : undefined;
    if (!loaded || !doc) return notFound(turn, 'reportNotFound');
    const { tafel } = loaded;
    const trekker = isTrekker(tafel, actor);
    if (doc.value.publishedAt === null) {
      // A draft is the trekkers' own: they get the form, anyone else hears it does not exist.
      return trekker
        ? reportFormCard(turn, actor, tafelId, doc.value.periodId)
        : notFound(turn, 'reportNotFound');
    }
    const audience = overlegtafel ?? (await service.overlegtafel());
    if (!service.mayRead(actor, tafel, doc.value, audience)) return notFound(turn, 'reportNotFound');
    const gemeente = isGemeenteActor(actor);
    return renderOntwikkeltafelCard(
      'rapportageCard',
      turn.locale,
      rapportCardView(
        tafel,
        toRapportage(doc.value),
        {
          mode: 'detail',
          notice,
          canMakeVoorstel: gemeente || trekker,
          canCorrect: trekker,
          canShare: gemeente && doc.value.kind === 'voortgang' && !doc.value.sharedWithAllAanbieders,
          canAsk: !trekker,
        },
        turn.locale,
      ),
    );
  }

  // Routes -----------------------------------------------------------------------------------------------------

  /** Every route resolves the actor from the store and refuses unknown users before anything else. */
  const route = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<AdaptiveCard | string>,
  ) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, botServices);
      return guardedAction(turn.locale, botServices.logger, async () => {
        const actor = knownActor(turn);
        return actor ? run(turn, actor, asCardData(data)) : notAllowedCard(turn.locale);
      });
    });

  const gemeenteOnly = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<AdaptiveCard | string>,
  ) =>
    route(verb, async (turn, actor, data) =>
      isGemeenteActor(actor) ? run(turn, actor, data) : notAllowedCard(turn.locale),
    );

  route('ontwikkeltafels.portfolio', async (turn, actor) => portfolioCard(turn, actor, service));

  route('ontwikkeltafel.show', async (turn, actor, data) =>
    detailCard(turn, actor, requireId(data, 'tafelId')),
  );

  gemeenteOnly('ontwikkeltafel.new', async (turn) => {
    const people = await botServices.registry.listPeople();
    return renderOntwikkeltafelCard(
      'ontwikkeltafelForm',
      turn.locale,
      tafelFormView(emptyTafelForm(localDateOf(botServices.now())), await personChoices(people), []),
    );
  });

  async function personChoices(people: Awaited<ReturnType<BotServices['registry']['listPeople']>>) {
    const organisations = new Map(
      (await botServices.registry.listOrganisations()).map((o) => [o.id, o.name] as const),
    );
    return people.map((p) => {
      const organisation = p.memberships.map((m) => organisations.get(m.organisationId)).find(Boolean);
      return { id: p.id, label: organisation ? `${p.name} (${organisation})` : p.name };
    });
  }

  gemeenteOnly('ontwikkeltafel.create', async (turn, actor, data) => {
    const values = tafelFormValues(data);
    const trekkerIds = values.trekkers.split(',').filter(Boolean);
    // Each must look like an id Tafelbot made; whether the person exists is the service's check.
    for (const id of trekkerIds) requireId({ trekkers: id }, 'trekkers');
    const form: TafelFormInput = { ...values, trekkerIds };
    const result = await service.createTafel(actor, form, idempotencyKeyOf(turn));
    if (!result.ok) {
      const people = await botServices.registry.listPeople();
      return renderOntwikkeltafelCard(
        'ontwikkeltafelForm',
        turn.locale,
        tafelFormView(values, await personChoices(people), result.messages),
      );
    }
    const { tafel, invited } = result.value;
    return detailCard(turn, actor, tafel.id, {
      title: text(turn, 'createdTitle'),
      text:
        invited > 0
          ? text(turn, 'created', { name: tafel.name, count: invited })
          : text(turn, 'createdNoInvitees', { name: tafel.name }),
      style: 'good',
    });
  });

  route('ontwikkeltafel.join', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const loaded = await service.loadTafel(tafelId);
    if (!loaded) return notFound(turn);
    const { tafel } = loaded;
    let organisationId = optionalId(data, 'organisationId');
    if (!organisationId) {
      const joinable = service.joinableFor(actor, tafel);
      if (joinable.length > 1) {
        return detailCard(turn, actor, tafelId, {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'accent',
        });
      }
      const participant = actor.roles.find((r) =>
        tafel.participants.some((p) => p.organisationId === r.organisation.id),
      );
      organisationId = joinable[0]?.id ?? participant?.organisation.id;
      if (!organisationId) {
        return messageCard(
          turn.locale,
          text(turn, 'notInvitedTitle'),
          [text(turn, 'notInvited', { name: tafel.name })],
          'attention',
          'ontwikkeltafels.portfolio',
        );
      }
    }
    const result = await service.join(actor, tafelId, organisationId);
    if (!result.ok) return refused(turn, result);
    const organisation =
      actor.roles.find((r) => r.organisation.id === organisationId)?.organisation.name ?? '';
    const values = { organisation, name: tafel.name };
    return detailCard(turn, actor, tafelId, {
      title: text(turn, 'joinedTitle'),
      text: text(turn, result.value.changed ? 'joined' : 'alreadyJoined', values),
      style: 'good',
    });
  });

  gemeenteOnly('ontwikkeltafel.end', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const result = await service.end(actor, tafelId, optionalText(data, 'endedOn', CAP.date).trim());
    if (!result.ok) return detailCard(turn, actor, tafelId, refusalNotice(turn, result));
    const tafel = result.value;
    const eindevaluatie = findPeriod(tafel, 'eindevaluatie', localDateOf(botServices.now()));
    return detailCard(turn, actor, tafelId, {
      title: text(turn, 'endedTitle'),
      text: text(turn, 'ended', {
        name: tafel.name,
        date: formatDutchShortDate(tafel.endedOn ?? tafel.expectedEnd),
        due: eindevaluatie ? formatDutchShortDate(eindevaluatie.dueDate) : '',
      }),
      style: 'good',
    });
  });

  // Reports ----------------------------------------------------------------------------------------------------

  route('rapportage.edit', async (turn, actor, data) =>
    reportFormCard(turn, actor, requireId(data, 'tafelId'), requirePeriodId(data)),
  );

  for (const [verb, publish] of [
    ['rapportage.save', false],
    ['rapportage.publish', true],
  ] as const) {
    route(verb, async (turn, actor, data) => {
      const tafelId = requireId(data, 'tafelId');
      const periodId = requirePeriodId(data);
      const values = reportValues(data);
      const result = await service.saveReport(actor, {
        tafelId,
        periodId,
        content: contentInput(values),
        etag: optionalText(data, 'etag', 200),
        publish,
      });
      if (!result.ok) {
        // Problems with fields come back on the form with what was typed; anything else is a refusal.
        return result.fieldErrors
          ? reportFormCard(turn, actor, tafelId, periodId, values, result.messages)
          : refused(turn, result);
      }
      const tafel = (await service.loadTafel(tafelId))?.tafel;
      if (!publish) {
        return reportFormCard(turn, actor, tafelId, periodId, undefined, [], {
          title: text(turn, 'draftSavedTitle'),
          text: text(turn, 'draftSaved', { name: tafel?.name ?? '' }),
          style: 'good',
        });
      }
      const overlegtafel = await service.overlegtafel();
      const published =
        result.value.report.kind === 'eindevaluatie'
          ? text(turn, 'publishedEindevaluatie')
          : text(turn, 'published', {
              audience:
                overlegtafel.compositionYear !== null
                  ? ontwikkeltafelsText(turn.locale, 'audienceMembers', {
                      year: overlegtafel.compositionYear,
                    })
                  : ontwikkeltafelsText(turn.locale, 'audienceNoComposition'),
            });
      return reportCard(
        turn,
        actor,
        tafelId,
        result.value.report.id,
        { title: text(turn, 'publishedTitle'), text: published, style: 'good' },
        overlegtafel,
      );
    });
  }

  route('rapportage.correct', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const periodId = requirePeriodId(data);
    const reportId = requireId(data, 'reportId');
    const values = reportValues(data);
    const result = await service.correct(actor, {
      tafelId,
      reportId,
      content: contentInput(values),
      reason: values.reason,
      etag: optionalText(data, 'etag', 200),
    });
    if (!result.ok) {
      return result.fieldErrors
        ? reportFormCard(turn, actor, tafelId, periodId, values, result.messages)
        : refused(turn, result);
    }
    return reportCard(turn, actor, tafelId, reportId, {
      title: text(turn, 'correctedTitle'),
      text: text(turn, 'corrected', { version: result.value.versions.length }),
      style: 'good',
    });
  });

  route('rapportage.show', async (turn, actor, data) =>
    reportCard(turn, actor, requireId(data, 'tafelId'), requireId(data, 'reportId')),
  );

  gemeenteOnly('rapportage.share', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const reportId = requireId(data, 'reportId');
    const result = await service.shareWithAllAanbieders(actor, tafelId, reportId);
    if (!result.ok) return refused(turn, result);
    return reportCard(turn, actor, tafelId, reportId, {
      title: text(turn, 'sharedTitle'),
      text: text(turn, result.value.changed ? 'shared' : 'alreadyShared'),
      style: result.value.changed ? 'good' : 'accent',
    });
  });

  route('rapportage.vraag', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const reportId = requireId(data, 'reportId');
    const result = await service.askQuestion(actor, {
      tafelId,
      reportId,
      question: optionalText(data, 'question', CAP.text),
      idempotencyKey: idempotencyKeyOf(turn),
    });
    if (!result.ok) {
      return result.code === 'rapportage.not-found' || result.code === 'rapportage.not-reader'
        ? refused(turn, result)
        : reportCard(turn, actor, tafelId, reportId, refusalNotice(turn, result));
    }
    return reportCard(turn, actor, tafelId, reportId, {
      title: text(turn, 'questionSentTitle'),
      text: result.value.sent
        ? text(turn, 'questionSent', { trekkers: result.value.trekkers.join(', ') })
        : text(turn, 'questionAlready'),
      style: 'good',
    });
  });

  route('rapportage.voorstel', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const reportId = requireId(data, 'reportId');
    const result = await service.decisionToVoorstel(actor, {
      tafelId,
      reportId,
      decisionId: requireId(data, 'decisionId'),
    });
    if (!result.ok) {
      return result.code === 'rapportage.not-found'
        ? refused(turn, result)
        : reportCard(turn, actor, tafelId, reportId, refusalNotice(turn, result));
    }
    return reportCard(turn, actor, tafelId, reportId, {
      title: text(turn, 'voorstelCreatedTitle'),
      text: text(turn, 'voorstelCreated', { title: result.value.title, id: result.value.voorstelId }),
      style: 'good',
    });
  });

  route('rapportage.export', async (turn, actor, data) => {
    const overlegtafel = await service.overlegtafel();
    if (!service.isMember(actor, overlegtafel)) {
      return messageCard(
        turn.locale,
        text(turn, 'refusedTitle'),
        [text(turn, 'exportNotAllowed')],
        'attention',
        'ontwikkeltafels.portfolio',
      );
    }
    const defaults = defaultExportRange(botServices.now());
    const range = {
      from: optionalText(data, 'from', CAP.date).trim() || defaults.from,
      to: optionalText(data, 'to', CAP.date).trim() || defaults.to,
    };
    if (!isLocalDate(range.from) || !isLocalDate(range.to) || range.from > range.to) {
      return renderOntwikkeltafelCard(
        'rapportageExport',
        turn.locale,
        exportView(defaults, null, [text(turn, 'exportDates')], turn.locale),
      );
    }
    const { markdown, reports } = await service.exportMarkdown(range);
    const parts = exportParts(markdown);
    const part = Math.min(count(data, 'part', parts.length - 1), parts.length - 1);
    return renderOntwikkeltafelCard(
      'rapportageExport',
      turn.locale,
      exportView(range, { parts, part, reports }, [], turn.locale),
    );
  });
}

/** The `tafels` command: the portfolio, or the tables an aanbieder can join. */
export async function handleTafelsCommand(turn: Turn): Promise<void> {
  const actor = knownActor(turn);
  if (!actor) {
    await sendCard(turn.context, notAllowedCard(turn.locale));
    return;
  }
  const service = ontwikkeltafelsServiceFor(turn.services);
  const card = await guardedAction(turn.locale, turn.services.logger, () =>
    portfolioCard(turn, actor, service),
  );
  if (typeof card === 'string') await turn.context.sendActivity(card);
  else await sendCard(turn.context, card);
}
