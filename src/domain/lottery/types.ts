/**
 * Types of the Overlegtafel selection ("loting"). Pure data: everything here is JSON-serialisable so a draw
 * record can be published and re-run by anyone.
 */
import type { Bilingual } from '../shared/result';

export type { Bilingual };

/** Version of the draw procedure described in docs/lottery.md. A record names it; verification refuses others. */
export const ALGORITHM_VERSION = 'tafelbot-loting/1';
/**
 * Records of draws whose seed was committed before the deadline (docs/lottery.md §1 and §6): the same draw as
 * version 1, plus the commitment, the per-registration classification and the framework's deviations with reasons.
 */
export const COMMIT_REVEAL_VERSION = 'tafelbot-loting/2';

export const PERCELEN = [1, 2, 3, 4, 5] as const;
export type Perceel = (typeof PERCELEN)[number];

export const PERCEEL_NAMEN: Readonly<Record<Perceel, string>> = {
  1: 'Wmo-Hulp bij het Huishouden',
  2: 'Wmo-Algemeen',
  3: 'Jeugd-Algemeen',
  4: 'Jeugd-GGZ',
  5: 'Jeugd-Ernstige Dyslexie',
};

export const GROOTTES = ['klein', 'middel', 'groot'] as const;
export type Grootte = (typeof GROOTTES)[number];

export const HERKOMSTEN = ['lokaal', 'regionaal'] as const;
export type Herkomst = (typeof HERKOMSTEN)[number];

/**
 * The fields of a registration the draw uses. Contact persons, e-mail addresses and the motivation are
 * deliberately absent: a draw record is public.
 */
export interface Registration {
  readonly registrationId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
  readonly grootte: Grootte;
  readonly herkomst: Herkomst;
  /** Continuity: the organisation sat at the Overlegtafel last year. */
  readonly previouslySeated: boolean;
  /** ISO 8601 timestamp. */
  readonly registeredAt: string;
}

/**
 * The published "Verdelingskader". Continuity and inflow are soft minimums: they are met where candidates and
 * seats remain after the perceel minimums, and reported as unmet otherwise.
 */
export interface DistributionFramework {
  /** Maximum number of aanbieders at the table. */
  readonly seats: number;
  /** Seats reserved per perceel, filled first. */
  readonly minimumPerPerceel: Readonly<Record<Perceel, number>>;
  /** The reserved seats of a perceel (when at least two) go to at least two different grootten where possible. */
  readonly differentGrootteWithinPerceel: boolean;
  /** The reserved seats of a perceel (when at least one) include a lokale aanbieder where one registered. */
  readonly atLeastOneLokaalPerPerceel: boolean;
  /** At least this many aanbieders that sat at the table last year. */
  readonly continuity: { readonly minimumReturning: number };
  /** At least this many aanbieders that did not sit at the table last year. */
  readonly inflow: { readonly minimumNewcomers: number };
}

/** Why a registration got its seat; also the order of the steps of the draw. */
export type SelectionReason =
  | 'lokale-aanbieder'
  | 'verschillende-grootte'
  | 'perceelminimum'
  | 'continuiteit'
  | 'instroom'
  | 'vrije-loting';

export interface SelectedRegistration {
  /** 1-based position in draw order. */
  readonly rank: number;
  readonly registrationId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
  readonly reason: SelectionReason;
  readonly reasonDescription: string;
}

export interface ReserveRegistration {
  /** 1-based position on the reserve list: the order in which they would be drawn next. */
  readonly rank: number;
  readonly registrationId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
}

export type FrameworkRule =
  | 'perceelminimum'
  | 'verschillende-grootte'
  | 'lokale-aanbieder'
  | 'continuiteit'
  | 'instroom';

export type UnmetReason =
  /** The perceel has no registration at all. */
  | 'geen-inschrijvingen'
  /** Fewer registrations (of the kind the rule asks for) than the rule requires. */
  | 'te-weinig-inschrijvingen'
  /** All registrations of the perceel have the same grootte. */
  | 'een-grootte'
  /** No lokale aanbieder registered for the perceel. */
  | 'geen-lokale-inschrijving'
  /** Candidates exist, but the perceel minimums left too few seats. */
  | 'geen-zetels-over';

export interface UnmetRule {
  readonly rule: FrameworkRule;
  readonly code: UnmetReason;
  readonly perceel?: Perceel;
  readonly required: number;
  readonly achieved: number;
  /** Dutch, for people. */
  readonly message: string;
}

export interface SelectionOutcome {
  readonly algorithmVersion: string;
  readonly seats: number;
  readonly seatsFilled: number;
  /** In draw order. */
  readonly selected: readonly SelectedRegistration[];
  /** Every registration not selected, in the order it would be drawn next. */
  readonly reserve: readonly ReserveRegistration[];
  readonly unmetRules: readonly UnmetRule[];
}

