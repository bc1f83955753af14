import { GROOTTES, PERCELEN, type Registration } from './types';
import { sortCanonically } from './registrations';

/** Registrations in canonical order with their attributes as small integers, for the hot loop of the simulation. */
export interface PreparedRegistrations {
  readonly registrations: readonly Registration[];
  /** Indexes into `registrations` per perceel (position 0 is perceel 1), in canonical order. */
  readonly perceelMembers: readonly (readonly number[])[];
  readonly perceelIndex: Uint8Array;
  readonly grootteIndex: Uint8Array;
  readonly isLokaal: Uint8Array;
  readonly isReturning: Uint8Array;
  /** Class of equal standing, see {@link categoryIndexOf}. */
  readonly categoryIndex: Uint8Array;
  readonly returningTotal: number;
  /** Candidate lists that do not change during a draw, precomputed for the simulation's inner loop. */
  readonly allIndexes: readonly number[];
  readonly returningIndexes: readonly number[];
  readonly newcomerIndexes: readonly number[];
  /** Per perceel: the lokale inschrijvers. */
  readonly lokaalMembers: readonly (readonly number[])[];
  /** Per perceel, per grootte index: the inschrijvers of any other grootte. */
  readonly otherGrootteMembers: readonly (readonly (readonly number[])[])[];
}

/** Classes of equal standing: same perceel, grootte, herkomst and continuity. 5 × 3 × 2 × 2 = 60 classes. */
export const CATEGORY_COUNT = 60;
export const CATEGORIES_PER_PERCEEL = 12;

export function categoryIndexOf(
  perceelIndex: number,
  grootteIndex: number,
  lokaal: boolean,
  returning: boolean,
): number {
  return perceelIndex * CATEGORIES_PER_PERCEEL + grootteIndex * 4 + (lokaal ? 0 : 2) + (returning ? 1 : 0);
}

export function describeCategory(registration: Registration): string {
  return `perceel ${registration.perceel} · ${registration.grootte} · ${registration.herkomst} · ${
    registration.previouslySeated ? 'terugkerend' : 'nieuw'
  }`;
}

/** Assumes validated registrations. */
export function prepareRegistrations(registrations: readonly Registration[]): PreparedRegistrations {
  const sorted = sortCanonically(registrations);
  const count = sorted.length;
  const perceelMembers: number[][] = PERCELEN.map(() => []);
  const perceelIndex = new Uint8Array(count);
  const grootteIndex = new Uint8Array(count);
  const isLokaal = new Uint8Array(count);
  const isReturning = new Uint8Array(count);
  const categoryIndex = new Uint8Array(count);
  let returningTotal = 0;
  sorted.forEach((registration, index) => {
    const perceel = registration.perceel - 1;
    const grootte = GROOTTES.indexOf(registration.grootte);
    perceelMembers[perceel]?.push(index);
    perceelIndex[index] = perceel;
    grootteIndex[index] = grootte;
    isLokaal[index] = registration.herkomst === 'lokaal' ? 1 : 0;
    isReturning[index] = registration.previouslySeated ? 1 : 0;
    categoryIndex[index] = categoryIndexOf(
      perceel,
      grootte,
      registration.herkomst === 'lokaal',
      registration.previouslySeated,
    );
    if (registration.previouslySeated) returningTotal += 1;
  });
  const allIndexes = sorted.map((_, index) => index);
  return {
    registrations: sorted,
    perceelMembers,
    perceelIndex,
    grootteIndex,
    isLokaal,
    isReturning,
    categoryIndex,
    returningTotal,
    allIndexes,
    returningIndexes: allIndexes.filter((i) => isReturning[i] === 1),
    newcomerIndexes: allIndexes.filter((i) => isReturning[i] === 0),
    lokaalMembers: perceelMembers.map((members) => members.filter((i) => isLokaal[i] === 1)),
    otherGrootteMembers: perceelMembers.map((members) =>
      GROOTTES.map((_, grootte) => members.filter((i) => grootteIndex[i] !== grootte)),
    ),
  };
}
