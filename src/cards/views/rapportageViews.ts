import {
  currentPublishedVersion,
  PILOT_STATUSES,
  RAPPORT_LIMITS,
  VOORTGANG_STATUSES,
  type Ontwikkeltafel,
  type Pilot,
  type RapportContent,
  type ReportKind,
  type Voortgangsrapportage,
} from '../../domain/ontwikkeltafels';
import { formatShortDate } from '../../domain/time/english';
import type { LocalDate } from '../../domain/time/localDate';
import { format, type Locale, type RenderInput } from '../renderCard';
import {
  day,
  kindLabel,
  noticeView,
  periodRange,
  pilotStatusLabel,
  statusColour,
  statusLabel,
  strings,
  type Notice,
} from './ontwikkeltafelsViews';

/**
 * View models of the report cards of the ontwikkeltafels: the trekkers' report form, the report (on its own and
 * as broadcast), a reader's question to the trekkers and the Markdown export. User text goes into `view` (escaped)
 * or `form` (raw, for inputs and action data) only.
 */

// The report form ----------------------------------------------------------------------------------------------------

export interface PilotFormValues {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly researchQuestion: string;
  readonly status: string;
}

export interface DecisionFormValues {
  /** The domain's id of a decision already in the report; '' for a new one. */
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
}

export interface RapportFormValues {
  readonly status: string;
  readonly progress: string;
  readonly results: string;
  readonly problems: string;
  readonly nextSteps: string;
  readonly pilots: readonly PilotFormValues[];
  readonly decisions: readonly DecisionFormValues[];
  readonly reason: string;
}

export function rapportFormValues(content: RapportContent | null): RapportFormValues {
  return {
    status: content?.status ?? '',
    progress: content?.progress ?? '',
    results: content?.results ?? '',
    problems: content?.problems ?? '',
    nextSteps: content?.nextSteps ?? '',
    pilots: (content?.pilots ?? []).map((p: Pilot) => ({
      name: p.name,
      start: p.start,
      end: p.end,
      researchQuestion: p.researchQuestion,
      status: p.status,
    })),
    decisions: (content?.decisionsRequested ?? []).map((d) => ({
      id: d.id,
      title: d.title,
      explanation: d.explanation,
    })),
    reason: '',
  };
}

export function isEmptyPilot(p: PilotFormValues): boolean {
  return !p.name.trim() && !p.start.trim() && !p.end.trim() && !p.researchQuestion.trim();
}

export function isEmptyDecision(d: DecisionFormValues): boolean {
  return !d.title.trim() && !d.explanation.trim();
}

export interface RapportFormContext {
  readonly tafel: Ontwikkeltafel;
  readonly kind: ReportKind;
  readonly periodId: string;
  readonly periodStart: LocalDate;
  readonly periodEnd: LocalDate;
  readonly dueDate: LocalDate;
  readonly reportId: string;
  readonly etag: string;
  /** A published report is corrected (with a reason), not edited. */
  readonly mode: 'concept' | 'correctie';
}

export function rapportFormView(
  context: RapportFormContext,
  values: RapportFormValues,
  errors: readonly string[],
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const messages = strings(locale, 'ontwikkeltafels');
  // One empty slot below what is filled in: a trekker adds a pilot or a decision by filling it and saving.
  const pilots = [...values.pilots.filter((p) => !isEmptyPilot(p))];
  if (pilots.length < RAPPORT_LIMITS.pilots)
    pilots.push({ name: '', start: '', end: '', researchQuestion: '', status: 'gepland' });
  const decisions = [...values.decisions.filter((d) => !isEmptyDecision(d))];
  if (decisions.length < RAPPORT_LIMITS.decisions) decisions.push({ id: '', title: '', explanation: '' });
  return {
    view: {
      ...noticeView(notice),
      errors: [...errors],
      heading: `${kindLabel(context.kind, locale)} ${context.tafel.name}`,
      period: periodRange(context.periodStart, context.periodEnd, locale),
      due: formatShortDate(context.dueDate, locale),
      correction: context.mode === 'correctie',
    },
    form: {
      tafelId: context.tafel.id,
      periodId: context.periodId,
      reportId: context.reportId,
      etag: context.etag,
      status: values.status,
      progress: values.progress,
      results: values.results,
      problems: values.problems,
      nextSteps: values.nextSteps,
      reason: values.reason,
      statusChoices: VOORTGANG_STATUSES.map((s) => ({ title: statusLabel(s, locale), value: s })),
      pilotStatusChoices: PILOT_STATUSES.map((s) => ({ title: pilotStatusLabel(s, locale), value: s })),
      pilotSlots: pilots.map((p, i) => ({
        ...p,
        heading: `${messages.pilot ?? 'Pilot'} ${i + 1}`,
        nameId: `pilot${i}Name`,
        startId: `pilot${i}Start`,
        endId: `pilot${i}End`,
        questionId: `pilot${i}Question`,
        statusId: `pilot${i}Status`,
      })),
      decisionSlots: decisions.map((d, i) => ({
        ...d,
        heading: `${messages.decision ?? 'Besluit'} ${i + 1}`,
        titleId: `decision${i}Title`,
        explanationId: `decision${i}Explanation`,
      })),
      pilotCount: pilots.length,
      decisionCount: decisions.length,
      decisionIds: decisions.map((d) => d.id).join(','),
    },
  };
}

// The report ---------------------------------------------------------------------------------------------------------

