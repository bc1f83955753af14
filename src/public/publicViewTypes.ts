import type { Perceel } from '../domain/registry/registry';
import type { IsoInstant } from '../domain/time/amsterdam';
import type { DrawRecord } from '../domain/lottery';
import type { Bilingual } from '../domain/shared/result';

/**
 * The public views, one per kind of publication: the only fields the virtuele overlegtafel may show
 * [002 art. 6.1] (see publicViews.ts for what is left out on purpose, and why).
 */

export const PUBLICATION_KINDS = [
  'samenstelling',
  'loting',
  'agenda',
  'verslag',
  'besluit',
  'ontwikkeltafel',
] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export function isPublicationKind(value: unknown): value is PublicationKind {
  return typeof value === 'string' && (PUBLICATION_KINDS as readonly string[]).includes(value);
}

/** Ids in public URLs: what the features generate (ronde-2027, vs-1a2b3c, ...), nothing that needs encoding. */
export const PUBLIC_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface PublicComposition {
  readonly year: number;
  readonly version: number;
  readonly members: ReadonlyArray<{
    readonly organisationName: string;
    readonly perceel: Perceel;
    readonly via: 'loting' | 'wijziging';
  }>;
  /** The gemeenten and the lokale toegang, who sit at the table too (absent in publications before issue 20). */
  readonly otherMembers?: ReadonlyArray<{
    readonly organisationName: string;
    readonly type: 'gemeente' | 'lokale-toegang';
  }>;
  readonly changes: ReadonlyArray<{
    readonly at: IsoInstant;
    readonly removed: string | null;
    readonly added: string | null;
    readonly reason: string;
  }>;
  /** The round id of the draw record when the composition came from a draw. */
  readonly drawRecordId: string | null;
}

export interface PublicDrawRecord {
  readonly roundId: string;
  readonly year: number;
  /** Exactly as the lottery produced it: anyone can re-run it with `npm run lottery:verify`. */
  readonly record: DrawRecord;
}

export interface PublicAgendaItem {
  readonly title: string;
  readonly description: string;
  /** The organisation that brought the item in, or 'gemeente'; never a person (null: not known). */
  readonly introducedBy: string | null;
}

export interface PublicAgenda {
  readonly meetingId: string;
  /** 'Overlegtafel' or 'Ontwikkeltafel <name>'. */
  readonly tableName: string;
  readonly title: string;
  readonly start: IsoInstant;
  readonly end: IsoInstant;
  readonly location: string;
  readonly cancelled: boolean;
  readonly cancellationReason: string | null;
  /** RFC 5545 SEQUENCE, so a calendar subscriber picks up changes. */
  readonly sequence: number;
  readonly items: readonly PublicAgendaItem[];
  /** Invited third parties and their role (issue 19); absent in publications made before. */
  readonly thirdParties?: ReadonlyArray<{ readonly name: string; readonly role: string }>;
}

export interface PublicVerslag {
  readonly meetingId: string;
  readonly tableName: string;
  readonly title: string;
  readonly start: IsoInstant;
  /** The verslag as the gemeente completed it, in Markdown (rendered with a small safe subset). */
  readonly markdown: string;
  /**
   * Every version shared, oldest first: the vastgestelde one, then each correction with its reason (issue 19).
   * Absent in publications made before versions were kept.
   */
  readonly versions?: readonly PublicVerslagVersion[];
}

export interface PublicVerslagVersion {
  readonly number: number;
  readonly at: IsoInstant;
  /** Null for the vastgestelde version; the reason of a correction. */
  readonly reason: string | null;
}

export type PublicStemCategorie = 'voor' | 'tegen' | 'onthouding' | 'nietGestemd';

export interface PublicBesluit {
  readonly voorstelId: string;
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
  /** An https link given with the voorstel (a document of the gemeente). */
  readonly link: string | null;
  readonly type: string;
  readonly percelen: readonly Perceel[];
  readonly submittedByOrganisation: string | null;
  readonly submittedAt: IsoInstant;
  readonly decidedAt: IsoInstant | null;
  /** unaniem: every party voted voor; aangenomen / afgewezen: decided by the gemeente with a reason. */
  readonly outcome: 'unaniem' | 'aangenomen' | 'afgewezen';
  readonly reason: string | null;
  /** Counts and the parties (organisations) per category [002 art. 9.1]. */
  readonly stemverhouding: {
    readonly counts: Readonly<Record<PublicStemCategorie, number>>;
    readonly parties: Readonly<Record<PublicStemCategorie, readonly string[]>>;
  } | null;
}

export interface PublicReport {
  readonly kind: 'voortgang' | 'eindevaluatie';
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly status: 'op schema' | 'aandacht nodig' | 'achter' | null;
  readonly progress: string;
  readonly results: string;
  readonly nextSteps: string;
  readonly pilots: ReadonlyArray<{
    readonly name: string;
    readonly start: string;
    readonly end: string;
    readonly status: string;
  }>;
  readonly publishedAt: IsoInstant;
  readonly version: number;
}

export interface PublicOntwikkeltafel {
  readonly tafelId: string;
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: readonly Perceel[];
  readonly status: 'actief' | 'beeindigd';
  readonly start: string;
  readonly expectedEnd: string;
  readonly endedOn: string | null;
  /** Organisations only: the trekkers' organisations and the participating organisations. */
  readonly trekkerOrganisations: readonly string[];
  readonly participants: readonly string[];
  readonly latestReport: PublicReport | null;
  /** The published reports before the latest, newest first (absent in publications before issue 20). */
  readonly earlierReports?: readonly PublicReport[];
}

export interface PublicViews {
  readonly samenstelling: PublicComposition;
  readonly loting: PublicDrawRecord;
  readonly agenda: PublicAgenda;
  readonly verslag: PublicVerslag;
  readonly besluit: PublicBesluit;
  readonly ontwikkeltafel: PublicOntwikkeltafel;
}
export type PublicViewOf<K extends PublicationKind> = PublicViews[K];

/** A view that may not be published as it is; the message is Dutch, for the gemeente. */
export class PublicViewError extends Error {
  /** Why, in both languages: the gemeente who pressed publish reads it in their own. */
  readonly text: Bilingual;

  constructor(text: Bilingual) {
    super(text.nl);
    this.text = text;
    this.name = 'PublicViewError';
  }
}