export type ProbabilityMethod = 'exact' | 'monte-carlo';

export interface RegistrantProbability {
  readonly registrationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
  /** The class of equal standing, e.g. "perceel 2 · klein · lokaal · nieuw"; equal classes have equal chances. */
  readonly category: string;
  readonly probability: number;
  readonly method: ProbabilityMethod;
  /** Monte Carlo only. */
  readonly runs?: number;
  readonly standardError?: number;
  readonly halfWidth95?: number;
  readonly interval95?: readonly [number, number];
}

export interface ProbabilityTable {
  readonly method: ProbabilityMethod;
  /** Monte Carlo only: number of simulated draws. */
  readonly runs?: number;
  /** Canonical registrationId order. */
  readonly entries: readonly RegistrantProbability[];
}

export type DeviationRule =
  | 'zetels'
  | `perceelminimum-${Perceel}`
  | 'verschillende-grootte'
  | 'lokale-aanbieder';

/** A departure of the round's framework from Bijlage 9 §3, with the reason the gemeente stated. */
export interface FrameworkDeviation {
  readonly rule: DeviationRule;
  /** What Bijlage 9 prescribes. */
  readonly bijlage9: number | boolean;
  /** What this round uses. */
  readonly chosen: number | boolean;
  /** Why, as the gemeente stated it when opening the round. */
  readonly reason: string;
}

/** What a record of a commit–reveal draw carries about its seed; everything needed to recompute it. */
export interface SeedCommitment {
  /** hex(SHA-256(secret)), published in the invitation and on /openbaar when the round opened. */
  readonly commitment: string;
  /** Revealed at the draw. */
  readonly secret: string;
  /** The public value, as entered at the draw (e.g. "912,37"). */
  readonly publicValue: string;
  /** Which public value, named when the round opened (e.g. "slotkoers AEX op 16 januari 2027"). */
  readonly publicValueSource: string;
  /** The day the public value becomes known (YYYY-MM-DD, Amsterdam); later than the deadline's day. */
  readonly publicValueDate: string;
  /** The registration deadline (ISO 8601 instant). */
  readonly registrationDeadline: string;
  /** When the commitment was published (the round opened), ISO 8601 instant. */
  readonly committedAt: string;
}

/** Where the grootte and herkomst a registration was drawn with came from (docs/lottery.md §1). */
export type ClassificationBasis =
  /** The registry's classification; the registration claimed the same (or nothing else). */
  | 'register'
  /** The registration claimed otherwise; the gemeente confirmed the registry. */
  | 'register-bevestigd'
  /** The registration claimed otherwise; the gemeente corrected the registry to the claim, with a reason. */
  | 'register-gecorrigeerd';

export const CLASSIFICATION_BASES: readonly ClassificationBasis[] = [
  'register',
  'register-bevestigd',
  'register-gecorrigeerd',
];

export interface RegistrationClassification {
  readonly registrationId: string;
  readonly basis: ClassificationBasis;
  /** What the registration claimed, when it differed from the registry at the time; else null. */
  readonly declared: { readonly grootte: Grootte; readonly herkomst: Herkomst } | null;
}

export interface DrawRecord {
  readonly algorithmVersion: string;
  readonly title: string;
  readonly seed: string;
  /** How the seed was chosen, e.g. "aangekondigd vooraf: slotkoers AEX 2027-01-15". */
  readonly seedSource: string;
  readonly framework: DistributionFramework;
  /** Canonical registrationId order, only the fields of {@link Registration}. */
  readonly registrations: readonly Registration[];
  /** SHA-256 (hex) of the canonical JSON of `registrations`. */
  readonly registrationsSha256: string;
  readonly outcome: {
    readonly seatsFilled: number;
    readonly selected: readonly SelectedRegistration[];
    readonly reserve: readonly ReserveRegistration[];
  };
  readonly unmetRules: readonly UnmetRule[];
  readonly probabilities: ProbabilityTable;
  readonly createdAt: string;
  /** Version 2 only: the commitment published at opening, the secret and the public value revealed at the draw. */
  readonly seedCommitment?: SeedCommitment;
  /** Version 2 only: per registration (canonical order), where its grootte and herkomst came from. */
  readonly classifications?: readonly RegistrationClassification[];
  /** Version 2 only: where the framework departs from Bijlage 9, each with its reason (empty: none). */
  readonly deviations?: readonly FrameworkDeviation[];
  /** SHA-256 (hex) of the canonical JSON of this record without this field: detects later edits. */
  readonly recordSha256: string;
}

/**
 * A validation finding: a stable code for programs, a message for people in both interface languages (the
 * gemeente meets these in a form or a card, a verifier in the CLI or the public page; none goes into a record).
 */
export interface ValidationProblem {
  readonly code: string;
  readonly message: Bilingual;
}
