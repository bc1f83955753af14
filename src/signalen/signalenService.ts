import { createHash } from 'node:crypto';
import { renderCard } from '../cards/renderCard';
import { meetingFormValuesOf, tableName } from '../cards/views/meetingsViews';
import { onderwerpLabel } from '../cards/views/signalenLabels';
import { signaalBerichtView } from '../cards/views/signalenViews';
import type { KnownActor } from '../domain/registry/actor';
import {
  type LocalisedMessages,
  messagesOf,
  type Refusal,
  refuse,
  type Result,
  succeed,
} from '../domain/shared/result';
import {
  agendaItemOf,
  answerSignaal,
  linkVoorstel,
  maySeeSignaal,
  publicSignaal,
  raiseSignaal,
  requestAgenda,
  signaalAsVoorstelInput,
  summarise,
  wachtlijstPerPerceel,
  type AgendaMeeting,
  type Onderwerp,
  type Signaal,
  type SignaalInput,
  type SignaalSummary,
  type WachtlijstRow,
} from '../domain/signalen';
import { localDateOf, localYearOf, startOfLocalDay } from '../domain/time/amsterdam';
import { localDate, type LocalDate } from '../domain/time/localDate';
import { editVersionOf } from '../meetings/formVersions';
import type { MeetingsService } from '../meetings/meetingsService';
import { DocumentConflictError } from '../storage/documentStore';
import { signaalIdFor, SignalenRepository, toSignaal } from '../storage/signalenRepository';
import { voorstelIdFor, type VoorstellenService } from '../voorstellen/voorstellenService';
import { accessOf, type SignalenAccess } from './access';
import { existingOrganisationIds, gemeenteAdminIds, recordAudit, type SignalenDeps } from './signalenDeps';
import { inBothLanguages } from '../delivery/recipientLocale';

/**
 * Signalen (issue 10; 002 art. 5.5): any contact of a contracted organisation, or the gemeente, raises a signaal;
 * the gemeente reads them in an inbox per onderwerp and sentiment, answers the sender, puts a signaal on the
 * agenda of the next Overlegtafel or makes a voorstel of it, and sees the waiting lists per perceel. Every
 * permission is checked here for every call (and again by the domain for every step); every broadcast is built
 * from the public view (publicSignaal).
 */

export interface SignalenServiceDeps extends SignalenDeps {
  /** Issue 7: a signaal goes on a meeting's agenda through the meetings' own edit path. */
  readonly meetings: MeetingsService;
  /** Issue 5: a signaal becomes a voorstel through the voorstellen' own submission. */
  readonly voorstellen: VoorstellenService;
}

export interface SignaalRef {
  readonly organisationId: string;
  readonly signaalId: string;
}

/** What the gemeente's inbox shows: the counts of a year, the latest signalen (of one onderwerp or all). */
export interface SignaalInbox {
  readonly year: number;
  readonly currentYear: number;
  readonly onderwerp: Onderwerp | null;
  readonly summary: SignaalSummary;
  readonly latest: readonly Signaal[];
  readonly agendaRequests: number;
}

export interface Wachtlijst {
  readonly year: number;
  readonly rows: readonly WachtlijstRow[];
  readonly signalen: readonly Signaal[];
}

/** A signaal is raised for an organisation, or with this choice for the gemeente itself (by an admin). */
export const GEMEENTE_CHOICE = 'gemeente';

export type RaiseOutcome =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'invalid'; readonly messages: LocalisedMessages }
  | { readonly kind: 'raised'; readonly signaal: Signaal };

/** A gemeente step on one signaal; a refusal comes with the signaal as it is stored. */
export type SignaalStep<T = unknown> =
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'refused'; readonly signaal: Signaal; readonly refusal: Refusal }
  | ({ readonly kind: 'done'; readonly signaal: Signaal } & T);

export type Placement =
  | { readonly kind: 'geplaatst'; readonly meeting: AgendaMeeting }
  | { readonly kind: 'geen-overleg' }
  | { readonly kind: 'geweigerd'; readonly reason: LocalisedMessages };

export type AgendaOutcome =
  | SignaalStep<{ readonly placement: Placement }>
  | { readonly kind: 'already-on-agenda'; readonly signaal: Signaal; readonly requestedOn: LocalDate };

