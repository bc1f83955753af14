import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  ontwikkeltafelsText,
  renderOntwikkeltafelCard,
  type Notice,
} from '../../cards/views/ontwikkeltafelsViews';
import {
  exportParts,
  exportView,
  isEmptyDecision,
  isEmptyPilot,
  rapportCardView,
  rapportFormValues,
  rapportFormView,
  type RapportFormValues,
} from '../../cards/views/rapportageViews';
import { RAPPORT_LIMITS, type RapportContentInput } from '../../domain/ontwikkeltafels';
import type { KnownActor } from '../../domain/registry/actor';
import { refusalMessages, refuse } from '../../domain/shared/result';
import { localDateOf, localYearOf } from '../../domain/time/amsterdam';
import { isLocalDate } from '../../domain/time/localDate';
import type { OverlegtafelAudience } from '../../ontwikkeltafels/tafelAccess';
import { InvalidCardDataError, optionalText, requireId, type CardData } from '../cardData';
import { idempotencyKeyOf, messageCard, type BotServices, type Turn } from '../turn';
import {
  CAP,
  count,
  notFound,
  ontwikkeltafelsServiceFor,
  refusalNotice,
  refused,
  tafelRoutes,
  text,
} from './ontwikkeltafelsShared';

/**
 * The voortgangsrapportages of the ontwikkeltafels: the trekkers' form (draft, publish, correct), reading a
 * report, sharing it with every aanbieder, asking about it, turning a requested decision into a voorstel, and the
 * Markdown export. Thin handlers: card data is validated here; OntwikkeltafelsService decides who may see and do
 * what, applies the rules, stores and distributes, and its answer becomes a card here.
 */

const PERIOD_ID = /^(\d{4}-\d{2}-\d{2}|eindevaluatie)$/;

function requirePeriodId(data: CardData): string {
  const value = data.periodId;
  if (typeof value !== 'string' || !PERIOD_ID.test(value)) throw new InvalidCardDataError('periodId');
  return value;
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

/** The last completed half-year: what the minutes of the next Overlegtafel usually cover. */
function defaultExportRange(now: Date): { from: string; to: string } {
  const year = localYearOf(now);
  return localDateOf(now) <= `${year}-06-30`
    ? { from: `${year - 1}-07-01`, to: `${year - 1}-12-31` }
    : { from: `${year}-01-01`, to: `${year}-06-30` };
}

// Cards --------------------------------------------------------------------------------------------------------

async function reportFormCard(
  turn: Turn,
  actor: KnownActor,
  tafelId: string,
  periodId: string,
  values?: RapportFormValues,
  errors: readonly string[] = [],
  notice?: Notice,
): Promise<AdaptiveCard> {
  const opened = await ontwikkeltafelsServiceFor(turn.services).reportForm(actor, tafelId, periodId);
  if (opened.kind === 'not-found') return notFound(turn);
  if (opened.kind === 'refused') return refused(turn, opened.refusal);
  if (opened.kind === 'unknown-period')
    return refused(
      turn,
      refuse('rapportage.unknown-period', {
        nl: ontwikkeltafelsText('nl', 'unknownPeriod'),
        en: ontwikkeltafelsText('en', 'unknownPeriod'),
      }),
    );
  const { tafel, period, report, reportId, etag, mode, content } = opened;
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
        etag,
        mode,
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
  const opened = await ontwikkeltafelsServiceFor(turn.services).reportView(
    actor,
    tafelId,
    reportId,
    overlegtafel,
  );
  if (opened.kind === 'not-found') return notFound(turn, 'reportNotFound');
  if (opened.kind === 'own-draft') return reportFormCard(turn, actor, tafelId, opened.periodId);
  const { tafel, report, canMakeVoorstel, canCorrect, canShare, canAsk } = opened;
  return renderOntwikkeltafelCard(
    'rapportageCard',
    turn.locale,
    rapportCardView(
      tafel,
      report,
      { mode: 'detail', notice, canMakeVoorstel, canCorrect, canShare, canAsk },
      turn.locale,
    ),
  );
}

// Routes -------------------------------------------------------------------------------------------------------

export function registerRapportageHandlers(app: Application<TurnState>, botServices: BotServices): void {
  const service = ontwikkeltafelsServiceFor(botServices);
  const { route, gemeenteOnly } = tafelRoutes(app, botServices);

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
          ? reportFormCard(turn, actor, tafelId, periodId, values, refusalMessages(result, turn.locale))
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
        ? reportFormCard(turn, actor, tafelId, periodId, values, refusalMessages(result, turn.locale))
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
    if (!(await service.mayExport(actor))) {
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
