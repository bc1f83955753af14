import type { DeliveryService } from '../delivery/deliveryService';
import type { Round } from '../domain/inschrijving';
import type { Actor } from '../domain/registry/actor';
import type { Refusal } from '../domain/shared/result';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { Versioned } from '../storage/documentStore';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import type { RegistryRepository } from '../storage/registryRepository';

/** What the gemeente's and the contacts' use cases of the open invitation share. */

export interface InschrijvingDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
}

export type NotAllowed = { readonly kind: 'not-allowed' };
export type UnknownRound = { readonly kind: 'unknown-round' };
export type Refused = { readonly kind: 'refused'; readonly refusal: Refusal };

export const NOT_ALLOWED: NotAllowed = { kind: 'not-allowed' };
export const UNKNOWN_ROUND: UnknownRound = { kind: 'unknown-round' };

export function personIdOf(actor: Actor): string {
  return actor.kind === 'person' ? actor.person.id : '';
}

/** The rounds, registrations and draw records, and the round's audit trail. */
export class InschrijvingRecords {
  readonly repo: InschrijvingRepository;

  constructor(private readonly deps: InschrijvingDeps) {
    this.repo = new InschrijvingRepository(deps.db);
  }

  /** The round of the card, or the latest one (the current or coming year) when the card names none. */
  loadRound(roundId: string | undefined): Promise<Versioned<Round> | undefined> {
    return roundId ? this.repo.getRound(roundId) : this.repo.latestRound();
  }

  async audit(
    actor: Actor,
    round: Round,
    action: string,
    subjectId: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.deps.registry.recordAudit({
      stream: round.id,
      actorPersonId: personIdOf(actor) || null,
      action,
      subjectId,
      details,
    });
  }
}
