import type { BroadcastMessage } from '../domain/delivery/broadcast';
import { renderCard, type AdaptiveCard, type Locale } from '../cards/renderCard';
import { agendaView, meetingNoticeView, meetingsText } from '../cards/views/meetingsViews';
import type { DeliveryService } from '../delivery/deliveryService';
import { inBothLanguages } from '../delivery/recipientLocale';
import {
  MEETING_NOT_FOUND,
  requireUpcoming,
  updateMeeting,
  type MeetingChange,
  type MeetingEvent,
} from '../domain/meetings';
import type { Actor } from '../domain/registry/actor';
import { requireGemeente } from '../domain/voorstellen/acting';
import type { Versioned } from '../storage/documentStore';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { fromIsoInstant, toIsoInstant } from '../domain/time/amsterdam';
import { formatDateTime } from '../domain/time/english';
import type { Logger } from '../observability/logger';
import {
  withMeeting,
  type MeetingDocument,
  type MeetingMutation,
  type MeetingOutboxEntry,
  type MeetingsRepository,
} from '../storage/meetingsRepository';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { RegistryRepository } from '../storage/registryRepository';
import { MeetingMembers } from './meetingMembers';
import { verslagMessage } from './verslagMessages';

/**
 * What a meeting sends: the agenda with its .ics link and the updates of a sent agenda, the notices about
 * proposed and decided agendapunten, and "the concept verslag is ready". A change records the broadcasts it causes
 * in the meeting's outbox in the same write; the outbox is enqueued right away and, should that fail or the
 * process die, by the scheduled task. Every broadcast id is deterministic, so enqueueing twice sends once.
 */

export const broadcastIdsOf = (meetingId: string) => ({
  agenda: `${meetingId}-agenda`,
  verslag: `${meetingId}-verslag`,
  besluit: (proposalId: string) => `${meetingId}-${proposalId}-besluit`,
  ontvangen: (proposalId: string) => `${meetingId}-${proposalId}-ontvangen`,
  concept: `${meetingId}-concept`,
  inzage: `${meetingId}-verslag-inzage`,
  correctie: (version: number) => `${meetingId}-verslag-v${version}`,
});

/** Which events reach people outside the turn, and how. */
function outboxFor(doc: MeetingDocument, events: readonly MeetingEvent[]): MeetingOutboxEntry[] {
  const ids = broadcastIdsOf(doc.id);
  const entries: MeetingOutboxEntry[] = [];
  for (const event of events) {
    if (event.type === 'agendapunt.besloten')
      entries.push({
        id: ids.besluit(event.proposalId),
        kind: 'agendapunt-besluit',
        proposalId: event.proposalId,
      });
    if (event.type === 'agendapunt.voorgesteld')
      entries.push({
        id: ids.ontvangen(event.proposalId),
        kind: 'agendapunt-ontvangen',
        proposalId: event.proposalId,
      });
    if ((event.type === 'meeting.gewijzigd' || event.type === 'meeting.geannuleerd') && doc.agendaBroadcast) {
      entries.push({
        id: `${doc.agendaBroadcast.broadcastId}-v${event.sequence}`,
        kind: 'agenda-update',
        sequence: event.sequence,
      });
    }
  }
  return entries;
}

export function mergeOutbox(
  existing: readonly MeetingOutboxEntry[],
  added: readonly MeetingOutboxEntry[],
): MeetingOutboxEntry[] {
  const ids = new Set(existing.map((e) => e.id));
  return [...existing, ...added.filter((e) => !ids.has(e.id))];
}

/** A domain change applied to the stored document, with its broadcasts put in the outbox. */
export function applied(doc: MeetingDocument, change: Result<MeetingChange>): Result<MeetingMutation> {
  if (!change.ok) return change;
  if (change.value.meeting === doc && change.value.events.length === 0) return succeed({ doc, events: [] });
  const next = withMeeting(doc, change.value.meeting);
  return succeed({
    doc: { ...next, outbox: mergeOutbox(doc.outbox, outboxFor(next, change.value.events)) },
    events: change.value.events,
  });
}

/** A message from the outbox: to people, or to the contacts of organisations. */
export type OutboxMessage = { title: string; text: string; card: AdaptiveCard } & (
  | { personIds: string[] }
  | { organisationIds: string[] }
);

export interface MeetingBroadcastsDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Where the bot's own pages live, for the .ics links. */
  readonly publicBaseUrl: () => string;
}

export class MeetingBroadcasts {
  constructor(
    private readonly deps: MeetingBroadcastsDeps,
    private readonly repo: MeetingsRepository,
  ) {}

