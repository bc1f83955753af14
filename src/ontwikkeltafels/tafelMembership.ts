import {
  addGuest,
  isVoorliggendVeld,
  joinOntwikkeltafel,
  type Ontwikkeltafel,
} from '../domain/ontwikkeltafels';
import type { Actor, KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { type Refusal, refuse, type Result } from '../domain/shared/result';
import type { Versioned } from '../storage/documentStore';
import type { OntwikkeltafelDocument, TafelOutboxEntry } from '../storage/ontwikkeltafelsRepository';
import type { OntwikkeltafelsDeps } from './ontwikkeltafelsDeps';
import { joinableOrganisations } from './tafelAccess';
import { personIdOf, recordTafelAudit } from './tafelAudit';

/** Reads one table with its version. */
export type LoadTafel = (
  id: string,
) => Promise<{ doc: Versioned<OntwikkeltafelDocument>; tafel: Ontwikkeltafel } | undefined>;

/** Applies a domain change to one table with If-Match (retrying a concurrent write); see the service. */
export type ChangeTafel = (
  id: string,
  apply: (tafel: Ontwikkeltafel) => Result<{ tafel: Ontwikkeltafel; events: readonly unknown[] }>,
  outbox: readonly TafelOutboxEntry[],
) => Promise<Result<{ tafel: Ontwikkeltafel; changed: boolean }>>;

export type JoinOutcome =
  | { readonly kind: 'not-found' }
  /** The actor may join for more than one organisation and chose none. */
  | { readonly kind: 'choose-organisation' }
  | { readonly kind: 'not-invited'; readonly tafelName: string }
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | {
      readonly kind: 'joined';
      readonly tafelName: string;
      readonly organisationName: string;
      readonly changed: boolean;
    };

/**
 * Who sits at a table besides its trekkers: organisations that join (a contact joins for the organisation they
 * chose) and partners from the voorliggend veld the gemeente adds as guests. Part of the ontwikkeltafel service,
 * which owns the reading and writing of tables.
 */
export class TafelMembership {
  constructor(
    private readonly deps: OntwikkeltafelsDeps,
    private readonly loadTafel: LoadTafel,
    private readonly changeTafel: ChangeTafel,
  ) {}

  /** The gemeente adds a partner from the voorliggend veld as a guest of the table [000 §2]. */
  async addGuest(
    actor: Actor,
    tafelId: string,
    organisationId: string,
  ): Promise<Result<{ tafel: Ontwikkeltafel; changed: boolean }>> {
    const organisation = (await this.deps.registry.getOrganisation(organisationId))?.value;
    if (!organisation) {
      return refuse('ontwikkeltafel.guest-unknown', {
        nl: 'Deze organisatie staat niet (meer) in het register.',
        en: 'This organisation is not (or no longer) in the registry.',
      });
    }
    const result = await this.changeTafel(
      tafelId,
      (tafel) => addGuest(tafel, organisation, actor, this.deps.now()),
      [],
    );
    if (result.ok && result.value.changed) {
      await recordTafelAudit(this.deps, tafelId, personIdOf(actor), 'ontwikkeltafel.gast-toegevoegd', {
        organisationId,
      });
    }
    return result;
  }

  /** Partners from the voorliggend veld the gemeente may add as guests (not yet guests of the table). */
  async guestCandidates(tafel: Ontwikkeltafel): Promise<Organisation[]> {
    const guests = new Set((tafel.guests ?? []).map((g) => g.organisationId));
    return (await this.deps.registry.listOrganisations()).filter(
      (o) => isVoorliggendVeld(o) && !guests.has(o.id),
    );
  }

  async join(
    actor: Actor,
    tafelId: string,
    organisationId: string,
  ): Promise<Result<{ tafel: Ontwikkeltafel; changed: boolean }>> {
    const result = await this.changeTafel(
      tafelId,
      (tafel) => joinOntwikkeltafel(tafel, organisationId, actor, this.deps.now()),
      [],
    );
    if (result.ok && result.value.changed) {
      await recordTafelAudit(this.deps, tafelId, personIdOf(actor), 'ontwikkeltafel.deelnemer-toegevoegd', {
        organisationId,
      });
    }
    return result;
  }

  /**
   * A contact joins the table for the organisation they chose; without a choice for the one organisation that may
   * join (or, already taking part, the one that does, which then hears so).
   */
  async joinAs(actor: KnownActor, tafelId: string, chosen: string | undefined): Promise<JoinOutcome> {
    const loaded = await this.loadTafel(tafelId);
    if (!loaded) return { kind: 'not-found' };
    const { tafel } = loaded;
    let organisationId = chosen;
    if (!organisationId) {
      const joinable = joinableOrganisations(actor, tafel);
      if (joinable.length > 1) return { kind: 'choose-organisation' };
      const participant = actor.roles.find((r) =>
        tafel.participants.some((p) => p.organisationId === r.organisation.id),
      );
      organisationId = joinable[0]?.id ?? participant?.organisation.id;
      if (!organisationId) return { kind: 'not-invited', tafelName: tafel.name };
    }
    const result = await this.join(actor, tafelId, organisationId);
    if (!result.ok) return { kind: 'refused', refusal: result };
    const organisationName =
      actor.roles.find((r) => r.organisation.id === organisationId)?.organisation.name ?? '';
    return { kind: 'joined', tafelName: tafel.name, organisationName, changed: result.value.changed };
  }
}
