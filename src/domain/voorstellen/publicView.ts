import type { Perceel } from '../registry/registry';
import type { IsoInstant } from '../time/amsterdam';
import type { Stemverhouding } from './stemming';
import type { AdoptionOutcome } from './types';
import type { DecisionKind, Voorstel, VoorstelOrigin, VoorstelStatus, VoorstelType } from './voorstel';

/**
 * What may be broadcast to all providers and published. Built field by field from a whitelist, so a field added
 * to Voorstel later is private until someone decides otherwise. Left out: the confidential parts [002 art. 5.7],
 * the reactions (for the gemeente and the members only), the individual ballots and the people involved.
 */
export interface PublicVoorstel {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
  readonly link: string | null;
  readonly type: VoorstelType;
  readonly percelen: readonly Perceel[];
  readonly origin: VoorstelOrigin;
  readonly status: VoorstelStatus;
  readonly submittedByOrganisation: string | null;
  readonly submittedAt: IsoInstant;
  readonly reactionWindowClosesAt: IsoInstant | null;
  readonly stemmingDeadline: IsoInstant | null;
  /** Minuted after the vote closes [002 art. 9.1]. */
  readonly stemverhouding: Stemverhouding | null;
  readonly decision: { readonly kind: DecisionKind; readonly reason: string | null } | null;
  /** Why the reaction window is shorter than two weeks, when it is [002 art. 5.6]. */
  readonly reactionWindowShortReason: string | null;
  /** The bestuur's decision, told to all providers [002 art. 9.2-9.3]; the individual answers stay private. */
  readonly adoption: {
    readonly outcome: AdoptionOutcome;
    readonly reason: string;
    readonly decisionDate: string;
    readonly addendumDeadline: IsoInstant | null;
  } | null;
  /** For "ontwikkeltafel instellen": the table it proposes, with its trekkers by name (it is theirs to lead). */
  readonly tafel: {
    readonly opdracht: string;
    readonly doel: string;
    readonly trekkers: readonly string[];
  } | null;
  /** The pilot the voorstel was made from [002 art. 10.5]. */
  readonly source: { readonly kind: 'pilot'; readonly pilotId: string; readonly title: string } | null;
}

export function publicView(voorstel: Voorstel): PublicVoorstel {
  return {
    id: voorstel.id,
    title: voorstel.title,
    summary: voorstel.summary,
    text: voorstel.text,
    link: voorstel.link,
    type: voorstel.type,
    percelen: [...voorstel.percelen],
    origin:
      voorstel.origin === 'overlegtafel'
        ? 'overlegtafel'
        : { ontwikkeltafelId: voorstel.origin.ontwikkeltafelId },
    status: voorstel.status,
    submittedByOrganisation: voorstel.submittedBy.organisationName,
    submittedAt: voorstel.submittedAt,
    reactionWindowClosesAt: voorstel.reactionWindow?.closesAt ?? null,
    stemmingDeadline: voorstel.stemming?.deadline ?? null,
    stemverhouding: voorstel.stemming?.result ?? null,
    decision: voorstel.decision ? { kind: voorstel.decision.kind, reason: voorstel.decision.reason } : null,
    reactionWindowShortReason: voorstel.reactionWindow?.shortReason ?? null,
    adoption: voorstel.adoption
      ? {
          outcome: voorstel.adoption.outcome,
          reason: voorstel.adoption.reason,
          decisionDate: voorstel.adoption.decisionDate,
          addendumDeadline: voorstel.adoption.addendum?.deadline ?? null,
        }
      : null,
    tafel: voorstel.tafel
      ? {
          opdracht: voorstel.tafel.opdracht,
          doel: voorstel.tafel.doel,
          trekkers: voorstel.tafel.trekkers.map((t) => t.name),
        }
      : null,
    source: voorstel.source
      ? { kind: 'pilot', pilotId: voorstel.source.pilotId, title: voorstel.source.title }
      : null,
  };
}
