import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  emptyTafelForm,
  portfolioView,
  renderOntwikkeltafelCard,
  tafelDetailView,
  tafelFormView,
  type Notice,
  type PersonChoice,
  type TafelFormValues,
} from '../../cards/views/ontwikkeltafelsViews';
import { refusalMessages } from '../../domain/shared/result';
import type { KnownActor } from '../../domain/registry/actor';
import { localDateOf } from '../../domain/time/amsterdam';
import { formatShortDate } from '../../domain/time/english';
import type { OntwikkeltafelsService } from '../../ontwikkeltafels/ontwikkeltafelsService';
import type { TafelFormInput } from '../../ontwikkeltafels/tafelForm';
import { optionalId, optionalText, requireId, type CardData } from '../cardData';
import {
  guardedAction,
  idempotencyKeyOf,
  knownActor,
  messageCard,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import {
  CAP,
  notFound,
  ontwikkeltafelsServiceFor,
  refusalNotice,
  refused,
  tafelRoutes,
  text,
} from './ontwikkeltafelsShared';
import { registerRapportageHandlers } from './rapportageHandlers';

/**
 * Ontwikkeltafels: the portfolio, setting a table up and inviting the aanbieders of its percelen, joining and
 * ending a table. The reports are in rapportageHandlers. Thin handlers: card data is validated here;
 * OntwikkeltafelsService decides who may see and do what, applies the rules, stores and distributes, and its
 * answer becomes a card here.
 */

/** Reminders at 09:00 Dutch time need no finer grain; outboxes left by a crash are picked up as often. */
export const SCHEDULED_TASK_EVERY_MS = 5 * 60_000;

export { ontwikkeltafelsServiceFor };

function tafelFormValues(data: CardData): TafelFormValues {
  return {
    name: optionalText(data, 'name', CAP.line),
    opdracht: optionalText(data, 'opdracht', CAP.text),
    doel: optionalText(data, 'doel', CAP.text),
    percelen: optionalText(data, 'percelen', CAP.date),
    trekkers: optionalText(data, 'trekkers', CAP.text),
    start: optionalText(data, 'start', CAP.date),
    expectedEnd: optionalText(data, 'expectedEnd', CAP.date),
    periodEnds: optionalText(data, 'periodEnds', CAP.line),
    graceDays: optionalText(data, 'graceDays', CAP.date),
    reminderDays: optionalText(data, 'reminderDays', CAP.line),
    reason: optionalText(data, 'reason', CAP.text),
  };
}

// Cards --------------------------------------------------------------------------------------------------------

/** Every table with its status for the gemeente, the Overlegtafel and trekkers; the joinable ones for others. */
async function portfolioCard(
  turn: Turn,
  actor: KnownActor,
  service: OntwikkeltafelsService,
): Promise<AdaptiveCard> {
  const { rows, full, member } = await service.portfolio(actor, turn.services.now());
  if (!full && rows.length === 0)
    return messageCard(
      turn.locale,
      text(turn, 'noTablesTitle'),
      [text(turn, 'noTables')],
      'default',
      'help.show',
    );
  return renderOntwikkeltafelCard(
    'ontwikkeltafelPortfolio',
    turn.locale,
    portfolioView(rows, { full, isGemeente: service.mayManage(actor), canExport: member }, turn.locale),
  );
}

async function detailCard(
  turn: Turn,
  actor: KnownActor,
  tafelId: string,
  notice?: Notice,
): Promise<AdaptiveCard> {
  const view = await ontwikkeltafelsServiceFor(turn.services).tafelView(actor, tafelId);
  if (!view) return notFound(turn);
  const { tafel, rows, canWrite, canRead, isGemeente, joinFor, today, guestCandidates } = view;
  return renderOntwikkeltafelCard(
    'ontwikkeltafelDetail',
    turn.locale,
    tafelDetailView(
      tafel,
      rows,
      {
        canWrite,
        canRead,
        isGemeente,
        joinFor: joinFor.map((o) => ({ id: o.id, name: o.name })),
        notice,
        today,
        guestCandidates: guestCandidates.map((o) => ({ id: o.id, name: o.name })),
      },
      turn.locale,
    ),
  );
}

async function tafelFormCard(
  turn: Turn,
  values: TafelFormValues,
  errors: readonly string[],
): Promise<AdaptiveCard> {
  const candidates = await ontwikkeltafelsServiceFor(turn.services).trekkerCandidates();
  const people: PersonChoice[] = candidates.map((p) => ({
    id: p.id,
    label: p.organisationName ? `${p.name} (${p.organisationName})` : p.name,
  }));
  return renderOntwikkeltafelCard('ontwikkeltafelForm', turn.locale, tafelFormView(values, people, errors));
}

// Routes -------------------------------------------------------------------------------------------------------

export function registerOntwikkeltafelsHandlers(app: Application<TurnState>, botServices: BotServices): void {
  const service = ontwikkeltafelsServiceFor(botServices);
  botServices.scheduler.register({
    name: 'ontwikkeltafels-meldingen',
    everyMs: SCHEDULED_TASK_EVERY_MS,
    run: (now) => service.runScheduled(now),
  });
  const { route, gemeenteOnly } = tafelRoutes(app, botServices);

  route('ontwikkeltafels.portfolio', async (turn, actor) => portfolioCard(turn, actor, service));

  route('ontwikkeltafel.show', async (turn, actor, data) =>
    detailCard(turn, actor, requireId(data, 'tafelId')),
  );

  gemeenteOnly('ontwikkeltafel.new', async (turn) =>
    tafelFormCard(turn, emptyTafelForm(localDateOf(botServices.now())), []),
  );

  gemeenteOnly('ontwikkeltafel.create', async (turn, actor, data) => {
    const values = tafelFormValues(data);
    const trekkerIds = values.trekkers.split(',').filter(Boolean);
    // Each must look like an id Tafelbot made; whether the person exists is the service's check.
    for (const id of trekkerIds) requireId({ trekkers: id }, 'trekkers');
    const form: TafelFormInput = { ...values, trekkerIds };
    const result = await service.createTafel(actor, form, idempotencyKeyOf(turn));
    if (!result.ok) return tafelFormCard(turn, values, refusalMessages(result, turn.locale));
    const { tafel, invited } = result.value;
    return detailCard(turn, actor, tafel.id, {
      title: text(turn, 'createdTitle'),
      text:
        invited > 0
          ? text(turn, 'created', { name: tafel.name, count: invited })
          : text(turn, 'createdNoInvitees', { name: tafel.name }),
      style: 'good',
    });
  });

  gemeenteOnly('ontwikkeltafel.gast.toevoegen', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const organisationId = optionalId(data, 'guestOrganisationId');
    if (!organisationId) {
      return detailCard(turn, actor, tafelId, {
        title: text(turn, 'guestAddedFailed'),
        text: text(turn, 'guestRequired'),
        style: 'attention',
      });
    }
    const added = await service.membership.addGuest(actor, tafelId, organisationId);
    if (!added.ok) {
      return detailCard(turn, actor, tafelId, {
        title: text(turn, 'guestAddedFailed'),
        text: refusalMessages(added, turn.locale).join(' '),
        style: 'attention',
      });
    }
    const guest = added.value.tafel.guests?.find((g) => g.organisationId === organisationId);
    return detailCard(turn, actor, tafelId, {
      title: text(turn, 'guestAddedTitle'),
      text: text(turn, 'guestAdded', { name: guest?.name ?? '', tafel: added.value.tafel.name }),
      style: 'good',
    });
  });

  route('ontwikkeltafel.join', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const joined = await service.membership.joinAs(actor, tafelId, optionalId(data, 'organisationId'));
    switch (joined.kind) {
      case 'not-found':
        return notFound(turn);
      case 'choose-organisation':
        return detailCard(turn, actor, tafelId, {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'accent',
        });
      case 'not-invited':
        return messageCard(
          turn.locale,
          text(turn, 'notInvitedTitle'),
          [text(turn, 'notInvited', { name: joined.tafelName })],
          'attention',
          'ontwikkeltafels.portfolio',
        );
      case 'refused':
        return refused(turn, joined.refusal);
    }
    const values = { organisation: joined.organisationName, name: joined.tafelName };
    return detailCard(turn, actor, tafelId, {
      title: text(turn, 'joinedTitle'),
      text: text(turn, joined.changed ? 'joined' : 'alreadyJoined', values),
      style: 'good',
    });
  });

  gemeenteOnly('ontwikkeltafel.end', async (turn, actor, data) => {
    const tafelId = requireId(data, 'tafelId');
    const result = await service.end(actor, tafelId, optionalText(data, 'endedOn', CAP.date).trim());
    if (!result.ok) return detailCard(turn, actor, tafelId, refusalNotice(turn, result));
    const tafel = result.value;
    const due = service.eindevaluatieDue(tafel);
    return detailCard(turn, actor, tafelId, {
      title: text(turn, 'endedTitle'),
      text: text(turn, 'ended', {
        name: tafel.name,
        date: formatShortDate(tafel.endedOn ?? tafel.expectedEnd, turn.locale),
        due: due ? formatShortDate(due, turn.locale) : '',
      }),
      style: 'good',
    });
  });

  registerRapportageHandlers(app, botServices);
}

/** The `tafels` command: the portfolio, or the tables an aanbieder can join. */
export async function handleTafelsCommand(turn: Turn): Promise<void> {
  const actor = knownActor(turn);
  if (!actor) {
    await sendCard(turn.context, notAllowedCard(turn.locale));
    return;
  }
  const service = ontwikkeltafelsServiceFor(turn.services);
  const card = await guardedAction(turn.locale, turn.services.logger, () =>
    portfolioCard(turn, actor, service),
  );
  if (typeof card === 'string') await turn.context.sendActivity(card);
  else await sendCard(turn.context, card);
}
