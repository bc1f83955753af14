import {
  ALGORITHM_VERSION,
  COMMIT_REVEAL_VERSION,
  type DistributionFramework,
  type FrameworkDeviation,
  type RegistrationClassification,
  type SeedCommitment,
  type DrawRecord,
  type ProbabilityTable,
  type Registration,
  type ReserveRegistration,
  type SelectedRegistration,
} from './types';
import { canonicalJson, sha256Hex } from './canonicalJson';
import { assertValidDrawInput, LotteryInputError, outcomeFromTrace, validateDrawInput } from './draw';
import { prepareRegistrations } from './prepared';
import { runDrawProcedure } from './procedure';
import { sha256Streams } from './random';
import { seedFromCommitReveal } from './commitReveal';
import { checkCommitRevealParts, copyClassifications, copyDeviations } from './recordParts';
import { sortCanonically, toDrawRegistration } from './registrations';
import {
  MAX_MONTE_CARLO_RUNS,
  MIN_MONTE_CARLO_RUNS,
  probabilityTableFor,
  type ProbabilityOptions,
} from './probabilities';

export interface DrawRecordInput {
  readonly registrations: readonly Registration[];
  readonly framework: DistributionFramework;
  /**
   * Version 1 (no commitment): the seed itself. Left out with `seedCommitment`, whose derived seed is used.
   */
  readonly seed?: string;
  /** Version 2: the commitment and its reveal; the seed is derived from secret and public value. */
  readonly seedCommitment?: SeedCommitment;
  /** Version 2: per registration where its grootte and herkomst came from (default: the registry). */
  readonly classifications?: readonly RegistrationClassification[];
  /** Version 2: the framework's deviations from Bijlage 9 with their reasons (see frameworkDeviations). */
  readonly deviations?: readonly FrameworkDeviation[];
  /** How the seed was chosen and where it was published, e.g. "aangekondigd vooraf: slotkoers AEX 2027-01-15". */
  readonly seedSource: string;
  /** Defaults to "Loting Overlegtafel". */
  readonly title?: string;
  /** Defaults to now. */
  readonly createdAt?: Date;
  readonly probabilities?: ProbabilityOptions;
}

export interface VerificationResult {
  readonly valid: boolean;
  /**
   * Whether the seed was committed before the deadline (version 2, checked), or the record is of the older kind
   * whose seed carries no commitment ("zonder toezegging"). False for anything that is not a record.
   */
  readonly committed: boolean;
  /** Dutch; empty when valid. */
  readonly problems: string[];
}

/** Probabilities are recomputed with the same arithmetic; the tolerance only absorbs JSON round trips elsewhere. */
const PROBABILITY_TOLERANCE = 1e-9;
const MAX_LISTED_DIFFERENCES = 5;
const REGISTRATION_FIELDS: readonly string[] = Object.keys(
  toDrawRegistration({
    registrationId: '',
    organisationId: '',
    organisationName: '',
    perceel: 1,
    grootte: 'klein',
    herkomst: 'lokaal',
    previouslySeated: false,
    registeredAt: '',
  }),
);

function copyFramework(framework: DistributionFramework): DistributionFramework {
  const m = framework.minimumPerPerceel;
  return {
    seats: framework.seats,
    minimumPerPerceel: { 1: m[1], 2: m[2], 3: m[3], 4: m[4], 5: m[5] },
    differentGrootteWithinPerceel: framework.differentGrootteWithinPerceel,
    atLeastOneLokaalPerPerceel: framework.atLeastOneLokaalPerPerceel,
    continuity: { minimumReturning: framework.continuity.minimumReturning },
    inflow: { minimumNewcomers: framework.inflow.minimumNewcomers },
  };
}

export function registrationsSha256(registrations: readonly Registration[]): string {
  return sha256Hex(canonicalJson(registrations));
}

function recordDigest(record: Record<string, unknown>): string {
  const withoutDigest = { ...record };
  delete withoutDigest.recordSha256;
  return sha256Hex(canonicalJson(withoutDigest));
}

