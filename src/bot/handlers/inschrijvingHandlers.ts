import { randomBytes } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import {
  compositionFormView,
  defaultOpenRoundInput,
  drawFormView,
  invitationView,
  outcomeView,
  overviewView,
  personalMessageView,
  publicationView,
  registrationFormView,
  roundFormView,
  statusView,
  type OverviewNotice,
  type StatusItem,
} from '../../cards/views/inschrijvingViews';
import { escapeCardText, renderCard, type AdaptiveCard } from '../../cards/renderCard';
import {
  applyDraw,
  applyPublication,
  broadcastIds,
  changeComposition,
  checkDrawAllowed,
  checkMayRegisterFor,
  checkRegistrationOpen,
  deadlineText,
  drawRegistrations,
  mayManageRounds,
  publicationPlan,
  registrableOrganisations,
  registrationDefaults,
  registrationInputOf,
  roundPhase,
  validateDrawRequest,
  validateOpenRound,
  validateRegistration,
  withdrawRegistration,
  type OpenRoundInput,
  type RegistrationInput,
  type Round,
} from '../../domain/inschrijving';
import { buildDrawRecord, LotteryInputError, type DrawRecord } from '../../domain/lottery';
import type { Organisation } from '../../domain/registry/registry';
import type { Refusal } from '../../domain/shared/result';
import { DocumentConflictError, type Versioned } from '../../storage/documentStore';
import { currentOverlegtafelMembers, InschrijvingRepository } from '../../storage/inschrijvingRepository';
import { asCardData, optionalId, optionalText, type CardData } from '../cardData';
import { translate } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  refusalCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';

/**
 * The yearly open invitation to the Overlegtafel (issue 4). The gemeente opens a round, follows the
 * registrations, runs the draw, changes and publishes the composition; contacts of contracted aanbieders register,
 * change and withdraw until the deadline. Thin handlers: validate the card data, ask the domain, persist, render.
 * Every permission is checked here, on the server, for every invoke.
 */

type CardResult = AdaptiveCard | string;

const t = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  translate(turn.locale, 'inschrijving', key, values);

function repository(turn: Turn): InschrijvingRepository {
  return new InschrijvingRepository(turn.services.db);
}

function personIdOf(turn: Turn): string {
  return turn.resolved.actor.kind === 'person' ? turn.resolved.actor.person.id : '';
}

async function audit(
  turn: Turn,
  round: Round,
  action: string,
  subjectId: string,
  details: Record<string, unknown> = {},
) {
  await turn.services.registry.recordAudit({
    stream: round.id,
    actorPersonId: personIdOf(turn) || null,
    action,
    subjectId,
    details,
  });
}

async function contractedAanbieders(turn: Turn): Promise<Organisation[]> {
  const organisations = await turn.services.registry.listOrganisations();
  return organisations.filter((o) => o.type === 'aanbieder' && o.contracted);
}

async function loadRound(turn: Turn, data: CardData): Promise<Versioned<Round> | undefined> {
  const roundId = optionalId(data, 'roundId');
  return roundId ? repository(turn).getRound(roundId) : repository(turn).latestRound();
}

function unknownRoundCard(turn: Turn, backVerb = 'help.show'): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, 'unknownRound')], 'warning', backVerb);
}

// The gemeente ------------------------------------------------------------------------------------------------

async function overviewCard(turn: Turn, round: Round, notice?: OverviewNotice): Promise<AdaptiveCard> {
  const [registrations, aanbieders] = await Promise.all([
    repository(turn).listRegistrations(round.id),
    contractedAanbieders(turn),
  ]);
  return card(
    'inschrijvingOverzicht',
    turn.locale,
    overviewView(
      round,
      registrations.map((r) => r.value),
      aanbieders.length,
      turn.services.now(),
      turn.locale,
      notice,
    ),
  );
}

