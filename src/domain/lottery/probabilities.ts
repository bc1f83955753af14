import {
  PERCELEN,
  type DistributionFramework,
  type ProbabilityTable,
  type RegistrantProbability,
  type Registration,
} from './types';
import {
  CATEGORIES_PER_PERCEEL,
  CATEGORY_COUNT,
  describeCategory,
  prepareRegistrations,
  type PreparedRegistrations,
} from './prepared';
import { runDrawProcedure } from './procedure';
import { assertValidDrawInput } from './draw';
import { sha256Streams } from './random';

/**
 * Each registrant's probability of selection under "tafelbot-loting/1" (docs/lottery.md, "Probabilities").
 *
 * Registrants of equal standing (same perceel, grootte, herkomst and continuity) are exchangeable in the draw,
 * so probabilities are computed per class. Exact: the reserved seats of each perceel are enumerated per class
 * composition, and everything after them depends only on how many returning aanbieders they seated. Monte Carlo
 * (fallback, or on request): the real draw procedure run with seeds derived from the record's seed.
 */

export const DEFAULT_MONTE_CARLO_RUNS = 2000;
export const MIN_MONTE_CARLO_RUNS = 100;
export const MAX_MONTE_CARLO_RUNS = 100_000;
/** Above this many class compositions for the reserved seats of one perceel the exact method gives way. */
const EXACT_STATE_BUDGET = 50_000;
const Z_95 = 1.959963984540054;

export interface ProbabilityOptions {
  /** 'auto' (default): exact where the enumeration stays small, otherwise Monte Carlo. */
  readonly method?: 'auto' | 'monte-carlo';
  readonly monteCarloRuns?: number;
}

/** The seed of simulated draw number `run`; documented so a verifier can repeat the simulation. */
export function monteCarloSeed(seed: string, run: number): string {
  return `${seed}:kansberekening:${run}`;
}

interface ReservedSeatOutcome {
  /** Seats per class (index within the perceel: grootte × 4 + (lokaal ? 0 : 2) + (returning ? 1 : 0)). */
  readonly counts: readonly number[];
  readonly probability: number;
  readonly returning: number;
}

const classGrootte = (localClass: number): number => Math.floor(localClass / 4);
const classIsLokaal = (localClass: number): boolean => localClass % 4 < 2;
const classIsReturning = (localClass: number): boolean => localClass % 2 === 1;

function classSizes(prepared: PreparedRegistrations): number[] {
  const sizes = new Array<number>(CATEGORY_COUNT).fill(0);
  for (const category of prepared.categoryIndex) sizes[category] = (sizes[category] as number) + 1;
  return sizes;
}

/**
 * The distribution of the reserved seats of one perceel over its classes, following the steps of the procedure:
 * seat 1 among the lokale inschrijvers (if the rule applies and any registered), seat 2 among those of another
 * grootte than seat 1 (if the rule applies and any exist), further seats among all remaining. Null when too large.
 */
function reservedSeatOutcomes(
  sizes: readonly number[],
  reservedSeats: number,
  framework: DistributionFramework,
): ReservedSeatOutcome[] | null {
  const lokaalRegistered = sizes.some((size, c) => size > 0 && classIsLokaal(c));
  let states = new Map<string, { counts: number[]; probability: number }>([
    [sizes.map(() => 0).join(','), { counts: sizes.map(() => 0), probability: 1 }],
  ]);
  for (let seat = 1; seat <= reservedSeats; seat++) {
    const next = new Map<string, { counts: number[]; probability: number }>();
    for (const { counts, probability } of states.values()) {
      const remaining = sizes.map((size, c) => size - (counts[c] as number));
      let weights = remaining;
      if (seat === 1 && framework.atLeastOneLokaalPerPerceel && lokaalRegistered) {
        weights = sizes.map((size, c) => (classIsLokaal(c) ? size : 0));
      } else if (seat === 2 && framework.differentGrootteWithinPerceel) {
        const firstGrootte = classGrootte(counts.findIndex((count) => count > 0));
        const otherGrootte = sizes.map((size, c) => (classGrootte(c) !== firstGrootte ? size : 0));
        if (otherGrootte.some((weight) => weight > 0)) weights = otherGrootte;
      }
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      weights.forEach((weight, c) => {
        if (weight === 0) return;
        const nextCounts = [...counts];
        nextCounts[c] = (nextCounts[c] as number) + 1;
        const key = nextCounts.join(',');
        const existing = next.get(key);
        const added = (probability * weight) / total;
        if (existing) existing.probability += added;
        else next.set(key, { counts: nextCounts, probability: added });
      });
    }
    if (next.size > EXACT_STATE_BUDGET) return null;
    states = next;
  }
  return [...states.values()].map(({ counts, probability }) => ({
    counts,
    probability,
    returning: counts.reduce((sum, count, c) => sum + (classIsReturning(c) ? count : 0), 0),
  }));
}

