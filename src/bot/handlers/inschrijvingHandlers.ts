import type { Application, TurnState } from '@microsoft/teams-ai';
import { escapeCardText } from '../../cards/renderCard';
import { compositionFormView, drawFormView, outcomeView } from '../../cards/views/drawViews';
import {
  defaultOpenRoundInput,
  overviewView,
  roundFormView,
  type OverviewNotice,
} from '../../cards/views/inschrijvingViews';
import type { OpenRoundInput } from '../../domain/inschrijving';
import type {
  CompositionForm,
  DrawForm,
  DrawOutcome,
  InvitationOutcome,
  Overview,
  PublishedPart,
  PublishOutcome,
} from '../../inschrijving/rounds';
import { asCardData, optionalId, optionalText, type CardData } from '../cardData';
import { feedback } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  refusalCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import {
  inschrijvingServiceFor,
  inschrijvingText as t,
  registerRegistrationHandlers,
  unknownRoundCard,
  type CardResult,
} from './registrationHandlers';
import { inLocale, refusalMessages } from '../../domain/shared/result';

/**
 * The gemeente's side of the yearly open invitation to the Overlegtafel (issue 4): open a round, follow the
 * registrations, run the draw, change and publish the composition. InschrijvingService checks the permission
 * and does the work; this file reads the card data and shows the outcome. The contacts' side (registering) is in
 * registrationHandlers.ts.
 */

function overviewCard(turn: Turn, { overview, invitation }: Overview): CardResult {
  return card(
    'inschrijvingOverzicht',
    turn.locale,
    overviewView(
      overview.round,
      overview.registrations,
      overview.contractedAanbieders,
      turn.services.now(),
      turn.locale,
      invitation && invitationNotice(turn, invitation),
      overview.classificationFlags,
    ),
  );
}

function invitationNotice(turn: Turn, invitation: InvitationOutcome): OverviewNotice {
  if (!invitation.ok) {
    return {
      title: t(turn, 'refusedTitle'),
      messages: [t(turn, 'invitationFailed', { reason: refusalMessages(invitation, turn.locale).join(' ') })],
      style: 'warning',
    };
  }
  const { recipients, alreadyQueued } = invitation.value;
  return {
    title: t(turn, 'roundOpenedTitle'),
    messages: [t(turn, alreadyQueued ? 'invitationAlready' : 'invitationQueued', { count: recipients })],
    style: 'good',
  };
}

function roundFormCard(turn: Turn, values: OpenRoundInput, errors: readonly string[]): CardResult {
  return card('inschrijvingRondeForm', turn.locale, roundFormView(values, errors));
}

function newRoundFormCard(turn: Turn): CardResult {
  return roundFormCard(turn, defaultOpenRoundInput(turn.services.now()), []);
}

function noRecordCard(turn: Turn): CardResult {
  return messageCard(
    turn.locale,
    t(turn, 'refusedTitle'),
    [t(turn, 'noRecord')],
    'warning',
    'ronde.overzicht',
  );
}

function outcomeCard(turn: Turn, { round, record }: DrawOutcome): CardResult {
  if (!record) return noRecordCard(turn);
  return card('inschrijvingUitkomst', turn.locale, outcomeView(round, record, turn.locale));
}

function drawFormCard(turn: Turn, form: DrawForm): CardResult {
  return card(
    'inschrijvingLoting',
    turn.locale,
    drawFormView(form.round, form.activeRegistrations, inLocale(form.errors, turn.locale), turn.locale),
  );
}

function compositionFormCard(
  turn: Turn,
  form: CompositionForm,
  values = { remove: '', add: '', reason: '' },
): CardResult {
  return card(
    'inschrijvingSamenstelling',
    turn.locale,
    compositionFormView(
      form.round,
      form.registrations,
      values,
      form.etag,
      inLocale(form.errors, turn.locale),
      turn.locale,
    ),
  );
}

function publishedCard(turn: Turn, outcome: Extract<PublishOutcome, { parts: unknown }>): CardResult {
  const what = (part: PublishedPart['part']): string =>
    t(turn, { all: 'publishAll', selected: 'publishSelected', notSelected: 'publishNotSelected' }[part]);
  const sent: string[] = [];
  const failed: string[] = [];
  for (const { part, result } of outcome.parts) {
    if (!result.ok)
      failed.push(
        t(turn, 'publishFailed', {
          what: what(part),
          reason: refusalMessages(result, turn.locale).join(' '),
        }),
      );
    else if (result.value.alreadyQueued) sent.push(t(turn, 'publishedPartAlready', { what: what(part) }));
    else sent.push(t(turn, 'publishedPart', { what: what(part), count: result.value.recipients }));
  }
  if (outcome.kind === 'not-published') {
    return messageCard(turn.locale, t(turn, 'refusedTitle'), failed, 'attention', 'ronde.uitkomst');
  }
  return messageCard(
    turn.locale,
    t(turn, 'publishedTitle'),
    [t(turn, 'published', { version: outcome.version, broadcasts: sent.join('; ') }), ...failed],
    failed.length > 0 ? 'warning' : 'good',
    'ronde.uitkomst',
  );
}

/** Not allowed, and why: rounds are the gemeente's; a contact registers with `inschrijven` instead. */
function roundsNotAllowedCard(turn: Turn): CardResult {
  return messageCard(
    turn.locale,
    feedback(turn.locale, 'notAllowedTitle'),
    [feedback(turn.locale, 'notAllowed'), t(turn, 'roundsNotAllowed')],
    'attention',
    'help.show',
  );
}