function roundFormCard(turn: Turn, values: OpenRoundInput, errors: readonly string[]): AdaptiveCard {
  return card('inschrijvingRondeForm', turn.locale, roundFormView(values, errors));
}

/** The latest round's overview, or the form to open the first one. */
async function roundHomeCard(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const round = await loadRound(turn, data);
  if (!round) return roundFormCard(turn, defaultOpenRoundInput(turn.services.now()), []);
  return overviewCard(turn, round.value);
}

function openRoundInput(data: CardData): OpenRoundInput {
  return {
    year: optionalText(data, 'year', 10),
    deadlineDate: optionalText(data, 'deadlineDate', 20),
    deadlineTime: optionalText(data, 'deadlineTime', 20),
    seats: optionalText(data, 'seats', 10),
    minimum1: optionalText(data, 'minimum1', 10),
    minimum2: optionalText(data, 'minimum2', 10),
    minimum3: optionalText(data, 'minimum3', 10),
    minimum4: optionalText(data, 'minimum4', 10),
    minimum5: optionalText(data, 'minimum5', 10),
    differentGrootte: optionalText(data, 'differentGrootte', 10),
    atLeastOneLokaal: optionalText(data, 'atLeastOneLokaal', 10),
    minimumReturning: optionalText(data, 'minimumReturning', 10),
    minimumNewcomers: optionalText(data, 'minimumNewcomers', 10),
    seedMode: optionalText(data, 'seedMode', 20),
    seedSource: optionalText(data, 'seedSource', 1000),
  };
}

/** Queues the invitation to every contact of every contracted aanbieder; idempotent per round. */
async function sendInvitation(turn: Turn, round: Round): Promise<OverviewNotice> {
  const aanbieders = await contractedAanbieders(turn);
  const personId = personIdOf(turn);
  const result = await turn.services.delivery.enqueue({
    broadcastId: broadcastIds.invitation(round),
    title: `Uitnodiging Overlegtafel ${round.year}`,
    topic: 'inschrijving.uitnodiging',
    message: {
      card: renderCard('inschrijvingUitnodiging', 'nl', invitationView(round, 'nl')),
      text: `Schrijf uw organisatie in voor de Overlegtafel ${round.year}: dat kan tot ${deadlineText(round)}.`,
    },
    audience: { organisationIds: aanbieders.map((o) => o.id) },
    requestedByPersonId: personId || null,
    reportToPersonId: personId || null,
  });
  if (!result.ok) {
    return {
      title: t(turn, 'refusedTitle'),
      messages: [t(turn, 'invitationFailed', { reason: result.messages.join(' ') })],
      style: 'warning',
    };
  }
  const { recipients, alreadyQueued } = result.value;
  return {
    title: t(turn, 'roundOpenedTitle'),
    messages: [t(turn, alreadyQueued ? 'invitationAlready' : 'invitationQueued', { count: recipients })],
    style: 'good',
  };
}

async function outcomeCard(turn: Turn, round: Round): Promise<AdaptiveCard> {
  const record = await repository(turn).getDrawRecord(round.id);
  if (!record)
    return messageCard(
      turn.locale,
      t(turn, 'refusedTitle'),
      [t(turn, 'noRecord')],
      'warning',
      'ronde.overzicht',
    );
  return card('inschrijvingUitkomst', turn.locale, outcomeView(round, record, turn.locale));
}