export interface RapportCardOptions {
  readonly mode: 'broadcast' | 'detail';
  readonly notice?: Notice;
  /** Detail: the viewer may turn requested decisions into voorstellen (gemeente, trekker). */
  readonly canMakeVoorstel?: boolean;
  /** Detail: the viewer is a trekker of the table. */
  readonly canCorrect?: boolean;
  /** Detail: the gemeente may still share it with every aanbieder. */
  readonly canShare?: boolean;
  /** The viewer may ask the trekkers a question (always on a broadcast card: the server checks on submit). */
  readonly canAsk: boolean;
}

export function rapportCardView(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  options: RapportCardOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'rapportageCard');
  const version = currentPublishedVersion(report);
  const content = version?.content ?? report.content;
  const first = report.versions[0];
  const detail = options.mode === 'detail';
  const sections = [
    { title: text.progress, text: content.progress },
    { title: text.results, text: content.results },
    { title: text.problems, text: content.problems },
    { title: text.nextSteps, text: content.nextSteps },
  ].filter((s) => s.text);
  const decisions = content.decisionsRequested;
  return {
    view: {
      ...noticeView(options.notice),
      heading: `${kindLabel(report.kind, locale)} ${tafel.name}`,
      period: periodRange(report.periodStart, report.periodEnd, locale),
      statusLabel: statusLabel(content.status, locale),
      statusColour: statusColour(content.status),
      published: first
        ? format(text.publishedOn ?? '', {
            date: day(first.publishedAt, locale),
            by: first.publishedBy.personName,
          })
        : (text.draft ?? ''),
      corrected: version !== null && version.version > 1,
      correctedText:
        version && version.version > 1
          ? format(text.correctedOn ?? '', {
              version: version.version,
              date: day(version.publishedAt, locale),
            })
          : '',
      trekkers: tafel.trekkers.map((t) => t.name).join(', '),
      sections,
      hasPilots: content.pilots.length > 0,
      pilots: content.pilots.map((p) => ({
        title: `${p.name} (${pilotStatusLabel(p.status, locale)})`,
        detail: `${periodRange(p.start, p.end, locale)} · ${p.researchQuestion}`,
      })),
      hasDecisions: decisions.length > 0,
      decisions: decisions.map((d) => ({
        title: d.title,
        explanation: d.explanation,
        voorstel: d.voorstelId ? format(text.hasVoorstel ?? '', { id: d.voorstelId }) : '',
        canMake: detail && Boolean(options.canMakeVoorstel) && d.voorstelId === null,
        canOpen: detail && d.voorstelId !== null,
      })),
      hasHistory: detail && report.versions.length > 1,
      history: report.versions.map((v) => ({
        label: format(text.versionLine ?? '', {
          version: v.version,
          date: day(v.publishedAt, locale),
          by: v.publishedBy.personName,
        }),
        reason: v.correctionReason ?? '',
      })),
      canAsk: options.canAsk,
      canCorrect: detail && Boolean(options.canCorrect),
      canShare: detail && Boolean(options.canShare),
      detail,
    },
    form: {
      tafelId: tafel.id,
      reportId: report.id,
      periodId: report.periodId,
      decisionIds: decisions.map((d) => d.id),
      voorstelIds: decisions.map((d) => d.voorstelId ?? ''),
    },
  };
}

export function vraagView(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  question: {
    readonly text: string;
    readonly askedBy: string;
    readonly organisation: string;
    readonly email: string;
  },
  locale: Locale,
): RenderInput {
  return {
    view: {
      heading: `${kindLabel(report.kind, locale)} ${tafel.name}`,
      period: periodRange(report.periodStart, report.periodEnd, locale),
      question: question.text,
      askedBy: question.organisation ? `${question.askedBy} (${question.organisation})` : question.askedBy,
      email: question.email,
    },
    form: { tafelId: tafel.id, reportId: report.id },
  };
}

// The export ------------------------------------------------------------------------------------------------------------

/** Characters of Markdown per export card: the card stays well under Teams' ~28 KB. */
export const EXPORT_PART_CHARS = 12_000;

/** Splits the export at line ends into parts of at most `size` characters (a longer single line is cut). */
export function exportParts(markdown: string, size = EXPORT_PART_CHARS): string[] {
  const parts: string[] = [];
  let current = '';
  // Each piece keeps its own line end, so the parts join back to exactly the export.
  for (const piece of markdown.split(/(?<=\n)/)) {
    if (current && current.length + piece.length > size) {
      parts.push(current);
      current = '';
    }
    if (piece.length > size) {
      for (let i = 0; i < piece.length; i += size) parts.push(piece.slice(i, i + size));
      continue;
    }
    current += piece;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export function exportView(
  range: { readonly from: string; readonly to: string },
  result: { readonly parts: readonly string[]; readonly part: number; readonly reports: number } | null,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'rapportageExport');
  const part = result?.part ?? 0;
  const total = result?.parts.length ?? 0;
  return {
    view: {
      errors: [...errors],
      hasResult: result !== null,
      summary: result
        ? format(text.summary ?? '', {
            count: result.reports,
            from: formatShortDate(range.from, locale),
            to: formatShortDate(range.to, locale),
          })
        : '',
      partLabel: total > 1 ? format(text.partLabel ?? '', { part: part + 1, total }) : '',
      hasPrevious: part > 0,
      hasNext: part + 1 < total,
    },
    form: {
      from: range.from,
      to: range.to,
      markdown: result?.parts[part] ?? '',
      previous: String(part - 1),
      next: String(part + 1),
    },
  };
}
