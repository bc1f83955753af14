import type { Actor } from '../domain/registry/actor';
import { refuse, succeed, type Result } from '../domain/shared/result';
import {
  addendumCsv,
  addendumOrganisationsOf,
  addendumTally,
  answerAddendum,
  type AddendumAnswer,
  type AddendumOrganisation,
  type AddendumRound,
  type AddendumTally,
  type Voorstel,
} from '../domain/voorstellen';
import { DocumentConflictError, StaleDocumentError } from '../storage/documentStore';
import { toVoorstel, type VoorstellenRepository } from '../storage/voorstellenRepository';
import { WRITE_ATTEMPTS as ATTEMPTS } from './outbox';

/**
 * The addendum of an adopted contractwijziging [002 art. 9.3]: each contracted aanbieder of its percelen answers
 * "ik doe mee" or "ik doe niet mee" before the date the gemeente set. Answers are documents of their own (one per
 * organisation), so aanbieders answering at once never conflict; the gemeente reads the tally and exports it.
 */

export interface AddendumContext {
  readonly repo: VoorstellenRepository;
  readonly now: () => Date;
  readonly audit: (
    id: string,
    actorPersonId: string | null,
    action: string,
    details: Record<string, unknown>,
  ) => Promise<void>;
}

export type AddendumAnswerOutcome =
  | { readonly kind: 'not-found' }
  /** No organisation given and the person answers for none, or for more than one (they must choose). */
  | {
      readonly kind: 'no-organisation' | 'choose-organisation';
      readonly voorstel: Voorstel;
      readonly organisations: readonly AddendumOrganisation[];
    }
  | {
      readonly kind: 'answered';
      readonly voorstel: Voorstel;
      readonly answer: AddendumAnswer;
      readonly changed: boolean;
    };

export interface AddendumOverview {
  readonly voorstel: Voorstel;
  readonly round: AddendumRound;
  readonly answers: readonly AddendumAnswer[];
  readonly tally: AddendumTally;
}

const NOT_FOUND = { nl: 'Dit voorstel bestaat niet (meer).', en: 'This voorstel does not exist (any more).' };

export class VoorstelAddendum {
  constructor(private readonly context: AddendumContext) {}

  /** The organisations this person answers for on this voorstel (their own among those asked). */
  organisationsOf(actor: Actor, voorstel: Voorstel): AddendumOrganisation[] {
    return addendumOrganisationsOf(actor, voorstel);
  }

  /** Saves the answer of the organisation the person chose (or their only one among those asked). */
  async answer(
    actor: Actor,
    id: string,
    organisationId: string | undefined,
    choice: unknown,
  ): Promise<Result<AddendumAnswerOutcome>> {
    const repo = this.context.repo;
    for (let attempt = 1; ; attempt++) {
      const doc = await repo.get(id);
      if (!doc) return succeed({ kind: 'not-found' });
      const voorstel = toVoorstel(doc.value);
      let answerFor = organisationId;
      if (!answerFor) {
        const mine = addendumOrganisationsOf(actor, voorstel);
        if (mine.length !== 1) {
          const kind = mine.length === 0 ? 'no-organisation' : 'choose-organisation';
          return succeed({ kind, voorstel, organisations: mine });
        }
        answerFor = mine[0]?.organisationId ?? '';
      }
      const current = await repo.getAddendumAnswer(id, answerFor);
      const result = answerAddendum(
        voorstel,
        { organisationId: answerFor, choice, current: current?.value.answer ?? null },
        actor,
        this.context.now(),
      );
      if (!result.ok) return result;
      const { answer, changed, event } = result.value;
      if (!changed) return succeed({ kind: 'answered', voorstel, answer, changed });
      try {
        await repo.saveAddendumAnswer(id, answer, current?.etag);
      } catch (error) {
        const retry = error instanceof StaleDocumentError || error instanceof DocumentConflictError;
        if (!retry || attempt >= ATTEMPTS) throw error;
        continue;
      }
      await this.context.audit(id, answer.answeredBy.personId, 'addendum.beantwoord', {
        organisationId: event.organisationId,
        choice: event.choice,
        previousChoice: event.previousChoice,
      });
      return succeed({ kind: 'answered', voorstel, answer, changed });
    }
  }

  /** The tally for the gemeente; refused when the voorstel has no addendum. */
  async overview(id: string): Promise<Result<AddendumOverview>> {
    const doc = await this.context.repo.get(id);
    if (!doc) return refuse('voorstel.not-found', NOT_FOUND);
    const voorstel = toVoorstel(doc.value);
    const round = voorstel.adoption?.addendum;
    if (!round) {
      return refuse('addendum.none', {
        nl: 'Bij dit voorstel hoort geen addendum.',
        en: 'There is no addendum for this voorstel.',
      });
    }
    const answers = await this.context.repo.listAddendumAnswers(id);
    return succeed({ voorstel, round, answers, tally: addendumTally(round, answers) });
  }

  csvOf(overview: AddendumOverview): string {
    return addendumCsv(overview.round, overview.answers);
  }
}