async function runDraw(turn: Turn, current: Versioned<Round>, enteredSeed: string): Promise<CardResult> {
  const round = current.value;
  const now = turn.services.now();
  const repo = repository(turn);
  if (round.status !== 'open') return outcomeCard(turn, round);
  const request = validateDrawRequest(round, now, enteredSeed);
  const registrations = (await repo.listRegistrations(round.id, { activeOnly: true })).map((r) => r.value);
  if (!request.ok) {
    return card(
      'inschrijvingLoting',
      turn.locale,
      drawFormView(round, registrations.length, request.messages, turn.locale),
    );
  }
  const previous = await currentOverlegtafelMembers(turn.services.db, round.year - 1);
  let record: DrawRecord;
  try {
    record = buildDrawRecord({
      registrations: drawRegistrations(registrations, new Set(previous.map((m) => m.organisationId))),
      framework: round.framework,
      seed: request.value.seed,
      seedSource: request.value.seedSource,
      title: `Loting Overlegtafel ${round.year}`,
      createdAt: now,
    });
  } catch (error) {
    if (!(error instanceof LotteryInputError)) throw error;
    return messageCard(
      turn.locale,
      t(turn, 'drawRefusedTitle'),
      error.problems.map((p) => escapeCardText(p.message)),
      'attention',
      'ronde.overzicht',
    );
  }
  // The record is written first and only once (its id is the round's): a second draw, even on another
  // instance at the same moment, finds it and shows that outcome instead of drawing again.
  try {
    await repo.createDrawRecord(round.id, record);
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
    record = (await repo.getDrawRecord(round.id)) ?? record;
  }
  const stored = record;
  const updated = await repo.updateRound(round.id, (r) => {
    const applied = applyDraw(r, stored, personIdOf(turn), now);
    return applied.ok ? applied.value : r;
  });
  await audit(turn, round, 'loting.uitgevoerd', round.id, {
    recordSha256: stored.recordSha256,
    seatsFilled: stored.outcome.seatsFilled,
    unmetRules: stored.unmetRules.length,
  });
  return card('inschrijvingUitkomst', turn.locale, outcomeView(updated?.value ?? round, stored, turn.locale));
}

interface PlannedBroadcast {
  readonly what: string;
  readonly broadcastId: string;
  readonly title: string;
  readonly topic: string;
  readonly card: AdaptiveCard;
  readonly text: string;
  readonly organisationIds: readonly string[];
}