function convolve(a: readonly number[], b: readonly number[]): number[] {
  const result = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((pa, i) => b.forEach((pb, j) => (result[i + j] = (result[i + j] as number) + pa * pb)));
  return result;
}

/** Per class (see categoryIndexOf) the exact probability of selection, or null when too large to enumerate. */
function exactClassProbabilities(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
): number[] | null {
  const sizes = classSizes(prepared);
  const total = prepared.registrations.length;
  const returningTotal = prepared.returningTotal;
  const newcomersTotal = total - returningTotal;

  const perPerceel: ReservedSeatOutcome[][] = [];
  let reservedTotal = 0;
  for (const perceel of PERCELEN) {
    const base = (perceel - 1) * CATEGORIES_PER_PERCEEL;
    const perceelSizes = sizes.slice(base, base + CATEGORIES_PER_PERCEEL);
    const members = perceelSizes.reduce((sum, size) => sum + size, 0);
    const reservedSeats = Math.min(framework.minimumPerPerceel[perceel], members);
    const outcomes = reservedSeatOutcomes(perceelSizes, reservedSeats, framework);
    if (outcomes === null) return null;
    perPerceel.push(outcomes);
    reservedTotal += reservedSeats;
  }
  const returningDistributions = perPerceel.map((outcomes) => {
    const distribution = new Array<number>(Math.max(1, ...outcomes.map((o) => o.returning + 1))).fill(0);
    for (const o of outcomes)
      distribution[o.returning] = (distribution[o.returning] as number) + o.probability;
    return distribution;
  });

  // After the reserved seats, the draw depends only on how many of them went to returning aanbieders (r).
  const chanceAfterReservedSeats = (returningReserved: number, returning: boolean): number => {
    const newcomersReserved = reservedTotal - returningReserved;
    const seatsLeftBeforeContinuity = framework.seats - reservedTotal;
    const returningPool = returningTotal - returningReserved;
    const returningShort = framework.continuity.minimumReturning - returningReserved;
    const byContinuity =
      returningShort > 0 && seatsLeftBeforeContinuity > 0
        ? Math.min(returningShort, seatsLeftBeforeContinuity, returningPool)
        : 0;
    const seatsLeftBeforeInflow = seatsLeftBeforeContinuity - byContinuity;
    const newcomersPool = newcomersTotal - newcomersReserved;
    const newcomersShort = framework.inflow.minimumNewcomers - newcomersReserved;
    const byInflow =
      newcomersShort > 0 && seatsLeftBeforeInflow > 0
        ? Math.min(newcomersShort, seatsLeftBeforeInflow, newcomersPool)
        : 0;
    const freePool = total - reservedTotal - byContinuity - byInflow;
    const freeSeats = Math.min(seatsLeftBeforeInflow - byInflow, freePool);
    const byFreeLottery = freePool > 0 ? freeSeats / freePool : 0;
    const pool = returning ? returningPool : newcomersPool;
    if (pool <= 0) return 0;
    const byPriority = (returning ? byContinuity : byInflow) / pool;
    return byPriority + (1 - byPriority) * byFreeLottery;
  };

  const probabilities = new Array<number>(CATEGORY_COUNT).fill(0);
  PERCELEN.forEach((perceel, p) => {
    const others = returningDistributions.filter((_, q) => q !== p).reduce(convolve, [1]);
    for (let localClass = 0; localClass < CATEGORIES_PER_PERCEEL; localClass++) {
      const category = (perceel - 1) * CATEGORIES_PER_PERCEEL + localClass;
      const size = sizes[category] as number;
      if (size === 0) continue;
      const returning = classIsReturning(localClass);
      let probability = 0;
      for (const outcome of perPerceel[p] as ReservedSeatOutcome[]) {
        const reservedShare = (outcome.counts[localClass] as number) / size;
        let later = 0;
        others.forEach((weight, r) => {
          if (weight > 0) later += weight * chanceAfterReservedSeats(outcome.returning + r, returning);
        });
        probability += outcome.probability * (reservedShare + (1 - reservedShare) * later);
      }
      probabilities[category] = probability;
    }
  });
  return probabilities;
}

interface MonteCarloEstimate {
  readonly mean: number;
  readonly standardError: number;
  readonly halfWidth95: number;
}

