import { PERCELEN, type Perceel } from '../registry/registry';
import type { LocalDate } from '../time/localDate';
import { workingDaysBetween } from '../time/workingDays';
import type { Signaal } from './signaal';

/**
 * The gemeente's view of waiting lists per perceel: how many providers report that care cannot start within
 * 14 working days of an allocation, for how many clients, and how long they expect it to take.
 */

export interface WachtlijstRow {
  readonly perceel: Perceel;
  readonly signalen: number;
  /** Distinct organisations that reported. */
  readonly aanbieders: number;
  readonly clients: number;
  /** Clients whose care has not started by `today` by the provider's own expectation (or whose start is unknown). */
  readonly clientsStillWaiting: number;
  readonly unknownStart: number;
  /** The longest expected wait, in working days after the allocation; null when no start date is known. */
  readonly longestExpectedWorkingDays: number | null;
  /** Working days since the oldest allocation still waiting; null when nobody is still waiting. */
  readonly oldestWaitingWorkingDays: number | null;
}

export function wachtlijstPerPerceel(
  signalen: ReadonlyArray<Pick<Signaal, 'organisationId' | 'wachtlijst'>>,
  today: LocalDate,
): WachtlijstRow[] {
  return PERCELEN.map((perceel) => {
    const mine = signalen.filter((s) => s.wachtlijst?.perceel === perceel);
    const reports = mine.map((s) => s.wachtlijst!);
    const waiting = reports.filter((r) => r.expectedStartDate === null || r.expectedStartDate > today);
    const known = reports.map((r) => r.expectedWorkingDays).filter((days): days is number => days !== null);
    const oldest = waiting.map((r) => r.allocationDate).sort()[0];
    return {
      perceel,
      signalen: mine.length,
      aanbieders: new Set(mine.map((s) => s.organisationId)).size,
      clients: reports.reduce((total, r) => total + r.clients, 0),
      clientsStillWaiting: waiting.reduce((total, r) => total + r.clients, 0),
      unknownStart: reports.filter((r) => r.expectedStartDate === null).length,
      longestExpectedWorkingDays: known.length > 0 ? Math.max(...known) : null,
      oldestWaitingWorkingDays: oldest === undefined ? null : workingDaysBetween(oldest, today),
    };
  });
}
