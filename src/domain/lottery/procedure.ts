import { PERCELEN, type DistributionFramework, type SelectionReason } from './types';
import type { PreparedRegistrations } from './prepared';
import { shuffleFront, type RandomStreams } from './random';

/**
 * The draw procedure "tafelbot-loting/1" (docs/lottery.md, "The draw"). Shared by the real draw and by the
 * probability simulation, so the published probabilities describe exactly this code.
 */

export interface Pick {
  /** Index into the canonically sorted registrations. */
  readonly index: number;
  readonly reason: SelectionReason;
}

export interface DrawTrace {
  /** In draw order. */
  readonly picks: readonly Pick[];
  /** Canonical indexes of the registrations not selected, in reserve order (empty when only selecting). */
  readonly reserve: readonly number[];
  readonly seatsLeftBeforeContinuity: number;
  readonly seatsLeftBeforeInflow: number;
}

/**
 * 'volledig' also shuffles the whole rest into the reserve list; 'alleen-selectie' stops as soon as the seats are
 * filled. Both select the same registrations for the same streams, because the shuffle is front-to-back.
 */
export type DrawMode = 'volledig' | 'alleen-selectie';

export const STREAM_LABELS = {
  perceel: (perceel: number) => `perceel-${perceel}`,
  continuity: 'continuiteit',
  inflow: 'instroom',
  free: 'vrije-loting',
} as const;

/**
 * `isSelected` is scratch space of length registrations.length, all zero on entry; it is cleared again before
 * returning so the simulation can reuse it without allocating.
 */
export function runDrawProcedure(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  streams: RandomStreams,
  mode: DrawMode,
  isSelected: Uint8Array = new Uint8Array(prepared.registrations.length),
): DrawTrace {
  const picks: Pick[] = [];
  let returningPicked = 0;
  const select = (index: number, reason: SelectionReason): void => {
    isSelected[index] = 1;
    returningPicked += prepared.isReturning[index] as number;
    picks.push({ index, reason });
  };
  // Plain loops rather than filter callbacks: this runs thousands of times per probability table.
  const notYetSelected = (candidates: readonly number[]): number[] => {
    const remaining: number[] = [];
    for (const index of candidates) if (isSelected[index] === 0) remaining.push(index);
    return remaining;
  };

  // (b) The reserved seats per perceel, each seat by lot among the candidates the rules allow for it.
  for (const perceel of PERCELEN) {
    const members = prepared.perceelMembers[perceel - 1] as readonly number[];
    const reservedSeats = Math.min(framework.minimumPerPerceel[perceel], members.length);
    if (reservedSeats === 0) continue;
    const random = streams(STREAM_LABELS.perceel(perceel));
    const drawOne = (eligible: readonly number[], reason: SelectionReason): number => {
      const index = eligible[random.uniformInt(eligible.length)] as number;
      select(index, reason);
      return index;
    };

    const lokaal = framework.atLeastOneLokaalPerPerceel
      ? (prepared.lokaalMembers[perceel - 1] as number[])
      : [];
    const first =
      lokaal.length > 0 ? drawOne(lokaal, 'lokale-aanbieder') : drawOne(members, 'perceelminimum');
    if (reservedSeats >= 2) {
      // Only `first` is selected in this perceel yet, and it has the excluded grootte: no filtering needed.
      const otherGrootte = framework.differentGrootteWithinPerceel
        ? (prepared.otherGrootteMembers[perceel - 1]?.[prepared.grootteIndex[first] as number] as number[])
        : [];
      if (otherGrootte.length > 0) drawOne(otherGrootte, 'verschillende-grootte');
      else drawOne(notYetSelected(members), 'perceelminimum');
    }
    for (let seat = 3; seat <= reservedSeats; seat++) drawOne(notYetSelected(members), 'perceelminimum');
  }

  // (c) Continuity, then inflow: soft minimums over the whole table, from the seats the percelen left.
  const drawFromPool = (pool: number[], wanted: number, label: string, reason: SelectionReason): void => {
    const count = Math.min(wanted, pool.length);
    if (count <= 0) return;
    shuffleFront(pool, count, streams(label));
    for (let i = 0; i < count; i++) select(pool[i] as number, reason);
  };

  const seatsLeftBeforeContinuity = framework.seats - picks.length;
  const returningShort = framework.continuity.minimumReturning - returningPicked;
  if (returningShort > 0 && seatsLeftBeforeContinuity > 0) {
    const pool = notYetSelected(prepared.returningIndexes);
    drawFromPool(
      pool,
      Math.min(returningShort, seatsLeftBeforeContinuity),
      STREAM_LABELS.continuity,
      'continuiteit',
    );
  }
  const seatsLeftBeforeInflow = framework.seats - picks.length;
  const newcomersShort = framework.inflow.minimumNewcomers - (picks.length - returningPicked);
  if (newcomersShort > 0 && seatsLeftBeforeInflow > 0) {
    const pool = notYetSelected(prepared.newcomerIndexes);
    drawFromPool(pool, Math.min(newcomersShort, seatsLeftBeforeInflow), STREAM_LABELS.inflow, 'instroom');
  }

  // (d) The remaining seats by lot among everyone left; the rest of that order is the reserve list.
  const seatsLeft = framework.seats - picks.length;
  const pool = notYetSelected(prepared.allIndexes);
  const freeSeats = Math.min(seatsLeft, pool.length);
  let reserve: number[] = [];
  if (mode === 'volledig') {
    shuffleFront(pool, pool.length, streams(STREAM_LABELS.free));
    reserve = pool.slice(freeSeats);
  } else if (freeSeats > 0) {
    shuffleFront(pool, freeSeats, streams(STREAM_LABELS.free));
  }
  for (let i = 0; i < freeSeats; i++) select(pool[i] as number, 'vrije-loting');

  for (const pick of picks) isSelected[pick.index] = 0;
  return { picks, reserve, seatsLeftBeforeContinuity, seatsLeftBeforeInflow };
}