async function publish(turn: Turn, current: Versioned<Round>): Promise<CardResult> {
  const round = current.value;
  const repo = repository(turn);
  const [record, registrations, aanbieders] = await Promise.all([
    repo.getDrawRecord(round.id),
    repo.listRegistrations(round.id),
    contractedAanbieders(turn),
  ]);
  if (!record)
    return messageCard(
      turn.locale,
      t(turn, 'refusedTitle'),
      [t(turn, 'noRecord')],
      'warning',
      'ronde.overzicht',
    );
  const plan = publicationPlan(
    round,
    registrations.map((r) => r.value),
  );
  if (!plan.ok) return refusalCard(turn.locale, t(turn, 'refusedTitle'), plan, 'ronde.uitkomst');
  const { version } = plan.value;
  const year = round.year;
  const previousVersion = round.publications[round.publications.length - 1]?.version ?? 0;
  const planned: PlannedBroadcast[] = [
    {
      what: t(turn, 'publishAll'),
      broadcastId: broadcastIds.composition(round, version),
      title: `Samenstelling Overlegtafel ${year}`,
      topic: 'inschrijving.samenstelling',
      card: renderCard('inschrijvingPublicatie', 'nl', publicationView(round, record, 'nl')),
      text: `De samenstelling van de Overlegtafel ${year} is bekend.`,
      organisationIds: aanbieders.map((o) => o.id),
    },
  ];
  if (plan.value.selectedIds.length > 0) {
    planned.push({
      what: t(turn, 'publishSelected'),
      broadcastId: broadcastIds.selected(round, version),
      title: `Gekozen voor de Overlegtafel ${year}`,
      topic: 'inschrijving.gekozen',
      card: renderCard('inschrijvingBericht', 'nl', personalMessageView('selected', round, record, 'nl')),
      text: `Uw organisatie zit aan de Overlegtafel ${year}.`,
      organisationIds: plan.value.selectedIds,
    });
  }
  if (plan.value.notSelectedIds.length > 0) {
    const kind = plan.value.firstPublication ? 'notSelected' : 'removed';
    planned.push({
      what: t(turn, 'publishNotSelected'),
      broadcastId: broadcastIds.notSelected(round, version),
      title: `Uitkomst Overlegtafel ${year}`,
      topic: 'inschrijving.niet-gekozen',
      card: renderCard(
        'inschrijvingBericht',
        'nl',
        personalMessageView(kind, round, record, 'nl', previousVersion),
      ),
      text: plan.value.firstPublication
        ? `Uw organisatie is niet gekozen voor de Overlegtafel ${year}.`
        : `De samenstelling van de Overlegtafel ${year} is gewijzigd.`,
      organisationIds: plan.value.notSelectedIds,
    });
  }

  const personId = personIdOf(turn) || null;
  const sent: string[] = [];
  const failed: string[] = [];
  const queuedIds: string[] = [];
  for (const b of planned) {
    const result = await turn.services.delivery.enqueue({
      broadcastId: b.broadcastId,
      title: b.title,
      topic: b.topic,
      message: { card: b.card, text: b.text },
      audience: { organisationIds: b.organisationIds },
      requestedByPersonId: personId,
      reportToPersonId: personId,
    });
    if (result.ok) {
      queuedIds.push(b.broadcastId);
      sent.push(
        result.value.alreadyQueued
          ? t(turn, 'publishedPartAlready', { what: b.what })
          : t(turn, 'publishedPart', { what: b.what, count: result.value.recipients }),
      );
    } else failed.push(t(turn, 'publishFailed', { what: b.what, reason: result.messages.join(' ') }));
  }
  // Published once the message to all aanbieders is queued; a failed personal message is reported, not hidden.
  if (!queuedIds.includes(broadcastIds.composition(round, version))) {
    return messageCard(turn.locale, t(turn, 'refusedTitle'), failed, 'attention', 'ronde.uitkomst');
  }
  await repo.updateRound(round.id, (r) =>
    applyPublication(r, plan.value, queuedIds, personIdOf(turn), turn.services.now()),
  );
  await audit(turn, round, 'samenstelling.gepubliceerd', round.id, { version, broadcastIds: queuedIds });
  return messageCard(
    turn.locale,
    t(turn, 'publishedTitle'),
    [t(turn, 'published', { version, broadcasts: sent.join('; ') }), ...failed],
    failed.length > 0 ? 'warning' : 'good',
    'ronde.uitkomst',
  );
}

// The aanbieder's contacts ------------------------------------------------------------------------------------

async function statusCard(turn: Turn, round: Round, notice?: OverviewNotice): Promise<AdaptiveCard> {
  const organisations = registrableOrganisations(turn.resolved.actor);
  const repo = repository(turn);
  const items: StatusItem[] = await Promise.all(
    organisations.map(async (organisation) => ({
      organisation,
      registration: await repo.getRegistration(round.id, organisation.id),
    })),
  );
  return card(
    'inschrijvingStatus',
    turn.locale,
    statusView(round, items, turn.services.now(), turn.locale, notice),
  );
}

function notContactCard(turn: Turn): AdaptiveCard {
  return messageCard(
    turn.locale,
    t(turn, 'notContactTitle'),
    [t(turn, 'notContact')],
    'attention',
    'help.show',
  );
}

async function formCard(turn: Turn, round: Round, organisation: Organisation): Promise<AdaptiveCard> {
  const open = checkRegistrationOpen(round, turn.services.now());
  if (!open.ok) return refusalCard(turn.locale, t(turn, 'closedTitle'), open, 'help.show');
  const existing = await repository(turn).getRegistration(round.id, organisation.id);
  const values: RegistrationInput = existing
    ? {
        ...registrationInputOf(existing.value),
        perceel: organisation.percelen.includes(existing.value.perceel) ? String(existing.value.perceel) : '',
      }
    : registrationDefaults(organisation, await turn.services.registry.peopleOfOrganisation(organisation.id));
  return card(
    'inschrijvingForm',
    turn.locale,
    registrationFormView(
      round,
      organisation,
      values,
      existing?.etag ?? '',
      existing?.value.status === 'ingeschreven',
      [],
    ),
  );
}

