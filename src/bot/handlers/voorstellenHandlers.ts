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
  type Notice,
  type VoorstelFormValues,
} from '../../cards/views/voorstellenViews';
import type { KnownActor } from '../../domain/registry/actor';
import { inLocale, type Refusal, refusalMessages } from '../../domain/shared/result';
import { fromIsoInstant, parseLocalDateTime } from '../../domain/time/amsterdam';
import { formatDateTime } from '../../domain/time/english';
import { isKeuze, type Voorstel } from '../../domain/voorstellen';
import type {
  GemeenteOverview,
  SubmissionChoices,
  VisibleVoorstel,
  VoorstelDetail,
  VoorstelReadScope,
  VoteView,
} from '../../voorstellen/viewing';
import { VoorstellenService } from '../../voorstellen/voorstellenService';
import { registerAdoptionRoutes } from './voorstelAdoptionHandlers';
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
 * Thin handlers: card data is validated here; VoorstellenService decides what each person sees and may do,
 * applies the domain's rules (checked on the server for each invoke), stores and broadcasts.
 */

type Card = ReturnType<typeof renderVoorstelCard>;

/** Hard caps on what a card may send; what lies between the domain's limit and this cap gets a clear message. */
const CAP = { line: 2_000, text: 60_000, id: 128 } as const;
/** Characters of CSV per export card (the card stays well under Teams' ~28 KB). */
const EXPORT_PART_CHARS = 12_000;

export const voorstellenServiceFor = perBotServices((botServices) => new VoorstellenService(botServices));

function text(
  turn: Turn,
  key: string,
  values: Record<string, string | number> = {},
  section?: string,
): string {
  return voorstellenText(turn.locale, key, values, section);
}

function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return {
    title: text(turn, 'refusedTitle'),
    text: refusalMessages(refusal, turn.locale).join(' '),
    style: 'attention',
  };
}

function when(iso: string, locale: Locale): string {
  return formatDateTime(fromIsoInstant(iso), locale);
}

// Cards --------------------------------------------------------------------------------------------------------

function detailCard(turn: Turn, detail: VoorstelDetail, notice?: Notice): Card {
  const { gemeente } = detail;
  const parties = gemeente?.parties;
  const partiesNote = !parties
    ? ''
    : parties.source.kind === 'samenstelling'
      ? text(
          turn,
          'partiesNote',
          {
            parties: `${parties.parties.map((p) => p.name).join(', ')} (samenstelling ${parties.source.year})`,
          },
          'voorstelCard',
        )
      : text(turn, 'noComposition', { year: parties.source.year }, 'voorstelCard');
  return renderVoorstelCard(
    'voorstelCard',
    turn.locale,
    voorstelCardView(
      detail.public,
      {
        mode: 'detail',
        tableNames: detail.tableNames,
        reaction: detail.reaction,
        confidentialParts: detail.confidentialParts,
        gemeente: gemeente && {
          canOpenReactieperiode: gemeente.canOpenReactieperiode,
          canOpenStemming: gemeente.canOpenStemming,
          partiesNote,
          defaultDeadlineDate: gemeente.defaultDeadlineDate,
        },
        canSeeReactions: detail.canSeeReactions,
        canVote: detail.canVote,
        afterAdoption: detail.afterAdoption,
        createdTafel: detail.createdTafel,
        sourcePilotId: detail.sourcePilotId,
        notice,
      },
      turn.locale,
    ),
  );
}

function voteCard(turn: Turn, view: VoteView, notice?: Notice): Card {
  const from = turn.context.activity.from?.id;
  return renderVoorstelCard(
    'voorstelVote',
    turn.locale,
    voteCardView(
      view.voorstel,
      view.public,
      {
        mode: 'personal',
        viewerParties: view.viewerParties,
        // Keep refreshing this user's card to their own view when they open it again.
        refreshUserIds: from && view.voorstel.status === 'stemming' ? [from] : [],
        notice,
      },
      turn.locale,
    ),
  );
}

function overviewCard(
  turn: Turn,
  overview: GemeenteOverview,
  options: {
    notice?: Notice;
    decisionInput?: { decision: string; reason: string };
    adoptionInput?: { outcome: string; reason: string; decisionDate: string; addendumDeadline: string };
    today?: string;
  } = {},
): Card {
  return renderVoorstelCard(
    'voorstelOverview',
    turn.locale,
    voorstelOverviewView(
      overview.voorstel,
      { canCloseEarly: overview.canCloseEarly, mustDecide: overview.mustDecide, ...options },
      turn.locale,
    ),
  );
}