  /**
   * Sends the agenda to every contracted aanbieder and the members, with the .ics link. Idempotent: the
   * broadcast id is the meeting's; a second press reports the first. Later changes go out as updates of it.
   */
  async sendAgenda(
    actor: Actor,
    meetingId: string,
    memberships: MeetingMembers,
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; recipients: number; alreadySent: boolean }>> {
    const gemeente = requireGemeente(actor, { nl: 'de agenda versturen', en: 'send the agenda' });
    if (!gemeente.ok) return gemeente;
    const current = await this.repo.get(meetingId);
    if (!current) return MEETING_NOT_FOUND;
    if (current.value.agendaBroadcast) return succeed({ doc: current, recipients: 0, alreadySent: true });
    const upcoming = requireUpcoming(current.value, this.deps.now());
    if (!upcoming.ok) return upcoming;
    if (current.value.agenda.length === 0)
      return refuse('meeting.empty-agenda', {
        nl: 'De agenda is nog leeg. Voeg eerst agendapunten toe.',
        en: 'The agenda is still empty. Add agenda items first.',
      });
    // The members as they are now: a composition published since planning counts for this meeting.
    const members = await memberships.refreshedMembers(current.value);
    const refreshed = await this.repo.mutate(meetingId, (doc) =>
      applied(doc, updateMeeting(doc, { members }, actor, this.deps.now())),
    );
    if (refreshed && !refreshed.ok) return refreshed;
    const doc = refreshed?.value ?? current;
    const broadcastId = broadcastIdsOf(meetingId).agenda;
    const personId = gemeente.value.person.id;
    const queued = await this.deps.delivery.enqueue({
      broadcastId,
      // The meeting's name is the gemeente's text, the same in both languages.
      title: {
        nl: `Agenda ${doc.value.title}`.slice(0, 200),
        en: `Agenda: ${doc.value.title}`.slice(0, 200),
      },
      topic: 'meetings.agenda',
      message: this.agendaMessage(doc.value),
      audience: { organisationIds: await memberships.everyProvider(doc.value) },
      requestedByPersonId: personId,
      reportToPersonId: personId,
    });
    if (!queued.ok) return queued;
    const at = toIsoInstant(this.deps.now());
    const saved = await this.repo.mutate(meetingId, (d) =>
      d.agendaBroadcast
        ? succeed({ doc: d, events: [] })
        : succeed({
            doc: { ...d, agendaBroadcast: { broadcastId, sequence: d.sequence, at, byPersonId: personId } },
            events: [],
          }),
    );
    if (!saved?.ok) return saved ?? MEETING_NOT_FOUND;
    // A change between rendering and recording the broadcast still has to reach the people who got the card.
    if (saved.value.value.sequence > (saved.value.value.agendaBroadcast?.sequence ?? 0)) {
      await this.repo.mutate(meetingId, (d) =>
        succeed({
          doc: {
            ...d,
            outbox: mergeOutbox(d.outbox, [
              { id: `${broadcastId}-v${d.sequence}`, kind: 'agenda-update', sequence: d.sequence },
            ]),
          },
          events: [],
        }),
      );
      await this.flushOutbox(meetingId);
    }
    return succeed({
      doc: saved.value,
      recipients: queued.value.recipients,
      alreadySent: queued.value.alreadyQueued,
    });
  }

  /** The link to the meeting's calendar file, with its per-meeting token. */
  icsUrlOf(doc: Pick<MeetingDocument, 'id' | 'icsToken'>): string {
    return `${this.deps.publicBaseUrl()}/api/agenda/${doc.id}.ics?token=${encodeURIComponent(doc.icsToken)}`;
  }

  /** The agenda card in both languages: each member gets their own. */
  agendaMessage(doc: MeetingDocument): BroadcastMessage {
    const message = inBothLanguages((locale) => {
      const text = meetingsText(locale);
      const when = formatDateTime(fromIsoInstant(doc.start), locale);
      return {
        card: renderCard(
          'meetingAgenda',
          locale,
          agendaView(doc, this.icsUrlOf(doc), this.deps.now(), locale),
        ),
        text:
          doc.status === 'geannuleerd'
            ? `${text.agendaCancelledText} ${doc.title}, ${when}.`
            : `${text.agendaText} ${doc.title}, ${when}, ${doc.location}.`,
      };
    });
    // An e-mail links the public agenda once the gemeente has published it.
    return { ...message, publication: { kind: 'agenda', sourceId: doc.id } };
  }

