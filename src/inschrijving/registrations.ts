import {
  checkMayRegisterFor,
  checkRegistrationOpen,
  registrableOrganisations,
  registrationDefaults,
  registrationInputOf,
  roundPhase,
  validateRegistration,
  withdrawRegistration,
  type RegistrationInput,
  type Round,
  type RoundRegistration,
} from '../domain/inschrijving';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { type LocalisedMessages, messagesOf, type Refusal } from '../domain/shared/result';
import { DocumentConflictError, type Versioned } from '../storage/documentStore';
import {
  personIdOf,
  UNKNOWN_ROUND,
  type InschrijvingDeps,
  type InschrijvingRecords,
  type Refused,
  type UnknownRound,
} from './inschrijvingRecords';

/**
 * The contacts' side of the open invitation: a contactpersoon or vervanger of a contracted aanbieder registers
 * the organisation, changes and withdraws the registration until the deadline. Every use case checks first that
 * the actor is a contact of the organisation.
 */

/** An organisation the contact acts for, with its registration in the round (and the ETag). */
export interface RegistrationItem {
  readonly organisation: Organisation;
  readonly registration?: { readonly value: RoundRegistration; readonly etag: string };
}

export type RegistrationStatus = {
  readonly kind: 'status';
  readonly round: Round;
  readonly items: readonly RegistrationItem[];
};

export type RegistrationForm = {
  readonly kind: 'form';
  readonly round: Round;
  readonly organisation: Organisation;
  readonly values: RegistrationInput;
  readonly etag: string;
  /** Whether this changes an active registration (the form says "wijzigen"). */
  readonly isEdit: boolean;
};

/** The actor is no contact of this organisation: the domain's refusal says why. */
export type NotContact = { readonly kind: 'not-contact'; readonly refusal: Refusal };

export type SaveRegistrationOutcome =
  | NotContact
  | UnknownRound
  | Refused
  | {
      readonly kind: 'invalid';
      readonly round: Round;
      readonly organisation: Organisation;
      readonly isEdit: boolean;
      readonly messages: LocalisedMessages;
    }
  | { readonly kind: 'duplicate'; readonly round: Round; readonly organisation: Organisation }
  | {
      readonly kind: 'saved';
      readonly status: RegistrationStatus;
      readonly organisation: Organisation;
      /** True when an active registration was changed, false when the organisation (re)registered. */
      readonly changed: boolean;
    };

export type WithdrawOutcome =
  | NotContact
  | UnknownRound
  | Refused
  /** Nothing to withdraw: the status as it is. */
  | RegistrationStatus
  | { readonly kind: 'withdrawn'; readonly status: RegistrationStatus; readonly organisation: Organisation };

export class RegistrationService {
  constructor(
    private readonly deps: InschrijvingDeps,
    private readonly records: InschrijvingRecords,
  ) {}

  /** The organisations the actor registers for, each with its registration in the round. */
  private async statusOf(actor: Actor, round: Round): Promise<RegistrationStatus> {
    const items = await Promise.all(
      registrableOrganisations(actor).map(async (organisation) => ({
        organisation,
        registration: await this.records.repo.getRegistration(round.id, organisation.id),
      })),
    );
    return { kind: 'status', round, items };
  }

  /**
   * The form, filled with the registration or (the first time) with the organisation's contacts. `known`: the
   * registration as the caller read it already.
   */
  private async formOf(
    round: Round,
    organisation: Organisation,
    known?: { readonly existing: Versioned<RoundRegistration> | undefined },
  ): Promise<Refused | RegistrationForm> {
    const open = checkRegistrationOpen(round, this.deps.now());
    if (!open.ok) return { kind: 'refused', refusal: open };
    const existing = known
      ? known.existing
      : await this.records.repo.getRegistration(round.id, organisation.id);
    const values: RegistrationInput = existing
      ? {
          ...registrationInputOf(existing.value),
          // A perceel the organisation is no longer contracted for cannot be chosen again.
          perceel: organisation.percelen.includes(existing.value.perceel)
            ? String(existing.value.perceel)
            : '',
        }
      : registrationDefaults(organisation, await this.deps.registry.peopleOfOrganisation(organisation.id));
    return {
      kind: 'form',
      round,
      organisation,
      values,
      etag: existing?.etag ?? '',
      isEdit: existing?.value.status === 'ingeschreven',
    };
  }