function formCard(
  turn: Turn,
  values: VoorstelFormValues,
  errors: readonly string[],
  choices: SubmissionChoices,
) {
  return renderVoorstelCard(
    'voorstelForm',
    turn.locale,
    voorstelFormView(values, choices, errors, turn.locale),
  );
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

export function registerVoorstellenHandlers(app: Application<TurnState>, botServices: BotServices): void {
  const service = voorstellenServiceFor(botServices);
  const viewing = service.viewing;

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

  type VoorstelRoute = (
    turn: Turn,
    actor: KnownActor,
    data: CardData,
    visible: VisibleVoorstel,
  ) => Promise<Card | string>;

  /** The voorstel of the card (its id checked for shape first), or "not found" for whoever may not see it. */
  const withVoorstel = (verb: string, scope: VoorstelReadScope, run: VoorstelRoute) =>
    route(verb, async (turn, actor, data) => {
      const visible = await viewing.visibleTo(actor, requireId(data, 'voorstelId'), scope);
      return visible ? run(turn, actor, data, visible) : notFound(turn);
    });

  const gemeenteOnly = (verb: string, scope: VoorstelReadScope, run: VoorstelRoute) =>
    withVoorstel(verb, scope, async (turn, actor, data, visible) =>
      viewing.isGemeente(actor) ? run(turn, actor, data, visible) : notAllowedCard(turn.locale),
    );

  const detailOf = (actor: KnownActor, voorstel: Voorstel) => viewing.detail(actor, voorstel);

  route('voorstellen.list', async (turn, actor) => listCard(turn, actor, service));

  route('voorstel.new', async (turn, actor) => {
    const form = await viewing.submissionForm(actor);
    if (!form) return notAllowedCard(turn.locale);
    return formCard(turn, emptyVoorstelForm(form.defaultOrganisationId), [], form);
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
      tafelOpdracht: optionalText(data, 'tafelOpdracht', CAP.text),
      tafelDoel: optionalText(data, 'tafelDoel', CAP.text),
      tafelTrekkers: optionalText(data, 'tafelTrekkers', CAP.line),
    };
    const submitted = await viewing.submit(actor, values, idempotencyKeyOf(turn));
    if (submitted.kind === 'refused')
      return formCard(turn, values, inLocale(submitted.messages, turn.locale), submitted.choices);
    return detailCard(turn, submitted.detail, {
      title: text(turn, 'submittedTitle'),
      text: text(turn, 'submitted', { title: submitted.detail.voorstel.title }),
      style: 'good',
    });
  });

  withVoorstel('voorstel.show', 'viewer', async (turn, actor, _data, { voorstel }) =>
    detailCard(turn, await detailOf(actor, voorstel)),
  );

  route('voorstel.reactie.save', async (turn, actor, data) => {
    const voorstelId = requireId(data, 'voorstelId');
    const reaction = optionalText(data, 'reactie', CAP.text);
    const organisationId = optionalId(data, 'organisationId');
    const saved = await viewing.react(actor, voorstelId, organisationId, reaction);
    switch (saved.kind) {
      case 'not-found':
        return notFound(turn);
      case 'no-organisation':
        return detailCard(turn, saved.detail, {
          text: text(turn, 'noOrganisationToReact'),
          style: 'attention',
        });
      case 'choose-organisation':
        return detailCard(turn, saved.detail, {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'warning',
        });
      case 'refused':
        return detailCard(turn, saved.detail, refusalNotice(turn, saved.refusal));
      case 'saved': {
        const closesAt = saved.detail.voorstel.reactionWindow?.closesAt;
        return detailCard(turn, saved.detail, {
          title: text(turn, 'reactionSavedTitle'),
          text: saved.changed
            ? text(turn, 'reactionSaved', {
                organisation: saved.reaction.organisationName,
                closesAt: closesAt ? when(closesAt, turn.locale) : '',
              })
            : text(turn, 'reactionUnchanged'),
          style: 'good',
        });
      }
    }
  });

  withVoorstel('voorstel.reacties', 'all', async (turn, actor, _data, { voorstel }) =>
    (await viewing.maySeeReactions(actor))
      ? renderVoorstelCard('voorstelReactions', turn.locale, voorstelReactionsView(voorstel, turn.locale))
      : notAllowedCard(turn.locale),
  );

  gemeenteOnly('voorstel.reactieperiode.open', 'viewer', async (turn, actor, data, { voorstel }) => {
    const daysText = optionalText(data, 'days', 10).trim();
    const days = daysText === '' ? undefined : Number(daysText);
    const shortReason = optionalText(data, 'shortReason', CAP.line);
    const result = await service.openReactieperiode(actor, voorstel.id, days, shortReason);
    if (!result.ok) return detailCard(turn, await detailOf(actor, voorstel), refusalNotice(turn, result));
    const closesAt = result.value.reactionWindow?.closesAt;
    return detailCard(turn, await detailOf(actor, result.value), {
      title: text(turn, 'reactieperiodeOpenedTitle'),
      text: text(turn, 'reactieperiodeOpened', { closesAt: closesAt ? when(closesAt, turn.locale) : '' }),
      style: 'good',
    });
  });

  gemeenteOnly('voorstel.stemming.open', 'viewer', async (turn, actor, data, visible) => {
    const { voorstel } = visible;
    const date = optionalText(data, 'deadlineDate', 20).trim();
    const time = optionalText(data, 'deadlineTime', 20).trim();
    if (!date || !time) {
      return detailCard(turn, await detailOf(actor, voorstel), {
        text: text(turn, 'deadlineRequired'),
        style: 'attention',
      });
    }
    const deadline = parseLocalDateTime(`${date} ${time}`);
    if (!deadline.ok) return detailCard(turn, await detailOf(actor, voorstel), refusalNotice(turn, deadline));
    const result = await service.openStemming(actor, voorstel.id, deadline.value);
    if (!result.ok) return detailCard(turn, await detailOf(actor, voorstel), refusalNotice(turn, result));
    const stemming = result.value.stemming;
    // The overview shows the reactions too: read the whole voorstel as it is now.
    return overviewCard(turn, await viewing.overviewAfter(result.value, visible), {
      notice: {
        title: text(turn, 'stemmingOpenedTitle'),
        text: text(turn, 'stemmingOpened', {
          count: stemming?.parties.length ?? 0,
          deadline: stemming ? when(stemming.deadline, turn.locale) : '',
        }),
        style: 'good',
      },
    });
  });

  /** The per-user vote card: the refresh action Teams calls when the card is shown, and "Vernieuwen". */
  withVoorstel('voorstel.stemkaart', 'ballots', async (turn, actor, _data, { voorstel }) =>
    voteCard(turn, viewing.voteView(actor, voorstel)),
  );

  route('voorstel.stem', async (turn, actor, data) => {
    const voorstelId = requireId(data, 'voorstelId');
    const choice = optionalText(data, 'choice', 40);
    const partyId = optionalId(data, 'partyId');
    const voted = await viewing.vote(actor, voorstelId, partyId, choice, idempotencyKeyOf(turn));
    switch (voted.kind) {
      case 'not-found':
        return notFound(turn);
      case 'no-party':
        return voteCard(turn, voted.view, { text: text(turn, 'noPartyToVote'), style: 'attention' });
      case 'choose-party':
        return voteCard(turn, voted.view, {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'warning',
        });
      case 'refused':
        return voteCard(turn, voted.view, refusalNotice(turn, voted.refusal));
      case 'recorded': {
        const label = isKeuze(choice) ? choiceLabel(choice, turn.locale) : choice;
        return voteCard(turn, voted.view, {
          text: text(turn, 'recorded', { choice: label }, 'voorstelVote'),
          style: 'good',
        });
      }
    }
  });

  gemeenteOnly('voorstel.overview', 'all', async (turn, _actor, _data, visible) =>
    overviewCard(turn, viewing.gemeenteOverview(visible), { today: viewing.today() }),
  );

  gemeenteOnly('voorstel.stemming.close', 'all', async (turn, actor, _data, visible) => {
    const result = await service.closeStemming(actor, visible.voorstel.id);
    if (!result.ok) {
      return overviewCard(turn, viewing.gemeenteOverview(visible), { notice: refusalNotice(turn, result) });
    }
    return overviewCard(turn, await viewing.overviewAfter(result.value, visible), {
      notice: {
        title: text(turn, 'stemmingClosedTitle'),
        text: statusNotice(turn.locale, result.value),
        style: 'good',
      },
    });
  });

  gemeenteOnly('voorstel.besluit', 'all', async (turn, actor, data, visible) => {
    const decision = optionalText(data, 'decision', 40);
    const reason = optionalText(data, 'reason', CAP.text);
    const result = await service.decide(actor, visible.voorstel.id, decision, reason);
    if (!result.ok) {
      return overviewCard(turn, viewing.gemeenteOverview(visible), {
        notice: refusalNotice(turn, result),
        decisionInput: { decision, reason },
      });
    }
    return overviewCard(turn, await viewing.overviewAfter(result.value, visible), {
      notice: {
        title: text(turn, 'besluitTitle'),
        text: statusNotice(turn.locale, result.value),
        style: 'good',
      },
    });
  });

  gemeenteOnly('voorstel.export', 'all', async (turn, _actor, data, { voorstel }) => {
    const partText = optionalText(data, 'part', 6).trim();
    const part = /^\d{1,4}$/.test(partText) ? Number(partText) : 1;
    const csv = viewing.csvOf(voorstel);
    const parts = exportParts(csv.votes, csv.reactions, EXPORT_PART_CHARS);
    return renderVoorstelCard(
      'voorstelExport',
      turn.locale,
      voorstelExportView(voorstel, parts, part, turn.locale),
    );
  });

  registerAdoptionRoutes({
    service,
    route,
    withVoorstel,
    gemeenteOnly,
    detailCard,
    overviewCard: (turn, overview, options) =>
      overviewCard(turn, overview, { today: viewing.today(), ...options }),
    notFound,
    refusalNotice,
    when,
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

async function listCard(turn: Turn, actor: KnownActor, service: VoorstellenService): Promise<Card> {
  const list = await service.viewing.list(actor);
  return renderVoorstelCard(
    'voorstelList',
    turn.locale,
    voorstelListView(list.items, { canSubmit: list.canSubmit, isGemeente: list.isGemeente }, turn.locale),
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
