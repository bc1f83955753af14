import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Locale } from '../../cards/renderCard';
import {
  choiceLabel,
  emptyVoorstelForm,
  exportParts,
  renderVoorstelCard,
  voorstelCardView,
  voorstelExportView,
  voorstelFormView,
  voorstellenText,
  voorstelListView,
  voorstelOverviewView,
  voorstelReactionsView,
  voteCardView,
  type Choice,
  type Notice,
  type VoorstelFormValues,
  type VoorstelListItem,
} from '../../cards/views/voorstellenViews';
import type { Actor, KnownActor } from '../../domain/registry/actor';
import type { Refusal } from '../../domain/shared/result';
import { daysAfter, fromIsoInstant, localDateOf, parseLocalDateTime } from '../../domain/time/amsterdam';
import { formatDutchDateTime } from '../../domain/time/dutch';
import {
  canCloseEarly,
  hasReactionWindowEnded,
  isGemeente,
  isKeuze,
  isReactionWindowOpen,
  publicView,
  reactionsCsv,
  votesCsv,
  type Voorstel,
  type VoorstelInput,
} from '../../domain/voorstellen';
import { isClosing, type VoorstelDocument } from '../../storage/voorstellenRepository';
import { VoorstellenService } from '../../voorstellen/voorstellenService';
import { asCardData, optionalId, optionalText, requireId, type CardData } from '../cardData';
import {
  beginTurn,
  guardedAction,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
  knownActor,
  perBotServices,
  idempotencyKeyOf,
} from '../turn';

/**
 * Voorstellen: submitting, the reaction window, the vote and the gemeente's overview, decision and export.
 * Thin handlers: card data is validated here, every rule (who may do what, deadlines) is the domain's and is
 * checked on the server for each invoke; VoorstellenService does the storage and the broadcasts.
 */

type Card = ReturnType<typeof renderVoorstelCard>;

/** Hard caps on what a card may send; what lies between the domain's limit and this cap gets a clear message. */
const CAP = { line: 2_000, text: 60_000, id: 128 } as const;
/** Characters of CSV per export card (the card stays well under Teams' ~28 KB). */
const EXPORT_PART_CHARS = 12_000;

export const voorstellenServiceFor = perBotServices((botServices) => new VoorstellenService(botServices));

/** The gemeente acts through its admins; a plain boolean (the domain's guard would narrow the other branch away). */
function isGemeenteActor(actor: KnownActor): boolean {
  return isGemeente(actor);
}

function text(
  turn: Turn,
  key: string,
  values: Record<string, string | number> = {},
  section?: string,
): string {
  return voorstellenText(turn.locale, key, values, section);
}

function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return { title: text(turn, 'refusedTitle'), text: refusal.messages.join(' '), style: 'attention' };
}

function when(iso: string): string {
  return formatDutchDateTime(fromIsoInstant(iso));
}

/** Organisations a contact may act for in a voorstel: contracted aanbieders, gemeenten and the lokale toegang. */
function submitOrganisations(actor: KnownActor): Choice[] {
  return actor.roles
    .filter((r) => r.organisation.type !== 'aanbieder' || r.organisation.contracted)
    .map((r) => ({ id: r.organisation.id, name: r.organisation.name }));
}

function reactOrganisations(actor: KnownActor): Choice[] {
  return actor.roles
    .filter((r) => r.organisation.type === 'aanbieder' && r.organisation.contracted)
    .map((r) => ({ id: r.organisation.id, name: r.organisation.name }));
}

function viewerParties(actor: Actor, voorstel: Voorstel) {
  if (actor.kind !== 'person' || !voorstel.stemming) return [];
  const mine = new Set(actor.roles.map((r) => r.organisation.id));
  return voorstel.stemming.parties
    .filter((p) => mine.has(p.organisationId))
    .map((p) => ({ partyId: p.organisationId, name: p.name }));
}

