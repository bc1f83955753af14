import {
  amsterdamInstant,
  endOfLocalDay,
  fromIsoInstant,
  isPastDeadline,
  localDateOf,
  toIsoInstant,
  type IsoInstant,
} from '../time/amsterdam';
import { addDays, daysBetween, localDate, localDateParts, type LocalDate } from '../time/localDate';
import type { Ontwikkeltafel } from './ontwikkeltafel';

/**
 * When each report of an ontwikkeltafel is due, who is reminded when, and what is overdue. All dates are Dutch
 * calendar dates; a report is due at the end of the Dutch day (23:59:59 Europe/Amsterdam) `graceDays` after its
 * period ends, which may fall in the next year.
 */

/** A first period shorter than this is added to the next one: nobody reports on a table's first ten days. */
export const MIN_FIRST_PERIOD_DAYS = 31;
/** Reminders go out at 09:00 Dutch time, not at the odd hour the scheduler happens to run. */
export const REMINDER_TIME = { hour: 9, minute: 0 } as const;

export const EINDEVALUATIE_PERIOD_ID = 'eindevaluatie';

export type ReportKind = 'voortgang' | 'eindevaluatie';

/**
 * What the schedule needs to know of a report: its table, its period and whether it was published. A
 * Voortgangsrapportage is one; the schedule does not depend on the rapportage rules, which depend on it.
 */
export interface ReportOnSchedule {
  readonly id: string;
  readonly tafelId: string;
  readonly periodId: string;
  readonly publishedAt: IsoInstant | null;
}

export interface ReportPeriod {
  /** The end date for a voortgang period ('2027-06-30'); 'eindevaluatie' for the final evaluation. */
  readonly id: string;
  readonly kind: ReportKind;
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly dueDate: LocalDate;
  /** Inclusive: a report published at this second is on time. */
  readonly dueAt: IsoInstant;
}

function period(tafel: Ontwikkeltafel, kind: ReportKind, start: LocalDate, end: LocalDate): ReportPeriod {
  const dueDate = addDays(end, tafel.schedule.graceDays);
  return {
    id: kind === 'eindevaluatie' ? EINDEVALUATIE_PERIOD_ID : end,
    kind,
    start,
    end,
    dueDate,
    dueAt: toIsoInstant(endOfLocalDay(dueDate)),
  };
}

/**
 * The voortgang periods that have started on or before `through`: the last one may still be running. For an
 * ended table, only the periods that ended on or before its end date.
 */
export function voortgangPeriods(tafel: Ontwikkeltafel, through: LocalDate): ReportPeriod[] {
  const limit = tafel.endedOn !== null && tafel.endedOn < through ? tafel.endedOn : through;
  const firstYear = localDateParts(tafel.start).year;
  const lastYear = localDateParts(limit).year + 1;
  const ends: LocalDate[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (const { month, day } of tafel.schedule.periodEnds) ends.push(localDate(year, month, day));
  }
  ends.sort();

  const periods: ReportPeriod[] = [];
  let start = tafel.start;
  for (const end of ends) {
    if (start > limit) break;
    if (end < start) continue;
    if (periods.length === 0 && daysBetween(start, end) + 1 < MIN_FIRST_PERIOD_DAYS) continue;
    periods.push(period(tafel, 'voortgang', start, end));
    start = addDays(end, 1);
  }
  return tafel.endedOn === null ? periods : periods.filter((p) => p.end <= (tafel.endedOn as LocalDate));
}

/** The eindevaluatie covers the whole life of the table, up to its end (or, while active, its expected end). */
export function eindevaluatiePeriod(tafel: Ontwikkeltafel): ReportPeriod {
  return period(tafel, 'eindevaluatie', tafel.start, tafel.endedOn ?? tafel.expectedEnd);
}

export function findPeriod(
  tafel: Ontwikkeltafel,
  periodId: string,
  today: LocalDate,
): ReportPeriod | undefined {
  if (periodId === EINDEVALUATIE_PERIOD_ID) return eindevaluatiePeriod(tafel);
  return voortgangPeriods(tafel, today).find((p) => p.id === periodId);
}

export type ScheduledState = 'lopend' | 'open' | 'achterstallig' | 'gepubliceerd';

export interface ScheduledReport {
  readonly period: ReportPeriod;
  /**
   * lopend: the period has not ended yet; open: ended, report not yet due; achterstallig: past its due date
   * without a published report; gepubliceerd: done (also when published late).
   */
  readonly state: ScheduledState;
  readonly reportId: string | null;
}