export type VoorstelOutcome =
  | SignaalStep<{ readonly voorstelTitle: string }>
  | { readonly kind: 'already-linked'; readonly signaal: Signaal };

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function yearRange(year: number): { from: string; until: string } {
  return {
    from: startOfLocalDay(localDate(year, 1, 1)).toISOString(),
    until: startOfLocalDay(localDate(year + 1, 1, 1)).toISOString(),
  };
}

export class SignalenService {
  private readonly repo: SignalenRepository;

  constructor(private readonly deps: SignalenServiceDeps) {
    this.repo = new SignalenRepository(deps.db);
  }

  access(actor: KnownActor): SignalenAccess {
    return accessOf(actor);
  }

  currentYear(): number {
    return localYearOf(this.deps.now());
  }

  // Reading ----------------------------------------------------------------------------------------------------

  /** The signalen of every organisation the actor raises signalen for, newest first. */
  async ownSignalen(actor: KnownActor): Promise<Signaal[]> {
    const organisationIds = accessOf(actor).signaalOrganisations.map((o) => o.id);
    const lists = await Promise.all(organisationIds.map((id) => this.repo.signalenOf(id)));
    return lists
      .flat()
      .map(toSignaal)
      .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  }

  async inbox(actor: KnownActor, year: number, onderwerp: Onderwerp | null): Promise<Result<SignaalInbox>> {
    if (!accessOf(actor).gemeente) return notAllowed;
    const [all, agenda] = await Promise.all([
      this.repo.listSignalen(yearRange(year)),
      this.repo.agendaRequests(),
    ]);
    const signalen = all.map(toSignaal);
    return succeed({
      year,
      currentYear: this.currentYear(),
      onderwerp,
      summary: summarise(signalen),
      latest: onderwerp ? signalen.filter((s) => s.onderwerp === onderwerp) : signalen,
      agendaRequests: agenda.length,
    });
  }

  /** The signaal, when it exists and the actor may see it. */
  async open(actor: KnownActor, ref: SignaalRef): Promise<Signaal | undefined> {
    const signaal = await this.load(ref);
    return signaal && maySeeSignaal(actor, signaal) ? signaal : undefined;
  }

  async wachtlijst(actor: KnownActor, year: number): Promise<Result<Wachtlijst>> {
    if (!accessOf(actor).gemeente) return notAllowed;
    const docs = await this.repo.listSignalen({ ...yearRange(year), onderwerp: 'wachtlijst' });
    const signalen = docs.map(toSignaal);
    return succeed({ year, rows: wachtlijstPerPerceel(signalen, localDateOf(this.deps.now())), signalen });
  }

  // Raising a signaal ------------------------------------------------------------------------------------------

  /**
   * Raises a signaal for the chosen organisation: GEMEENTE_CHOICE (an admin) for the gemeente itself, nothing
   * chosen for the gemeente (an admin) or the actor's first organisation (a contact). The id comes from the
   * invoke, so a redelivered submission finds the signaal it stored the first time.
   */
  async raise(
    actor: KnownActor,
    input: SignaalInput,
    organisationChoice: string,
    idempotencyKey: string,
  ): Promise<RaiseOutcome> {
    const access = accessOf(actor);
    if (!access.maySignal) return { kind: 'not-allowed' };
    const onBehalfOf =
      organisationChoice === GEMEENTE_CHOICE && access.gemeente
        ? undefined
        : organisationChoice || (access.gemeente ? undefined : access.signaalOrganisations[0]?.id);
    const result = raiseSignaal(
      { id: signaalIdFor(idempotencyKey), input, onBehalfOfOrganisationId: onBehalfOf },
      actor,
      this.deps.now(),
    );
    if (!result.ok) return { kind: 'invalid', messages: messagesOf(result) };
    const { signaal } = result.value;
    try {
      await this.repo.createSignaal(signaal);
      await recordAudit(this.deps, {
        stream: `signaal-${signaal.id}`,
        actorPersonId: actor.person.id,
        action: 'signaal.afgegeven',
        subjectId: signaal.id,
        details: {
          organisationId: signaal.organisationId,
          onderwerp: signaal.onderwerp,
          confidential: signaal.confidential,
        },
      });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      // A redelivered invoke: the first delivery stored it. Anything else under this id is not ours to touch.
      const existing = await this.repo.getSignaal(signaal.organisationId, signaal.id);
      if (existing?.value.raisedBy.personId !== actor.person.id) throw error;
    }
    await this.notifyGemeente(signaal);
    return { kind: 'raised', signaal };
  }

