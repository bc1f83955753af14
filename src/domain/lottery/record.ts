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
  type Bilingual,
  type UnmetRule,
} from './types';
import { describeUnmetRuleEn } from './unmetText';
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
  /** Every problem found, in both languages; empty when valid. */
  readonly problems: Bilingual[];
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
        message: {
          nl: "Vermeld hoe de seed tot stand kwam, bijvoorbeeld 'aangekondigd vooraf: slotkoers AEX 2027-01-15' of 'gegenereerd en gepubliceerd'",
          en: "State how the seed came about, e.g. 'announced in advance: AEX closing price 2027-01-15' or 'generated and published'",
        },
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

function listDifferences(differences: Bilingual[]): Bilingual[] {
  if (differences.length <= MAX_LISTED_DIFFERENCES) return differences;
  const more = differences.length - MAX_LISTED_DIFFERENCES;
  return [
    ...differences.slice(0, MAX_LISTED_DIFFERENCES),
    {
      nl: `… en nog ${more} ${more === 1 ? 'afwijking' : 'afwijkingen'}`,
      en: `… and ${more} more ${more === 1 ? 'difference' : 'differences'}`,
    },
  ];
}

/** The names of the two lists of an outcome, as a verifier reads them. */
const LIST_NAMES = {
  selected: { nl: 'Gekozen', en: 'Selected' },
  reserve: { nl: 'Reservelijst', en: 'Reserve list' },
} as const;

function nothingOr(entry: unknown): Bilingual {
  return entry === undefined ? { nl: '(niets)', en: '(nothing)' } : same(describeSelected(entry));
}

/** Text that reads the same in both languages (ids, numbers, names). */
function same(text: string): Bilingual {
  return { nl: text, en: text };
}

function describeSelected(entry: unknown): string {
  if (!isRecord(entry)) return JSON.stringify(entry);
  const reason = typeof entry.reason === 'string' ? `, ${entry.reason}` : '';
  return `'${String(entry.registrationId)}' (${String(entry.organisationName)}${reason})`;
}

function compareLists(
  name: Bilingual,
  recorded: unknown,
  recomputed: readonly (SelectedRegistration | ReserveRegistration)[],
): Bilingual[] {
  if (!Array.isArray(recorded)) {
    return [
      {
        nl: `${name.nl}: ontbreekt in het verslag of is geen lijst`,
        en: `${name.en}: missing from the record or not a list`,
      },
    ];
  }
  const differences: Bilingual[] = [];
  if (recorded.length !== recomputed.length) {
    differences.push({
      nl: `${name.nl}: vastgelegd ${recorded.length} aanbieders, herberekend ${recomputed.length}`,
      en: `${name.en}: recorded ${recorded.length} providers, recomputed ${recomputed.length}`,
    });
  }
  const length = Math.max(recorded.length, recomputed.length);
  for (let i = 0; i < length; i++) {
    const expected = recomputed[i];
    const actual: unknown = recorded[i];
    if (expected !== undefined && actual !== undefined && canonicalJson(actual) === canonicalJson(expected))
      continue;
    const wasRecorded = nothingOr(actual);
    const wasRecomputed = nothingOr(expected);
    differences.push({
      nl: `${name.nl}, plaats ${i + 1}: vastgelegd ${wasRecorded.nl}, herberekend ${wasRecomputed.nl}`,
      en: `${name.en}, position ${i + 1}: recorded ${wasRecorded.en}, recomputed ${wasRecomputed.en}`,
    });
  }
  return listDifferences(differences);
}