  /**
   * The contact's starting point: with one organisation that has not registered yet in an open round, straight
   * to the form (unless the card asked for the status); otherwise the status per organisation.
   */
  async registrationHome(
    actor: Actor,
    roundId: string | undefined,
    showStatus: boolean,
  ): Promise<
    { kind: 'no-organisation' } | { kind: 'no-round' } | Refused | RegistrationForm | RegistrationStatus
  > {
    const organisations = registrableOrganisations(actor);
    if (organisations.length === 0) return { kind: 'no-organisation' };
    const round = await this.records.loadRound(roundId);
    if (!round) return { kind: 'no-round' };
    const only = organisations.length === 1 ? organisations[0] : undefined;
    if (only && !showStatus && roundPhase(round.value, this.deps.now()) === 'open') {
      const existing = await this.records.repo.getRegistration(round.value.id, only.id);
      if (!existing) return this.formOf(round.value, only, { existing });
    }
    return this.statusOf(actor, round.value);
  }

  /** The organisation the contact acts for and the round, or why not. */
  private async registrationTarget(
    actor: Actor,
    organisationId: string,
    roundId: string | undefined,
  ): Promise<NotContact | UnknownRound | { kind: 'target'; organisation: Organisation; round: Round }> {
    const may = checkMayRegisterFor(actor, organisationId);
    if (!may.ok) return { kind: 'not-contact', refusal: may };
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    return { kind: 'target', organisation: may.value, round: round.value };
  }

  async registrationForm(
    actor: Actor,
    organisationId: string,
    roundId: string | undefined,
  ): Promise<NotContact | UnknownRound | Refused | RegistrationForm> {
    const target = await this.registrationTarget(actor, organisationId, roundId);
    if (target.kind !== 'target') return target;
    return this.formOf(target.round, target.organisation);
  }

  /**
   * Registers, or changes the registration. `etag` is the form's ('' for a new one): a change made meanwhile
   * (by the other contact) is refused, never overwritten, and a second registration is a duplicate.
   */
  async saveRegistration(
    actor: Actor,
    organisationId: string,
    roundId: string | undefined,
    input: RegistrationInput,
    etag: string,
  ): Promise<SaveRegistrationOutcome> {
    const target = await this.registrationTarget(actor, organisationId, roundId);
    if (target.kind !== 'target') return target;
    const { organisation, round } = target;
    const existing = await this.records.repo.getRegistration(round.id, organisation.id);
    const wasActive = existing?.value.status === 'ingeschreven';
    const validated = validateRegistration(input, {
      round,
      organisation,
      personId: personIdOf(actor),
      now: this.deps.now(),
      existing: existing?.value,
    });
    if (!validated.ok) {
      if (!validated.fieldErrors) return { kind: 'refused', refusal: validated };
      return { kind: 'invalid', round, organisation, isEdit: wasActive, messages: messagesOf(validated) };
    }
    if (existing && !etag && wasActive) return { kind: 'duplicate', round, organisation };
    if (existing) {
      await this.records.repo.replaceRegistration(validated.value, etag || existing.etag);
    } else {
      try {
        await this.records.repo.createRegistration(validated.value);
      } catch (error) {
        if (!(error instanceof DocumentConflictError)) throw error;
        return { kind: 'duplicate', round, organisation };
      }
    }
    await this.records.audit(
      actor,
      round,
      wasActive ? 'inschrijving.gewijzigd' : 'inschrijving.ingediend',
      organisation.id,
      { perceel: validated.value.perceel },
    );
    return { kind: 'saved', status: await this.statusOf(actor, round), organisation, changed: wasActive };
  }

  /** Withdraws the registration until the deadline; `etag` as in saveRegistration. */
  async withdraw(
    actor: Actor,
    organisationId: string,
    roundId: string | undefined,
    etag: string,
  ): Promise<WithdrawOutcome> {
    const target = await this.registrationTarget(actor, organisationId, roundId);
    if (target.kind !== 'target') return target;
    const { organisation, round } = target;
    const existing = await this.records.repo.getRegistration(round.id, organisation.id);
    if (!existing) return this.statusOf(actor, round);
    const withdrawn = withdrawRegistration(existing.value, round, personIdOf(actor), this.deps.now());
    if (!withdrawn.ok) return { kind: 'refused', refusal: withdrawn };
    await this.records.repo.replaceRegistration(withdrawn.value, etag || existing.etag);
    await this.records.audit(actor, round, 'inschrijving.ingetrokken', organisation.id);
    return { kind: 'withdrawn', status: await this.statusOf(actor, round), organisation };
  }
}
