import type { Actor } from '../registry/actor';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { normaliseLine } from '../shared/text';
import { localDateOf, toIsoInstant, type IsoInstant } from '../time/amsterdam';
import { formatDutchShortDate } from '../time/dutch';
import { isLocalDate, type LocalDate } from '../time/localDate';
import { requireKnownActor, type ActorRecord, type KnownActor } from '../voorstellen/acting';
import { checkText, FieldProblems } from '../voorstellen/textRules';
import type { VoorstelInput } from '../voorstellen/voorstel';
import { isTrekker, type Ontwikkeltafel } from './ontwikkeltafel';
import { findPeriod, EINDEVALUATIE_PERIOD_ID, type ReportKind } from './schedule';

/**
 * Voortgangsrapportages of an ontwikkeltafel and its eindevaluatie [domain §3]. A trekker keeps a draft (which
 * may be incomplete), publishes it when complete, and may correct a published report: every published version is
 * kept with the reason for the correction. Only trekkers of the table write its reports.
 */

export const VOORTGANG_STATUSES = ['op schema', 'aandacht nodig', 'achter'] as const;
export type VoortgangStatus = (typeof VOORTGANG_STATUSES)[number];

export const PILOT_STATUSES = ['gepland', 'lopend', 'afgerond', 'gestopt'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];

/** A time-boxed experiment with a research question [002 art. 10.3]. */
export interface Pilot {
  readonly name: string;
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly researchQuestion: string;
  readonly status: PilotStatus;
}

/** A decision the table asks of the Overlegtafel; it can become a voorstel with one action. */
export interface RequestedDecision {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
  readonly voorstelId: string | null;
}

export interface RapportContent {
  readonly status: VoortgangStatus | null;
  readonly progress: string;
  readonly results: string;
  readonly problems: string;
  readonly nextSteps: string;
  readonly pilots: readonly Pilot[];
  readonly decisionsRequested: readonly RequestedDecision[];
}

export interface PublishedVersion {
  readonly version: number;
  readonly content: RapportContent;
  readonly publishedAt: IsoInstant;
  readonly publishedBy: ActorRecord;
  /** Null for the first publication. */
  readonly correctionReason: string | null;
}

export interface Voortgangsrapportage {
  readonly id: string;
  readonly tafelId: string;
  readonly kind: ReportKind;
  readonly periodId: string;
  readonly periodStart: LocalDate;
  readonly periodEnd: LocalDate;
  /** The draft, or after publication the current published content. */
  readonly content: RapportContent;
  readonly createdAt: IsoInstant;
  readonly createdBy: ActorRecord;
  readonly updatedAt: IsoInstant;
  readonly updatedBy: ActorRecord;
  /** Set at the first publication; a correction does not move it (the schedule counts the first). */
  readonly publishedAt: IsoInstant | null;
  readonly versions: readonly PublishedVersion[];
}

export type RapportageEvent =
  | { readonly type: 'rapportage.concept-opgeslagen'; readonly reportId: string; readonly tafelId: string }
  | {
      readonly type: 'rapportage.gepubliceerd';
      readonly reportId: string;
      readonly tafelId: string;
      readonly kind: ReportKind;
      readonly version: number;
      /** True for a correction of an earlier publication. */
      readonly correction: boolean;
    };

export interface RapportageChange {
  readonly report: Voortgangsrapportage;
  readonly events: readonly RapportageEvent[];
}

export const RAPPORT_LIMITS = {
  textMax: 5000,
  pilots: 20,
  pilotNameMax: 200,
  researchQuestionMax: 1000,
  decisions: 10,
  decisionTitleMin: 3,
  decisionTitleMax: 200,
  decisionExplanationMax: 2000,
  correctionReasonMin: 10,
  correctionReasonMax: 1000,
} as const;

export interface RapportContentInput {
  readonly status?: unknown;
  readonly progress?: unknown;
  readonly results?: unknown;
  readonly problems?: unknown;
  readonly nextSteps?: unknown;
  readonly pilots?: unknown;
  readonly decisionsRequested?: unknown;
}

/** The requested decisions a report already has (to keep their ids and links) and every one it ever had. */
export interface DecisionContext {
  readonly current: readonly RequestedDecision[];
  readonly everUsed: readonly RequestedDecision[];
}

const NO_DECISIONS: DecisionContext = { current: [], everUsed: [] };

