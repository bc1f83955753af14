import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  emptyPilotForm,
  parseReportChoice,
  pilotDetailView,
  pilotFormView,
  pilotOverzichtView,
  reportChoiceValue,
  type PilotFormValues,
} from '../../cards/views/pilotViews';
import type { Choice, Notice } from '../../cards/views/signalenLabels';
import type { KnownActor } from '../../domain/registry/actor';
import type { Organisation } from '../../domain/registry/registry';
import type { PilotAanvraag, PilotDecisionKind } from '../../domain/signalen';
import { PilotsService, type PilotStep } from '../../signalen/pilotsService';
import { registerPilotTasks } from '../../signalen/tasks';
import { voorstellenServiceFor } from './voorstellenHandlers';
import {
  InvalidCardDataError,
  optionalId,
  optionalText,
  requireChoice,
  requireId,
  type CardData,
} from '../cardData';
import {
  card,
  idempotencyKeyOf,
  messageCard,
  notAllowedCard,
  perBotServices,
  type BotServices,
  type Turn,
} from '../turn';
import {
  CAP,
  notAllowedToSignal,
  notFoundCard,
  plain,
  refusalNotice,
  signalenRoute,
  t,
  type CardResult,
} from './signalenShared';
import { inLocale, refusalMessages } from '../../domain/shared/result';

/**
 * Pilots (issue 10; 002 art. 10): the overview, the request form, one pilot with the gemeente's decision, the
 * progress and the linked voortgangsrapportages. Thin handlers: card data is checked here; PilotsService decides
 * who may do what, applies the rules, stores and broadcasts, and its answer becomes a card here.
 */

export const pilotsServiceFor = perBotServices((services) => new PilotsService(services));

function choicesOf(organisations: readonly Organisation[]): Choice[] {
  return organisations.map((o) => ({ title: o.name, value: o.id }));
}

function notAllowedToRequest(turn: Turn): AdaptiveCard {
  return messageCard(
    turn.locale,
    t(turn, 'refusedTitle'),
    [t(turn, 'pilotNotAllowed')],
    'attention',
    'pilot.overzicht',
  );
}

function pilotNotFound(turn: Turn): AdaptiveCard {
  return notFoundCard(turn, 'pilotNotFound', 'pilot.overzicht');
}

// Cards --------------------------------------------------------------------------------------------------------

export async function pilotListCard(turn: Turn, actor: KnownActor): Promise<AdaptiveCard> {
  const overview = await pilotsServiceFor(turn.services).overview(actor);
  if (!overview.ok) return notAllowedToSignal(turn);
  const { pilots, canRequest, gemeente } = overview.value;
  return card(
    'pilotOverzicht',
    turn.locale,
    pilotOverzichtView(pilots, { canRequest, isGemeente: gemeente }, turn.locale),
  );
}

async function pilotDetailCard(
  turn: Turn,
  actor: KnownActor,
  pilot: PilotAanvraag,
  notice?: Notice,
): Promise<AdaptiveCard> {
  const detail = await pilotsServiceFor(turn.services).detail(actor, pilot);
  const reportChoices = detail.reportChoices.map((r) => ({
    title: r.title,
    value: reportChoiceValue(r.tafelId, r.reportId),
  }));
  return card(
    'pilotDetail',
    turn.locale,
    pilotDetailView(
      pilot,
      {
        canDecide: detail.canDecide,
        canTrack: detail.canTrack,
        reportChoices,
        canMakeVoorstel: detail.canTrack,
      },
      detail.today,
      turn.locale,
      notice,
    ),
  );
}

async function pilotFormCard(
  turn: Turn,
  actor: KnownActor,
  values: PilotFormValues,
  errors: readonly string[],
): Promise<AdaptiveCard> {
  const { organisations, participants } = await pilotsServiceFor(turn.services).formChoices(actor);
  return card(
    'pilotForm',
    turn.locale,
    pilotFormView(values, choicesOf(organisations), choicesOf(participants), errors),
  );
}

/** A step's refusal shows the pilot again with the reason; a pilot that is gone, or hidden, is not found. */
async function stepCard(
  turn: Turn,
  actor: KnownActor,
  step: Exclude<PilotStep, { kind: 'done' }>,
): Promise<AdaptiveCard> {
  if (step.kind === 'not-allowed') return notAllowedCard(turn.locale);
  if (step.kind === 'not-found') return pilotNotFound(turn);
  return pilotDetailCard(turn, actor, step.pilot, refusalNotice(turn, step.refusal));
}

// Card data ----------------------------------------------------------------------------------------------------

function pilotValues(data: CardData): PilotFormValues {
  return {
    organisationId: optionalId(data, 'organisationId') ?? '',
    title: optionalText(data, 'title', CAP.line),
    start: optionalText(data, 'start', 40),
    end: optionalText(data, 'end', 40),
    participantIds: optionalText(data, 'participantIds', 10 * 130),
    innovation: optionalText(data, 'innovation', CAP.text),
    researchQuestion: optionalText(data, 'researchQuestion', CAP.text),
    expectedResult: optionalText(data, 'expectedResult', CAP.text),
    deviation: optionalText(data, 'deviation', CAP.text),
  };
}

// Actions ------------------------------------------------------------------------------------------------------