function compareProbabilities(recorded: unknown, recomputed: ProbabilityTable): Bilingual[] {
  if (!isRecord(recorded) || !Array.isArray(recorded.entries)) {
    return [
      {
        nl: 'Kansen: ontbreken in het verslag of hebben een onbekende vorm',
        en: 'Probabilities: missing from the record or of an unknown form',
      },
    ];
  }
  const differences: Bilingual[] = [];
  if (recorded.method !== recomputed.method) {
    differences.push({
      nl: `Kansen: vastgelegde methode '${String(recorded.method)}', herberekend '${recomputed.method}'`,
      en: `Probabilities: recorded method '${String(recorded.method)}', recomputed '${recomputed.method}'`,
    });
  }
  if (recorded.entries.length !== recomputed.entries.length) {
    differences.push({
      nl: `Kansen: vastgelegd voor ${recorded.entries.length} inschrijvingen, herberekend voor ${recomputed.entries.length}`,
      en: `Probabilities: recorded for ${recorded.entries.length} registrations, recomputed for ${recomputed.entries.length}`,
    });
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
        ? same(`${String(actual.registrationId)}: ${String(actual.probability)}`)
        : nothingOr(undefined);
      differences.push({
        nl: `Kans van '${expected.registrationId}': vastgelegd ${shown.nl}, herberekend ${expected.probability}`,
        en: `Probability of '${expected.registrationId}': recorded ${shown.en}, recomputed ${expected.probability}`,
      });
    }
  });
  return listDifferences(differences);
}

function probabilityOptionsOf(recorded: unknown): ProbabilityOptions | Bilingual {
  if (!isRecord(recorded))
    return { nl: 'Kansen: ontbreken in het verslag', en: 'Probabilities: missing from the record' };
  if (recorded.method === 'exact') return { method: 'auto' };
  if (recorded.method === 'monte-carlo') {
    const runs = recorded.runs;
    if (
      typeof runs !== 'number' ||
      !Number.isInteger(runs) ||
      runs < MIN_MONTE_CARLO_RUNS ||
      runs > MAX_MONTE_CARLO_RUNS
    ) {
      return {
        nl: `Kansen: het aantal simulaties moet een geheel getal van ${MIN_MONTE_CARLO_RUNS} t/m ${MAX_MONTE_CARLO_RUNS} zijn; nu: ${JSON.stringify(runs)}`,
        en: `Probabilities: the number of simulations must be a whole number from ${MIN_MONTE_CARLO_RUNS} to ${MAX_MONTE_CARLO_RUNS}; now: ${JSON.stringify(runs)}`,
      };
    }
    return { method: 'monte-carlo', monteCarloRuns: runs };
  }
  return {
    nl: `Kansen: onbekende methode ${JSON.stringify(recorded.method)} (verwacht 'exact' of 'monte-carlo')`,
    en: `Probabilities: unknown method ${JSON.stringify(recorded.method)} (expected 'exact' or 'monte-carlo')`,
  };
}

function isProblem(value: ProbabilityOptions | Bilingual): value is Bilingual {
  return 'nl' in value;
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
      problems: [
        {
          nl: `Het verslag kan niet worden gecontroleerd: ${(error as Error).message}`,
          en: `The record cannot be checked: ${(error as Error).message}`,
        },
      ],
    };
  }
}