function decisionContext(report: Voortgangsrapportage): DecisionContext {
  return {
    current: report.content.decisionsRequested,
    everUsed: [report.content, ...report.versions.map((v) => v.content)].flatMap((c) => c.decisionsRequested),
  };
}

/**
 * Checks sizes and formats. With `complete`, also the fields a published report must have: status, progress,
 * results and next steps (problems may be empty: not every half-year has them).
 */
export function validateRapportContent(
  input: RapportContentInput,
  options: { complete: boolean },
  known: DecisionContext = NO_DECISIONS,
): Result<RapportContent> {
  const problems = new FieldProblems();
  const L = RAPPORT_LIMITS;
  const required = options.complete ? 1 : 0;
  const statusText = normaliseLine(input.status).toLowerCase();
  const status = (VOORTGANG_STATUSES as readonly string[]).includes(statusText)
    ? (statusText as VoortgangStatus)
    : null;
  if (statusText && !status)
    problems.add('status', {
      nl: 'Kies de status: op schema, aandacht nodig of achter.',
      en: 'Choose the status: on track, needs attention or behind.',
    });
  else if (!status && options.complete)
    problems.add('status', {
      nl: 'Kies de status: op schema, aandacht nodig of achter.',
      en: 'Choose the status: on track, needs attention or behind.',
    });

  const text = (field: keyof RapportContentInput, label: Bilingual, min: number, plural = false) =>
    checkText(problems, field, input[field], { label, min, max: L.textMax, multiline: true, plural });
  const progress = text('progress', { nl: 'De voortgang', en: 'The progress' }, required);
  const results = text('results', { nl: 'De resultaten', en: 'The results' }, required, true);
  const problemsText = text('problems', { nl: 'De knelpunten', en: 'The bottlenecks' }, 0, true);
  const nextSteps = text('nextSteps', { nl: 'De volgende stappen', en: 'The next steps' }, required, true);
  const pilots = checkPilots(problems, input.pilots);
  const decisionsRequested = checkDecisions(problems, input.decisionsRequested, known);

  if (problems.any) return refuseFields('rapportage.invalid', problems.all);
  return succeed({
    status,
    progress,
    results,
    problems: problemsText,
    nextSteps,
    pilots,
    decisionsRequested,
  });
}

function records(
  problems: FieldProblems,
  field: string,
  value: unknown,
  max: number,
  label: Bilingual,
): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(field, { nl: `${label.nl} moeten een lijst zijn.`, en: `${label.en} must be a list.` });
    return [];
  }
  if (value.length > max) {
    problems.add(field, {
      nl: `Maximaal ${max} ${label.nl.toLowerCase()}.`,
      en: `At most ${max} ${label.en.toLowerCase()}.`,
    });
    return [];
  }
  return value.map((v: unknown) =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {},
  );
}

function checkPilots(problems: FieldProblems, value: unknown): Pilot[] {
  const L = RAPPORT_LIMITS;
  return records(problems, 'pilots', value, L.pilots, { nl: 'Pilots', en: 'Pilots' }).map((p, i) => {
    const n = i + 1;
    const name = checkText(problems, 'pilots', p.name, {
      label: { nl: `De naam van pilot ${n}`, en: `The name of pilot ${n}` },
      min: 1,
      max: L.pilotNameMax,
    });
    const researchQuestion = checkText(problems, 'pilots', p.researchQuestion, {
      label: { nl: `De onderzoeksvraag van pilot ${n}`, en: `The research question of pilot ${n}` },
      min: 1,
      max: L.researchQuestionMax,
      multiline: true,
    });
    const start = typeof p.start === 'string' ? p.start.trim() : '';
    const end = typeof p.end === 'string' ? p.end.trim() : '';
    if (!isLocalDate(start) || !isLocalDate(end)) {
      problems.add('pilots', {
        nl: `Geef van pilot ${n} een begin- en einddatum (JJJJ-MM-DD).`,
        en: `Give pilot ${n} a start and end date (YYYY-MM-DD).`,
      });
    } else if (end < start) {
      problems.add('pilots', {
        nl: `De einddatum van pilot ${n} ligt vóór de begindatum.`,
        en: `The end date of pilot ${n} is before its start date.`,
      });
    }
    const status = (PILOT_STATUSES as readonly unknown[]).includes(p.status)
      ? (p.status as PilotStatus)
      : 'gepland';
    if (!(PILOT_STATUSES as readonly unknown[]).includes(p.status)) {
      problems.add('pilots', {
        nl: `Kies de status van pilot ${n}: gepland, lopend, afgerond of gestopt.`,
        en: `Choose the status of pilot ${n}: planned, running, completed or stopped.`,
      });
    }
    return { name, start, end, researchQuestion, status };
  });
}

