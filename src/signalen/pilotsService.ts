import { renderCard, type Locale } from '../cards/renderCard';
import { pilotBerichtView, type PilotBerichtKind } from '../cards/views/pilotViews';
import type { KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import {
  type LocalisedMessages,
  messagesOf,
  type Refusal,
  refuse,
  type Result,
  succeed,
} from '../domain/shared/result';
import {
  decidePilot,
  isResultDue,
  linkPilotReport,
  maySeePilot,
  publicPilot,
  requestPilot,
  trackPilot,
  type PilotAanvraag,
  type PilotDecisionKind,
  type PilotInput,
  type PilotTrackingInput,
} from '../domain/signalen';
import {
  checkPilotVoorstel,
  linkPilotVoorstel,
  pilotAsVoorstelInput,
  pilotVoorstelSource,
} from '../domain/signalen/pilotVoorstel';
import { localDateOf } from '../domain/time/amsterdam';
import type { Voorstel, VoorstelInput, VoorstelSource } from '../domain/voorstellen';
import { voorstelIdFor } from '../voorstellen/voorstellenService';
import { formatDutchShortDate } from '../domain/time/dutch';
import type { LocalDate } from '../domain/time/localDate';
import { DocumentConflictError } from '../storage/documentStore';
import { OntwikkeltafelsRepository } from '../storage/ontwikkeltafelsRepository';
import { pilotIdFor, SignalenRepository, toPilot, toPilotDocument } from '../storage/signalenRepository';
import { accessOf, type SignalenAccess } from './access';
import { existingOrganisationIds, gemeenteAdminIds, recordAudit, type SignalenDeps } from './signalenDeps';
import { inBothLanguages } from '../delivery/recipientLocale';

/**
 * Pilots (issue 10; 002 art. 10): aanbieders request a pilot, the gemeente consents or declines, the participants
 * and the gemeente record its progress and link the voortgangsrapportages that report on it; after the planned
 * end the participants are asked for the result. Every permission is checked here for every call (and again by
 * the domain for every step); every broadcast is built from the public view (publicPilot).
 */

const MAX_PARTICIPANT_CHOICES = 200;
const MAX_REPORT_CHOICES = 50;

/** A published voortgangsrapportage a pilot can be linked to; the title is stored with the link. */
export interface PublishedReport {
  readonly tafelId: string;
  readonly reportId: string;
  readonly title: string;
}

export interface PilotOverview {
  readonly pilots: readonly PilotAanvraag[];
  readonly gemeente: boolean;
  readonly canRequest: boolean;
}

/** One pilot with what the actor may do with it. */
export interface PilotDetail {
  readonly pilot: PilotAanvraag;
  readonly canDecide: boolean;
  readonly canTrack: boolean;
  /** Published reports not linked yet, newest first; empty when the pilot cannot be linked (by this actor). */
  readonly reportChoices: readonly PublishedReport[];
  readonly today: LocalDate;
}

export interface PilotFormChoices {
  /** The aanbieders the actor requests for. */
  readonly organisations: readonly Organisation[];
  /** The aanbieders they can invite to take part. */
  readonly participants: readonly Organisation[];
}

export type RequestOutcome =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'invalid'; readonly messages: LocalisedMessages }
  | { readonly kind: 'requested'; readonly pilot: PilotAanvraag };

/** A step on one pilot; a refusal comes with the pilot as it is stored. */
export type PilotStep<T = unknown> =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'refused'; readonly pilot: PilotAanvraag; readonly refusal: Refusal }
  | ({ readonly kind: 'done'; readonly pilot: PilotAanvraag } & T);

export type LinkOutcome =
  | PilotStep<{ readonly report: PublishedReport }>
  | { readonly kind: 'report-not-found' };

/** What making a voorstel of a pilot needs of the voorstellen (VoorstellenService). */
export interface PilotVoorstelSubmitter {
  submit(
    actor: KnownActor,
    input: VoorstelInput,
    onBehalfOfOrganisationId: string | undefined,
    idempotencyKey: string,
    source?: VoorstelSource,
  ): Promise<Result<Voorstel>>;
  load(id: string): Promise<{ readonly voorstel: Voorstel } | undefined>;
}

export class PilotsService {
  private readonly repo: SignalenRepository;

  constructor(private readonly deps: SignalenDeps) {
    this.repo = new SignalenRepository(deps.db);
  }