  /** The gemeente hears of a new signaal, from its public view: a confidential one without its text. */
  private async notifyGemeente(signaal: Signaal): Promise<void> {
    const admins = await gemeenteAdminIds(this.deps, signaal.raisedBy.personId);
    if (admins.length === 0 || signaal.raisedBy.capacity === 'gemeente') return;
    const view = publicSignaal(signaal);
    const onderwerp = onderwerpLabel(view.onderwerp, 'nl');
    const result = await this.deps.delivery.enqueue({
      broadcastId: `${signaal.id}-nieuw`,
      title: {
        nl: `Nieuw signaal: ${onderwerp}`,
        en: `New signal: ${onderwerpLabel(view.onderwerp, 'en')}`,
      },
      topic: 'signaal.nieuw',
      message: inBothLanguages((locale) => ({
        card: renderCard('signaalBericht', locale, signaalBerichtView('nieuw', view, null, locale)),
        text:
          locale === 'en'
            ? `${view.organisationName ?? 'The gemeente'} gave a signal about ${onderwerpLabel(view.onderwerp, locale).toLowerCase()}.`
            : `${view.organisationName ?? 'De gemeente'} gaf een signaal af over ${onderwerp.toLowerCase()}.`,
      })),
      audience: { personIds: admins },
      requestedByPersonId: signaal.raisedBy.personId,
    });
    if (!result.ok)
      this.deps.logger.warn('signaal notice not queued', { signaalId: signaal.id, code: result.code });
  }

  // The gemeente's steps ---------------------------------------------------------------------------------------

  /**
   * The gemeente answers the sender. The answer's id comes from the invoke, so a redelivered answer is kept (and
   * sent) once; it goes to the sender and the contacts of the sender's organisation.
   */
  async answer(
    actor: KnownActor,
    ref: SignaalRef,
    text: string,
    idempotencyKey: string,
  ): Promise<SignaalStep<{ readonly sent: Result<{ readonly recipients: number }> }>> {
    if (!accessOf(actor).gemeente) return { kind: 'not-allowed' };
    const answerId = `a-${shortHash(idempotencyKey)}`;
    const now = this.deps.now();
    let answered = '';
    const changed = await this.change(ref, (current) => {
      const result = answerSignaal(current, { id: answerId, text }, actor, now);
      if (!result.ok) return result;
      answered = result.value.answer.text;
      return succeed(result.value.signaal);
    });
    if (changed.kind !== 'done') return changed;
    const { signaal } = changed;
    await this.audit(actor, signaal, 'signaal.beantwoord', { answerId });

    // To the sender's contacts and the sender, from the public view plus the gemeente's own answer.
    const organisationIds = await existingOrganisationIds(this.deps, [signaal.organisationId]);
    const sender = await this.deps.registry.getPerson(signaal.raisedBy.personId);
    const view = publicSignaal(signaal);
    const onderwerp = onderwerpLabel(view.onderwerp, 'nl').toLowerCase();
    const sent = await this.deps.delivery.enqueue({
      broadcastId: `${signaal.id}-${answerId}`,
      title: {
        nl: `Antwoord op signaal over ${onderwerp}`,
        en: `Answer to your signal about ${onderwerpLabel(view.onderwerp, 'en').toLowerCase()}`,
      },
      topic: 'signaal.antwoord',
      message: inBothLanguages((locale) => ({
        card: renderCard('signaalBericht', locale, signaalBerichtView('antwoord', view, answered, locale)),
        text:
          locale === 'en'
            ? `The gemeente answered your signal about ${onderwerpLabel(view.onderwerp, locale).toLowerCase()}.`
            : `De gemeente heeft uw signaal over ${onderwerp} beantwoord.`,
      })),
      audience: { organisationIds, personIds: sender ? [sender.value.id] : [] },
      requestedByPersonId: actor.person.id,
    });
    return { kind: 'done', signaal, sent };
  }