function publishedFor(reports: readonly ReportOnSchedule[], tafelId: string, periodId: string) {
  return reports.find((r) => r.tafelId === tafelId && r.periodId === periodId && r.publishedAt !== null);
}

function stateOf(p: ReportPeriod, published: boolean, now: Date): ScheduledState {
  if (published) return 'gepubliceerd';
  if (localDateOf(now) <= p.end) return 'lopend';
  return isPastDeadline(now, fromIsoInstant(p.dueAt)) ? 'achterstallig' : 'open';
}

/**
 * Every report the table owes up to now, with its state. Once a table has ended only its eindevaluatie is still
 * expected: voortgang reports it did not deliver while active can no longer be written (and were flagged then).
 */
export function reportSchedule(
  tafel: Ontwikkeltafel,
  reports: readonly ReportOnSchedule[],
  now: Date,
): ScheduledReport[] {
  const periods =
    tafel.status === 'beeindigd' ? [eindevaluatiePeriod(tafel)] : voortgangPeriods(tafel, localDateOf(now));
  return periods.map((p) => {
    const published = publishedFor(reports, tafel.id, p.id);
    return { period: p, state: stateOf(p, Boolean(published), now), reportId: published?.id ?? null };
  });
}

export function overdueReports(
  tafel: Ontwikkeltafel,
  reports: readonly ReportOnSchedule[],
  now: Date,
): ScheduledReport[] {
  return reportSchedule(tafel, reports, now).filter((s) => s.state === 'achterstallig');
}

/** The report to deliver next: the earliest due one that is not published, for the portfolio card. */
export function nextDueReport(
  tafel: Ontwikkeltafel,
  reports: readonly ReportOnSchedule[],
  now: Date,
): ScheduledReport | null {
  const pending = reportSchedule(tafel, reports, now).filter((s) => s.state !== 'gepubliceerd');
  pending.sort((a, b) => (a.period.dueAt < b.period.dueAt ? -1 : a.period.dueAt > b.period.dueAt ? 1 : 0));
  return pending[0] ?? null;
}

export type ReportNotice =
  | {
      readonly kind: 'herinnering';
      readonly key: string;
      readonly tafelId: string;
      readonly periodId: string;
      readonly daysBefore: number;
      readonly dueAt: IsoInstant;
      /** To the trekkers. */
      readonly trekkerIds: readonly string[];
    }
  | {
      readonly kind: 'achterstallig';
      readonly key: string;
      readonly tafelId: string;
      readonly periodId: string;
      readonly dueAt: IsoInstant;
      /** To the trekkers and to the gemeente. */
      readonly trekkerIds: readonly string[];
    };

export function reminderMoment(p: ReportPeriod, daysBefore: number): Date {
  return amsterdamInstant(addDays(p.dueDate, -daysBefore), REMINDER_TIME);
}

/**
 * What the scheduler should send now. Per unpublished report at most one reminder: the most urgent one whose
 * moment has passed and that was not sent yet (a scheduler that was down does not send a backlog of older
 * ones), and one overdue notice once the due date has passed. `alreadySent` holds the keys of sent notices, so
 * a rerun, or a second instance, sends nothing twice.
 */
export function dueNotices(
  tafel: Ontwikkeltafel,
  reports: readonly ReportOnSchedule[],
  now: Date,
  alreadySent: ReadonlySet<string>,
): ReportNotice[] {
  const trekkerIds = tafel.trekkers.map((t) => t.personId);
  const notices: ReportNotice[] = [];
  for (const scheduled of reportSchedule(tafel, reports, now)) {
    const p = scheduled.period;
    const base = { tafelId: tafel.id, periodId: p.id, dueAt: p.dueAt, trekkerIds };
    if (scheduled.state === 'achterstallig') {
      const key = `${tafel.id}/${p.id}/achterstallig`;
      if (!alreadySent.has(key)) notices.push({ kind: 'achterstallig', key, ...base });
      continue;
    }
    if (scheduled.state === 'gepubliceerd') continue;
    const passed = [...tafel.schedule.reminderDaysBefore]
      .sort((a, b) => a - b)
      .find((days) => reminderMoment(p, days).getTime() <= now.getTime());
    if (passed === undefined) continue;
    const key = `${tafel.id}/${p.id}/${passed}`;
    if (!alreadySent.has(key)) notices.push({ kind: 'herinnering', key, daysBefore: passed, ...base });
  }
  return notices;
}
