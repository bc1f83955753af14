import type { Actor, KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { type LocalisedMessages, messagesOf, type Refusal, type Result } from '../domain/shared/result';
import { daysAfter, localDateOf } from '../domain/time/amsterdam';
import {
  actsAsGemeente,
  addendumOrganisationsOf,
  canCloseEarly,
  isAddendumOpen,
  hasReactionWindowEnded,
  isReactionWindowOpen,
  maySeeConfidentialParts,
  mayView,
  organisationsToReactFor,
  organisationsToSubmitFor,
  partiesOfVoter,
  publicView,
  reactionsCsv,
  votesCsv,
  type AddendumAnswer,
  type ConfidentialPart,
  type Ontwikkeling,
  type PublicVoorstel,
  type Reaction,
  type TafelTrekker,
  type Voorstel,
  type VoorstelInput,
} from '../domain/voorstellen';
import type { RegistryRepository } from '../storage/registryRepository';
import {
  isClosing,
  type OverlegtafelParties,
  type ViewerLoad,
  type VoorstellenRepository,
  type VoorstelDocument,
} from '../storage/voorstellenRepository';
import { tafelIdFor } from '../ontwikkeltafels/tafelIds';
import type { VoteOutcome } from './votes';

/**
 * What each person sees of a voorstel and may do from there: whether it exists for them at all (a concept is the
 * submitter's and the gemeente's), what its card offers them (react for which organisation, vote for which
 * party, the gemeente's actions), and the steps that start from a person's card (submit the form, react, vote).
 * The state changes themselves are the VoorstellenService's.
 */

/** The state changes a person's card leads to: VoorstellenService's. */
export interface VoorstelCommands {
  parties(now?: Date): Promise<OverlegtafelParties>;
  isParty(organisations: readonly Organisation[], now?: Date): Promise<boolean>;
  load(id: string): Promise<{ voorstel: Voorstel; doc: { value: VoorstelDocument } } | undefined>;
  submit(
    actor: Actor,
    input: VoorstelInput,
    onBehalfOfOrganisationId: string | undefined,
    idempotencyKey: string,
  ): Promise<Result<Voorstel>>;
  saveReaction(
    actor: Actor,
    id: string,
    organisationId: string,
    text: string,
    read?: ViewerLoad,
  ): Promise<Result<{ voorstel: Voorstel; reaction: Reaction; changed: boolean }>>;
  castVote(
    actor: Actor,
    id: string,
    partyId: string,
    choice: unknown,
    idempotencyKey: string,
  ): Promise<Result<{ voorstel: Voorstel; outcome: VoteOutcome }>>;
}

export interface VoorstelViewingDeps {
  readonly registry: RegistryRepository;
  readonly now: () => Date;
}

export interface Choice {
  readonly id: string;
  readonly name: string;
}

/**
 * What a card reads of a voorstel: the viewer's own reactions only (the detail card, and every turn of the
 * reaction window), the ballots (the vote card), or everything (the gemeente's overview, reactions, export).
 * Turns that 500 organisations may send at once must not read what grows with their number.
 */
export type VoorstelReadScope = 'viewer' | 'ballots' | 'all';

/** A voorstel the person may see, as stored. */
export interface VisibleVoorstel {
  readonly voorstel: Voorstel;
  readonly doc: VoorstelDocument;
}

/** What the detail card shows this person, and what they may do from it. */
export interface VoorstelDetail {
  readonly voorstel: Voorstel;
  readonly public: PublicVoorstel;
  /** The name of the ontwikkeltafel the voorstel came from, for its "herkomst". */
  readonly tableNames: ReadonlyMap<string, string>;
  /** Present when the person may react now: for which organisations, and their reaction so far (one only). */
  readonly reaction?: { readonly organisations: readonly Choice[]; readonly current: Reaction | null };
  readonly confidentialParts?: readonly ConfidentialPart[];
  readonly gemeente?: {
    readonly canOpenReactieperiode: boolean;
    readonly canOpenStemming: boolean;
    /** Who would vote: read only when the vote can be opened. */
    readonly parties?: OverlegtafelParties;
    readonly defaultDeadlineDate: string;
  };
  readonly canSeeReactions: boolean;
  readonly canVote: boolean;
  /** After the bestuur's adoption: the addendum question for this person and the developments. */
  readonly afterAdoption?: {
    readonly addendumFor: readonly Choice[];
    readonly addendumAnswer: AddendumAnswer | null;
    readonly ontwikkelingen: readonly Ontwikkeling[];
    readonly reportFor: readonly Choice[] | null;
  };
  /** The ontwikkeltafel an adopted voorstel "ontwikkeltafel instellen" set up. */
  readonly createdTafel?: Choice;
  /** The pilot the voorstel was made from, when this person may open it (the gemeente and its participants). */
  readonly sourcePilotId?: string;
}

/** The vote card of one person: the parties they vote for. */
export interface VoteView {
  readonly voorstel: Voorstel;
  readonly public: PublicVoorstel;
  readonly viewerParties: ReadonlyArray<{ readonly partyId: string; readonly name: string }>;
}

export interface GemeenteOverview {
  readonly voorstel: Voorstel;
  readonly canCloseEarly: boolean;
  readonly mustDecide: boolean;
}

export interface VoorstelList {
  readonly items: ReadonlyArray<{
    readonly voorstel: VoorstelDocument;
    /** For the gemeente: how many parties voted and how many reactions came in. */
    readonly progress?: { readonly voted: number; readonly reactions: number };
  }>;
  readonly canSubmit: boolean;
  readonly isGemeente: boolean;
}

/** What the submission form offers: the organisations to submit for (none for the gemeente), the tables. */
export interface SubmissionChoices {
  readonly organisations: readonly Choice[];
  readonly ontwikkeltafels: readonly Choice[];
  /** Who may be proposed as trekker of a new ontwikkeltafel: anyone for the gemeente, own colleagues otherwise. */
  readonly trekkers: readonly Choice[];
}

/** The submission form as the card sends it, every field as text. */
export interface VoorstelSubmission {
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly link: string;
  readonly type: string;
  readonly percelen: string;
  /** 'overlegtafel' or 'ot:<ontwikkeltafel id>'. */
  readonly origin: string;
  readonly organisationId: string;
  readonly confidentialTitle: string;
  readonly confidentialText: string;
  readonly tafelOpdracht: string;
  readonly tafelDoel: string;
  /** Comma-separated person ids. */
  readonly tafelTrekkers: string;
}

export type SubmissionOutcome =
  | { readonly kind: 'refused'; readonly messages: LocalisedMessages; readonly choices: SubmissionChoices }
  | { readonly kind: 'submitted'; readonly detail: VoorstelDetail };

export type ReactionOutcome =
  | { readonly kind: 'not-found' }
  /** No organisation given, and the person reacts for none, or for more than one (they must choose). */
  | { readonly kind: 'no-organisation' | 'choose-organisation'; readonly detail: VoorstelDetail }
  | { readonly kind: 'refused'; readonly refusal: Refusal; readonly detail: VoorstelDetail }
  | {
      readonly kind: 'saved';
      readonly detail: VoorstelDetail;
      readonly reaction: Reaction;
      readonly changed: boolean;
    };

export type BallotOutcome =
  | { readonly kind: 'not-found' }
  /** No party given, and the person votes for none, or for more than one (they must choose). */
  | { readonly kind: 'no-party' | 'choose-party'; readonly view: VoteView }
  | { readonly kind: 'refused'; readonly refusal: Refusal; readonly view: VoteView }
  | { readonly kind: 'recorded'; readonly view: VoteView };

const choiceOf = (organisation: Organisation): Choice => ({ id: organisation.id, name: organisation.name });

/** Current-vote documents count the parties that voted; after closure the counted result is authoritative. */
function countedVotes(doc: VoorstelDocument, currentVotes: number): number {
  const result = doc.stemming?.result;
  return result ? result.voor + result.tegen + result.onthouding : currentVotes;
}

export class VoorstelViewing {
  constructor(
    private readonly deps: VoorstelViewingDeps,
    private readonly repo: VoorstellenRepository,
    private readonly commands: VoorstelCommands,
  ) {}

  isGemeente(actor: KnownActor): boolean {
    return actsAsGemeente(actor);
  }

  /** Members of the Overlegtafel (contacts of its parties) see the reactions, like the gemeente. */
  async maySeeReactions(actor: KnownActor): Promise<boolean> {
    return actsAsGemeente(actor) || this.commands.isParty(actor.roles.map((r) => r.organisation));
  }

  /** The voorstel, read as far as `scope` needs; undefined when it does not exist or the person may not see it. */
  async visibleTo(
    actor: KnownActor,
    id: string,
    scope: VoorstelReadScope,
  ): Promise<VisibleVoorstel | undefined> {
    const loaded =
      scope === 'ballots'
        ? await this.repo.loadForVote(id)
        : scope === 'viewer'
          ? await this.repo.loadForViewer(id, this.reactionOrganisationIds(actor))
          : await this.commands.load(id);
    if (!loaded || !mayView(actor, loaded.voorstel)) return undefined;
    return { voorstel: loaded.voorstel, doc: loaded.doc.value };
  }

  private reactionOrganisationIds(actor: KnownActor): string[] {
    return organisationsToReactFor(actor).map((o) => o.id);
  }

  async list(actor: KnownActor): Promise<VoorstelList> {
    const gemeente = actsAsGemeente(actor);
    const docs = (await this.repo.list()).filter((d) => mayView(actor, d));
    const items = await Promise.all(
      docs.slice(0, 25).map(async (doc) => {
        if (!gemeente) return { voorstel: doc };
        const [votes, reactions] = await Promise.all([
          this.repo.countCurrentVotes(doc.id),
          this.repo.countReactions(doc.id),
        ]);
        return { voorstel: doc, progress: { voted: countedVotes(doc, votes), reactions } };
      }),
    );
    return { items, canSubmit: gemeente || organisationsToSubmitFor(actor).length > 0, isGemeente: gemeente };
  }

  async detail(actor: KnownActor, voorstel: Voorstel): Promise<VoorstelDetail> {
    const now = this.deps.now();
    const gemeente = actsAsGemeente(actor);
    const reactFor = organisationsToReactFor(actor).map(choiceOf);
    const canReact = isReactionWindowOpen(voorstel, now) && reactFor.length > 0;
    const current =
      reactFor.length === 1
        ? (voorstel.reactions.find((r) => r.organisationId === reactFor[0]?.id) ?? null)
        : null;
    const canOpenStemming =
      gemeente && voorstel.status === 'reactieperiode' && hasReactionWindowEnded(voorstel, now);
    const parties = canOpenStemming ? await this.commands.parties(now) : undefined;
    return {
      voorstel,
      public: publicView(voorstel),
      tableNames: await this.tableNames(voorstel),
      reaction: canReact ? { organisations: reactFor, current } : undefined,
      confidentialParts: maySeeConfidentialParts(actor, voorstel) ? voorstel.confidentialParts : undefined,
      gemeente: gemeente
        ? {
            canOpenReactieperiode: voorstel.status === 'concept',
            canOpenStemming,
            parties,
            defaultDeadlineDate: localDateOf(daysAfter(now, 7)),
          }
        : undefined,
      canSeeReactions: voorstel.status !== 'concept' && (await this.maySeeReactions(actor)),
      canVote: voorstel.status === 'stemming' && partiesOfVoter(actor, voorstel).length > 0,
      afterAdoption: voorstel.adoption ? await this.afterAdoption(actor, voorstel, now) : undefined,
      createdTafel: await this.createdTafel(voorstel),
      sourcePilotId:
        voorstel.source &&
        (gemeente || actor.roles.some((r) => voorstel.source?.organisationIds.includes(r.organisation.id)))
          ? voorstel.source.pilotId
          : undefined,
    };
  }

  private async createdTafel(voorstel: Voorstel): Promise<Choice | undefined> {
    if (voorstel.type !== 'ontwikkeltafel' || voorstel.status !== 'vastgesteld') return undefined;
    const table = await this.deps.registry.ontwikkeltafels.read(tafelIdFor(`voorstel:${voorstel.id}`));
    return table ? { id: table.value.id, name: table.value.name } : undefined;
  }

  /**
   * What the detail card offers after adoption: the addendum answer for the person's own organisations among
   * those asked (while it is open), and reporting a development (the gemeente, or a contact of a party).
   */
  private async afterAdoption(actor: KnownActor, voorstel: Voorstel, now: Date) {
    const addendumFor = isAddendumOpen(voorstel, now)
      ? addendumOrganisationsOf(actor, voorstel).map((o) => ({ id: o.organisationId, name: o.name }))
      : [];
    const answerOf = addendumFor.length === 1 ? addendumFor[0]?.id : undefined;
    const answer = answerOf ? await this.repo.getAddendumAnswer(voorstel.id, answerOf) : undefined;
    const reportFor =
      voorstel.status !== 'vastgesteld'
        ? null
        : actsAsGemeente(actor)
          ? []
          : organisationsToSubmitFor(actor).map(choiceOf);
    return {
      addendumFor,
      addendumAnswer: answer?.value.answer ?? null,
      ontwikkelingen: voorstel.ontwikkelingen ?? [],
      reportFor: reportFor !== null && reportFor.length === 0 && !actsAsGemeente(actor) ? null : reportFor,
    };
  }

  voteView(actor: Actor, voorstel: Voorstel): VoteView {
    return {
      voorstel,
      public: publicView(voorstel),
      viewerParties: partiesOfVoter(actor, voorstel).map((p) => ({
        partyId: p.organisationId,
        name: p.name,
      })),
    };
  }

  /** Today in the Netherlands (yyyy-mm-dd): the default date of the bestuur's decision on the form. */
  today(): string {
    return localDateOf(this.deps.now());
  }

  gemeenteOverview({ voorstel, doc }: VisibleVoorstel): GemeenteOverview {
    return {
      voorstel,
      canCloseEarly: canCloseEarly(voorstel) && !isClosing(doc, this.deps.now()),
      mustDecide: voorstel.status === 'gesloten',
    };
  }

  /** The overview after a change: the whole voorstel as it is now (reactions too), else what the change gave. */
  async overviewAfter(changed: Voorstel, before: VisibleVoorstel): Promise<GemeenteOverview> {
    const fresh = await this.commands.load(changed.id);
    return this.gemeenteOverview({
      voorstel: fresh?.voorstel ?? changed,
      doc: fresh?.doc.value ?? before.doc,
    });
  }

  csvOf(voorstel: Voorstel): { readonly votes: string; readonly reactions: string } {
    return { votes: votesCsv(voorstel), reactions: reactionsCsv(voorstel) };
  }

  // Submitting ------------------------------------------------------------------------------------------------

  /** What the submission form offers the person, or undefined when they may not submit. */
  async submissionForm(
    actor: KnownActor,
  ): Promise<(SubmissionChoices & { readonly defaultOrganisationId: string }) | undefined> {
    const own = organisationsToSubmitFor(actor);
    if (!actsAsGemeente(actor) && own.length === 0) return undefined;
    return {
      defaultOrganisationId: own.length === 1 ? (own[0]?.id ?? '') : '',
      ...(await this.submissionChoices(actor)),
    };
  }

  private async submissionChoices(actor: KnownActor): Promise<SubmissionChoices> {
    return {
      organisations: actsAsGemeente(actor) ? [] : organisationsToSubmitFor(actor).map(choiceOf),
      ontwikkeltafels: await this.activeTables(),
      trekkers: (await this.trekkerCandidates(actor)).map((p) => ({ id: p.personId, name: p.name })),
    };
  }

  /**
   * The people a person may propose as trekker: the gemeente anyone registered, a contact only the people of
   * their own organisations (the registry's names are not shown to every provider).
   */
  private async trekkerCandidates(actor: KnownActor): Promise<TafelTrekker[]> {
    const own = new Set(actor.roles.map((r) => r.organisation.id));
    const people = (await this.deps.registry.listPeople()).filter(
      (p) => actsAsGemeente(actor) || p.memberships.some((m) => own.has(m.organisationId)),
    );
    return people
      .map((p) => ({
        personId: p.id,
        name: p.name,
        organisationId: p.memberships[0]?.organisationId ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  /**
   * Submits the form: a contact submits for the organisation they chose (or their only one), the gemeente for
   * itself. A refusal comes back with the form's choices to show it again.
   */
  async submit(
    actor: KnownActor,
    form: VoorstelSubmission,
    idempotencyKey: string,
  ): Promise<SubmissionOutcome> {
    const input: VoorstelInput = {
      title: form.title,
      summary: form.summary,
      text: form.text,
      link: form.link,
      type: form.type,
      percelen: form.percelen,
      origin: form.origin.startsWith('ot:') ? { ontwikkeltafelId: form.origin.slice(3) } : form.origin,
      confidentialParts:
        form.confidentialTitle.trim() || form.confidentialText.trim()
          ? [{ title: form.confidentialTitle, text: form.confidentialText }]
          : [],
      tafel:
        form.type === 'ontwikkeltafel'
          ? {
              opdracht: form.tafelOpdracht,
              doel: form.tafelDoel,
              // Only people this person may propose; an id from elsewhere is dropped (and then missed).
              trekkers: await this.chosenTrekkers(actor, form.tafelTrekkers),
            }
          : undefined,
    };
    const onBehalfOf = actsAsGemeente(actor)
      ? undefined
      : form.organisationId || organisationsToSubmitFor(actor)[0]?.id;
    const result = await this.commands.submit(actor, input, onBehalfOf, idempotencyKey);
    if (!result.ok) {
      return { kind: 'refused', messages: messagesOf(result), choices: await this.submissionChoices(actor) };
    }
    return { kind: 'submitted', detail: await this.detail(actor, result.value) };
  }

  private async chosenTrekkers(actor: KnownActor, ids: string): Promise<TafelTrekker[]> {
    const wanted = ids
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const candidates = new Map((await this.trekkerCandidates(actor)).map((t) => [t.personId, t]));
    return wanted.flatMap((id) => candidates.get(id) ?? []);
  }

  // Reacting and voting ---------------------------------------------------------------------------------------

  /**
   * Saves the reaction of the organisation the person chose (or their only one). What was read to check that
   * the voorstel is visible (with ETags) is what the save starts from.
   */
  async react(
    actor: KnownActor,
    id: string,
    organisationId: string | undefined,
    text: string,
  ): Promise<ReactionOutcome> {
    const read = await this.repo.loadForViewer(id, this.reactionOrganisationIds(actor));
    if (!read || !mayView(actor, read.voorstel)) return { kind: 'not-found' };
    const voorstel = read.voorstel;
    let reactFor = organisationId;
    if (!reactFor) {
      const mine = organisationsToReactFor(actor);
      if (mine.length !== 1) {
        const kind = mine.length === 0 ? 'no-organisation' : 'choose-organisation';
        return { kind, detail: await this.detail(actor, voorstel) };
      }
      reactFor = mine[0]?.id ?? '';
    }
    const result = await this.commands.saveReaction(actor, voorstel.id, reactFor, text, read);
    if (!result.ok) return { kind: 'refused', refusal: result, detail: await this.detail(actor, voorstel) };
    return {
      kind: 'saved',
      detail: await this.detail(actor, result.value.voorstel),
      reaction: result.value.reaction,
      changed: result.value.changed,
    };
  }

  /** Casts the vote of the party the person chose (or their only one); a refusal shows the vote as it is now. */
  async vote(
    actor: KnownActor,
    id: string,
    partyId: string | undefined,
    choice: string,
    idempotencyKey: string,
  ): Promise<BallotOutcome> {
    const visible = await this.visibleTo(actor, id, 'ballots');
    if (!visible) return { kind: 'not-found' };
    const voorstel = visible.voorstel;
    let voteFor = partyId;
    if (!voteFor) {
      const mine = partiesOfVoter(actor, voorstel);
      if (mine.length !== 1) {
        const kind = mine.length === 0 ? 'no-party' : 'choose-party';
        return { kind, view: this.voteView(actor, voorstel) };
      }
      voteFor = mine[0]?.organisationId ?? '';
    }
    const result = await this.commands.castVote(actor, voorstel.id, voteFor, choice, idempotencyKey);
    if (!result.ok) {
      const fresh = (await this.repo.loadForVote(voorstel.id))?.voorstel ?? voorstel;
      return { kind: 'refused', refusal: result, view: this.voteView(actor, fresh) };
    }
    return { kind: 'recorded', view: this.voteView(actor, result.value.voorstel) };
  }

  // Ontwikkeltafels ------------------------------------------------------------------------------------------

  /** The name of the ontwikkeltafel a voorstel came from (one point read), for the card's "herkomst". */
  private async tableNames(voorstel: Voorstel): Promise<Map<string, string>> {
    if (voorstel.origin === 'overlegtafel') return new Map();
    const table = await this.deps.registry.ontwikkeltafels.read(voorstel.origin.ontwikkeltafelId);
    return table ? new Map([[table.value.id, table.value.name]]) : new Map();
  }

  private async activeTables(): Promise<Choice[]> {
    const tables = await this.deps.registry.ontwikkeltafels.query(
      "SELECT * FROM c WHERE c.status = 'actief'",
    );
    return tables.map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }
}
