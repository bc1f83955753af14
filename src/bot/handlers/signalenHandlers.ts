import { createHash } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { renderCard, type AdaptiveCard } from '../../cards/renderCard';
import {
  emptyPilotForm,
  parseReportChoice,
  pilotBerichtView,
  pilotDetailView,
  pilotFormView,
  pilotOverzichtView,
  reportChoiceValue,
  type PilotBerichtKind,
  type PilotFormValues,
} from '../../cards/views/pilotViews';
import { onderwerpLabel, signalenText, type Choice, type Notice } from '../../cards/views/signalenLabels';
import {
  ALL_ONDERWERPEN,
  emptySignaalForm,
  NO_PERCEEL,
  signaalBerichtView,
  signaalDetailView,
  signaalFormView,
  signaalInboxView,
  signaalStartView,
  signaalWachtlijstView,
  type SignaalFormValues,
} from '../../cards/views/signalenViews';
import type { KnownActor, OrganisationRole } from '../../domain/registry/actor';
import type { Organisation } from '../../domain/registry/registry';
import type { Refusal, Result } from '../../domain/shared/result';
import {
  agendaItemOf,
  answerSignaal,
  decidePilot,
  isOnderwerp,
  isResultDue,
  linkPilotReport,
  linkVoorstel,
  maySeePilot,
  maySeeSignaal,
  publicPilot,
  publicSignaal,
  raiseSignaal,
  requestAgenda,
  requestPilot,
  signaalAsVoorstelInput,
  summarise,
  trackPilot,
  wachtlijstPerPerceel,
  type AgendaMeeting,
  type Onderwerp,
  type PilotAanvraag,
  type PilotDecisionKind,
  type Signaal,
  type SignaalInput,
} from '../../domain/signalen';
import { localDateOf, localYearOf, startOfLocalDay } from '../../domain/time/amsterdam';
import { formatDutchDateTime, formatDutchShortDate } from '../../domain/time/dutch';
import { localDate } from '../../domain/time/localDate';
import type { Scheduler } from '../../scheduling/scheduler';
import { DocumentConflictError } from '../../storage/documentStore';
import { OntwikkeltafelsRepository } from '../../storage/ontwikkeltafelsRepository';
import {
  pilotIdFor,
  signaalIdFor,
  SignalenRepository,
  toPilot,
  toPilotDocument,
  toSignaal,
} from '../../storage/signalenRepository';
import { editVersionOf, meetingsServiceFor } from '../../meetings/meetingsService';
import { meetingFormValuesOf, tableName } from '../../cards/views/meetingsViews';
import { voorstelIdFor } from '../../voorstellen/voorstellenService';
import {
  asCardData,
  InvalidCardDataError,
  optionalId,
  optionalText,
  requireChoice,
  requireId,
  type CardData,
} from '../cardData';
import { translate } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
  knownActor,
  idempotencyKeyOf,
} from '../turn';
import { voorstellenServiceFor } from './voorstellenHandlers';

/**
 * Signalen and pilots (issue 10; 002 art. 5.5 and 10). Any contact of a contracted organisation, or the gemeente,
 * raises a signaal; the gemeente reads them in an inbox per onderwerp and sentiment, answers the sender, puts a
 * signaal on the agenda or makes a voorstel of it, and sees the waiting lists per perceel. Aanbieders request
 * pilots; the gemeente consents or declines; approved pilots are tracked.
 *
 * Thin handlers: card data is checked here, the rules are the domain's, and every permission is checked on the
 * server for every invoke. Every broadcast is built from a public view (publicSignaal, publicPilot).
 */

type CardResult = AdaptiveCard | string;

/** Hard caps on what a card may send; between the domain's limit and the cap the domain explains the problem. */
const CAP = { line: 2_000, text: 20_000 } as const;
/** The organisation choice that means "for the gemeente itself" (an admin without choosing an organisation). */
const GEMEENTE_CHOICE = 'gemeente';
const MAX_PARTICIPANT_CHOICES = 200;
const MAX_REPORT_CHOICES = 50;
const RESULT_REMINDER_EVERY_MS = 60 * 60 * 1000;

const t = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  translate(turn.locale, 'signalen', key, values);

/** The same sentence unescaped, for notices (rendered through `view`, which escapes). */
const plain = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  signalenText(turn.locale, key, values);

function repository(turn: Turn): SignalenRepository {
  return new SignalenRepository(turn.services.db);
}

/** The gemeente acts through its admins. */
function isGemeente(actor: KnownActor): boolean {
  return actor.person.isAdmin;
}

/** Organisations the actor may raise a signaal for: every contracted organisation they are a contact of. */
function signaalOrganisations(actor: KnownActor): OrganisationRole[] {
  return actor.roles.filter((r) => r.organisation.contracted);
}

