import type { DistributionFramework } from '../lottery';
import type { Grootte, Herkomst, Perceel } from '../registry/registry';
import type { IsoInstant, LocalDate } from '../time';

/**
 * The yearly open invitation to the Overlegtafel (domain.md section 1): a round per year, one registration per
 * contracted aanbieder, the draw by the lottery module and the composition the gemeente may change with a reason.
 * Plain JSON-serialisable data: the storage layer stores these documents as they are.
 */

/**
 * Stored status. A round whose deadline has passed but that has not been drawn is still 'open' in storage;
 * {@link RoundPhase} adds the time-dependent 'gesloten'.
 */
export type RoundStatus = 'open' | 'geloot' | 'gepubliceerd';
export type RoundPhase = 'open' | 'gesloten' | 'geloot' | 'gepubliceerd';

/**
 * How the seed of the draw is fixed before the registrations are known (docs/lottery.md §1).
 *
 * New rounds use 'toezegging' (commit, then reveal): Tafelbot draws a secret when the round opens, stores it apart
 * from the round (the round only carries its SHA-256 commitment, which is published) and reveals it at the draw;
 * the seed combines it with a public value dated after the deadline. 'aangekondigd' (a public value only) and
 * 'gegenereerd' (a seed published in the invitation, so the outcome could be computed before the deadline) are
 * only read: rounds opened with them before this change still load and draw as they were opened.
 */
export type SeedPlan = CommittedSeedPlan | LegacySeedPlan;

export interface CommittedSeedPlan {
  readonly mode: 'toezegging';
  /** The public value, named at opening, e.g. "slotkoers AEX op 16 januari 2027". */
  readonly source: string;
  /** The day the public value becomes known (YYYY-MM-DD, Amsterdam): later than the deadline's day. */
  readonly publicValueDate: LocalDate;
  /** hex(SHA-256(secret)), published in the invitation and on /openbaar. */
  readonly commitment: string;
  readonly announcedAt: IsoInstant;
}

export interface LegacySeedPlan {
  readonly mode: 'aangekondigd' | 'gegenereerd';
  /** aangekondigd: the announced public source, e.g. "slotkoers AEX 15 januari 2027". gegenereerd: ''. */
  readonly source: string;
  /** gegenereerd: the published seed. aangekondigd: null until the draw. */
  readonly seed: string | null;
  readonly announcedAt: IsoInstant;
}

/** The secret of a 'toezegging' round, stored apart from the round so no card, page or export can read it early. */
export interface RoundSecret {
  readonly roundId: string;
  /** 64 hex digits (32 random bytes). */
  readonly secret: string;
}

export interface CompositionMember {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
  /** 'loting': seated by the draw; 'wijziging': added by the gemeente with a reason. */
  readonly via: 'loting' | 'wijziging';
}

export interface CompositionChange {
  /** The composition version this change produced. */
  readonly version: number;
  readonly at: IsoInstant;
  readonly byPersonId: string;
  readonly removed: { readonly organisationId: string; readonly organisationName: string } | null;
  readonly added: {
    readonly organisationId: string;
    readonly organisationName: string;
    readonly perceel: Perceel;
  } | null;
  readonly reason: string;
}

export interface Composition {
  /** 1 after the draw; +1 for every change. */
  readonly version: number;
  readonly members: readonly CompositionMember[];
  readonly changes: readonly CompositionChange[];
}

export interface Publication {
  readonly version: number;
  readonly at: IsoInstant;
  readonly byPersonId: string;
  /** Who sat at the table as published: the next publication tells only the organisations whose seat changed. */
  readonly memberIds: readonly string[];
  readonly broadcastIds: readonly string[];
}

/** A summary of the draw on the round; the full record is stored beside it. */
export interface DrawSummary {
  readonly at: IsoInstant;
  readonly byPersonId: string;
  readonly seed: string;
  readonly seedSource: string;
  readonly recordSha256: string;
  readonly registrationsSha256: string;
  readonly registrations: number;
  readonly seatsFilled: number;
  readonly unmetRules: number;
}

export interface Round {
  /** `ronde-<year>`: one round per year, enforced by the id. */
  readonly id: string;
  readonly year: number;
  readonly deadline: IsoInstant;
  readonly framework: DistributionFramework;
  /**
   * Why the framework departs from Bijlage 9 §3 (required when it does; see frameworkDeviations). Absent on
   * rounds opened before deviations needed a reason.
   */
  readonly deviationReason?: string;
  readonly seed: SeedPlan;
  readonly status: RoundStatus;
  readonly openedAt: IsoInstant;
  readonly openedByPersonId: string;
  readonly draw: DrawSummary | null;
  readonly composition: Composition | null;
  readonly publications: readonly Publication[];
}

export interface ContactDetails {
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
}

export type RegistrationStatus = 'ingeschreven' | 'ingetrokken';

/** One per organisation per round: the id is the organisation id, the partition the round. */
export interface RoundRegistration {
  readonly id: string;
  readonly roundId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly perceel: Perceel;
  readonly grootte: Grootte;
  readonly herkomst: Herkomst;
  readonly contactpersoon: ContactDetails;
  readonly vervanger: ContactDetails;
  readonly motivation: string;
  readonly status: RegistrationStatus;
  /** First registration; kept through edits (and a withdrawal and return). */
  readonly registeredAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly registeredByPersonId: string;
  readonly updatedByPersonId: string;
  /**
   * The gemeente's decision when the registration's grootte or herkomst differed from the registry (see
   * classification.ts). Absent when there was nothing to decide.
   */
  readonly classificationDecision?: ClassificationDecision;
}

export interface Classification {
  readonly grootte: Grootte;
  readonly herkomst: Herkomst;
}

/** The gemeente confirmed the registry, or corrected it to what the registration claimed, with a reason. */
export interface ClassificationDecision {
  readonly decision: 'register-bevestigd' | 'register-gecorrigeerd';
  readonly reason: string;
  readonly byPersonId: string;
  readonly at: IsoInstant;
  /** The registry's classification when the gemeente decided (null where the registry had none). */
  readonly registry: { readonly grootte: Grootte | null; readonly herkomst: Herkomst | null };
  /** What the registration claimed when the gemeente decided. */
  readonly declared: Classification;
}

export const MAX_MOTIVATION_LENGTH = 1000;
export const MAX_REASON_LENGTH = 1000;
export const MAX_SEED_SOURCE_LENGTH = 300;