  access(actor: KnownActor): SignalenAccess {
    return accessOf(actor);
  }

  // Reading ----------------------------------------------------------------------------------------------------

  /** Every pilot for the gemeente; the pilots of their organisations for a contact. */
  async overview(actor: KnownActor): Promise<Result<PilotOverview>> {
    const access = accessOf(actor);
    if (!access.maySeePilots)
      return refuse('pilot.not-allowed', {
        nl: 'Alleen de gemeente en contactpersonen zien pilots.',
        en: 'Only the gemeente and contact persons see pilots.',
      });
    const pilots = access.gemeente
      ? await this.repo.listPilots()
      : await this.repo.pilotsOf(actor.roles.map((r) => r.organisation.id));
    return succeed({
      pilots: pilots.map(toPilot),
      gemeente: access.gemeente,
      canRequest: access.pilotOrganisations.length > 0,
    });
  }

  /** The pilot, when it exists and the actor may see it. */
  async open(actor: KnownActor, pilotId: string): Promise<PilotAanvraag | undefined> {
    const found = await this.repo.getPilot(pilotId);
    return found && maySeePilot(actor, found.value) ? toPilot(found.value) : undefined;
  }

  async detail(actor: KnownActor, pilot: PilotAanvraag): Promise<PilotDetail> {
    const gemeente = accessOf(actor).gemeente;
    const participant = actor.roles.some((r) =>
      pilot.organisations.some((o) => o.organisationId === r.organisation.id),
    );
    const canTrack = gemeente || participant;
    const linkable = canTrack && pilot.status !== 'aangevraagd' && pilot.status !== 'afgewezen';
    const linked = new Set(pilot.reportLinks.map((l) => l.reportId));
    const reportChoices = linkable
      ? (await this.publishedReports()).filter((r) => !linked.has(r.reportId))
      : [];
    return {
      pilot,
      canDecide: gemeente,
      canTrack,
      reportChoices,
      today: localDateOf(this.deps.now()),
    };
  }