/**
 * The contact's starting point: with one organisation that has not registered yet, straight to the form;
 * otherwise the status per organisation with its actions.
 */
async function registrationHome(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const organisations = registrableOrganisations(turn.resolved.actor);
  if (organisations.length === 0) return notContactCard(turn);
  const round = await loadRound(turn, data);
  if (!round)
    return messageCard(turn.locale, t(turn, 'noRoundTitle'), [t(turn, 'noRound')], 'accent', 'help.show');
  const only = organisations.length === 1 ? organisations[0] : undefined;
  if (
    only &&
    optionalText(data, 'show', 10) !== 'status' &&
    roundPhase(round.value, turn.services.now()) === 'open'
  ) {
    const existing = await repository(turn).getRegistration(round.value.id, only.id);
    if (!existing) return formCard(turn, round.value, only);
  }
  return statusCard(turn, round.value);
}

function registrationInput(data: CardData): RegistrationInput {
  return {
    perceel: optionalText(data, 'perceel', 20),
    grootte: optionalText(data, 'grootte', 20),
    herkomst: optionalText(data, 'herkomst', 20),
    contactpersoonName: optionalText(data, 'contactpersoonName', 500),
    contactpersoonEmail: optionalText(data, 'contactpersoonEmail', 500),
    contactpersoonPhone: optionalText(data, 'contactpersoonPhone', 100),
    vervangerName: optionalText(data, 'vervangerName', 500),
    vervangerEmail: optionalText(data, 'vervangerEmail', 500),
    vervangerPhone: optionalText(data, 'vervangerPhone', 100),
    // Longer than the card allows is refused by the domain with a clear message; far longer is tampering.
    motivation: optionalText(data, 'motivation', 5000),
  };
}

/** The organisation the contact acts for, and the round, or the card that says why not. */
async function registrationTarget(
  turn: Turn,
  data: CardData,
): Promise<
  { ok: true; organisation: Organisation; round: Versioned<Round> } | { ok: false; card: AdaptiveCard }
> {
  const may = checkMayRegisterFor(turn.resolved.actor, optionalId(data, 'organisationId') ?? '');
  if (!may.ok)
    return { ok: false, card: refusalCard(turn.locale, t(turn, 'notContactTitle'), may, 'help.show') };
  const round = await loadRound(turn, data);
  if (!round) return { ok: false, card: unknownRoundCard(turn) };
  return { ok: true, organisation: may.value, round };
}

function closedOrRefused(turn: Turn, refusal: Refusal): AdaptiveCard {
  const title = refusal.code === 'inschrijving.gesloten' ? t(turn, 'closedTitle') : t(turn, 'refusedTitle');
  return refusalCard(turn.locale, title, refusal, 'help.show');
}

// Commands ----------------------------------------------------------------------------------------------------

export async function handleRondeCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, async () =>
    mayManageRounds(turn.resolved.actor) ? roundHomeCard(turn, {}) : notAllowedCard(turn.locale),
  );
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

export async function handleInschrijvenCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, () => registrationHome(turn, {}));
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

// Routes ------------------------------------------------------------------------------------------------------