async function submitPilot(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const service = pilotsServiceFor(turn.services);
  if (service.access(actor).pilotOrganisations.length === 0) return notAllowedToRequest(turn);
  const values = pilotValues(data);
  const { organisationId, ...input } = values;
  const requested = await service.request(actor, input, organisationId, idempotencyKeyOf(turn));
  if (requested.kind === 'not-allowed') return notAllowedToRequest(turn);
  if (requested.kind === 'invalid')
    return pilotFormCard(turn, actor, values, inLocale(requested.messages, turn.locale));
  const { pilot } = requested;
  return pilotDetailCard(turn, actor, pilot, {
    title: plain(turn, 'pilotRequestedTitle'),
    messages: [plain(turn, 'pilotRequested', { title: pilot.title })],
    style: 'good',
  });
}

async function decide(
  turn: Turn,
  actor: KnownActor,
  data: CardData,
  pilot: PilotAanvraag,
): Promise<CardResult> {
  const kind: PilotDecisionKind = requireChoice(data, 'besluit', ['instemming', 'afwijzing'] as const);
  const reason = optionalText(data, 'reason', CAP.text);
  const decided = await pilotsServiceFor(turn.services).decide(actor, pilot.id, { kind, reason });
  if (decided.kind !== 'done') return stepCard(turn, actor, decided);
  const { sent } = decided;
  return pilotDetailCard(turn, actor, decided.pilot, {
    title: plain(turn, 'pilotDecidedTitle'),
    messages: [
      sent.ok
        ? plain(turn, 'pilotDecided', { count: sent.value.recipients })
        : plain(turn, 'notSent', { reason: refusalMessages(sent, turn.locale).join(' ') }),
    ],
    style: sent.ok ? 'good' : 'warning',
  });
}

async function track(
  turn: Turn,
  actor: KnownActor,
  data: CardData,
  pilot: PilotAanvraag,
): Promise<CardResult> {
  const input = {
    startedOn: optionalText(data, 'startedOn', 40),
    endedOn: optionalText(data, 'endedOn', 40),
    result: optionalText(data, 'result', CAP.text),
  };
  const tracked = await pilotsServiceFor(turn.services).track(actor, pilot.id, input);
  if (tracked.kind !== 'done') return stepCard(turn, actor, tracked);
  return pilotDetailCard(turn, actor, tracked.pilot, {
    title: plain(turn, 'pilotTrackedTitle'),
    messages: [],
    style: 'good',
  });
}

async function linkReport(
  turn: Turn,
  actor: KnownActor,
  data: CardData,
  pilot: PilotAanvraag,
): Promise<CardResult> {
  const choice = parseReportChoice(optionalText(data, 'report', 300));
  if (!choice) throw new InvalidCardDataError('report');
  const linked = await pilotsServiceFor(turn.services).linkReport(actor, pilot.id, choice);
  if (linked.kind === 'report-not-found')
    return pilotDetailCard(turn, actor, pilot, {
      title: plain(turn, 'refusedTitle'),
      messages: [plain(turn, 'reportNotFound')],
      style: 'attention',
    });
  if (linked.kind !== 'done') return stepCard(turn, actor, linked);
  return pilotDetailCard(turn, actor, linked.pilot, {
    title: plain(turn, 'pilotLinkedTitle'),
    messages: [plain(turn, 'pilotLinked', { title: linked.report.title })],
    style: 'good',
  });
}

// Routes -------------------------------------------------------------------------------------------------------

export function registerPilotHandlers(app: Application<TurnState>, services: BotServices): void {
  const service = pilotsServiceFor(services);
  const route = signalenRoute(app, services);
  /** Actions on one pilot: one the actor may not see does not exist for them. */
  const withPilot = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData, pilot: PilotAanvraag) => Promise<CardResult>,
  ) =>
    route(verb, async (turn, actor, data) => {
      const pilot = await service.open(actor, requireId(data, 'pilotId'));
      return pilot ? run(turn, actor, data, pilot) : pilotNotFound(turn);
    });

  route('pilot.overzicht', async (turn, actor) => pilotListCard(turn, actor));

  route('pilot.nieuw', async (turn, actor) => {
    const own = service.access(actor).pilotOrganisations;
    if (own.length === 0) return notAllowedToRequest(turn);
    return pilotFormCard(turn, actor, emptyPilotForm(own[0]!.id), []);
  });

  route('pilot.indienen', submitPilot);

  withPilot('pilot.open', async (turn, actor, _data, pilot) => pilotDetailCard(turn, actor, pilot));

  withPilot('pilot.besluit', async (turn, actor, data, pilot) =>
    service.access(actor).gemeente ? decide(turn, actor, data, pilot) : notAllowedCard(turn.locale),
  );

  withPilot('pilot.voortgang', track);

  withPilot('pilot.koppelen', linkReport);

  withPilot('pilot.voorstel', async (turn, actor, _data, pilot) => {
    const made = await service.makeVoorstel(actor, pilot.id, voorstellenServiceFor(turn.services));
    if (made.kind !== 'done') return stepCard(turn, actor, made);
    return pilotDetailCard(turn, actor, made.pilot, {
      title: plain(turn, 'pilotVoorstelTitle'),
      messages: [plain(turn, 'pilotVoorstel', { title: made.voorstelTitle })],
      style: 'good',
    });
  });

  registerPilotTasks(services.scheduler, service);
}