function isSubmitterSide(actor: KnownActor, voorstel: Pick<Voorstel, 'submittedBy'>): boolean {
  return (
    actor.person.id === voorstel.submittedBy.personId ||
    (voorstel.submittedBy.organisationId !== null &&
      actor.roles.some((r) => r.organisation.id === voorstel.submittedBy.organisationId))
  );
}

function mayView(actor: KnownActor, voorstel: Pick<Voorstel, 'status' | 'submittedBy'>): boolean {
  return voorstel.status !== 'concept' || isGemeenteActor(actor) || isSubmitterSide(actor, voorstel);
}

export function registerVoorstellenHandlers(app: Application<TurnState>, botServices: BotServices): void {
  const service = voorstellenServiceFor(botServices);

  /** Members of the Overlegtafel (contacts of its parties) see the reactions, like the gemeente. */
  async function isMember(actor: KnownActor): Promise<boolean> {
    return isGemeenteActor(actor) || service.isParty(actor.roles.map((r) => r.organisation));
  }

  /** The name of the ontwikkeltafel a voorstel came from (one point read), for the card's "herkomst". */
  async function tableNames(voorstel: Voorstel): Promise<Map<string, string>> {
    if (voorstel.origin === 'overlegtafel') return new Map();
    const table = await botServices.registry.ontwikkeltafels.read(voorstel.origin.ontwikkeltafelId);
    return table ? new Map([[table.value.id, table.value.name]]) : new Map();
  }

  // Cards ------------------------------------------------------------------------------------------------------

  async function detailCard(
    turn: Turn,
    actor: KnownActor,
    voorstel: Voorstel,
    notice?: Notice,
  ): Promise<Card> {
    const now = botServices.now();
    const gemeente = isGemeenteActor(actor);
    const reactFor = reactOrganisations(actor);
    const canReact = isReactionWindowOpen(voorstel, now) && reactFor.length > 0;
    const current =
      reactFor.length === 1
        ? (voorstel.reactions.find((r) => r.organisationId === reactFor[0]?.id) ?? null)
        : null;
    let partiesNote = '';
    const canOpenStemming =
      gemeente && voorstel.status === 'reactieperiode' && hasReactionWindowEnded(voorstel, now);
    if (canOpenStemming) {
      const parties = await service.parties(now);
      partiesNote =
        parties.source.kind === 'samenstelling'
          ? text(
              turn,
              'partiesNote',
              {
                parties: `${parties.parties.map((p) => p.name).join(', ')} (samenstelling ${parties.source.year})`,
              },
              'voorstelCard',
            )
          : text(turn, 'noComposition', { year: parties.source.year }, 'voorstelCard');
    }
    const confidential = gemeente || isSubmitterSide(actor, voorstel);
    return renderVoorstelCard(
      'voorstelCard',
      turn.locale,
      voorstelCardView(
        publicView(voorstel),
        {
          mode: 'detail',
          tableNames: await tableNames(voorstel),
          reaction: canReact ? { organisations: reactFor, current } : undefined,
          confidentialParts: confidential ? voorstel.confidentialParts : undefined,
          gemeente: gemeente
            ? {
                canOpenReactieperiode: voorstel.status === 'concept',
                canOpenStemming,
                partiesNote,
                defaultDeadlineDate: localDateOf(daysAfter(now, 7)),
              }
            : undefined,
          canSeeReactions: voorstel.status !== 'concept' && (await isMember(actor)),
          canVote: voorstel.status === 'stemming' && viewerParties(actor, voorstel).length > 0,
          notice,
        },
        turn.locale,
      ),
    );
  }

  function voteCard(turn: Turn, voorstel: Voorstel, notice?: Notice): Card {
    const from = turn.context.activity.from?.id;
    return renderVoorstelCard(
      'voorstelVote',
      turn.locale,
      voteCardView(
        voorstel,
        publicView(voorstel),
        {
          mode: 'personal',
          viewerParties: viewerParties(turn.resolved.actor, voorstel),
          // Keep refreshing this user's card to their own view when they open it again.
          refreshUserIds: from && voorstel.status === 'stemming' ? [from] : [],
          notice,
        },
        turn.locale,
      ),
    );
  }

  async function overviewCard(
    turn: Turn,
    voorstel: Voorstel,
    doc: VoorstelDocument,
    options: {
      notice?: Notice;
      decisionInput?: { decision: string; reason: string };
    } = {},
  ): Promise<Card> {
    return renderVoorstelCard(
      'voorstelOverview',
      turn.locale,
      voorstelOverviewView(
        voorstel,
        {
          canCloseEarly: canCloseEarly(voorstel) && !isClosing(doc, botServices.now()),
          mustDecide: voorstel.status === 'gesloten',
          ...options,
        },
        turn.locale,
      ),
    );
  }

  function formCard(
    turn: Turn,
    actor: KnownActor,
    values: VoorstelFormValues,
    errors: readonly string[],
    tables: Choice[],
  ) {
    return renderVoorstelCard(
      'voorstelForm',
      turn.locale,
      voorstelFormView(
        values,
        { organisations: isGemeenteActor(actor) ? [] : submitOrganisations(actor), ontwikkeltafels: tables },
        errors,
        turn.locale,
      ),
    );
  }

  async function activeTables(): Promise<Choice[]> {
    const tables = await botServices.registry.ontwikkeltafels.query(
      "SELECT * FROM c WHERE c.status = 'actief'",
    );
    return tables.map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  function notFound(turn: Turn): Card {
    return renderVoorstelCard('message', turn.locale, {
      trusted: {
        title: text(turn, 'notFound'),
        messages: [],
        style: 'warning',
        backVerb: 'voorstellen.list',
      },
    });
  }

  // Routes -----------------------------------------------------------------------------------------------------

  /** Every route resolves the actor from the store and refuses unknown users before anything else. */
  const route = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<Card | string>,
  ) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, botServices);
      return guardedAction(turn.locale, botServices.logger, async () => {
        const actor = knownActor(turn);
        return actor ? run(turn, actor, asCardData(data)) : notAllowedCard(turn.locale);
      });
    });

  /**
   * What a route reads of the voorstel: the viewer's own reactions only (the detail card, and every turn of the
   * reaction window), the ballots (the vote card), or everything (the gemeente's overview, reactions, export).
   * Turns that 500 organisations may send at once must not read what grows with their number.
   */
  type Needs = 'viewer' | 'ballots' | 'all';

  async function loadVoorstel(id: string, actor: KnownActor, needs: Needs) {
    if (needs === 'ballots') return service.repo.loadForVote(id);
    if (needs === 'viewer') {
      return service.repo.loadForViewer(
        id,
        reactOrganisations(actor).map((o) => o.id),
      );
    }
    return service.load(id);
  }

  type VoorstelRoute = (
    turn: Turn,
    actor: KnownActor,
    data: CardData,
    voorstel: Voorstel,
    doc: VoorstelDocument,
  ) => Promise<Card | string>;

  /** Loads the voorstel of the card (the id is checked for shape first) and hides what the actor may not see. */
  const withVoorstel = (verb: string, needs: Needs, run: VoorstelRoute) =>
    route(verb, async (turn, actor, data) => {
      const loaded = await loadVoorstel(requireId(data, 'voorstelId'), actor, needs);
      if (!loaded || !mayView(actor, loaded.voorstel)) return notFound(turn);
      return run(turn, actor, data, loaded.voorstel, loaded.doc.value);
    });

  const gemeenteOnly = (verb: string, needs: Needs, run: VoorstelRoute) =>
    withVoorstel(verb, needs, async (turn, actor, data, voorstel, doc) =>
      isGemeenteActor(actor) ? run(turn, actor, data, voorstel, doc) : notAllowedCard(turn.locale),
    );

  route('voorstellen.list', async (turn, actor) => listCard(turn, actor, service));

  route('voorstel.new', async (turn, actor) => {
    const organisations = submitOrganisations(actor);
    if (!isGemeenteActor(actor) && organisations.length === 0) return notAllowedCard(turn.locale);
    return formCard(
      turn,
      actor,
      emptyVoorstelForm(organisations.length === 1 ? organisations[0]?.id : ''),
      [],
      await activeTables(),
    );
  });

  route('voorstel.submit', async (turn, actor, data) => {
    const values: VoorstelFormValues = {
      title: optionalText(data, 'title', CAP.line),
      summary: optionalText(data, 'summary', CAP.text),
      text: optionalText(data, 'text', CAP.text),
      link: optionalText(data, 'link', CAP.line),
      type: optionalText(data, 'type', 40),
      percelen: optionalText(data, 'percelen', 40),
      origin: optionalText(data, 'origin', CAP.id + 3),
      organisationId: optionalId(data, 'organisationId') ?? '',
      confidentialTitle: optionalText(data, 'confidentialTitle', CAP.line),
      confidentialText: optionalText(data, 'confidentialText', CAP.text),
    };
    const input: VoorstelInput = {
      title: values.title,
      summary: values.summary,
      text: values.text,
      link: values.link,
      type: values.type,
      percelen: values.percelen,
      origin: values.origin.startsWith('ot:') ? { ontwikkeltafelId: values.origin.slice(3) } : values.origin,
      confidentialParts:
        values.confidentialTitle.trim() || values.confidentialText.trim()
          ? [{ title: values.confidentialTitle, text: values.confidentialText }]
          : [],
    };
    const onBehalfOf = isGemeenteActor(actor)
      ? undefined
      : values.organisationId || submitOrganisations(actor)[0]?.id;
    const result = await service.submit(actor, input, onBehalfOf, idempotencyKeyOf(turn));
    if (!result.ok) return formCard(turn, actor, values, result.messages, await activeTables());
    return detailCard(turn, actor, result.value, {
      title: text(turn, 'submittedTitle'),
      text: text(turn, 'submitted', { title: result.value.title }),
      style: 'good',
    });
  });

  withVoorstel('voorstel.show', 'viewer', async (turn, actor, _data, voorstel) =>
    detailCard(turn, actor, voorstel),
  );

  // Like withVoorstel(…, 'viewer'), keeping what was read (with ETags) for the save.
  route('voorstel.reactie.save', async (turn, actor, data) => {
    const read = await service.repo.loadForViewer(
      requireId(data, 'voorstelId'),
      reactOrganisations(actor).map((o) => o.id),
    );
    if (!read || !mayView(actor, read.voorstel)) return notFound(turn);
    const voorstel = read.voorstel;
    const reaction = optionalText(data, 'reactie', CAP.text);
    let organisationId = optionalId(data, 'organisationId');
    if (!organisationId) {
      const mine = reactOrganisations(actor);
      if (mine.length === 0) {
        return detailCard(turn, actor, voorstel, {
          text: text(turn, 'noOrganisationToReact'),
          style: 'attention',
        });
      }
      if (mine.length > 1) {
        return detailCard(turn, actor, voorstel, {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'warning',
        });
      }
      organisationId = mine[0]?.id ?? '';
    }
    const result = await service.saveReaction(actor, voorstel.id, organisationId, reaction, read);
    if (!result.ok) return detailCard(turn, actor, voorstel, refusalNotice(turn, result));
    const closesAt = result.value.voorstel.reactionWindow?.closesAt;
    return detailCard(turn, actor, result.value.voorstel, {
      title: text(turn, 'reactionSavedTitle'),
      text: result.value.changed
        ? text(turn, 'reactionSaved', {
            organisation: result.value.reaction.organisationName,
            closesAt: closesAt ? when(closesAt) : '',
          })
        : text(turn, 'reactionUnchanged'),
      style: 'good',
    });
  });

  withVoorstel('voorstel.reacties', 'all', async (turn, actor, _data, voorstel) =>
    (await isMember(actor))
      ? renderVoorstelCard('voorstelReactions', turn.locale, voorstelReactionsView(voorstel, turn.locale))
      : notAllowedCard(turn.locale),
  );

  gemeenteOnly('voorstel.reactieperiode.open', 'viewer', async (turn, actor, data, voorstel) => {
    const daysText = optionalText(data, 'days', 10).trim();
    const days = daysText === '' ? undefined : Number(daysText);
    const result = await service.openReactieperiode(actor, voorstel.id, days);
    if (!result.ok) return detailCard(turn, actor, voorstel, refusalNotice(turn, result));
    const closesAt = result.value.reactionWindow?.closesAt;
    return detailCard(turn, actor, result.value, {
      title: text(turn, 'reactieperiodeOpenedTitle'),
      text: text(turn, 'reactieperiodeOpened', { closesAt: closesAt ? when(closesAt) : '' }),
      style: 'good',
    });
  });

  gemeenteOnly('voorstel.stemming.open', 'viewer', async (turn, actor, data, voorstel, doc) => {
    const date = optionalText(data, 'deadlineDate', 20).trim();
    const time = optionalText(data, 'deadlineTime', 20).trim();
    if (!date || !time) {
      return detailCard(turn, actor, voorstel, { text: text(turn, 'deadlineRequired'), style: 'attention' });
    }
    const deadline = parseLocalDateTime(`${date} ${time}`);
    if (!deadline.ok) return detailCard(turn, actor, voorstel, refusalNotice(turn, deadline));
    const result = await service.openStemming(actor, voorstel.id, deadline.value);
    if (!result.ok) return detailCard(turn, actor, voorstel, refusalNotice(turn, result));
    const stemming = result.value.stemming;
    // The overview shows the reactions too: read the whole voorstel as it is now.
    const fresh = await service.load(voorstel.id);
    return overviewCard(turn, fresh?.voorstel ?? result.value, fresh?.doc.value ?? doc, {
      notice: {
        title: text(turn, 'stemmingOpenedTitle'),
        text: text(turn, 'stemmingOpened', {
          count: stemming?.parties.length ?? 0,
          deadline: stemming ? when(stemming.deadline) : '',
        }),
        style: 'good',
      },
    });
  });

  /** The per-user vote card: the refresh action Teams calls when the card is shown, and "Vernieuwen". */
  withVoorstel('voorstel.stemkaart', 'ballots', async (turn, _actor, _data, voorstel) =>
    voteCard(turn, voorstel),
  );

  withVoorstel('voorstel.stem', 'ballots', async (turn, actor, data, voorstel) => {
    const choice = optionalText(data, 'choice', 40);
    let partyId = optionalId(data, 'partyId');
    if (!partyId) {
      const mine = viewerParties(actor, voorstel);
      if (mine.length !== 1) {
        return voteCard(
          turn,
          voorstel,
          mine.length === 0
            ? { text: text(turn, 'noPartyToVote'), style: 'attention' }
            : {
                title: text(turn, 'chooseOrganisationTitle'),
                text: text(turn, 'chooseOrganisation'),
                style: 'warning',
              },
        );
      }
      partyId = mine[0]?.partyId ?? '';
    }
    const result = await service.castVote(actor, voorstel.id, partyId, choice, idempotencyKeyOf(turn));
    if (!result.ok) {
      const fresh = (await service.repo.loadForVote(voorstel.id))?.voorstel ?? voorstel;
      return voteCard(turn, fresh, refusalNotice(turn, result));
    }
    const label = isKeuze(choice) ? choiceLabel(choice, turn.locale) : choice;
    return voteCard(turn, result.value.voorstel, {
      text: text(turn, 'recorded', { choice: label }, 'voorstelVote'),
      style: 'good',
    });
  });

  gemeenteOnly('voorstel.overview', 'all', async (turn, _actor, _data, voorstel, doc) =>
    overviewCard(turn, voorstel, doc),
  );

  gemeenteOnly('voorstel.stemming.close', 'all', async (turn, actor, _data, voorstel, doc) => {
    const result = await service.closeStemming(actor, voorstel.id);
    if (!result.ok) return overviewCard(turn, voorstel, doc, { notice: refusalNotice(turn, result) });
    const fresh = await service.load(voorstel.id);
    return overviewCard(turn, fresh?.voorstel ?? result.value, fresh?.doc.value ?? doc, {
      notice: {
        title: text(turn, 'stemmingClosedTitle'),
        text: statusNotice(turn.locale, result.value),
        style: 'good',
      },
    });
  });

  gemeenteOnly('voorstel.besluit', 'all', async (turn, actor, data, voorstel, doc) => {
    const decision = optionalText(data, 'decision', 40);
    const reason = optionalText(data, 'reason', CAP.text);
    const result = await service.decide(actor, voorstel.id, decision, reason);
    if (!result.ok) {
      return overviewCard(turn, voorstel, doc, {
        notice: refusalNotice(turn, result),
        decisionInput: { decision, reason },
      });
    }
    const fresh = await service.load(voorstel.id);
    return overviewCard(turn, fresh?.voorstel ?? result.value, fresh?.doc.value ?? doc, {
      notice: {
        title: text(turn, 'besluitTitle'),
        text: statusNotice(turn.locale, result.value),
        style: 'good',
      },
    });
  });

  gemeenteOnly('voorstel.export', 'all', async (turn, _actor, data, voorstel) => {
    const partText = optionalText(data, 'part', 6).trim();
    const part = /^\d{1,4}$/.test(partText) ? Number(partText) : 1;
    const parts = exportParts(votesCsv(voorstel), reactionsCsv(voorstel), EXPORT_PART_CHARS);
    return renderVoorstelCard(
      'voorstelExport',
      turn.locale,
      voorstelExportView(voorstel, parts, part, turn.locale),
    );
  });
}