function checkDecisions(
  problems: FieldProblems,
  value: unknown,
  known: DecisionContext,
): RequestedDecision[] {
  const L = RAPPORT_LIMITS;
  const kept = new Set<string>();
  let lastNumber = Math.max(0, ...known.everUsed.map((d) => Number(/^besluit-(\d+)$/.exec(d.id)?.[1] ?? 0)));
  return records(problems, 'decisionsRequested', value, L.decisions, {
    nl: 'Gevraagde besluiten',
    en: 'Requested decisions',
  }).map((d, i) => {
    const n = i + 1;
    const title = checkText(problems, 'decisionsRequested', d.title, {
      label: { nl: `De titel van gevraagd besluit ${n}`, en: `The title of requested decision ${n}` },
      min: L.decisionTitleMin,
      max: L.decisionTitleMax,
    });
    const explanation = checkText(problems, 'decisionsRequested', d.explanation, {
      label: {
        nl: `De toelichting bij gevraagd besluit ${n}`,
        en: `The explanation of requested decision ${n}`,
      },
      max: L.decisionExplanationMax,
      multiline: true,
    });
    // Ids and links to voorstellen are kept by the domain, never taken from the form, so a card cannot forge a
    // link; a new decision gets a number never used in this report, so an old version's id keeps its meaning.
    const current = known.current.find((c) => c.id === normaliseLine(d.id) && !kept.has(c.id));
    if (current) {
      kept.add(current.id);
      return { id: current.id, title, explanation, voorstelId: current.voorstelId };
    }
    lastNumber += 1;
    return { id: `besluit-${lastNumber}`, title, explanation, voorstelId: null };
  });
}

function trekkerRecord(actor: KnownActor, tafel: Ontwikkeltafel): ActorRecord {
  const trekker = tafel.trekkers.find((t) => t.personId === actor.person.id);
  const organisation = actor.roles.find((r) => r.organisation.id === trekker?.organisationId)?.organisation;
  return {
    personId: actor.person.id,
    personName: actor.person.name,
    organisationId: trekker?.organisationId ?? null,
    organisationName: organisation?.name ?? null,
    capacity: 'trekker',
  };
}

function requireTrekker(tafel: Ontwikkeltafel, actor: Actor): Result<KnownActor> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (!isTrekker(tafel, actor)) {
    return refuse('rapportage.not-trekker', {
      nl: `Alleen de trekkers van ${tafel.name} kunnen de rapportages van deze tafel schrijven.`,
      en: `Only the leads of ${tafel.name} can write the reports of this table.`,
    });
  }
  return known;
}

/** No new voortgang work on an ended table; its eindevaluatie is the exception [domain §3]. */
function requireWritable(tafel: Ontwikkeltafel, kind: ReportKind): Result<true> {
  if (tafel.status === 'beeindigd' && kind !== 'eindevaluatie') {
    return refuse('rapportage.table-ended', {
      nl: `${tafel.name} is beëindigd. Er kunnen geen voortgangsrapportages meer worden geschreven, alleen de eindevaluatie.`,
      en: `${tafel.name} has ended. No more progress reports can be written, only the final evaluation.`,
    });
  }
  return succeed(true);
}

export interface StartReport {
  readonly id: string;
  /** A period id from the schedule ('2027-06-30'), or 'eindevaluatie'. */
  readonly periodId: string;
  readonly content?: RapportContentInput;
}