/**
 * The publishable record of a draw: everything needed to re-run it, the outcome, unmet rules and each
 * registrant's probability of selection. Registrations are reduced to the fields of the draw (no contact data).
 */
export function buildDrawRecord(input: DrawRecordInput): DrawRecord {
  const committed = input.seedCommitment !== undefined;
  const seed = input.seedCommitment
    ? seedFromCommitReveal(input.seedCommitment.secret, input.seedCommitment.publicValue)
    : input.seed;
  assertValidDrawInput(input.registrations, input.framework, seed);
  if (typeof input.seedSource !== 'string' || input.seedSource.trim() === '') {
    throw new LotteryInputError([
      {
        code: 'seedbron-ontbreekt',
        message:
          "Vermeld hoe de seed tot stand kwam, bijvoorbeeld 'aangekondigd vooraf: slotkoers AEX 2027-01-15' of 'gegenereerd en gepubliceerd'",
      },
    ]);
  }
  const registrations = sortCanonically(input.registrations.map(toDrawRegistration));
  const framework = copyFramework(input.framework);
  const commitRevealParts = input.seedCommitment
    ? {
        seedCommitment: { ...input.seedCommitment },
        classifications: copyClassifications(input.classifications ?? [], registrations),
        deviations: copyDeviations(input.deviations ?? []),
      }
    : {};
  if (committed) {
    const problems = checkCommitRevealParts(commitRevealParts, seed, registrations, framework);
    if (problems.length > 0) throw new LotteryInputError(problems);
  }
  const drawSeed = seed as string;
  const prepared = prepareRegistrations(registrations);
  const outcome = outcomeFromTrace(
    prepared,
    framework,
    runDrawProcedure(prepared, framework, sha256Streams(drawSeed), 'volledig'),
  );
  const withoutDigest = {
    algorithmVersion: committed ? COMMIT_REVEAL_VERSION : ALGORITHM_VERSION,
    title: input.title ?? 'Loting Overlegtafel',
    seed: drawSeed,
    seedSource: input.seedSource,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    framework,
    registrationsSha256: registrationsSha256(registrations),
    registrations,
    outcome: { seatsFilled: outcome.seatsFilled, selected: outcome.selected, reserve: outcome.reserve },
    unmetRules: outcome.unmetRules,
    probabilities: probabilityTableFor(prepared, framework, drawSeed, input.probabilities),
    ...commitRevealParts,
  };
  return { ...withoutDigest, recordSha256: recordDigest(withoutDigest) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listDifferences(differences: string[]): string[] {
  if (differences.length <= MAX_LISTED_DIFFERENCES) return differences;
  return [
    ...differences.slice(0, MAX_LISTED_DIFFERENCES),
    `… en nog ${differences.length - MAX_LISTED_DIFFERENCES} afwijking(en)`,
  ];
}

function describeSelected(entry: unknown): string {
  if (!isRecord(entry)) return JSON.stringify(entry);
  const reason = typeof entry.reason === 'string' ? `, ${entry.reason}` : '';
  return `'${String(entry.registrationId)}' (${String(entry.organisationName)}${reason})`;
}

function compareLists(
  name: string,
  recorded: unknown,
  recomputed: readonly (SelectedRegistration | ReserveRegistration)[],
): string[] {
  if (!Array.isArray(recorded)) return [`${name}: ontbreekt in het verslag of is geen lijst`];
  const differences: string[] = [];
  if (recorded.length !== recomputed.length) {
    differences.push(`${name}: vastgelegd ${recorded.length} aanbieders, herberekend ${recomputed.length}`);
  }
  const length = Math.max(recorded.length, recomputed.length);
  for (let i = 0; i < length; i++) {
    const expected = recomputed[i];
    const actual: unknown = recorded[i];
    if (expected !== undefined && actual !== undefined && canonicalJson(actual) === canonicalJson(expected))
      continue;
    differences.push(
      `${name}, plaats ${i + 1}: vastgelegd ${actual === undefined ? '(niets)' : describeSelected(actual)}, herberekend ${
        expected === undefined ? '(niets)' : describeSelected(expected)
      }`,
    );
  }
  return listDifferences(differences);
}

function compareProbabilities(recorded: unknown, recomputed: ProbabilityTable): string[] {
  if (!isRecord(recorded) || !Array.isArray(recorded.entries)) {
    return ['Kansen: ontbreken in het verslag of hebben een onbekende vorm'];
  }
  const differences: string[] = [];
  if (recorded.method !== recomputed.method) {
    differences.push(
      `Kansen: vastgelegde methode '${String(recorded.method)}', herberekend '${recomputed.method}'`,
    );
  }
  if (recorded.entries.length !== recomputed.entries.length) {
    differences.push(
      `Kansen: vastgelegd voor ${recorded.entries.length} inschrijvingen, herberekend voor ${recomputed.entries.length}`,
    );
  }
  const close = (a: unknown, b: number | undefined): boolean =>
    b === undefined ? a === undefined : typeof a === 'number' && Math.abs(a - b) <= PROBABILITY_TOLERANCE;
  recomputed.entries.forEach((expected, i) => {
    const actual: unknown = recorded.entries instanceof Array ? recorded.entries[i] : undefined;
    const matches =
      isRecord(actual) &&
      actual.registrationId === expected.registrationId &&
      actual.organisationName === expected.organisationName &&
      actual.perceel === expected.perceel &&
      actual.category === expected.category &&
      actual.method === expected.method &&
      actual.runs === expected.runs &&
      close(actual.probability, expected.probability) &&
      close(actual.standardError, expected.standardError) &&
      close(actual.halfWidth95, expected.halfWidth95);
    if (!matches) {
      const shown = isRecord(actual)
        ? `${String(actual.registrationId)}: ${String(actual.probability)}`
        : '(niets)';
      differences.push(
        `Kans van '${expected.registrationId}': vastgelegd ${shown}, herberekend ${expected.probability}`,
      );
    }
  });
  return listDifferences(differences);
}

function probabilityOptionsOf(recorded: unknown): ProbabilityOptions | string {
  if (!isRecord(recorded)) return 'Kansen: ontbreken in het verslag';
  if (recorded.method === 'exact') return { method: 'auto' };
  if (recorded.method === 'monte-carlo') {
    const runs = recorded.runs;
    if (
      typeof runs !== 'number' ||
      !Number.isInteger(runs) ||
      runs < MIN_MONTE_CARLO_RUNS ||
      runs > MAX_MONTE_CARLO_RUNS
    ) {
      return `Kansen: het aantal simulaties moet een geheel getal van ${MIN_MONTE_CARLO_RUNS} t/m ${MAX_MONTE_CARLO_RUNS} zijn; nu: ${JSON.stringify(runs)}`;
    }
    return { method: 'monte-carlo', monteCarloRuns: runs };
  }
  return `Kansen: onbekende methode ${JSON.stringify(recorded.method)} (verwacht 'exact' of 'monte-carlo')`;
}

/**
 * Re-runs a draw from its record and confirms or refutes it: the registrations hash, the record's own digest,
 * the outcome and reserve list in draw order, the unmet rules and the probability table must all match what
 * the algorithm computes from the recorded registrations, framework and seed.
 */
export function verifyDrawRecord(record: unknown): VerificationResult {
  try {
    return verifyParsedRecord(record);
  } catch (error) {
    // Only reachable for values JSON cannot produce (functions, non-finite numbers) passed in memory.
    return {
      valid: false,
      committed: false,
      problems: [`Het verslag kan niet worden gecontroleerd: ${(error as Error).message}`],
    };
  }
}

function verifyParsedRecord(record: unknown): VerificationResult {
  const committed = isRecord(record) && record.algorithmVersion === COMMIT_REVEAL_VERSION;
  const refuted = (problems: string[]): VerificationResult => ({ valid: false, committed, problems });
  if (!isRecord(record)) return refuted(['Het verslag is geen JSON-object']);
  if (record.algorithmVersion !== ALGORITHM_VERSION && !committed) {
    return refuted([
      `Onbekende algoritmeversie ${JSON.stringify(record.algorithmVersion)}; deze controle kent '${COMMIT_REVEAL_VERSION}' en '${ALGORITHM_VERSION}'`,
    ]);
  }
  if (!committed) {
    const added = ['seedCommitment', 'classifications', 'deviations'].filter((f) => f in record);
    if (added.length > 0) {
      return refuted([
        `Een verslag van versie '${ALGORITHM_VERSION}' (zonder toezegging) hoort geen ${added.join(', ')} te hebben`,
      ]);
    }
  }

  const problems: string[] = [];
  for (const field of ['title', 'seedSource', 'createdAt', 'registrationsSha256', 'recordSha256']) {
    if (typeof record[field] !== 'string') problems.push(`Het verslag mist het tekstveld '${field}'`);
  }
  const inputProblems = validateDrawInput(record.registrations, record.framework, record.seed);
  problems.push(...inputProblems.map((problem) => problem.message));
  if (!isRecord(record.outcome)) problems.push("Het verslag mist de uitkomst ('outcome')");
  if (!Array.isArray(record.unmetRules))
    problems.push("Het verslag mist de niet-gehaalde regels ('unmetRules')");
  const probabilityOptions = probabilityOptionsOf(record.probabilities);
  if (typeof probabilityOptions === 'string') problems.push(probabilityOptions);
  if (problems.length > 0 || !isRecord(record.outcome) || typeof probabilityOptions === 'string') {
    return refuted(problems);
  }

  const registrations = record.registrations as Registration[];
  const framework = record.framework as unknown as DistributionFramework;
  const seed = record.seed as string;
  if (committed) {
    problems.push(
      ...checkCommitRevealParts(record, seed, registrations, framework).map((problem) => problem.message),
    );
  }

  for (const registration of registrations) {
    const extra = Object.keys(registration).filter((key) => !REGISTRATION_FIELDS.includes(key));
    if (extra.length > 0) {
      problems.push(
        `Inschrijving '${registration.registrationId}' bevat velden die niet in een lotingsverslag horen: ${extra.join(', ')}`,
      );
    }
  }
  const hash = registrationsSha256(registrations);
  if (hash !== record.registrationsSha256) {
    problems.push(
      `De hash van de inschrijvingen klopt niet (vastgelegd ${String(record.registrationsSha256)}, berekend ${hash}): de inschrijvingen zijn gewijzigd`,
    );
  }
  if (recordDigest(record) !== record.recordSha256) {
    problems.push(
      'Het controlegetal van het verslag (recordSha256) klopt niet: het verslag is na het opstellen gewijzigd',
    );
  }

  const prepared = prepareRegistrations(registrations);
  const outcome = outcomeFromTrace(
    prepared,
    framework,
    runDrawProcedure(prepared, framework, sha256Streams(seed), 'volledig'),
  );
  if (record.outcome.seatsFilled !== outcome.seatsFilled) {
    problems.push(
      `Aantal gevulde zetels: vastgelegd ${JSON.stringify(record.outcome.seatsFilled)}, herberekend ${outcome.seatsFilled}`,
    );
  }
  problems.push(...compareLists('Gekozen', record.outcome.selected, outcome.selected));
  problems.push(...compareLists('Reservelijst', record.outcome.reserve, outcome.reserve));
  if (canonicalJson(record.unmetRules) !== canonicalJson(outcome.unmetRules)) {
    const recorded = (record.unmetRules as unknown[]).map((rule) =>
      isRecord(rule) ? String(rule.message) : '?',
    );
    problems.push(
      `Niet-gehaalde regels wijken af: vastgelegd [${recorded.join('; ')}], herberekend [${outcome.unmetRules
        .map((rule) => rule.message)
        .join('; ')}]`,
    );
  }
  const probabilities = probabilityTableFor(prepared, framework, seed, probabilityOptions);
  problems.push(...compareProbabilities(record.probabilities, probabilities));
  return { valid: problems.length === 0, committed, problems };
}