  private async outboxMessage(
    doc: MeetingDocument,
    entry: MeetingOutboxEntry,
    locale: Locale,
  ): Promise<OutboxMessage | undefined> {
    const text = meetingsText(locale);
    if (
      entry.kind === 'verslag-inzage' ||
      entry.kind === 'verslag-gedeeld' ||
      entry.kind === 'verslag-correctie'
    ) {
      const everyProvider = () => new MeetingMembers(this.deps).everyProvider(doc);
      return verslagMessage(doc, entry, everyProvider, locale);
    }
    const when = formatDateTime(fromIsoInstant(doc.start), locale);
    if (entry.kind === 'agendapunt-besluit' || entry.kind === 'agendapunt-ontvangen') {
      const proposal = doc.proposals.find((p) => p.id === entry.proposalId);
      if (!proposal) return undefined;
      if (entry.kind === 'agendapunt-besluit') {
        if (proposal.status === 'ingediend') return undefined;
        const accepted = proposal.status === 'geaccepteerd';
        const title = accepted ? text.noticeAcceptedTitle : text.noticeDeclinedTitle;
        const lines = [
          `${accepted ? text.noticeAccepted : text.noticeDeclined} "${proposal.title}" (${doc.title}, ${when}).`,
          ...(proposal.reason ? [`${text.noticeReason} ${proposal.reason}`] : []),
        ];
        return {
          title,
          text: lines.join(' '),
          card: renderCard(
            'meetingNotice',
            locale,
            meetingNoticeView(title, lines, doc.id, 'meeting.agenda', locale),
          ),
          personIds: [proposal.proposedBy.personId],
        };
      }
      const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
      const title = text.noticeProposedTitle;
      const lines = [
        `${proposal.proposedBy.organisationName ?? proposal.proposedBy.personName} ${text.noticeProposed} "${proposal.title}" (${doc.title}, ${when}).`,
      ];
      return {
        title,
        text: lines.join(' '),
        card: renderCard(
          'meetingNotice',
          locale,
          meetingNoticeView(title, lines, doc.id, 'meeting.open', locale),
        ),
        personIds: admins,
      };
    }
    if (entry.kind === 'verslag-concept') {
      const title = text.noticeConceptTitle;
      const lines = [`${text.noticeConcept} ${doc.title} (${when}).`];
      return {
        title,
        text: lines.join(' '),
        card: renderCard(
          'meetingNotice',
          locale,
          meetingNoticeView(title, lines, doc.id, 'meeting.verslag', locale),
        ),
        personIds: [doc.createdBy.personId],
      };
    }
    return undefined;
  }

  private async sendOutboxEntry(doc: MeetingDocument, entry: MeetingOutboxEntry): Promise<void> {
    if (entry.kind === 'agenda-update') {
      const broadcast = doc.agendaBroadcast;
      if (!broadcast || doc.sequence <= broadcast.sequence) return;
      // Always the current state: an older pending update would only show an outdated agenda.
      const result = await this.deps.delivery.enqueueCardUpdate(
        broadcast.broadcastId,
        `v${doc.sequence}`,
        this.agendaMessage(doc),
      );
      if (!result.ok)
        this.deps.logger.warn('agenda update not enqueued', { meetingId: doc.id, code: result.code });
      return;
    }
    const message = await this.outboxMessage(doc, entry, 'nl');
    const english = await this.outboxMessage(doc, entry, 'en');
    if (!message) return;
    const audience =
      'organisationIds' in message
        ? { organisationIds: message.organisationIds }
        : { personIds: message.personIds };
    if ((audience.organisationIds ?? audience.personIds ?? []).length === 0) return;
    const result = await this.deps.delivery.enqueue({
      broadcastId: entry.id,
      title: { nl: message.title.slice(0, 200), en: (english ?? message).title.slice(0, 200) },
      topic: `meetings.${entry.kind}`,
      message: {
        card: message.card,
        text: message.text,
        ...(english ? { en: { card: english.card, text: english.text } } : {}),
        // The shared (vastgestelde) verslag and its corrections: an e-mail links the public page once published.
        ...(entry.kind === 'verslag-gedeeld' || entry.kind === 'verslag-correctie'
          ? { publication: { kind: 'verslag', sourceId: doc.id } }
          : {}),
      },
      audience,
      requestedByPersonId: null,
    });
    // A refusal (a person removed meanwhile) will not change by trying again: log it and let the entry go.
    if (!result.ok)
      this.deps.logger.warn('meeting message not enqueued', { meetingId: doc.id, code: result.code });
  }

  /** Enqueues what the outbox holds and removes what was enqueued; a failure leaves it for the scheduler. */
  async flushOutbox(meetingId: string): Promise<void> {
    const current = await this.repo.get(meetingId);
    if (!current || current.value.outbox.length === 0) return;
    const done: string[] = [];
    for (const entry of current.value.outbox) {
      try {
        await this.sendOutboxEntry(current.value, entry);
        done.push(entry.id);
      } catch (error) {
        this.deps.logger.warn('meeting outbox entry failed; the scheduler retries', {
          meetingId,
          entry: entry.id,
          error: (error as Error).message,
        });
      }
    }
    if (done.length === 0) return;
    await this.repo.mutate(meetingId, (doc) =>
      succeed({ doc: { ...doc, outbox: doc.outbox.filter((e) => !done.includes(e.id)) }, events: [] }),
    );
  }
}