/** Aanbieders the actor may request a pilot for. */
function pilotOrganisations(actor: KnownActor): OrganisationRole[] {
  return actor.roles.filter((r) => r.organisation.type === 'aanbieder' && r.organisation.contracted);
}

function maySignal(actor: KnownActor): boolean {
  return isGemeente(actor) || signaalOrganisations(actor).length > 0;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return { title: plain(turn, 'refusedTitle'), messages: [...refusal.messages], style: 'attention' };
}

function notFoundCard(
  turn: Turn,
  key: 'notFound' | 'pilotNotFound',
  backVerb = 'signalen.home',
): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, key)], 'warning', backVerb);
}

function notAllowedToSignal(turn: Turn): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, 'notAllowed')], 'attention', 'help.show');
}

async function audit(
  turn: Turn,
  stream: string,
  action: string,
  subjectId: string,
  details: Record<string, unknown> = {},
) {
  // Ids only: a confidential signaal's text never goes into the audit trail.
  await turn.services.registry
    .recordAudit({ stream, actorPersonId: knownActor(turn)?.person.id ?? null, action, subjectId, details })
    .catch((error: unknown) =>
      turn.services.logger.warn('audit entry not written', { stream, error: (error as Error).message }),
    );
}

// Audiences ----------------------------------------------------------------------------------------------------

/** Every gemeente admin except the one acting (they know already). */
async function gemeenteAdminIds(services: BotServices, except: string | null): Promise<string[]> {
  const people = await services.registry.listPeople();
  return people.filter((p) => p.isAdmin && p.id !== except).map((p) => p.id);
}

/** Organisations that still exist (the delivery service refuses an audience with an unknown id). */
async function existingOrganisationIds(services: BotServices, ids: readonly string[]): Promise<string[]> {
  const found = await Promise.all(ids.map((id) => services.registry.getOrganisation(id)));
  return ids.filter((_, i) => found[i] !== undefined);
}

// Signalen: the contact's start card and the gemeente's inbox ------------------------------------------------

async function startCard(turn: Turn, actor: KnownActor, notice?: Notice): Promise<AdaptiveCard> {
  const organisationIds = signaalOrganisations(actor).map((r) => r.organisation.id);
  const lists = await Promise.all(organisationIds.map((id) => repository(turn).signalenOf(id)));
  const signalen = lists
    .flat()
    .map(toSignaal)
    .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  return card(
    'signaalStart',
    turn.locale,
    signaalStartView(
      signalen,
      { canRequestPilot: pilotOrganisations(actor).length > 0 },
      turn.locale,
      notice,
    ),
  );
}

function yearRange(year: number): { from: string; until: string } {
  return {
    from: startOfLocalDay(localDate(year, 1, 1)).toISOString(),
    until: startOfLocalDay(localDate(year + 1, 1, 1)).toISOString(),
  };
}