  /**
   * Puts the signaal on the agenda of the next planned Overlegtafel meeting, or "voor de agenda" when none is
   * planned. Asking twice changes nothing.
   */
  async placeOnAgenda(actor: KnownActor, ref: SignaalRef): Promise<AgendaOutcome> {
    if (!accessOf(actor).gemeente) return { kind: 'not-allowed' };
    const signaal = await this.load(ref);
    if (!signaal) return { kind: 'not-found' };
    if (signaal.agenda) {
      const requestedOn = localDateOf(new Date(signaal.agenda.requestedAt));
      return { kind: 'already-on-agenda', signaal, requestedOn };
    }
    const placement = await this.placeOnNextMeeting(actor, signaal);
    const changed = await this.change(ref, (current) =>
      requestAgenda(
        current,
        actor,
        this.deps.now(),
        placement.kind === 'geplaatst' ? placement.meeting : null,
      ),
    );
    if (changed.kind !== 'done') return changed;
    await this.audit(actor, changed.signaal, 'signaal.agenda', {
      meetingId: placement.kind === 'geplaatst' ? placement.meeting.meetingId : null,
    });
    return { ...changed, placement };
  }

  /**
   * Puts the signaal's agendapunt (from its public view) on the agenda of the next planned Overlegtafel meeting,
   * through issue 7's own edit path: the same change as the gemeente adding a row in the meeting form, so the
   * calendar sequence and an agenda already sent are updated the way that feature does it.
   */
  private async placeOnNextMeeting(actor: KnownActor, signaal: Signaal): Promise<Placement> {
    const { meetings } = this.deps;
    const now = this.deps.now().getTime();
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
    if (!updated.ok) return { kind: 'geweigerd', reason: messagesOf(updated) };
    const added = updated.value.value.agenda.find(
      (i) => i.title === item.title && !next.agenda.some((a) => a.id === i.id),
    );
    return meeting(added?.id ?? null);
  }

  /**
   * The gemeente makes a voorstel (issue 5) of the signaal, in concept, submitted by the gemeente. Its id comes
   * from the signaal, so a second click (or a crash between the two writes) finds the same voorstel.
   */
  async makeVoorstel(actor: KnownActor, ref: SignaalRef): Promise<VoorstelOutcome> {
    if (!accessOf(actor).gemeente) return { kind: 'not-allowed' };
    const signaal = await this.load(ref);
    if (!signaal) return { kind: 'not-found' };
    if (signaal.voorstelId) return { kind: 'already-linked', signaal };
    const sender = await this.deps.registry.getOrganisation(signaal.organisationId);
    const key = `signaal:${signaal.id}`;
    const { voorstellen } = this.deps;
    const submitted = await voorstellen.submit(
      actor,
      signaalAsVoorstelInput(signaal, sender?.value),
      undefined,
      key,
    );
    let voorstel: { readonly id: string; readonly title: string };
    if (submitted.ok) voorstel = submitted.value;
    else {
      const existing = await voorstellen.repo.get(voorstelIdFor(key));
      if (!existing) return { kind: 'refused', signaal, refusal: submitted };
      voorstel = existing.value;
    }
    const changed = await this.change(ref, (current) =>
      linkVoorstel(current, voorstel.id, actor, this.deps.now()),
    );
    if (changed.kind !== 'done') return changed;
    await this.audit(actor, signaal, 'signaal.voorstel', { voorstelId: voorstel.id });
    return { ...changed, voorstelTitle: voorstel.title };
  }

  // Helpers ----------------------------------------------------------------------------------------------------

  private async load(ref: SignaalRef): Promise<Signaal | undefined> {
    const found = await this.repo.getSignaal(ref.organisationId, ref.signaalId);
    return found ? toSignaal(found.value) : undefined;
  }

  /** Applies a domain step to the stored signaal; a refusal writes nothing and comes with the stored signaal. */
  private async change(ref: SignaalRef, step: (current: Signaal) => Result<Signaal>): Promise<SignaalStep> {
    const mutation = await this.repo.mutateSignaal(ref.organisationId, ref.signaalId, step);
    if (!mutation) return { kind: 'not-found' };
    if (!mutation.ok) {
      const current = await this.load(ref);
      return current ? { kind: 'refused', signaal: current, refusal: mutation } : { kind: 'not-found' };
    }
    return { kind: 'done', signaal: mutation.value.after };
  }

  private audit(actor: KnownActor, signaal: Signaal, action: string, details: Record<string, unknown>) {
    return recordAudit(this.deps, {
      stream: `signaal-${signaal.id}`,
      actorPersonId: actor.person.id,
      action,
      subjectId: signaal.id,
      details,
    });
  }
}

const notAllowed = refuse('auth.gemeente-only', {
  nl: 'Alleen de gemeente kan dit doen.',
  en: 'Only the gemeente can do this.',
});