function verifyParsedRecord(record: unknown): VerificationResult {
  const committed = isRecord(record) && record.algorithmVersion === COMMIT_REVEAL_VERSION;
  const refuted = (problems: Bilingual[]): VerificationResult => ({ valid: false, committed, problems });
  if (!isRecord(record))
    return refuted([{ nl: 'Het verslag is geen JSON-object', en: 'The record is not a JSON object' }]);
  if (record.algorithmVersion !== ALGORITHM_VERSION && !committed) {
    return refuted([
      {
        nl: `Onbekende algoritmeversie ${JSON.stringify(record.algorithmVersion)}; deze controle kent '${COMMIT_REVEAL_VERSION}' en '${ALGORITHM_VERSION}'`,
        en: `Unknown algorithm version ${JSON.stringify(record.algorithmVersion)}; this check knows '${COMMIT_REVEAL_VERSION}' and '${ALGORITHM_VERSION}'`,
      },
    ]);
  }
  if (!committed) {
    const added = ['seedCommitment', 'classifications', 'deviations'].filter((f) => f in record);
    if (added.length > 0) {
      return refuted([
        {
          nl: `Een verslag van versie '${ALGORITHM_VERSION}' (zonder toezegging) hoort geen ${added.join(', ')} te hebben`,
          en: `A record of version '${ALGORITHM_VERSION}' (without commitment) should have no ${added.join(', ')}`,
        },
      ]);
    }
  }

  const problems: Bilingual[] = [];
  for (const field of ['title', 'seedSource', 'createdAt', 'registrationsSha256', 'recordSha256']) {
    if (typeof record[field] !== 'string')
      problems.push({
        nl: `Het verslag mist het tekstveld '${field}'`,
        en: `The record lacks the text field '${field}'`,
      });
  }
  const inputProblems = validateDrawInput(record.registrations, record.framework, record.seed);
  problems.push(...inputProblems.map((problem) => problem.message));
  if (!isRecord(record.outcome))
    problems.push({
      nl: "Het verslag mist de uitkomst ('outcome')",
      en: "The record lacks the outcome ('outcome')",
    });
  if (!Array.isArray(record.unmetRules))
    problems.push({
      nl: "Het verslag mist de niet-gehaalde regels ('unmetRules')",
      en: "The record lacks the rules that were not met ('unmetRules')",
    });
  const probabilityOptions = probabilityOptionsOf(record.probabilities);
  if (isProblem(probabilityOptions)) problems.push(probabilityOptions);
  if (problems.length > 0 || !isRecord(record.outcome) || isProblem(probabilityOptions)) {
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
      problems.push({
        nl: `Inschrijving '${registration.registrationId}' bevat velden die niet in een lotingsverslag horen: ${extra.join(', ')}`,
        en: `Registration '${registration.registrationId}' has fields that do not belong in a draw record: ${extra.join(', ')}`,
      });
    }
  }
  const hash = registrationsSha256(registrations);
  if (hash !== record.registrationsSha256) {
    problems.push({
      nl: `De hash van de inschrijvingen klopt niet (vastgelegd ${String(record.registrationsSha256)}, berekend ${hash}): de inschrijvingen zijn gewijzigd`,
      en: `The hash of the registrations does not match (recorded ${String(record.registrationsSha256)}, computed ${hash}): the registrations were changed`,
    });
  }
  if (recordDigest(record) !== record.recordSha256) {
    problems.push({
      nl: 'Het controlegetal van het verslag (recordSha256) klopt niet: het verslag is na het opstellen gewijzigd',
      en: "The record's checksum (recordSha256) does not match: the record was changed after it was drawn up",
    });
  }

  const prepared = prepareRegistrations(registrations);
  const outcome = outcomeFromTrace(
    prepared,
    framework,
    runDrawProcedure(prepared, framework, sha256Streams(seed), 'volledig'),
  );
  if (record.outcome.seatsFilled !== outcome.seatsFilled) {
    problems.push({
      nl: `Aantal gevulde zetels: vastgelegd ${JSON.stringify(record.outcome.seatsFilled)}, herberekend ${outcome.seatsFilled}`,
      en: `Seats filled: recorded ${JSON.stringify(record.outcome.seatsFilled)}, recomputed ${outcome.seatsFilled}`,
    });
  }
  problems.push(...compareLists(LIST_NAMES.selected, record.outcome.selected, outcome.selected));
  problems.push(...compareLists(LIST_NAMES.reserve, record.outcome.reserve, outcome.reserve));
  if (canonicalJson(record.unmetRules) !== canonicalJson(outcome.unmetRules)) {
    const recorded = (record.unmetRules as unknown[]).map((rule) => (isRecord(rule) ? rule : undefined));
    const recordedNl = recorded.map((rule) => (rule ? String(rule.message) : '?'));
    const recordedEn = recorded.map((rule) =>
      rule ? describeUnmetRuleEn(rule as unknown as UnmetRule) : '?',
    );
    problems.push({
      nl: `Niet-gehaalde regels wijken af: vastgelegd [${recordedNl.join('; ')}], herberekend [${outcome.unmetRules
        .map((rule) => rule.message)
        .join('; ')}]`,
      en: `The rules not met differ: recorded [${recordedEn.join('; ')}], recomputed [${outcome.unmetRules
        .map(describeUnmetRuleEn)
        .join('; ')}]`,
    });
  }
  const probabilities = probabilityTableFor(prepared, framework, seed, probabilityOptions);
  problems.push(...compareProbabilities(record.probabilities, probabilities));
  return { valid: problems.length === 0, committed, problems };
}