export function startReport(
  tafel: Ontwikkeltafel,
  existing: readonly Voortgangsrapportage[],
  command: StartReport,
  actor: Actor,
  now: Date,
): Result<RapportageChange> {
  const trekker = requireTrekker(tafel, actor);
  if (!trekker.ok) return trekker;
  const kind: ReportKind = command.periodId === EINDEVALUATIE_PERIOD_ID ? 'eindevaluatie' : 'voortgang';
  const writable = requireWritable(tafel, kind);
  if (!writable.ok) return writable;
  const period = findPeriod(tafel, command.periodId, localDateOf(now));
  if (!period) {
    return refuse('rapportage.unknown-period', {
      nl: 'Voor deze periode is (nog) geen rapportage gepland. Kies een periode uit de lijst.',
      en: 'No report is planned for this period (yet). Choose a period from the list.',
    });
  }
  if (existing.some((r) => r.tafelId === tafel.id && r.periodId === period.id)) {
    return refuse('rapportage.exists', {
      nl: 'Voor deze periode bestaat al een rapportage. Open die om verder te schrijven.',
      en: 'A report already exists for this period. Open it to continue writing.',
    });
  }
  const content = validateRapportContent(command.content ?? {}, { complete: false });
  if (!content.ok) return content;
  const at = toIsoInstant(now);
  const by = trekkerRecord(trekker.value, tafel);
  const report: Voortgangsrapportage = {
    id: command.id,
    tafelId: tafel.id,
    kind,
    periodId: period.id,
    periodStart: period.start,
    periodEnd: period.end,
    content: content.value,
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
    publishedAt: null,
    versions: [],
  };
  return succeed({
    report,
    events: [{ type: 'rapportage.concept-opgeslagen', reportId: report.id, tafelId: tafel.id }],
  });
}

function checkOwnership(report: Voortgangsrapportage, tafel: Ontwikkeltafel): Result<true> {
  if (report.tafelId !== tafel.id)
    return refuse('rapportage.wrong-table', {
      nl: 'Deze rapportage hoort niet bij deze ontwikkeltafel.',
      en: 'This report does not belong to this ontwikkeltafel.',
    });
  return succeed(true);
}

export function saveDraft(
  report: Voortgangsrapportage,
  tafel: Ontwikkeltafel,
  content: RapportContentInput,
  actor: Actor,
  now: Date,
): Result<RapportageChange> {
  const owned = checkOwnership(report, tafel);
  if (!owned.ok) return owned;
  const trekker = requireTrekker(tafel, actor);
  if (!trekker.ok) return trekker;
  const writable = requireWritable(tafel, report.kind);
  if (!writable.ok) return writable;
  if (report.publishedAt !== null) {
    return refuse('rapportage.published', {
      nl: 'Deze rapportage is gepubliceerd. Gebruik corrigeren om haar aan te passen.',
      en: 'This report has been published. Use correct to change it.',
    });
  }
  const valid = validateRapportContent(content, { complete: false }, decisionContext(report));
  if (!valid.ok) return valid;
  return succeed({
    report: {
      ...report,
      content: valid.value,
      updatedAt: toIsoInstant(now),
      updatedBy: trekkerRecord(trekker.value, tafel),
    },
    events: [{ type: 'rapportage.concept-opgeslagen', reportId: report.id, tafelId: tafel.id }],
  });
}

export function publishReport(
  report: Voortgangsrapportage,
  tafel: Ontwikkeltafel,
  actor: Actor,
  now: Date,
): Result<RapportageChange> {
  const owned = checkOwnership(report, tafel);
  if (!owned.ok) return owned;
  const trekker = requireTrekker(tafel, actor);
  if (!trekker.ok) return trekker;
  const writable = requireWritable(tafel, report.kind);
  if (!writable.ok) return writable;
  if (report.publishedAt !== null)
    return refuse('rapportage.published', {
      nl: 'Deze rapportage is al gepubliceerd.',
      en: 'This report has already been published.',
    });
  const complete = validateRapportContent(report.content, { complete: true }, decisionContext(report));
  if (!complete.ok) return complete;
  const at = toIsoInstant(now);
  const by = trekkerRecord(trekker.value, tafel);
  const version: PublishedVersion = {
    version: 1,
    content: report.content,
    publishedAt: at,
    publishedBy: by,
    correctionReason: null,
  };
  return succeed({
    report: { ...report, publishedAt: at, updatedAt: at, updatedBy: by, versions: [version] },
    events: [
      {
        type: 'rapportage.gepubliceerd',
        reportId: report.id,
        tafelId: tafel.id,
        kind: report.kind,
        version: 1,
        correction: false,
      },
    ],
  });
}

/**
 * A published report is corrected, not edited: the new content becomes a new version and the reason is kept.
 * Corrections stay possible after the table ended, since they fix what was already reported.
 */