/** The outcomes every round action may end in: not allowed, no such round, or one of the round's cards. */
function roundCard(
  turn: Turn,
  outcome:
    | { kind: 'not-allowed' }
    | { kind: 'unknown-round' }
    | Overview
    | DrawOutcome
    | DrawForm
    | CompositionForm,
): CardResult {
  switch (outcome.kind) {
    case 'not-allowed':
      return roundsNotAllowedCard(turn);
    case 'unknown-round':
      return unknownRoundCard(turn);
    case 'overview':
      return overviewCard(turn, outcome);
    case 'outcome':
      return outcomeCard(turn, outcome);
    case 'draw-form':
      return drawFormCard(turn, outcome);
    case 'composition-form':
      return compositionFormCard(turn, outcome);
  }
}

async function roundHomeCard(turn: Turn, roundId: string | undefined): Promise<CardResult> {
  const home = await inschrijvingServiceFor(turn.services).rounds.roundHome(turn.resolved.actor, roundId);
  return home.kind === 'no-round' ? newRoundFormCard(turn) : roundCard(turn, home);
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
    seedSource: optionalText(data, 'seedSource', 1000),
    publicValueDate: optionalText(data, 'publicValueDate', 20),
    deviationReason: optionalText(data, 'deviationReason', 5000),
  };
}

// Commands ----------------------------------------------------------------------------------------------------

export async function handleRondeCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, () => roundHomeCard(turn, undefined));
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

// Routes ------------------------------------------------------------------------------------------------------

export function registerInschrijvingHandlers(app: Application<TurnState>, services: BotServices): void {
  const service = inschrijvingServiceFor(services).rounds;
  /** Round management is the gemeente's: refused before the card data is read, whatever the card showed. */
  const adminAction = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () =>
        service.mayManageRounds(turn.resolved.actor)
          ? run(turn, asCardData(data))
          : roundsNotAllowedCard(turn),
      );
    });
  const roundIdOf = (data: CardData) => optionalId(data, 'roundId');

  adminAction('ronde.overzicht', (turn, data) => roundHomeCard(turn, roundIdOf(data)));

  adminAction('ronde.nieuw', async (turn) => newRoundFormCard(turn));

  adminAction('ronde.openen', async (turn, data) => {
    const input = openRoundInput(data);
    const opened = await service.openRound(turn.resolved.actor, input);
    if (opened.kind === 'invalid') return roundFormCard(turn, input, inLocale(opened.messages, turn.locale));
    if (opened.kind === 'exists')
      return roundFormCard(turn, input, [t(turn, 'roundExists', { year: opened.year })]);
    return roundCard(turn, opened);
  });

  adminAction('ronde.uitnodiging', async (turn, data) =>
    roundCard(turn, await service.resendInvitation(turn.resolved.actor, roundIdOf(data))),
  );

  adminAction('ronde.loting.formulier', async (turn, data) => {
    const form = await service.drawForm(turn.resolved.actor, roundIdOf(data));
    if (form.kind === 'refused') {
      return refusalCard(turn.locale, t(turn, 'drawRefusedTitle'), form.refusal, 'ronde.overzicht');
    }
    return roundCard(turn, form);
  });

  adminAction('ronde.loting', async (turn, data) => {
    const drawn = await service.draw(turn.resolved.actor, roundIdOf(data), optionalText(data, 'seed', 1000));
    if (drawn.kind === 'lottery-refused') {
      return messageCard(
        turn.locale,
        t(turn, 'drawRefusedTitle'),
        inLocale(drawn.problems, turn.locale).map(escapeCardText),
        'attention',
        'ronde.overzicht',
      );
    }
    return roundCard(turn, drawn);
  });

  adminAction('ronde.classificatie', async (turn, data) => {
    const organisationId = optionalId(data, 'organisationId') ?? '';
    const decided = await service.decideClassification(turn.resolved.actor, roundIdOf(data), organisationId, {
      decision: optionalText(data, `besluit-${organisationId}`, 40),
      reason: optionalText(data, `reden-${organisationId}`, 5000),
    });
    if (decided.kind === 'refused') {
      return refusalCard(turn.locale, t(turn, 'refusedTitle'), decided.refusal, 'ronde.overzicht');
    }
    return roundCard(turn, decided);
  });

  adminAction('ronde.uitkomst', async (turn, data) =>
    roundCard(turn, await service.outcome(turn.resolved.actor, roundIdOf(data))),
  );

  adminAction('ronde.samenstelling.formulier', async (turn, data) =>
    roundCard(turn, await service.compositionForm(turn.resolved.actor, roundIdOf(data))),
  );

  adminAction('ronde.samenstelling.wijzigen', async (turn, data) => {
    const roundId = roundIdOf(data);
    const input = {
      remove: optionalId(data, 'remove') ?? '',
      add: optionalId(data, 'add') ?? '',
      reason: optionalText(data, 'reason', 5000),
    };
    const etag = optionalText(data, 'etag', 200);
    const changed = await service.changeComposition(turn.resolved.actor, roundId, input, etag);
    if (changed.kind === 'refused') {
      return refusalCard(turn.locale, t(turn, 'refusedTitle'), changed.refusal, 'ronde.overzicht');
    }
    if (changed.kind === 'composition-form') return compositionFormCard(turn, changed, input);
    return roundCard(turn, changed);
  });

  adminAction('ronde.publiceren', async (turn, data) => {
    const published = await service.publish(turn.resolved.actor, roundIdOf(data));
    switch (published.kind) {
      case 'refused':
        return refusalCard(turn.locale, t(turn, 'refusedTitle'), published.refusal, 'ronde.uitkomst');
      case 'no-record':
        return noRecordCard(turn);
      case 'not-published':
      case 'published':
        return publishedCard(turn, published);
      default:
        return roundCard(turn, published);
    }
  });

  registerRegistrationHandlers(app, services);
}