export function registerInschrijvingHandlers(app: Application<TurnState>, services: BotServices): void {
  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, () => run(turn, asCardData(data)));
    });
  /** Round management is the gemeente's: checked here for every invoke, whatever the card showed. */
  const adminAction = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    action(verb, async (turn, data) =>
      mayManageRounds(turn.resolved.actor) ? run(turn, data) : notAllowedCard(turn.locale),
    );
  const withRound =
    (run: (turn: Turn, round: Versioned<Round>, data: CardData) => Promise<CardResult>) =>
    async (turn: Turn, data: CardData): Promise<CardResult> => {
      const round = await loadRound(turn, data);
      return round ? run(turn, round, data) : unknownRoundCard(turn);
    };

  // The gemeente ----------------------------------------------------------------------------------------------

  adminAction('ronde.overzicht', (turn, data) => roundHomeCard(turn, data));

  adminAction('ronde.nieuw', async (turn) => roundFormCard(turn, defaultOpenRoundInput(services.now()), []));

  adminAction('ronde.openen', async (turn, data) => {
    const input = openRoundInput(data);
    const opened = validateOpenRound(input, {
      now: services.now(),
      personId: personIdOf(turn),
      generatedSeed: randomBytes(16).toString('hex'),
    });
    if (!opened.ok) return roundFormCard(turn, input, opened.messages);
    const round = opened.value;
    try {
      await repository(turn).createRound(round);
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      return roundFormCard(turn, input, [t(turn, 'roundExists', { year: round.year })]);
    }
    await audit(turn, round, 'ronde.geopend', round.id, {
      year: round.year,
      deadline: round.deadline,
      framework: round.framework,
      seed: round.seed,
    });
    return overviewCard(turn, round, await sendInvitation(turn, round));
  });

  adminAction(
    'ronde.uitnodiging',
    withRound(async (turn, round) => {
      if (roundPhase(round.value, services.now()) !== 'open') return overviewCard(turn, round.value);
      return overviewCard(turn, round.value, await sendInvitation(turn, round.value));
    }),
  );

  adminAction(
    'ronde.loting.formulier',
    withRound(async (turn, round) => {
      if (round.value.status !== 'open') return outcomeCard(turn, round.value);
      const allowed = checkDrawAllowed(round.value, services.now());
      if (!allowed.ok)
        return refusalCard(turn.locale, t(turn, 'drawRefusedTitle'), allowed, 'ronde.overzicht');
      const registrations = await repository(turn).listRegistrations(round.value.id, { activeOnly: true });
      return card(
        'inschrijvingLoting',
        turn.locale,
        drawFormView(round.value, registrations.length, [], turn.locale),
      );
    }),
  );

  adminAction(
    'ronde.loting',
    withRound((turn, round, data) => runDraw(turn, round, optionalText(data, 'seed', 1000))),
  );

  adminAction(
    'ronde.uitkomst',
    withRound(async (turn, round) =>
      round.value.status === 'open' ? overviewCard(turn, round.value) : outcomeCard(turn, round.value),
    ),
  );

  adminAction(
    'ronde.samenstelling.formulier',
    withRound(async (turn, round) => {
      const registrations = await repository(turn).listRegistrations(round.value.id);
      return card(
        'inschrijvingSamenstelling',
        turn.locale,
        compositionFormView(
          round.value,
          registrations.map((r) => r.value),
          { remove: '', add: '', reason: '' },
          round.etag,
          [],
        ),
      );
    }),
  );

  adminAction(
    'ronde.samenstelling.wijzigen',
    withRound(async (turn, round, data) => {
      const input = {
        remove: optionalId(data, 'remove') ?? '',
        add: optionalId(data, 'add') ?? '',
        reason: optionalText(data, 'reason', 5000),
      };
      const etag = optionalText(data, 'etag', 200) || round.etag;
      const registrations = (await repository(turn).listRegistrations(round.value.id)).map((r) => r.value);
      const changed = changeComposition(round.value, registrations, input, personIdOf(turn), services.now());
      if (!changed.ok) {
        if (!changed.fieldErrors)
          return refusalCard(turn.locale, t(turn, 'refusedTitle'), changed, 'ronde.overzicht');
        return card(
          'inschrijvingSamenstelling',
          turn.locale,
          compositionFormView(round.value, registrations, input, etag, changed.messages),
        );
      }
      // If-Match with the ETag the form was rendered with: a change made meanwhile is not overwritten.
      const saved = await repository(turn).replaceRound(changed.value, etag);
      const change = changed.value.composition?.changes.at(-1);
      await audit(turn, round.value, 'samenstelling.gewijzigd', round.value.id, {
        version: change?.version,
        removed: change?.removed?.organisationId ?? null,
        added: change?.added?.organisationId ?? null,
        reason: change?.reason,
      });
      return outcomeCard(turn, saved.value);
    }),
  );

  adminAction(
    'ronde.publiceren',
    withRound((turn, round) => publish(turn, round)),
  );

  // The aanbieder's contacts ----------------------------------------------------------------------------------

  action('inschrijving.status', (turn, data) => registrationHome(turn, data));

  action('inschrijving.formulier', async (turn, data) => {
    const target = await registrationTarget(turn, data);
    if (!target.ok) return target.card;
    return formCard(turn, target.round.value, target.organisation);
  });

  action('inschrijving.opslaan', async (turn, data) => {
    const target = await registrationTarget(turn, data);
    if (!target.ok) return target.card;
    const { organisation } = target;
    const round = target.round.value;
    const repo = repository(turn);
    const input = registrationInput(data);
    const etag = optionalText(data, 'etag', 200);
    const existing = await repo.getRegistration(round.id, organisation.id);
    const validated = validateRegistration(input, {
      round,
      organisation,
      personId: personIdOf(turn),
      now: services.now(),
      existing: existing?.value,
    });
    if (!validated.ok) {
      if (!validated.fieldErrors) return closedOrRefused(turn, validated);
      return card(
        'inschrijvingForm',
        turn.locale,
        registrationFormView(
          round,
          organisation,
          input,
          etag,
          existing?.value.status === 'ingeschreven',
          validated.messages,
        ),
      );
    }
    const duplicate = (): AdaptiveCard =>
      messageCard(
        turn.locale,
        t(turn, 'refusedTitle'),
        [t(turn, 'duplicateRegistration', { name: organisation.name, year: round.year })],
        'warning',
        'inschrijving.status',
      );
    const wasActive = existing?.value.status === 'ingeschreven';
    if (existing && !etag && wasActive) return duplicate();
    if (existing) {
      // The form's ETag, so a change made meanwhile (by the other contact) is refused, never overwritten.
      await repo.replaceRegistration(validated.value, etag || existing.etag);
    } else {
      try {
        await repo.createRegistration(validated.value);
      } catch (error) {
        if (!(error instanceof DocumentConflictError)) throw error;
        return duplicate();
      }
    }
    await audit(
      turn,
      round,
      wasActive ? 'inschrijving.gewijzigd' : 'inschrijving.ingediend',
      organisation.id,
      {
        perceel: validated.value.perceel,
      },
    );
    const values = { name: organisation.name, year: round.year, deadline: deadlineText(round) };
    return statusCard(turn, round, {
      title: t(turn, wasActive ? 'updatedTitle' : 'registeredTitle'),
      messages: [t(turn, wasActive ? 'updated' : 'registered', values)],
      style: 'good',
    });
  });

  action('inschrijving.intrekken', async (turn, data) => {
    const target = await registrationTarget(turn, data);
    if (!target.ok) return target.card;
    const { organisation } = target;
    const round = target.round.value;
    const repo = repository(turn);
    const existing = await repo.getRegistration(round.id, organisation.id);
    if (!existing) return statusCard(turn, round);
    const withdrawn = withdrawRegistration(existing.value, round, personIdOf(turn), services.now());
    if (!withdrawn.ok) return closedOrRefused(turn, withdrawn);
    await repo.replaceRegistration(withdrawn.value, optionalText(data, 'etag', 200) || existing.etag);
    await audit(turn, round, 'inschrijving.ingetrokken', organisation.id);
    return statusCard(turn, round, {
      title: t(turn, 'withdrawnTitle'),
      messages: [t(turn, 'withdrawn', { name: organisation.name, deadline: deadlineText(round) })],
      style: 'accent',
    });
  });
}