function statusNotice(locale: Locale, voorstel: Voorstel): string {
  const result = voorstel.stemming?.result;
  const status = voorstellenText(
    locale,
    `status${voorstel.status.charAt(0).toUpperCase()}${voorstel.status.slice(1)}`,
  );
  if (!result) return status;
  return `${status}. ${(['voor', 'tegen', 'onthouding', 'nietGestemd'] as const)
    .map((c) => `${choiceLabel(c, locale)} ${result[c]}`)
    .join(' · ')}`;
}

/** Current-vote documents count the parties that voted; after closure the counted result is authoritative. */
function countedVotes(doc: VoorstelDocument, currentVotes: number): number {
  const result = doc.stemming?.result;
  return result ? result.voor + result.tegen + result.onthouding : currentVotes;
}

async function listCard(turn: Turn, actor: KnownActor, service: VoorstellenService): Promise<Card> {
  const gemeente = isGemeenteActor(actor);
  const docs = (await service.repo.list()).filter((d) => mayView(actor, d));
  const items: VoorstelListItem[] = await Promise.all(
    docs.slice(0, 25).map(async (doc) => {
      if (!gemeente) return { voorstel: doc };
      const [votes, reactions] = await Promise.all([
        service.repo.countCurrentVotes(doc.id),
        service.repo.countReactions(doc.id),
      ]);
      return { voorstel: doc, progress: { voted: countedVotes(doc, votes), reactions } };
    }),
  );
  return renderVoorstelCard(
    'voorstelList',
    turn.locale,
    voorstelListView(
      items,
      { canSubmit: gemeente || submitOrganisations(actor).length > 0, isGemeente: gemeente },
      turn.locale,
    ),
  );
}

/** The typed command `voorstellen`: the list of voorstellen the person may see. */
export async function handleVoorstellenCommand(turn: Turn): Promise<void> {
  const actor = knownActor(turn);
  const service = voorstellenServiceFor(turn.services);
  const card = actor
    ? await guardedAction(turn.locale, turn.services.logger, () => listCard(turn, actor, service))
    : notAllowedCard(turn.locale);
  if (typeof card === 'string') await turn.context.sendActivity(card);
  else await sendCard(turn.context, card);
}
