import type { OrganisationType, Perceel } from '../registry/registry';
import type { IsoInstant } from '../time/amsterdam';
import type { ActorRecord } from './acting';

/**
 * The state of a voorstel, its reactions and its vote: plain JSON that the rules in voorstel.ts, reacties.ts
 * and stemming.ts read and return. It lives apart from those rules so they depend on it, not on each other.
 */

export const VOORSTEL_TYPES = [
  'contractwijziging',
  'werkafspraak',
  'pilot',
  'ontwikkeltafel',
  'overig',
] as const;
export type VoorstelType = (typeof VOORSTEL_TYPES)[number];

export const VOORSTEL_STATUSES = [
  'concept',
  'reactieperiode',
  'stemming',
  'gesloten',
  'uitgewerkt',
  'vastgesteld',
  'afgewezen',
] as const;
export type VoorstelStatus = (typeof VOORSTEL_STATUSES)[number];

export type VoorstelOrigin = 'overlegtafel' | { readonly ontwikkeltafelId: string };

/** Costs, prices, innovative ideas a provider marks confidential: never broadcast or published [002 art. 5.7]. */
export interface ConfidentialPart {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface ReactionWindow {
  readonly openedAt: IsoInstant;
  readonly openedBy: ActorRecord;
  /** Inclusive: reactions are accepted up to and including this second. */
  readonly closesAt: IsoInstant;
  /** Why the window is shorter than the two weeks of 002 art. 5.6; absent on windows of 14 days or more. */
  readonly shortReason?: string;
}

export type DecisionKind = 'unaniem' | 'aangenomen' | 'afgewezen';

export interface VoorstelDecision {
  /** 'unaniem': every party voted voor; otherwise the gemeente decided with a reason [002 art. 9.1]. */
  readonly kind: DecisionKind;
  readonly at: IsoInstant;
  readonly by: ActorRecord | null;
  readonly reason: string | null;
}

export interface Voorstel {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
  readonly link: string | null;
  readonly type: VoorstelType;
  readonly percelen: readonly Perceel[];
  readonly origin: VoorstelOrigin;
  readonly confidentialParts: readonly ConfidentialPart[];
  readonly submittedBy: ActorRecord;
  readonly submittedAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly status: VoorstelStatus;
  readonly reactionWindow: ReactionWindow | null;
  readonly reactions: readonly Reaction[];
  readonly stemming: Stemming | null;
  readonly decision: VoorstelDecision | null;
  /**
   * The bestuur's adoption of an uitgewerkt voorstel [002 art. 9.2-9.3]; absent on voorstellen stored before
   * adoption was recorded (they read as "not adopted yet").
   */
  readonly adoption?: VoorstelAdoption | null;
  /** Unexpected developments reported after adoption [002 art. 9.4]; absent on older voorstellen. */
  readonly ontwikkelingen?: readonly Ontwikkeling[];
  /** For a voorstel "ontwikkeltafel instellen": the table it sets up once adopted [000 §2]; else absent or null. */
  readonly tafel?: TafelOpzet | null;
  /** Where the voorstel came from, when it was made in one step from a pilot's result [002 art. 10.5]. */
  readonly source?: VoorstelSource | null;
}

export interface VoorstelSource {
  readonly kind: 'pilot';
  readonly pilotId: string;
  readonly title: string;
  /** The pilot's participants: they (and the gemeente) may open the pilot from the voorstel. */
  readonly organisationIds: readonly string[];
}

/** The ontwikkeltafel a voorstel proposes: its name is the voorstel's title, its percelen the voorstel's. */
export interface TafelOpzet {
  readonly opdracht: string;
  readonly doel: string;
  readonly trekkers: readonly TafelTrekker[];
}

export interface TafelTrekker {
  readonly personId: string;
  readonly name: string;
  readonly organisationId: string | null;
}

// Adoption, the addendum and developments afterwards [002 art. 9.2-9.4] ---------------------------------------

export const ADOPTION_OUTCOMES = ['vastgesteld', 'afgewezen'] as const;
export type AdoptionOutcome = (typeof ADOPTION_OUTCOMES)[number];

export const ADDENDUM_KEUZES = ['doet-mee', 'doet-niet-mee'] as const;
export type AddendumKeuze = (typeof ADDENDUM_KEUZES)[number];

/** An aanbieder asked whether it joins the addendum: snapshotted at adoption, like the parties of a vote. */
export interface AddendumOrganisation {
  readonly organisationId: string;
  readonly name: string;
}

export interface AddendumRound {
  /** Inclusive: answers are accepted up to and including this second (end of the chosen Dutch day). */
  readonly deadline: IsoInstant;
  readonly organisations: readonly AddendumOrganisation[];
}

/** One aanbieder's answer: "ik doe mee" or "ik doe niet mee"; changeable until the deadline. */
export interface AddendumAnswer {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly choice: AddendumKeuze;
  readonly answeredAt: IsoInstant;
  readonly answeredBy: ActorRecord;
  /** 1 for the first answer; each change adds one. */
  readonly revision: number;
}

export interface VoorstelAdoption {
  readonly outcome: AdoptionOutcome;
  readonly reason: string;
  /** The date of the bestuur's decision (a Dutch calendar day, yyyy-mm-dd). */
  readonly decisionDate: string;
  readonly recordedAt: IsoInstant;
  readonly recordedBy: ActorRecord;
  /** Only for an adopted contractwijziging: the aanbieders of its percelen choose whether they join. */
  readonly addendum: AddendumRound | null;
}

export interface Ontwikkeling {
  readonly id: string;
  readonly text: string;
  readonly reportedAt: IsoInstant;
  readonly reportedBy: ActorRecord;
}

export type VoorstelEvent =
  | { readonly type: 'voorstel.ingediend'; readonly voorstelId: string }
  | { readonly type: 'voorstel.gewijzigd'; readonly voorstelId: string }
  | {
      readonly type: 'reactieperiode.geopend';
      readonly voorstelId: string;
      readonly closesAt: IsoInstant;
      readonly percelen: readonly Perceel[];
    }
  | {
      readonly type: 'reactie.geplaatst';
      readonly voorstelId: string;
      readonly organisationId: string;
      readonly edited: boolean;
    }
  | {
      readonly type: 'stemming.geopend';
      readonly voorstelId: string;
      readonly deadline: IsoInstant;
      readonly partyIds: readonly string[];
    }
  | {
      readonly type: 'stem.uitgebracht';
      readonly voorstelId: string;
      readonly partyId: string;
      readonly choice: string;
      readonly previousChoice: string | null;
    }
  | {
      readonly type: 'stemming.gesloten';
      readonly voorstelId: string;
      readonly reason: 'deadline' | 'alle-partijen-gestemd';
      readonly unanimous: boolean;
    }
  | {
      readonly type: 'voorstel.uitgewerkt';
      readonly voorstelId: string;
      readonly basis: 'unaniem' | 'besluit-gemeente';
      /** Providers of these percelen are told: the voorstel becomes an addendum for them [domain §2]. */
      readonly percelen: readonly Perceel[];
    }
  | { readonly type: 'voorstel.afgewezen'; readonly voorstelId: string }
  | {
      readonly type: 'voorstel.vastgesteld';
      readonly voorstelId: string;
      readonly percelen: readonly Perceel[];
      /** Whether the aanbieders of the percelen are asked to join an addendum. */
      readonly addendum: boolean;
    }
  | { readonly type: 'voorstel.niet-vastgesteld'; readonly voorstelId: string }
  | {
      readonly type: 'addendum.beantwoord';
      readonly voorstelId: string;
      readonly organisationId: string;
      readonly choice: AddendumKeuze;
      readonly previousChoice: AddendumKeuze | null;
    }
  | { readonly type: 'ontwikkeling.gemeld'; readonly voorstelId: string; readonly ontwikkelingId: string };

export interface VoorstelChange {
  readonly voorstel: Voorstel;
  readonly events: readonly VoorstelEvent[];
}

// Reactions -------------------------------------------------------------------------------------------------

export interface Reaction {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly text: string;
  readonly submittedAt: IsoInstant;
  readonly submittedBy: ActorRecord;
  readonly updatedAt: IsoInstant;
  readonly updatedBy: ActorRecord;
  /** 1 for the first version; each edit adds one. */
  readonly revision: number;
}

// The vote --------------------------------------------------------------------------------------------------

export const KEUZES = ['voor', 'tegen', 'onthouding'] as const;
export type Keuze = (typeof KEUZES)[number];

/** A party as snapshotted when the vote opens: later changes to the composition do not change this vote. */
export interface Party {
  readonly organisationId: string;
  readonly name: string;
  readonly type: OrganisationType;
}

export interface Ballot {
  readonly partyId: string;
  readonly choice: Keuze;
  readonly castBy: ActorRecord;
  readonly castAt: IsoInstant;
  /** The id of the card action (invoke) that carried this ballot; a redelivered invoke carries the same one. */
  readonly idempotencyKey: string;
}

export type ClosureReason = 'deadline' | 'alle-partijen-gestemd';

export interface StemmingClosure {
  readonly at: IsoInstant;
  readonly reason: ClosureReason;
  /** Null when the scheduler closed the vote at its deadline. */
  readonly by: ActorRecord | null;
}

export interface Stemming {
  readonly openedAt: IsoInstant;
  readonly openedBy: ActorRecord;
  /** Inclusive to the second: a ballot at the deadline counts, one a second later does not. */
  readonly deadline: IsoInstant;
  readonly parties: readonly Party[];
  /**
   * Every accepted ballot, ordered by (castAt, idempotencyKey). The order does not depend on the order in which
   * concurrent ballots were applied, so two instances applying the same ballots reach the same state.
   */
  readonly ballots: readonly Ballot[];
  readonly closure: StemmingClosure | null;
  /** Recorded when the vote closes, to be minuted and broadcast with the outcome. */
  readonly result: Stemverhouding | null;
}

export type StemCategorie = Keuze | 'nietGestemd';

/** The vote ratio, minuted with the outcome [002 art. 9.1]. */
export interface Stemverhouding {
  readonly voor: number;
  readonly tegen: number;
  readonly onthouding: number;
  readonly nietGestemd: number;
  readonly partijen: { readonly [C in StemCategorie]: readonly Party[] };
}