function yearOf(turn: Turn, data: CardData): number {
  const text = optionalText(data, 'year', 10);
  if (!text) return localYearOf(turn.services.now());
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

async function inboxCard(
  turn: Turn,
  year: number,
  onderwerp: Onderwerp | null,
  notice?: Notice,
): Promise<AdaptiveCard> {
  const repo = repository(turn);
  const [all, agenda] = await Promise.all([repo.listSignalen(yearRange(year)), repo.agendaRequests()]);
  const signalen = all.map(toSignaal);
  const latest = onderwerp ? signalen.filter((s) => s.onderwerp === onderwerp) : signalen;
  return card(
    'signaalInbox',
    turn.locale,
    signaalInboxView(
      summarise(signalen),
      latest,
      { year, currentYear: localYearOf(turn.services.now()), onderwerp, agendaRequests: agenda.length },
      turn.locale,
      notice,
    ),
  );
}

async function homeCard(turn: Turn, actor: KnownActor, notice?: Notice): Promise<AdaptiveCard> {
  if (isGemeente(actor)) return inboxCard(turn, localYearOf(turn.services.now()), null, notice);
  if (!maySignal(actor)) return notAllowedToSignal(turn);
  return startCard(turn, actor, notice);
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

// Raising a signaal ------------------------------------------------------------------------------------------

function signaalChoices(turn: Turn, actor: KnownActor): Choice[] {
  const organisations = signaalOrganisations(actor).map((r) => ({
    title: r.organisation.name,
    value: r.organisation.id,
  }));
  return isGemeente(actor)
    ? [{ title: gemeenteChoiceLabel(turn), value: GEMEENTE_CHOICE }, ...organisations]
    : organisations;
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
  return card(
    'signaalForm',
    turn.locale,
    signaalFormView(values, signaalChoices(turn, actor), errors, turn.locale),
  );
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

/** The gemeente hears of a new signaal, from its public view: a confidential one without its text. */
async function notifyGemeente(turn: Turn, signaal: Signaal): Promise<void> {
  const admins = await gemeenteAdminIds(turn.services, signaal.raisedBy.personId);
  if (admins.length === 0 || signaal.raisedBy.capacity === 'gemeente') return;
  const view = publicSignaal(signaal);
  const onderwerp = onderwerpLabel(view.onderwerp, 'nl');
  const result = await turn.services.delivery.enqueue({
    broadcastId: `${signaal.id}-nieuw`,
    title: `Nieuw signaal: ${onderwerp}`,
    topic: 'signaal.nieuw',
    message: {
      card: renderCard('signaalBericht', 'nl', signaalBerichtView('nieuw', view, null, 'nl')),
      text: `${view.organisationName ?? 'De gemeente'} gaf een signaal af over ${onderwerp.toLowerCase()}.`,
    },
    audience: { personIds: admins },
    requestedByPersonId: signaal.raisedBy.personId,
  });
  if (!result.ok)
    turn.services.logger.warn('signaal notice not queued', { signaalId: signaal.id, code: result.code });
}

async function raise(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  if (!maySignal(actor)) return notAllowedToSignal(turn);
  const values = signaalValues(data);
  const input: SignaalInput = {
    sentiment: values.sentiment,
    onderwerp: values.onderwerp,
    text: values.text,
    confidential: values.confidential,
    perceel: values.perceel === NO_PERCEEL ? '' : values.perceel,
    allocationDate: values.allocationDate,
    expectedStartDate: values.expectedStartDate,
    clients: values.clients,
  };
  const chosen = values.organisationId;
  const onBehalfOf =
    chosen === GEMEENTE_CHOICE && isGemeente(actor)
      ? undefined
      : chosen || (isGemeente(actor) ? undefined : signaalOrganisations(actor)[0]?.organisation.id);
  const result = raiseSignaal(
    { id: signaalIdFor(idempotencyKeyOf(turn)), input, onBehalfOfOrganisationId: onBehalfOf },
    actor,
    turn.services.now(),
  );
  if (!result.ok) return formCard(turn, actor, values, result.messages);
  const { signaal } = result.value;
  const repo = repository(turn);
  try {
    await repo.createSignaal(signaal);
    await audit(turn, `signaal-${signaal.id}`, 'signaal.afgegeven', signaal.id, {
      organisationId: signaal.organisationId,
      onderwerp: signaal.onderwerp,
      confidential: signaal.confidential,
    });
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
    // A redelivered invoke: the first delivery stored it. Anything else under this id is not ours to touch.
    const existing = await repo.getSignaal(signaal.organisationId, signaal.id);
    if (existing?.value.raisedBy.personId !== actor.person.id) throw error;
  }
  await notifyGemeente(turn, signaal);
  const notice: Notice = {
    title: plain(turn, 'raisedTitle'),
    messages: [
      plain(turn, 'raised', { onderwerp: onderwerpLabel(signaal.onderwerp, turn.locale).toLowerCase() }),
      ...(signaal.confidential ? [plain(turn, 'raisedConfidential')] : []),
    ],
    style: 'good',
  };
  return isGemeente(actor) ? detailCard(turn, actor, signaal, notice) : startCard(turn, actor, notice);
}

// One signaal ------------------------------------------------------------------------------------------------

function detailCard(turn: Turn, actor: KnownActor, signaal: Signaal, notice?: Notice): AdaptiveCard {
  return card(
    'signaalDetail',
    turn.locale,
    signaalDetailView(signaal, { canManage: isGemeente(actor) }, turn.locale, notice),
  );
}

interface SignaalRef {
  readonly organisationId: string;
  readonly signaalId: string;
}

function signaalRefOf(data: CardData): SignaalRef {
  return { organisationId: requireId(data, 'organisationId'), signaalId: requireId(data, 'signaalId') };
}

async function loadSignaal(turn: Turn, ref: SignaalRef): Promise<Signaal | undefined> {
  const found = await repository(turn).getSignaal(ref.organisationId, ref.signaalId);
  return found ? toSignaal(found.value) : undefined;
}

/** Applies a gemeente step; a refusal shows the signaal again with the reason, and nothing is written. */
async function changeSignaal(
  turn: Turn,
  actor: KnownActor,
  ref: SignaalRef,
  step: (current: Signaal) => Result<Signaal>,
): Promise<{ card?: AdaptiveCard; before?: Signaal; after?: Signaal }> {
  const mutation = await repository(turn).mutateSignaal(ref.organisationId, ref.signaalId, step);
  if (!mutation) return { card: notFoundCard(turn, 'notFound', 'signaal.inbox') };
  if (!mutation.ok) {
    const current = await loadSignaal(turn, ref);
    return {
      card: current
        ? detailCard(turn, actor, current, refusalNotice(turn, mutation))
        : notFoundCard(turn, 'notFound', 'signaal.inbox'),
    };
  }
  return { before: mutation.value.before, after: mutation.value.after };
}

async function answer(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const ref = signaalRefOf(data);
  const answerId = `a-${shortHash(idempotencyKeyOf(turn))}`;
  const text = optionalText(data, 'answer', CAP.text);
  const now = turn.services.now();
  let answered: { text: string; id: string } | undefined;
  const changed = await changeSignaal(turn, actor, ref, (current) => {
    const result = answerSignaal(current, { id: answerId, text }, actor, now);
    if (!result.ok) return result;
    answered = { text: result.value.answer.text, id: result.value.answer.id };
    return { ok: true, value: result.value.signaal };
  });
  if (changed.card) return changed.card;
  const signaal = changed.after!;
  await audit(turn, `signaal-${signaal.id}`, 'signaal.beantwoord', signaal.id, { answerId });

  // To the sender's contacts and the sender, from the public view plus the gemeente's own answer.
  const organisationIds = await existingOrganisationIds(turn.services, [signaal.organisationId]);
  const sender = await turn.services.registry.getPerson(signaal.raisedBy.personId);
  const view = publicSignaal(signaal);
  const onderwerp = onderwerpLabel(view.onderwerp, 'nl').toLowerCase();
  const organisation = signaal.raisedBy.organisationName ?? plain(turn, 'gemeente');
  const sent = await turn.services.delivery.enqueue({
    broadcastId: `${signaal.id}-${answerId}`,
    title: `Antwoord op signaal over ${onderwerp}`,
    topic: 'signaal.antwoord',
    message: {
      card: renderCard('signaalBericht', 'nl', signaalBerichtView('antwoord', view, answered!.text, 'nl')),
      text: `De gemeente heeft uw signaal over ${onderwerp} beantwoord.`,
    },
    audience: { organisationIds, personIds: sender ? [sender.value.id] : [] },
    requestedByPersonId: actor.person.id,
  });
  const notice: Notice = sent.ok
    ? {
        title: plain(turn, 'answeredTitle'),
        messages: [plain(turn, 'answered', { count: sent.value.recipients, organisation })],
        style: 'good',
      }
    : {
        title: plain(turn, 'answeredTitle'),
        messages: [plain(turn, 'answeredNoRecipients', { reason: sent.messages.join(' ') })],
        style: 'warning',
      };
  return detailCard(turn, actor, signaal, notice);
}

type Placement =
  | { readonly kind: 'geplaatst'; readonly meeting: AgendaMeeting }
  | { readonly kind: 'geen-overleg' }
  | { readonly kind: 'geweigerd'; readonly reason: string };

/**
 * Puts the signaal's agendapunt (from its public view) on the agenda of the next planned Overlegtafel meeting,
 * through issue 7's own edit path: the same change as the gemeente adding a row in the meeting form, so the
 * calendar sequence and an agenda already sent are updated the way that feature does it.
 */
async function placeOnNextMeeting(turn: Turn, actor: KnownActor, signaal: Signaal): Promise<Placement> {
  const meetings = meetingsServiceFor(turn.services);
  const now = turn.services.now().getTime();
  const next = (await meetings.repo.list())
    .filter((m) => m.table === 'overlegtafel' && m.status === 'gepland' && Date.parse(m.start) > now)
    .sort((a, b) => a.start.localeCompare(b.start))[0];
  if (!next) return { kind: 'geen-overleg' };
  const item = agendaItemOf(signaal);
  const meeting = (agendaItemId: string | null): Placement => ({
    kind: 'geplaatst',
    meeting: {
      meetingId: next.id,
      title: next.title || tableName(next.table, 'nl'),
      start: next.start,
      agendaItemId,
    },
  });
  // A retry after a crash between the two writes finds the item it added.
  const already = next.agenda.find((i) => i.title === item.title);
  if (already) return meeting(already.id);
  const { table: _table, ...form } = meetingFormValuesOf(next);
  const updated = await meetings.update(actor, next.id, editVersionOf(next), {
    ...form,
    rows: [...form.rows, { id: '', ...item, link: '' }],
  });
  if (!updated.ok) return { kind: 'geweigerd', reason: updated.messages.join(' ') };
  const added = updated.value.value.agenda.find(
    (i) => i.title === item.title && !next.agenda.some((a) => a.id === i.id),
  );
  return meeting(added?.id ?? null);
}

async function toAgenda(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const ref = signaalRefOf(data);
  const signaal = await loadSignaal(turn, ref);
  if (!signaal) return notFoundCard(turn, 'notFound', 'signaal.inbox');
  if (signaal.agenda) {
    return detailCard(turn, actor, signaal, {
      title: plain(turn, 'agendaTitle'),
      messages: [
        plain(turn, 'agendaAlready', {
          date: formatDutchShortDate(localDateOf(new Date(signaal.agenda.requestedAt))),
        }),
      ],
      style: 'accent',
    });
  }
  const placement = await placeOnNextMeeting(turn, actor, signaal);
  const changed = await changeSignaal(turn, actor, ref, (current) =>
    requestAgenda(
      current,
      actor,
      turn.services.now(),
      placement.kind === 'geplaatst' ? placement.meeting : null,
    ),
  );
  if (changed.card) return changed.card;
  const stored = changed.after!;
  await audit(turn, `signaal-${stored.id}`, 'signaal.agenda', stored.id, {
    meetingId: placement.kind === 'geplaatst' ? placement.meeting.meetingId : null,
  });
  const title = stored.agenda!.agendaTitle;
  const messages =
    placement.kind === 'geplaatst'
      ? [
          plain(turn, 'agendaMeeting', {
            meeting: placement.meeting.title,
            date: formatDutchDateTime(new Date(placement.meeting.start)),
            title,
          }),
        ]
      : placement.kind === 'geen-overleg'
        ? [plain(turn, 'agenda', { title })]
        : [plain(turn, 'agenda', { title }), plain(turn, 'agendaRefused', { reason: placement.reason })];
  return detailCard(turn, actor, stored, {
    title: plain(turn, 'agendaTitle'),
    messages,
    style: placement.kind === 'geweigerd' ? 'warning' : 'good',
  });
}

/**
 * One action: the gemeente makes a voorstel (issue 5) of the signaal, in concept, submitted by the gemeente. Its id
 * comes from the signaal, so a second click (or a crash between the two writes) finds the same voorstel.
 */
async function toVoorstel(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  const ref = signaalRefOf(data);
  const signaal = await loadSignaal(turn, ref);
  if (!signaal) return notFoundCard(turn, 'notFound', 'signaal.inbox');
  if (signaal.voorstelId) return detailCard(turn, actor, signaal);
  const sender = await turn.services.registry.getOrganisation(signaal.organisationId);
  const key = `signaal:${signaal.id}`;
  const service = voorstellenServiceFor(turn.services);
  const submitted = await service.submit(
    actor,
    signaalAsVoorstelInput(signaal, sender?.value),
    undefined,
    key,
  );
  let voorstelId: string;
  let title: string;
  if (submitted.ok) {
    voorstelId = submitted.value.id;
    title = submitted.value.title;
  } else {
    const existing = await service.repo.get(voorstelIdFor(key));
    if (!existing) return detailCard(turn, actor, signaal, refusalNotice(turn, submitted));
    voorstelId = existing.value.id;
    title = existing.value.title;
  }
  const changed = await changeSignaal(turn, actor, ref, (current) =>
    linkVoorstel(current, voorstelId, actor, turn.services.now()),
  );
  if (changed.card) return changed.card;
  await audit(turn, `signaal-${signaal.id}`, 'signaal.voorstel', signaal.id, { voorstelId });
  return detailCard(turn, actor, changed.after!, {
    title: plain(turn, 'voorstelTitle'),
    messages: [
      plain(turn, 'voorstel', { title }),
      ...(signaal.confidential ? [plain(turn, 'voorstelConfidential')] : []),
    ],
    style: 'good',
  });
}

async function wachtlijstCard(turn: Turn, year: number): Promise<AdaptiveCard> {
  const signalen = (await repository(turn).listSignalen({ ...yearRange(year), onderwerp: 'wachtlijst' })).map(
    toSignaal,
  );
  const rows = wachtlijstPerPerceel(signalen, localDateOf(turn.services.now()));
  return card('signaalWachtlijst', turn.locale, signaalWachtlijstView(rows, signalen, year, turn.locale));
}

// Pilots -----------------------------------------------------------------------------------------------------

async function pilotListCard(turn: Turn, actor: KnownActor, notice?: Notice): Promise<AdaptiveCard> {
  const repo = repository(turn);
  const gemeente = isGemeente(actor);
  if (!gemeente && actor.roles.length === 0) return notAllowedToSignal(turn);
  const pilots = gemeente
    ? await repo.listPilots()
    : await repo.pilotsOf(actor.roles.map((r) => r.organisation.id));
  return card(
    'pilotOverzicht',
    turn.locale,
    pilotOverzichtView(
      pilots.map(toPilot),
      { canRequest: pilotOrganisations(actor).length > 0, isGemeente: gemeente },
      turn.locale,
      notice,
    ),
  );
}

/** Published voortgangsrapportages of every ontwikkeltafel (issue 6), newest first, as "table · period". */
async function publishedReports(
  turn: Turn,
): Promise<Array<{ tafelId: string; reportId: string; title: string }>> {
  const repo = new OntwikkeltafelsRepository(turn.services.db);
  const [tafels, reports] = await Promise.all([repo.listTafels(), repo.listAllReports()]);
  const names = new Map(tafels.map((t) => [t.id, t.name]));
  return reports
    .filter((r) => r.publishedAt !== null)
    .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))
    .slice(0, MAX_REPORT_CHOICES)
    .map((r) => ({
      tafelId: r.ontwikkeltafelId,
      reportId: r.id,
      title: `${names.get(r.ontwikkeltafelId) ?? r.ontwikkeltafelId} · ${formatDutchShortDate(r.periodStart)} t/m ${formatDutchShortDate(r.periodEnd)}`,
    }));
}

async function pilotDetailCard(
  turn: Turn,
  actor: KnownActor,
  pilot: PilotAanvraag,
  notice?: Notice,
): Promise<AdaptiveCard> {
  const gemeente = isGemeente(actor);
  const participant = actor.roles.some((r) =>
    pilot.organisations.some((o) => o.organisationId === r.organisation.id),
  );
  const canTrack = gemeente || participant;
  const linkable = canTrack && pilot.status !== 'aangevraagd' && pilot.status !== 'afgewezen';
  const linked = new Set(pilot.reportLinks.map((l) => l.reportId));
  const reportChoices = linkable
    ? (await publishedReports(turn))
        .filter((r) => !linked.has(r.reportId))
        .map((r) => ({ title: r.title, value: reportChoiceValue(r.tafelId, r.reportId) }))
    : [];
  return card(
    'pilotDetail',
    turn.locale,
    pilotDetailView(
      pilot,
      { canDecide: gemeente, canTrack, reportChoices },
      localDateOf(turn.services.now()),
      turn.locale,
      notice,
    ),
  );
}

/**
 * Aanbieders a requester can invite: contracted aanbieders sharing a perceel with the requester's organisations
 * (a card cannot carry hundreds of choices), the requester's own organisations left out.
 */
async function participantChoices(turn: Turn, actor: KnownActor): Promise<Choice[]> {
  const own = pilotOrganisations(actor).map((r) => r.organisation);
  const percelen = new Set(own.flatMap((o) => o.percelen));
  const ownIds = new Set(own.map((o) => o.id));
  const organisations = await turn.services.registry.listOrganisations();
  return organisations
    .filter(
      (o) =>
        o.type === 'aanbieder' &&
        o.contracted &&
        !ownIds.has(o.id) &&
        o.percelen.some((p) => percelen.has(p)),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
    .slice(0, MAX_PARTICIPANT_CHOICES)
    .map((o) => ({ title: o.name, value: o.id }));
}

async function pilotFormCard(
  turn: Turn,
  actor: KnownActor,
  values: PilotFormValues,
  errors: readonly string[],
): Promise<AdaptiveCard> {
  const organisations = pilotOrganisations(actor).map((r) => ({
    title: r.organisation.name,
    value: r.organisation.id,
  }));
  return card(
    'pilotForm',
    turn.locale,
    pilotFormView(values, organisations, await participantChoices(turn, actor), errors),
  );
}

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

/** A pilot broadcast (public view only) to the contacts of these organisations or to these people. */
async function sendPilotMessage(
  services: BotServices,
  pilot: PilotAanvraag,
  kind: PilotBerichtKind,
  audience: { organisationIds?: string[]; personIds?: string[] },
  requestedByPersonId: string | null,
): Promise<Result<{ recipients: number }>> {
  const view = pilotBerichtView(kind, publicPilot(pilot), 'nl');
  const title = String(view.view?.title ?? pilot.id).slice(0, 200);
  const result = await services.delivery.enqueue({
    broadcastId: `${pilot.id}-${kind}`,
    title,
    topic: `pilot.${kind}`,
    message: { card: renderCard('pilotBericht', 'nl', view), text: title },
    audience,
    requestedByPersonId,
  });
  return result.ok ? { ok: true, value: { recipients: result.value.recipients } } : result;
}

async function participantOrganisationIds(services: BotServices, pilot: PilotAanvraag): Promise<string[]> {
  return existingOrganisationIds(
    services,
    pilot.organisations.map((o) => o.organisationId),
  );
}

async function submitPilot(turn: Turn, actor: KnownActor, data: CardData): Promise<CardResult> {
  if (pilotOrganisations(actor).length === 0)
    return messageCard(
      turn.locale,
      t(turn, 'refusedTitle'),
      [t(turn, 'pilotNotAllowed')],
      'attention',
      'pilot.overzicht',
    );
  const values = pilotValues(data);
  const organisations: Organisation[] = await turn.services.registry.listOrganisations();
  const result = requestPilot(
    {
      id: pilotIdFor(idempotencyKeyOf(turn)),
      input: values,
      onBehalfOfOrganisationId: values.organisationId || pilotOrganisations(actor)[0]?.organisation.id,
      organisations,
    },
    actor,
    turn.services.now(),
  );
  if (!result.ok) return pilotFormCard(turn, actor, values, result.messages);
  const { pilot } = result.value;
  const repo = repository(turn);
  try {
    await repo.createPilot(pilot);
    await audit(turn, `pilot-${pilot.id}`, 'pilot.aangevraagd', pilot.id, {
      organisationIds: pilot.organisations.map((o) => o.organisationId),
    });
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
    const existing = await repo.getPilot(pilot.id);
    if (existing?.value.requestedBy.personId !== actor.person.id) throw error;
  }
  const admins = await gemeenteAdminIds(turn.services, actor.person.id);
  if (admins.length > 0) {
    const sent = await sendPilotMessage(
      turn.services,
      pilot,
      'aanvraag',
      { personIds: admins },
      actor.person.id,
    );
    if (!sent.ok)
      turn.services.logger.warn('pilot notice not queued', { pilotId: pilot.id, code: sent.code });
  }
  return pilotDetailCard(turn, actor, pilot, {
    title: plain(turn, 'pilotRequestedTitle'),
    messages: [plain(turn, 'pilotRequested', { title: pilot.title })],
    style: 'good',
  });
}

async function loadPilot(turn: Turn, actor: KnownActor, data: CardData): Promise<PilotAanvraag | undefined> {
  const found = await repository(turn).getPilot(requireId(data, 'pilotId'));
  return found && maySeePilot(actor, found.value) ? toPilot(found.value) : undefined;
}

/** Applies a step to a pilot the actor may see; a refusal shows the pilot again with the reason. */
async function changePilot(
  turn: Turn,
  actor: KnownActor,
  pilotId: string,
  step: (current: PilotAanvraag) => Result<PilotAanvraag>,
): Promise<{ card?: AdaptiveCard; after?: PilotAanvraag }> {
  const mutation = await repository(turn).mutatePilot(pilotId, step);
  if (!mutation) return { card: notFoundCard(turn, 'pilotNotFound', 'pilot.overzicht') };
  if (!mutation.ok) {
    const current = await repository(turn).getPilot(pilotId);
    return {
      card: current
        ? await pilotDetailCard(turn, actor, toPilot(current.value), refusalNotice(turn, mutation))
        : notFoundCard(turn, 'pilotNotFound', 'pilot.overzicht'),
    };
  }
  return { after: mutation.value.after };
}

async function decide(
  turn: Turn,
  actor: KnownActor,
  data: CardData,
  pilot: PilotAanvraag,
): Promise<CardResult> {
  const kind: PilotDecisionKind = requireChoice(data, 'besluit', ['instemming', 'afwijzing'] as const);
  const reason = optionalText(data, 'reason', CAP.text);
  const changed = await changePilot(turn, actor, pilot.id, (current) =>
    decidePilot(current, { kind, reason }, actor, turn.services.now()),
  );
  if (changed.card) return changed.card;
  const decided = changed.after!;
  await audit(turn, `pilot-${decided.id}`, `pilot.${kind}`, decided.id);
  const organisationIds = await participantOrganisationIds(turn.services, decided);
  const sent = await sendPilotMessage(turn.services, decided, kind, { organisationIds }, actor.person.id);
  return pilotDetailCard(turn, actor, decided, {
    title: plain(turn, 'pilotDecidedTitle'),
    messages: [
      sent.ok
        ? plain(turn, 'pilotDecided', { count: sent.value.recipients })
        : plain(turn, 'notSent', { reason: sent.messages.join(' ') }),
    ],
    style: sent.ok ? 'good' : 'warning',
  });
}

/**
 * Asks the participants for the result of an approved pilot whose planned end has passed, once (the broadcast id
 * and the mark on the pilot make a repeated run send nothing new).
 */
export async function remindPilotResults(services: BotServices, now: Date): Promise<number> {
  const repo = new SignalenRepository(services.db);
  const due = await repo.pilotsAwaitingResult(localDateOf(now));
  let reminded = 0;
  for (const doc of due) {
    const pilot = toPilot(doc);
    if (!isResultDue(pilot, now)) continue;
    const organisationIds = await participantOrganisationIds(services, pilot);
    if (organisationIds.length > 0) {
      const sent = await sendPilotMessage(services, pilot, 'resultaat', { organisationIds }, null);
      if (!sent.ok) services.logger.warn('pilot reminder not queued', { pilotId: pilot.id, code: sent.code });
    }
    await repo.updatePilot(pilot.id, (current) => ({
      ...toPilotDocument(toPilot(current), current),
      resultReminderAt: now.toISOString(),
    }));
    reminded++;
  }
  return reminded;
}

export function registerSignalenTasks(scheduler: Scheduler, services: BotServices): void {
  scheduler.register({
    name: 'pilot-resultaat-herinnering',
    everyMs: RESULT_REMINDER_EVERY_MS,
    run: async (now) => {
      await remindPilotResults(services, now);
    },
  });
}

// Routes -----------------------------------------------------------------------------------------------------

export function registerSignalenHandlers(app: Application<TurnState>, services: BotServices): void {
  /** Every route resolves the actor from the store and refuses unknown users before anything else. */
  const route = (verb: string, run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () => {
        const actor = knownActor(turn);
        return actor ? run(turn, actor, asCardData(data)) : notAllowedCard(turn.locale);
      });
    });

  const gemeenteOnly = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>,
  ) =>
    route(verb, async (turn, actor, data) =>
      isGemeente(actor) ? run(turn, actor, data) : notAllowedCard(turn.locale),
    );

  const withPilot = (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData, pilot: PilotAanvraag) => Promise<CardResult>,
  ) =>
    route(verb, async (turn, actor, data) => {
      const pilot = await loadPilot(turn, actor, data);
      return pilot ? run(turn, actor, data, pilot) : notFoundCard(turn, 'pilotNotFound', 'pilot.overzicht');
    });

  route('signalen.home', async (turn, actor) => homeCard(turn, actor));

  route('signaal.nieuw', async (turn, actor) => {
    if (!maySignal(actor)) return notAllowedToSignal(turn);
    const first = isGemeente(actor)
      ? GEMEENTE_CHOICE
      : (signaalOrganisations(actor)[0]?.organisation.id ?? '');
    return formCard(turn, actor, emptySignaalForm(first), []);
  });

  route('signaal.indienen', raise);

  route('signaal.open', async (turn, actor, data) => {
    const signaal = await loadSignaal(turn, signaalRefOf(data));
    if (!signaal || !maySeeSignaal(actor, signaal)) return notFoundCard(turn, 'notFound');
    return detailCard(turn, actor, signaal);
  });

  gemeenteOnly('signaal.inbox', async (turn, _actor, data) =>
    inboxCard(turn, yearOf(turn, data), onderwerpFilterOf(data)),
  );
  gemeenteOnly('signaal.beantwoorden', answer);
  gemeenteOnly('signaal.agenda', toAgenda);
  gemeenteOnly('signaal.voorstel', toVoorstel);
  gemeenteOnly('signaal.wachtlijst', async (turn, _actor, data) => wachtlijstCard(turn, yearOf(turn, data)));

  route('pilot.overzicht', async (turn, actor) => pilotListCard(turn, actor));

  route('pilot.nieuw', async (turn, actor) => {
    const own = pilotOrganisations(actor);
    if (own.length === 0)
      return messageCard(
        turn.locale,
        t(turn, 'refusedTitle'),
        [t(turn, 'pilotNotAllowed')],
        'attention',
        'pilot.overzicht',
      );
    return pilotFormCard(turn, actor, emptyPilotForm(own[0]!.organisation.id), []);
  });

  route('pilot.indienen', submitPilot);

  withPilot('pilot.open', async (turn, actor, _data, pilot) => pilotDetailCard(turn, actor, pilot));

  withPilot('pilot.besluit', async (turn, actor, data, pilot) =>
    isGemeente(actor) ? decide(turn, actor, data, pilot) : notAllowedCard(turn.locale),
  );

  withPilot('pilot.voortgang', async (turn, actor, data, pilot) => {
    const input = {
      startedOn: optionalText(data, 'startedOn', 40),
      endedOn: optionalText(data, 'endedOn', 40),
      result: optionalText(data, 'result', CAP.text),
    };
    const changed = await changePilot(turn, actor, pilot.id, (current) =>
      trackPilot(current, input, actor, turn.services.now()),
    );
    if (changed.card) return changed.card;
    await audit(turn, `pilot-${pilot.id}`, 'pilot.voortgang', pilot.id, { status: changed.after!.status });
    return pilotDetailCard(turn, actor, changed.after!, {
      title: plain(turn, 'pilotTrackedTitle'),
      messages: [],
      style: 'good',
    });
  });

  withPilot('pilot.koppelen', async (turn, actor, data, pilot) => {
    const choice = parseReportChoice(optionalText(data, 'report', 300));
    if (!choice) throw new InvalidCardDataError('report');
    // Only a report that exists and was published: the choice list is a convenience, not a permission.
    const report = (await publishedReports(turn)).find(
      (r) => r.tafelId === choice.tafelId && r.reportId === choice.reportId,
    );
    if (!report) {
      return pilotDetailCard(turn, actor, pilot, {
        title: plain(turn, 'refusedTitle'),
        messages: [plain(turn, 'reportNotFound')],
        style: 'attention',
      });
    }
    const input = { reportId: report.reportId, ontwikkeltafelId: report.tafelId, title: report.title };
    const changed = await changePilot(turn, actor, pilot.id, (current) =>
      linkPilotReport(current, input, actor, turn.services.now()),
    );
    if (changed.card) return changed.card;
    await audit(turn, `pilot-${pilot.id}`, 'pilot.gekoppeld', pilot.id, { reportId: report.reportId });
    return pilotDetailCard(turn, actor, changed.after!, {
      title: plain(turn, 'pilotLinkedTitle'),
      messages: [plain(turn, 'pilotLinked', { title: report.title })],
      style: 'good',
    });
  });

  registerSignalenTasks(services.scheduler, services);
}