export function correctReport(
  report: Voortgangsrapportage,
  tafel: Ontwikkeltafel,
  command: { readonly content: RapportContentInput; readonly reason: unknown },
  actor: Actor,
  now: Date,
): Result<RapportageChange> {
  const owned = checkOwnership(report, tafel);
  if (!owned.ok) return owned;
  const trekker = requireTrekker(tafel, actor);
  if (!trekker.ok) return trekker;
  if (report.publishedAt === null) {
    return refuse('rapportage.not-published', {
      nl: 'Deze rapportage is nog een concept. Pas het concept aan en publiceer het.',
      en: 'This report is still a draft. Change the draft and publish it.',
    });
  }
  const problems = new FieldProblems();
  const reason = checkText(problems, 'reason', command.reason, {
    label: { nl: 'De reden van de correctie', en: 'The reason for the correction' },
    min: RAPPORT_LIMITS.correctionReasonMin,
    max: RAPPORT_LIMITS.correctionReasonMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('rapportage.invalid', problems.all);
  const content = validateRapportContent(command.content, { complete: true }, decisionContext(report));
  if (!content.ok) return content;
  const at = toIsoInstant(now);
  const by = trekkerRecord(trekker.value, tafel);
  const versionNumber = report.versions.length + 1;
  const version: PublishedVersion = {
    version: versionNumber,
    content: content.value,
    publishedAt: at,
    publishedBy: by,
    correctionReason: reason,
  };
  return succeed({
    report: {
      ...report,
      content: content.value,
      updatedAt: at,
      updatedBy: by,
      versions: [...report.versions, version],
    },
    events: [
      {
        type: 'rapportage.gepubliceerd',
        reportId: report.id,
        tafelId: tafel.id,
        kind: report.kind,
        version: versionNumber,
        correction: true,
      },
    ],
  });
}

/** The current published version, or null for a draft. */
export function currentPublishedVersion(report: Voortgangsrapportage): PublishedVersion | null {
  return report.versions.at(-1) ?? null;
}

/** Turns a requested decision into the input of a voorstel, with the table as its origin. */
export function decisionAsVoorstelInput(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  decisionId: string,
): Result<VoorstelInput> {
  const decision = report.content.decisionsRequested.find((d) => d.id === decisionId);
  if (!decision)
    return refuse('rapportage.unknown-decision', {
      nl: 'Dit gevraagde besluit staat niet (meer) in de rapportage.',
      en: 'This requested decision is not in the report (any more).',
    });
  if (decision.voorstelId !== null) {
    return refuse('rapportage.decision-has-voorstel', {
      nl: 'Van dit gevraagde besluit is al een voorstel gemaakt.',
      en: 'A proposal has already been made from this requested decision.',
    });
  }
  const period = `${formatDutchShortDate(report.periodStart)} t/m ${formatDutchShortDate(report.periodEnd)}`;
  return succeed({
    title: decision.title,
    summary: `Ontwikkeltafel ${tafel.name} vraagt de Overlegtafel om een besluit: ${decision.title}`,
    text: [`Uit de rapportage van ontwikkeltafel ${tafel.name} over ${period}.`, decision.explanation]
      .filter(Boolean)
      .join('\n\n'),
    type: 'overig',
    percelen: [...tafel.percelen],
    origin: { ontwikkeltafelId: tafel.id },
  });
}

/** Records that a requested decision became a voorstel, in the current content and its latest published version. */
export function linkDecisionToVoorstel(
  report: Voortgangsrapportage,
  decisionId: string,
  voorstelId: string,
): Result<Voortgangsrapportage> {
  if (!report.content.decisionsRequested.some((d) => d.id === decisionId)) {
    return refuse('rapportage.unknown-decision', {
      nl: 'Dit gevraagde besluit staat niet (meer) in de rapportage.',
      en: 'This requested decision is not in the report (any more).',
    });
  }
  const link = (content: RapportContent): RapportContent => ({
    ...content,
    decisionsRequested: content.decisionsRequested.map((d) =>
      d.id === decisionId ? { ...d, voorstelId } : d,
    ),
  });
  const versions = report.versions.map((v, i) =>
    i === report.versions.length - 1 ? { ...v, content: link(v.content) } : v,
  );
  return succeed({ ...report, content: link(report.content), versions });
}