  /**
   * Aanbieders a requester can invite: contracted aanbieders sharing a perceel with the requester's organisations
   * (a card cannot carry hundreds of choices), the requester's own organisations left out.
   */
  async formChoices(actor: KnownActor): Promise<PilotFormChoices> {
    const own = accessOf(actor).pilotOrganisations;
    const percelen = new Set(own.flatMap((o) => o.percelen));
    const ownIds = new Set(own.map((o) => o.id));
    const organisations = await this.deps.registry.listOrganisations();
    const participants = organisations
      .filter(
        (o) =>
          o.type === 'aanbieder' &&
          o.contracted &&
          !ownIds.has(o.id) &&
          o.percelen.some((p) => percelen.has(p)),
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
      .slice(0, MAX_PARTICIPANT_CHOICES);
    return { organisations: own, participants };
  }

  // Requesting and deciding ------------------------------------------------------------------------------------

  /**
   * An aanbieder requests a pilot, for the chosen organisation or else their first. The id comes from the invoke,
   * so a redelivered request finds the pilot it stored the first time. The gemeente's admins hear of it.
   */
  async request(
    actor: KnownActor,
    input: PilotInput,
    organisationId: string,
    idempotencyKey: string,
  ): Promise<RequestOutcome> {
    const own = accessOf(actor).pilotOrganisations;
    if (own.length === 0) return { kind: 'not-allowed' };
    const organisations: Organisation[] = await this.deps.registry.listOrganisations();
    const result = requestPilot(
      {
        id: pilotIdFor(idempotencyKey),
        input,
        onBehalfOfOrganisationId: organisationId || own[0]?.id,
        organisations,
      },
      actor,
      this.deps.now(),
    );
    if (!result.ok) return { kind: 'invalid', messages: messagesOf(result) };
    const { pilot } = result.value;
    try {
      await this.repo.createPilot(pilot);
      await this.audit(actor, pilot, 'pilot.aangevraagd', {
        organisationIds: pilot.organisations.map((o) => o.organisationId),
      });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const existing = await this.repo.getPilot(pilot.id);
      if (existing?.value.requestedBy.personId !== actor.person.id) throw error;
    }
    const admins = await gemeenteAdminIds(this.deps, actor.person.id);
    if (admins.length > 0) {
      const sent = await this.sendMessage(pilot, 'aanvraag', { personIds: admins }, actor.person.id);
      if (!sent.ok) this.deps.logger.warn('pilot notice not queued', { pilotId: pilot.id, code: sent.code });
    }
    return { kind: 'requested', pilot };
  }

  /** The gemeente consents or declines; the participants' contacts are told. */
  async decide(
    actor: KnownActor,
    pilotId: string,
    decision: { readonly kind: PilotDecisionKind; readonly reason: string },
  ): Promise<PilotStep<{ readonly sent: Result<{ readonly recipients: number }> }>> {
    if (!accessOf(actor).gemeente) return { kind: 'not-allowed' };
    const changed = await this.change(actor, pilotId, (current) =>
      decidePilot(current, decision, actor, this.deps.now()),
    );
    if (changed.kind !== 'done') return changed;
    const decided = changed.pilot;
    await this.audit(actor, decided, `pilot.${decision.kind}`);
    const organisationIds = await this.participantOrganisationIds(decided);
    const sent = await this.sendMessage(decided, decision.kind, { organisationIds }, actor.person.id);
    return { ...changed, sent };
  }

  // Tracking ---------------------------------------------------------------------------------------------------

  /** The gemeente or a participant records when the pilot started and ended, and its result. */
  async track(actor: KnownActor, pilotId: string, input: PilotTrackingInput): Promise<PilotStep> {
    const changed = await this.change(actor, pilotId, (current) =>
      trackPilot(current, input, actor, this.deps.now()),
    );
    if (changed.kind === 'done')
      await this.audit(actor, changed.pilot, 'pilot.voortgang', { status: changed.pilot.status });
    return changed;
  }

  /** Links a published voortgangsrapportage; the choice list on the card is a convenience, not a permission. */
  async linkReport(
    actor: KnownActor,
    pilotId: string,
    choice: { readonly tafelId: string; readonly reportId: string },
  ): Promise<LinkOutcome> {
    const report = (await this.publishedReports()).find(
      (r) => r.tafelId === choice.tafelId && r.reportId === choice.reportId,
    );
    if (!report) return { kind: 'report-not-found' };
    const input = { reportId: report.reportId, ontwikkeltafelId: report.tafelId, title: report.title };
    const changed = await this.change(actor, pilotId, (current) =>
      linkPilotReport(current, input, actor, this.deps.now()),
    );
    if (changed.kind !== 'done') return changed;
    await this.audit(actor, changed.pilot, 'pilot.gekoppeld', { reportId: report.reportId });
    return { ...changed, report };
  }

  /**
   * Makes a concept voorstel of the pilot's result in one step [002 art. 10.5], pre-filled and linked both ways.
   * Its id comes from the pilot, so a second click (or a crash between the two writes) finds the same voorstel.
   */
  async makeVoorstel(
    actor: KnownActor,
    pilotId: string,
    voorstellen: PilotVoorstelSubmitter,
  ): Promise<PilotStep<{ readonly voorstelId: string; readonly voorstelTitle: string }>> {
    const pilot = await this.open(actor, pilotId);
    if (!pilot) return { kind: 'not-found' };
    const checked = checkPilotVoorstel(pilot, actor);
    if (!checked.ok) return { kind: 'refused', pilot, refusal: checked };
    if (pilot.voorstelId) {
      const existing = await voorstellen.load(pilot.voorstelId);
      return {
        kind: 'done',
        pilot,
        voorstelId: pilot.voorstelId,
        voorstelTitle: existing?.voorstel.title ?? '',
      };
    }
    const key = `pilot:${pilot.id}`;
    const own = pilot.organisations.find((o) =>
      actor.roles.some((r) => r.organisation.id === o.organisationId),
    );
    const onBehalfOf = accessOf(actor).gemeente ? undefined : own?.organisationId;
    const organisations = await this.deps.registry.listOrganisations();
    const submitted = await voorstellen.submit(
      actor,
      pilotAsVoorstelInput(pilot, organisations),
      onBehalfOf,
      key,
      pilotVoorstelSource(pilot),
    );
    let voorstel: { readonly id: string; readonly title: string };
    if (submitted.ok) voorstel = submitted.value;
    else {
      const existing = await voorstellen.load(voorstelIdFor(key));
      if (!existing) return { kind: 'refused', pilot, refusal: submitted };
      voorstel = existing.voorstel;
    }
    const changed = await this.change(actor, pilotId, (current) =>
      linkPilotVoorstel(current, voorstel.id, actor, this.deps.now()),
    );
    if (changed.kind !== 'done') return changed;
    await this.audit(actor, changed.pilot, 'pilot.voorstel', { voorstelId: voorstel.id });
    return { ...changed, voorstelId: voorstel.id, voorstelTitle: voorstel.title };
  }

  // The scheduled reminder -------------------------------------------------------------------------------------

  /**
   * Asks the participants for the result of an approved pilot whose planned end has passed, once (the broadcast id
   * and the mark on the pilot make a repeated run send nothing new).
   */
  async remindResults(now: Date): Promise<number> {
    const due = await this.repo.pilotsAwaitingResult(localDateOf(now));
    let reminded = 0;
    for (const doc of due) {
      const pilot = toPilot(doc);
      if (!isResultDue(pilot, now)) continue;
      const organisationIds = await this.participantOrganisationIds(pilot);
      if (organisationIds.length > 0) {
        const sent = await this.sendMessage(pilot, 'resultaat', { organisationIds }, null);
        if (!sent.ok)
          this.deps.logger.warn('pilot reminder not queued', { pilotId: pilot.id, code: sent.code });
      }
      await this.repo.updatePilot(pilot.id, (current) => ({
        ...toPilotDocument(toPilot(current), current),
        resultReminderAt: now.toISOString(),
      }));
      reminded++;
    }
    return reminded;
  }

  // Helpers ----------------------------------------------------------------------------------------------------

  /** Published voortgangsrapportages of every ontwikkeltafel (issue 6), newest first, as "table · period". */
  private async publishedReports(): Promise<PublishedReport[]> {
    const repo = new OntwikkeltafelsRepository(this.deps.db);
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

  /**
   * Applies a step to a pilot the actor may see; a refusal writes nothing and comes with the stored pilot. One the
   * actor may not see does not exist for them.
   */
  private async change(
    actor: KnownActor,
    pilotId: string,
    step: (current: PilotAanvraag) => Result<PilotAanvraag>,
  ): Promise<PilotStep> {
    const mutation = await this.repo.mutatePilot(pilotId, (current) =>
      maySeePilot(actor, current) ? step(current) : notVisible,
    );
    if (!mutation || mutation === notVisible) return { kind: 'not-found' };
    if (!mutation.ok) {
      const current = await this.repo.getPilot(pilotId);
      return current
        ? { kind: 'refused', pilot: toPilot(current.value), refusal: mutation }
        : { kind: 'not-found' };
    }
    return { kind: 'done', pilot: mutation.value.after };
  }

  /** A pilot broadcast (public view only) to the contacts of these organisations or to these people. */
  private async sendMessage(
    pilot: PilotAanvraag,
    kind: PilotBerichtKind,
    audience: { organisationIds?: string[]; personIds?: string[] },
    requestedByPersonId: string | null,
  ): Promise<Result<{ recipients: number }>> {
    const titleIn = (locale: Locale): string =>
      String(pilotBerichtView(kind, publicPilot(pilot), locale).view?.title ?? pilot.id).slice(0, 200);
    const result = await this.deps.delivery.enqueue({
      broadcastId: `${pilot.id}-${kind}`,
      title: { nl: titleIn('nl'), en: titleIn('en') },
      topic: `pilot.${kind}`,
      message: inBothLanguages((locale) => {
        const localised = pilotBerichtView(kind, publicPilot(pilot), locale);
        return {
          card: renderCard('pilotBericht', locale, localised),
          text: String(localised.view?.title ?? pilot.id).slice(0, 200),
        };
      }),
      audience,
      requestedByPersonId,
    });
    return result.ok ? succeed({ recipients: result.value.recipients }) : result;
  }

  private participantOrganisationIds(pilot: PilotAanvraag): Promise<string[]> {
    return existingOrganisationIds(
      this.deps,
      pilot.organisations.map((o) => o.organisationId),
    );
  }

  private audit(
    actor: KnownActor,
    pilot: PilotAanvraag,
    action: string,
    details: Record<string, unknown> = {},
  ) {
    return recordAudit(this.deps, {
      stream: `pilot-${pilot.id}`,
      actorPersonId: actor.person.id,
      action,
      subjectId: pilot.id,
      details,
    });
  }
}

/** The refusal a step gets for a pilot the actor may not see; reported as not found, never shown. */
const notVisible = refuse('pilot.not-found', {
  nl: 'Deze pilot bestaat niet (meer).',
  en: 'This pilot does not exist (any more).',
});