/**
 * Runs the real procedure `runs` times (seeds from {@link monteCarloSeed}). The estimate per class is the mean
 * over runs of the share of the class selected; its standard error comes from the spread of that share between
 * runs, which stays valid although members of one class compete with each other within a run.
 */
function monteCarloClassEstimates(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  seed: string,
  runs: number,
): MonteCarloEstimate[] {
  const sizes = classSizes(prepared);
  const sum = new Float64Array(CATEGORY_COUNT);
  const sumOfSquares = new Float64Array(CATEGORY_COUNT);
  const lowest = new Float64Array(CATEGORY_COUNT).fill(Infinity);
  const highest = new Float64Array(CATEGORY_COUNT).fill(-Infinity);
  const hits = new Uint32Array(CATEGORY_COUNT);
  const scratch = new Uint8Array(prepared.registrations.length);
  const occupied = sizes.flatMap((size, category) => (size > 0 ? [category] : []));

  for (let run = 0; run < runs; run++) {
    const trace = runDrawProcedure(
      prepared,
      framework,
      sha256Streams(monteCarloSeed(seed, run)),
      'alleen-selectie',
      scratch,
    );
    hits.fill(0);
    for (const pick of trace.picks) {
      const category = prepared.categoryIndex[pick.index] as number;
      hits[category] = (hits[category] as number) + 1;
    }
    for (const category of occupied) {
      const share = (hits[category] as number) / (sizes[category] as number);
      sum[category] = (sum[category] as number) + share;
      sumOfSquares[category] = (sumOfSquares[category] as number) + share * share;
      lowest[category] = Math.min(lowest[category] as number, share);
      highest[category] = Math.max(highest[category] as number, share);
    }
  }

  return sizes.map((size, category) => {
    if (size === 0) return { mean: 0, standardError: 0, halfWidth95: 0 };
    const mean = (sum[category] as number) / runs;
    if (lowest[category] === highest[category]) {
      // Every run agreed: no spread to measure. The "rule of three" bounds what runs of this length can miss.
      return { mean, standardError: 0, halfWidth95: 3 / runs };
    }
    const variance = Math.max(0, ((sumOfSquares[category] as number) - runs * mean * mean) / (runs - 1));
    const standardError = Math.sqrt(variance / runs);
    return { mean, standardError, halfWidth95: Z_95 * standardError };
  });
}

/** Assumes validated input. */
export function probabilityTableFor(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  seed: string,
  options: ProbabilityOptions = {},
): ProbabilityTable {
  const runs = options.monteCarloRuns ?? DEFAULT_MONTE_CARLO_RUNS;
  if (!Number.isInteger(runs) || runs < MIN_MONTE_CARLO_RUNS || runs > MAX_MONTE_CARLO_RUNS) {
    throw new RangeError(
      `Het aantal simulaties moet een geheel getal van ${MIN_MONTE_CARLO_RUNS} t/m ${MAX_MONTE_CARLO_RUNS} zijn; nu: ${runs}`,
    );
  }
  const exact = options.method === 'monte-carlo' ? null : exactClassProbabilities(prepared, framework);
  const base = (registration: Registration) => ({
    registrationId: registration.registrationId,
    organisationName: registration.organisationName,
    perceel: registration.perceel,
    category: describeCategory(registration),
  });

  if (exact !== null) {
    return {
      method: 'exact',
      entries: prepared.registrations.map(
        (registration, index): RegistrantProbability => ({
          ...base(registration),
          probability: exact[prepared.categoryIndex[index] as number] as number,
          method: 'exact',
        }),
      ),
    };
  }
  const estimates = monteCarloClassEstimates(prepared, framework, seed, runs);
  return {
    method: 'monte-carlo',
    runs,
    entries: prepared.registrations.map((registration, index): RegistrantProbability => {
      const { mean, standardError, halfWidth95 } = estimates[
        prepared.categoryIndex[index] as number
      ] as MonteCarloEstimate;
      return {
        ...base(registration),
        probability: mean,
        method: 'monte-carlo',
        runs,
        standardError,
        halfWidth95,
        interval95: [Math.max(0, mean - halfWidth95), Math.min(1, mean + halfWidth95)],
      };
    }),
  };
}

/**
 * Each registrant's probability of selection under the framework, in canonical registrationId order.
 * Deterministic: the Monte Carlo runs derive their seeds from `seed`.
 */
export function computeSelectionProbabilities(
  registrations: readonly Registration[],
  framework: DistributionFramework,
  seed: string,
  options: ProbabilityOptions = {},
): ProbabilityTable {
  assertValidDrawInput(registrations, framework, seed);
  return probabilityTableFor(prepareRegistrations(registrations), framework, seed, options);
}
