import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import { onderwerpLabel, type Choice, type Notice } from '../../cards/views/signalenLabels';
import {
  ALL_ONDERWERPEN,
  emptySignaalForm,
  NO_PERCEEL,
  signaalDetailView,
  signaalFormView,
  signaalInboxView,
  signaalStartView,
  signaalWachtlijstView,
  type SignaalFormValues,
} from '../../cards/views/signalenViews';
import type { KnownActor } from '../../domain/registry/actor';
import { isOnderwerp, type Onderwerp, type Signaal } from '../../domain/signalen';
import { formatDateTime, formatShortDate } from '../../domain/time/english';
import { meetingsServiceFor } from '../../meetings/meetingsService';
import { GEMEENTE_CHOICE, SignalenService, type SignaalRef } from '../../signalen/signalenService';
import { InvalidCardDataError, optionalId, optionalText, requireId, type CardData } from '../cardData';
import {
  card,
  idempotencyKeyOf,
  knownActor,
  notAllowedCard,
  perBotServices,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import { pilotListCard, registerPilotHandlers } from './pilotHandlers';
import {
  CAP,
  notAllowedToSignal,
  notFoundCard,
  plain,
  refusalNotice,
  signalenRoute,
  type CardResult,
} from './signalenShared';
import { voorstellenServiceFor } from './voorstellenHandlers';
import { inLocale, refusalMessages } from '../../domain/shared/result';

/**
 * Signalen (issue 10; 002 art. 5.5): the contact's start card and form, the gemeente's inbox, one signaal with the
 * gemeente's answer, agenda and voorstel actions, and the waiting lists. The pilots are in pilotHandlers.
 * Thin handlers: card data is checked here; SignalenService decides who may do what, applies the rules, stores
 * and broadcasts, and its answer becomes a card here.
 */

export const signalenServiceFor = perBotServices(
  (services) =>
    new SignalenService({
      ...services,
      meetings: meetingsServiceFor(services),
      voorstellen: voorstellenServiceFor(services),
    }),
);

// Cards --------------------------------------------------------------------------------------------------------

async function startCard(turn: Turn, actor: KnownActor, notice?: Notice): Promise<AdaptiveCard> {
  const service = signalenServiceFor(turn.services);
  const signalen = await service.ownSignalen(actor);
  const canRequestPilot = service.access(actor).pilotOrganisations.length > 0;
  return card(
    'signaalStart',
    turn.locale,
    signaalStartView(signalen, { canRequestPilot }, turn.locale, notice),
  );
}

async function inboxCard(
  turn: Turn,
  actor: KnownActor,
  year: number,
  onderwerp: Onderwerp | null,
): Promise<AdaptiveCard> {
  const inbox = await signalenServiceFor(turn.services).inbox(actor, year, onderwerp);
  if (!inbox.ok) return notAllowedCard(turn.locale);
  const { summary, latest, currentYear, agendaRequests } = inbox.value;
  return card(
    'signaalInbox',
    turn.locale,
    signaalInboxView(summary, latest, { year, currentYear, onderwerp, agendaRequests }, turn.locale),
  );
}

async function homeCard(turn: Turn, actor: KnownActor): Promise<AdaptiveCard> {
  const service = signalenServiceFor(turn.services);
  const access = service.access(actor);
  if (access.gemeente) return inboxCard(turn, actor, service.currentYear(), null);
  if (!access.maySignal) return notAllowedToSignal(turn);
  return startCard(turn, actor);
}

function detailCard(turn: Turn, actor: KnownActor, signaal: Signaal, notice?: Notice): AdaptiveCard {
  const canManage = signalenServiceFor(turn.services).access(actor).gemeente;
  return card('signaalDetail', turn.locale, signaalDetailView(signaal, { canManage }, turn.locale, notice));
}

function gemeenteChoiceLabel(turn: Turn): string {
  const gemeente = plain(turn, 'gemeente');
  return gemeente.charAt(0).toUpperCase() + gemeente.slice(1);
}

function formCard(
  turn: Turn,
  actor: KnownActor,
  values: SignaalFormValues,
  errors: readonly string[],
): AdaptiveCard {
  const access = signalenServiceFor(turn.services).access(actor);
  const organisations: Choice[] = access.signaalOrganisations.map((o) => ({ title: o.name, value: o.id }));
  const choices = access.gemeente
    ? [{ title: gemeenteChoiceLabel(turn), value: GEMEENTE_CHOICE }, ...organisations]
    : organisations;
  return card('signaalForm', turn.locale, signaalFormView(values, choices, errors, turn.locale));
}

/** The typed command: `signalen`/`signaal` open the home card, `pilot` the pilots. */
export async function handleSignalenCommand(turn: Turn, word: string): Promise<void> {
  const actor = knownActor(turn);
  if (!actor) {
    await sendCard(turn.context, notAllowedCard(turn.locale));
    return;
  }
  const pilots = word === 'pilot' || word === 'pilots';
  await sendCard(turn.context, pilots ? await pilotListCard(turn, actor) : await homeCard(turn, actor));
}

// Card data ----------------------------------------------------------------------------------------------------

function yearOf(turn: Turn, data: CardData): number {
  const text = optionalText(data, 'year', 10);
  if (!text) return signalenServiceFor(turn.services).currentYear();
  if (!/^\d{4}$/.test(text) || Number(text) < 2000 || Number(text) > 2100)
    throw new InvalidCardDataError('year');
  return Number(text);
}

function onderwerpFilterOf(data: CardData): Onderwerp | null {
  const value = optionalText(data, 'onderwerp', 40);
  if (!value || value === ALL_ONDERWERPEN) return null;
  if (!isOnderwerp(value)) throw new InvalidCardDataError('onderwerp');
  return value;
}

function signaalValues(data: CardData): SignaalFormValues {
  return {
    organisationId: optionalId(data, 'organisationId') ?? '',
    sentiment: optionalText(data, 'sentiment', 40),
    onderwerp: optionalText(data, 'onderwerp', 40),
    perceel: optionalText(data, 'perceel', 10),
    text: optionalText(data, 'text', CAP.text),
    confidential: optionalText(data, 'confidential', 10),
    allocationDate: optionalText(data, 'allocationDate', 40),
    expectedStartDate: optionalText(data, 'expectedStartDate', 40),
    clients: optionalText(data, 'clients', 20),
  };
}

function signaalRefOf(data: CardData): SignaalRef {
  return { organisationId: requireId(data, 'organisationId'), signaalId: requireId(data, 'signaalId') };
}

// Actions ------------------------------------------------------------------------------------------------------

async function raise(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const service = signalenServiceFor(turn.services);
  if (!service.access(actor).maySignal) return notAllowedToSignal(turn);
  const values = signaalValues(data);
  const { organisationId, perceel, ...rest } = values;
  const raised = await service.raise(
    actor,
    { ...rest, perceel: perceel === NO_PERCEEL ? '' : perceel },
    organisationId,
    idempotencyKeyOf(turn),
  );
  if (raised.kind === 'not-allowed') return notAllowedToSignal(turn);
  if (raised.kind === 'invalid') return formCard(turn, actor, values, inLocale(raised.messages, turn.locale));
  const { signaal } = raised;
  const notice: Notice = {
    title: plain(turn, 'raisedTitle'),
    messages: [
      plain(turn, 'raised', { onderwerp: onderwerpLabel(signaal.onderwerp, turn.locale).toLowerCase() }),
      ...(signaal.confidential ? [plain(turn, 'raisedConfidential')] : []),
    ],
    style: 'good',
  };
  return service.access(actor).gemeente
    ? detailCard(turn, actor, signaal, notice)
    : startCard(turn, actor, notice);
}

async function answer(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const ref = signaalRefOf(data);
  const key = idempotencyKeyOf(turn);
  const text = optionalText(data, 'answer', CAP.text);
  const answered = await signalenServiceFor(turn.services).answer(actor, ref, text, key);
  if (answered.kind === 'not-allowed') return notAllowedCard(turn.locale);
  if (answered.kind === 'not-found') return notFoundCard(turn, 'notFound', 'signaal.inbox');
  if (answered.kind === 'refused')
    return detailCard(turn, actor, answered.signaal, refusalNotice(turn, answered.refusal));
  const { signaal, sent } = answered;
  const organisation = signaal.raisedBy.organisationName ?? plain(turn, 'gemeente');
  const notice: Notice = sent.ok
    ? {
        title: plain(turn, 'answeredTitle'),
        messages: [plain(turn, 'answered', { count: sent.value.recipients, organisation })],
        style: 'good',
      }
    : {
        title: plain(turn, 'answeredTitle'),
        messages: [
          plain(turn, 'answeredNoRecipients', { reason: refusalMessages(sent, turn.locale).join(' ') }),
        ],
        style: 'warning',
      };
  return detailCard(turn, actor, signaal, notice);
}

async function toAgenda(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const placed = await signalenServiceFor(turn.services).placeOnAgenda(actor, signaalRefOf(data));
  switch (placed.kind) {
    case 'not-allowed':
      return notAllowedCard(turn.locale);
    case 'not-found':
      return notFoundCard(turn, 'notFound', 'signaal.inbox');
    case 'refused':
      return detailCard(turn, actor, placed.signaal, refusalNotice(turn, placed.refusal));
    case 'already-on-agenda':
      return detailCard(turn, actor, placed.signaal, {
        title: plain(turn, 'agendaTitle'),
        messages: [plain(turn, 'agendaAlready', { date: formatShortDate(placed.requestedOn, turn.locale) })],
        style: 'accent',
      });
  }
  const { signaal, placement } = placed;
  const title = signaal.agenda!.agendaTitle;
  const messages =
    placement.kind === 'geplaatst'
      ? [
          plain(turn, 'agendaMeeting', {
            meeting: placement.meeting.title,
            date: formatDateTime(new Date(placement.meeting.start), turn.locale),
            title,
          }),
        ]
      : placement.kind === 'geen-overleg'
        ? [plain(turn, 'agenda', { title })]
        : [
            plain(turn, 'agenda', { title }),
            plain(turn, 'agendaRefused', { reason: inLocale(placement.reason, turn.locale).join(' ') }),
          ];
  return detailCard(turn, actor, signaal, {
    title: plain(turn, 'agendaTitle'),
    messages,
    style: placement.kind === 'geweigerd' ? 'warning' : 'good',
  });
}

async function toVoorstel(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const made = await signalenServiceFor(turn.services).makeVoorstel(actor, signaalRefOf(data));
  switch (made.kind) {
    case 'not-allowed':
      return notAllowedCard(turn.locale);
    case 'not-found':
      return notFoundCard(turn, 'notFound', 'signaal.inbox');
    case 'refused':
      return detailCard(turn, actor, made.signaal, refusalNotice(turn, made.refusal));
    case 'already-linked':
      return detailCard(turn, actor, made.signaal);
  }
  return detailCard(turn, actor, made.signaal, {
    title: plain(turn, 'voorstelTitle'),
    messages: [
      plain(turn, 'voorstel', { title: made.voorstelTitle }),
      ...(made.signaal.confidential ? [plain(turn, 'voorstelConfidential')] : []),
    ],
    style: 'good',
  });
}

async function wachtlijstCard(turn: Turn, actor: KnownActor, year: number): Promise<AdaptiveCard> {
  const wachtlijst = await signalenServiceFor(turn.services).wachtlijst(actor, year);
  if (!wachtlijst.ok) return notAllowedCard(turn.locale);
  const { rows, signalen } = wachtlijst.value;
  return card('signaalWachtlijst', turn.locale, signaalWachtlijstView(rows, signalen, year, turn.locale));
}

// Routes -------------------------------------------------------------------------------------------------------

export function registerSignalenHandlers(app: Application<TurnState>, services: BotServices): void {
  const service = signalenServiceFor(services);
  const route = signalenRoute(app, services);
  /** The gemeente's actions: refused before the card data is looked at, whatever the card showed. */
  const gemeenteOnly = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>,
  ) =>
    route(verb, async (turn, actor, data) =>
      service.access(actor).gemeente ? run(turn, actor, data) : notAllowedCard(turn.locale),
    );

  route('signalen.home', async (turn, actor) => homeCard(turn, actor));

  route('signaal.nieuw', async (turn, actor) => {
    const access = service.access(actor);
    if (!access.maySignal) return notAllowedToSignal(turn);
    const first = access.gemeente ? GEMEENTE_CHOICE : (access.signaalOrganisations[0]?.id ?? '');
    return formCard(turn, actor, emptySignaalForm(first), []);
  });

  route('signaal.indienen', raise);

  route('signaal.open', async (turn, actor, data) => {
    const signaal = await service.open(actor, signaalRefOf(data));
    return signaal ? detailCard(turn, actor, signaal) : notFoundCard(turn, 'notFound');
  });

  gemeenteOnly('signaal.inbox', async (turn, actor, data) =>
    inboxCard(turn, actor, yearOf(turn, data), onderwerpFilterOf(data)),
  );
  gemeenteOnly('signaal.beantwoorden', answer);
  gemeenteOnly('signaal.agenda', toAgenda);
  gemeenteOnly('signaal.voorstel', toVoorstel);
  gemeenteOnly('signaal.wachtlijst', async (turn, actor, data) =>
    wachtlijstCard(turn, actor, yearOf(turn, data)),
  );

  registerPilotHandlers(app, services);
}
