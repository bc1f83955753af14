import {
  renderVoorstelCard,
  voorstelCardView,
  voorstelOutcomeView,
  voorstellenText,
  voteCardView,
  type Notice,
} from '../cards/views/voorstellenViews';
import type { DeliveryService } from '../delivery/deliveryService';
import { flushOutbox, withoutEntry } from '../delivery/outboxFlush';
import { inBothLanguages } from '../delivery/recipientLocale';
import type { Locale } from '../cards/renderCard';
import type { BroadcastAudience, BroadcastMessage, BroadcastTitle } from '../domain/delivery/broadcast';
import type { Organisation } from '../domain/registry/registry';
import type { Result } from '../domain/shared/result';
import {
  partiesWithoutVote,
  publicView,
  type PublicVoorstel,
  type Voorstel,
  type VoorstelEvent,
} from '../domain/voorstellen';
import type { Logger } from '../observability/logger';
import { updateWithRetry } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import {
  isClosing,
  toVoorstel,
  type OutboxEntry,
  type VoorstellenRepository,
  type VoorstelDocument,
} from '../storage/voorstellenRepository';
import { dueReminderSlot, reminderBroadcastId } from './reminders';

/**
 * The broadcasts of voorstellen. A use case records the broadcasts it causes in the voorstel's outbox in the
 * same write as its change; the outbox is then enqueued right away and, should that fail or the process die, by
 * the scheduled task. Every broadcast id is deterministic, so enqueueing twice sends once. The reminders to the
 * parties that have not voted go the same way.
 */

export interface VoorstelOutboxDeps {
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly logger: Logger;
  /** Sets up the ontwikkeltafel of an adopted voorstel "ontwikkeltafel instellen" (idempotent). */
  readonly tafels: {
    createFromVoorstel(voorstel: Voorstel): Promise<Result<unknown>>;
  };
}

/** Attempts of a read-modify-write of a voorstel document before a conflict is given up. */
export const WRITE_ATTEMPTS = 6;

/** Events that cause a broadcast; the others are recorded in the documents only. */
const OUTBOX_EVENTS: ReadonlySet<VoorstelEvent['type']> = new Set([
  'voorstel.ingediend',
  'reactieperiode.geopend',
  'stemming.geopend',
  'stemming.gesloten',
  'voorstel.uitgewerkt',
  'voorstel.afgewezen',
  'voorstel.vastgesteld',
  'voorstel.niet-vastgesteld',
  'ontwikkeling.gemeld',
]);

/** One entry per event; a voorstel can have several developments, so theirs carry the development's id. */
export function outboxEntries(events: readonly VoorstelEvent[]): OutboxEntry[] {
  return events
    .filter((e) => OUTBOX_EVENTS.has(e.type))
    .map((event) => ({
      id: event.type === 'ontwikkeling.gemeld' ? `${event.type}-${event.ontwikkelingId}` : event.type,
      event,
    }));
}

export function mergeOutbox(existing: readonly OutboxEntry[], added: readonly OutboxEntry[]): OutboxEntry[] {
  const ids = new Set(existing.map((e) => e.id));
  return [...existing, ...added.filter((e) => !ids.has(e.id))];
}

export class VoorstelOutbox {
  constructor(
    private readonly deps: VoorstelOutboxDeps,
    private readonly repo: VoorstellenRepository,
  ) {}

  /** Enqueues the broadcasts in the voorstel's outbox, removing each entry once it is enqueued. */
  flush(id: string): Promise<void> {
    return flushOutbox({
      read: async () => (await this.repo.get(id))?.value,
      effect: (doc, entry: OutboxEntry) => this.effect(doc, entry.event),
      settle: (entry, broadcasts) => this.updateDocument(id, (d) => withoutEntry(d, entry.id, broadcasts)),
      // Left in the outbox: the scheduled task tries again.
      failed: (error) =>
        this.deps.logger.error('voorstel broadcast not enqueued yet', {
          voorstelId: id,
          error: error.message,
        }),
    });
  }

  private async effect(doc: VoorstelDocument, event: VoorstelEvent): Promise<string[]> {
    const voorstel = toVoorstel(doc);
    const pub = publicView(voorstel);
    const organisations = await this.deps.registry.listOrganisations();
    const contracted = organisations.filter((o) => o.type === 'aanbieder' && o.contracted);
    // The fixed part in the reader's language, the voorstel's own title as its author wrote it.
    const title = (prefix: BroadcastTitle): BroadcastTitle => ({
      nl: `${prefix.nl}: ${voorstel.title}`.slice(0, 200),
      en: `${prefix.en}: ${voorstel.title}`.slice(0, 200),
    });
    switch (event.type) {
      case 'voorstel.ingediend': {
        return this.notifyAdmins(pub, {
          broadcastId: `${doc.id}-ingediend`,
          topic: 'voorstel.ingediend',
          title: title({ nl: 'Nieuw voorstel', en: 'New proposal' }),
          notice: (locale) => ({
            title: voorstellenText(locale, 'ingediendTitle'),
            text: voorstellenText(locale, 'ingediend', {
              organisation: voorstel.submittedBy.organisationName ?? voorstel.submittedBy.personName,
              title: voorstel.title,
            }),
            style: 'accent',
          }),
          text: (locale) =>
            locale === 'en'
              ? `New proposal submitted: ${voorstel.title}`
              : `Nieuw voorstel ingediend: ${voorstel.title}`,
        });
      }
      case 'reactieperiode.geopend': {
        const message = inBothLanguages((locale) => ({
          card: renderVoorstelCard(
            'voorstelCard',
            locale,
            voorstelCardView(
              pub,
              { mode: 'broadcast', reaction: { organisations: [], current: null } },
              locale,
            ),
          ),
          text:
            locale === 'en'
              ? `New proposal for reactions: ${voorstel.title}`
              : `Nieuw voorstel ter reactie: ${voorstel.title}`,
        }));
        const broadcastId = `${doc.id}-reactie`;
        const by = doc.reactionWindow?.openedBy.personId ?? null;
        await this.broadcast(
          broadcastId,
          'voorstel.reactie',
          title({ nl: 'Voorstel ter reactie', en: 'Proposal for reactions' }),
          message,
          { organisationIds: contracted.map((o) => o.id) },
          by,
        );
        return [broadcastId];
      }
      case 'stemming.geopend': {
        const partyIds = await this.existingOrganisations(event.partyIds, organisations);
        const refreshUserIds = await this.teamsUserIdsOf(partyIds);
        const message = inBothLanguages((locale) => ({
          card: renderVoorstelCard(
            'voorstelVote',
            locale,
            voteCardView(voorstel, pub, { mode: 'broadcast', refreshUserIds }, locale),
          ),
          text:
            locale === 'en'
              ? `Vote opened on: ${voorstel.title}`
              : `Stemming geopend over: ${voorstel.title}`,
        }));
        const broadcastId = `${doc.id}-stemming`;
        await this.broadcast(
          broadcastId,
          'voorstel.stemming',
          title({ nl: 'Stemming', en: 'Vote' }),
          message,
          { organisationIds: partyIds },
          doc.stemming?.openedBy.personId ?? null,
        );
        return [broadcastId];
      }
      case 'stemming.gesloten': {
        // Every vote card sent (the first one and the reminders) now says "gesloten", in place.
        const closed = inBothLanguages((locale) => ({
          card: renderVoorstelCard(
            'voorstelVote',
            locale,
            voteCardView(voorstel, pub, { mode: 'broadcast', refreshUserIds: [] }, locale),
          ),
          text:
            locale === 'en'
              ? `The vote on "${voorstel.title}" is closed.`
              : `De stemming over "${voorstel.title}" is gesloten.`,
        }));
        const sources = [
          `${doc.id}-stemming`,
          ...doc.broadcasts.filter((b) => b.startsWith(`${doc.id}-herinnering`)),
        ];
        for (const source of sources) {
          const update = await this.deps.delivery.enqueueCardUpdate(source, 'gesloten', closed);
          if (!update.ok && update.code !== 'broadcast.unknown') throw new Error(update.messages.join(' '));
        }
        if (event.unanimous) return [];
        return this.notifyAdmins(pub, {
          broadcastId: `${doc.id}-besluit-nodig`,
          topic: 'voorstel.besluit-nodig',
          title: title({ nl: 'Besluit nodig', en: 'Decision needed' }),
          notice: (locale) => ({
            title: voorstellenText(locale, 'besluitNodigTitle'),
            text: voorstellenText(locale, 'besluitNodig', { title: voorstel.title }),
            style: 'warning',
          }),
          text: (locale) =>
            locale === 'en'
              ? `Decision needed: the vote on "${voorstel.title}" closed without unanimity.`
              : `Besluit nodig: de stemming over "${voorstel.title}" is gesloten zonder unanimiteit.`,
        });
      }
      case 'voorstel.uitgewerkt': {
        // Uitgewerkt is not yet adopted: the gemeente's bestuur decides first [002 art. 9.1-9.2].
        const sent = await this.notifyAdmins(pub, {
          broadcastId: `${doc.id}-vaststelling-nodig`,
          topic: 'voorstel.vaststelling-nodig',
          title: title({ nl: 'Vaststelling nodig', en: 'Adoption needed' }),
          notice: (locale) => ({
            title: voorstellenText(locale, 'vaststellingNodigTitle'),
            text: voorstellenText(locale, 'vaststellingNodig', { title: voorstel.title }),
            style: 'warning',
          }),
          text: (locale) =>
            locale === 'en'
              ? `Adoption needed: "${voorstel.title}" is worked out and goes to the municipal executive.`
              : `Vaststelling nodig: "${voorstel.title}" is uitgewerkt en gaat naar het bestuur.`,
        });
        return [...sent, ...(await this.outcomeToAll(doc, pub, contracted, organisations, [], 'uitkomst'))];
      }
      case 'voorstel.afgewezen':
        return this.outcomeToAll(doc, pub, contracted, organisations, [], 'uitkomst');
      case 'voorstel.vastgesteld':
      case 'voorstel.niet-vastgesteld': {
        if (event.type === 'voorstel.vastgesteld' && voorstel.type === 'ontwikkeltafel') {
          // The table first: should this fail, the entry stays in the outbox and is tried again.
          const created = await this.deps.tafels.createFromVoorstel(voorstel);
          if (!created.ok) throw new Error(`ontwikkeltafel not set up: ${created.code}`);
        }
        const asked = event.type === 'voorstel.vastgesteld' && event.addendum;
        const addendumIds = asked
          ? await this.existingOrganisations(
              (voorstel.adoption?.addendum?.organisations ?? []).map((o) => o.organisationId),
              organisations,
            )
          : [];
        const sent: string[] = [];
        if (addendumIds.length > 0) {
          const broadcastId = `${doc.id}-addendum`;
          const message = inBothLanguages((locale) => ({
            card: renderVoorstelCard(
              'voorstelOutcome',
              locale,
              voorstelOutcomeView(pub, { addendum: true }, locale),
            ),
            text:
              locale === 'en'
                ? `Proposal adopted, addendum to your contract: please say whether you join. ${voorstel.title}`
                : `Voorstel vastgesteld, addendum bij uw contract: laat weten of u meedoet. ${voorstel.title}`,
          }));
          const queued = await this.broadcast(
            broadcastId,
            'voorstel.addendum',
            title({ nl: 'Addendum', en: 'Addendum' }),
            message,
            { organisationIds: addendumIds },
            voorstel.adoption?.recordedBy.personId ?? null,
          );
          if (queued) sent.push(broadcastId);
        }
        return [
          ...sent,
          ...(await this.outcomeToAll(doc, pub, contracted, organisations, addendumIds, 'vaststelling')),
        ];
      }
      case 'ontwikkeling.gemeld': {
        const ontwikkeling = (voorstel.ontwikkelingen ?? []).find((o) => o.id === event.ontwikkelingId);
        if (!ontwikkeling) return [];
        const broadcastId = `${doc.id}-${ontwikkeling.id}`;
        const partyIds = (voorstel.stemming?.parties ?? []).map((p) => p.organisationId);
        const audience = await this.existingOrganisations(
          [...new Set([...partyIds, ...contracted.map((o) => o.id)])],
          organisations,
        );
        const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
        const by = ontwikkeling.reportedBy.organisationName ?? ontwikkeling.reportedBy.personName;
        const message = inBothLanguages((locale) => ({
          card: renderVoorstelCard(
            'voorstelCard',
            locale,
            voorstelCardView(
              pub,
              {
                mode: 'broadcast',
                notice: {
                  title: voorstellenText(locale, 'ontwikkelingTitle', { by }),
                  text: ontwikkeling.text,
                  style: 'warning',
                },
              },
              locale,
            ),
          ),
          text:
            locale === 'en'
              ? `Unexpected development in "${voorstel.title}", reported by ${by}.`
              : `Onverwachte ontwikkeling bij "${voorstel.title}", gemeld door ${by}.`,
        }));
        const queued = await this.broadcast(
          broadcastId,
          'voorstel.ontwikkeling',
          title({ nl: 'Onverwachte ontwikkeling', en: 'Unexpected development' }),
          message,
          { organisationIds: audience, personIds: admins },
          ontwikkeling.reportedBy.personId,
        );
        return queued ? [broadcastId] : [];
      }
      default:
        return [];
    }
  }

  /**
   * The outcome card to every provider (the parties of the vote and all contracted aanbieders) except those in
   * `except`, who got a card of their own.
   */
  private async outcomeToAll(
    doc: VoorstelDocument,
    pub: PublicVoorstel,
    contracted: readonly Organisation[],
    organisations: readonly Organisation[],
    except: readonly string[],
    suffix: 'uitkomst' | 'vaststelling',
  ): Promise<string[]> {
    const partyIds = (doc.stemming?.parties ?? []).map((p) => p.organisationId);
    const ids = [...new Set([...partyIds, ...contracted.map((o) => o.id)])].filter(
      (o) => !except.includes(o),
    );
    const existing = await this.existingOrganisations(ids, organisations);
    if (existing.length === 0) return [];
    const broadcastId = `${doc.id}-${suffix}`;
    const heading = (locale: 'nl' | 'en') =>
      String(voorstelOutcomeView(pub, { addendum: false }, locale).view?.heading);
    const message = inBothLanguages((locale) => ({
      card: renderVoorstelCard(
        'voorstelOutcome',
        locale,
        voorstelOutcomeView(pub, { addendum: false }, locale),
      ),
      text: `${heading(locale)}: ${pub.title}`,
    }));
    // An e-mail links the public besluit once the gemeente has published it.
    const withPage = { ...message, publication: { kind: 'besluit', sourceId: doc.id } };
    const queued = await this.broadcast(
      broadcastId,
      suffix === 'uitkomst' ? 'voorstel.uitkomst' : 'voorstel.vaststelling',
      {
        nl: `${heading('nl')}: ${pub.title}`.slice(0, 200),
        en: `${heading('en')}: ${pub.title}`.slice(0, 200),
      },
      withPage,
      { organisationIds: existing },
      null,
    );
    return queued ? [broadcastId] : [];
  }

  /** Tells the gemeente's admins about the voorstel: its card with a notice on top. No admins, no broadcast. */
  private async notifyAdmins(
    pub: PublicVoorstel,
    message: {
      broadcastId: string;
      topic: string;
      title: BroadcastTitle;
      notice: (locale: Locale) => Notice;
      text: (locale: Locale) => string;
    },
  ): Promise<string[]> {
    const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
    if (admins.length === 0) return [];
    await this.broadcast(
      message.broadcastId,
      message.topic,
      message.title,
      inBothLanguages((locale) => ({
        card: renderVoorstelCard(
          'voorstelCard',
          locale,
          voorstelCardView(pub, { mode: 'broadcast', notice: message.notice(locale) }, locale),
        ),
        text: message.text(locale),
      })),
      { personIds: admins },
      null,
    );
    return [message.broadcastId];
  }

  /**
   * Enqueues one broadcast. An audience without anyone to reach is not an error worth retrying forever: it is
   * logged and the entry is done. Anything else that is refused stays in the outbox.
   */
  private async broadcast(
    broadcastId: string,
    topic: string,
    title: BroadcastTitle,
    message: BroadcastMessage,
    audience: BroadcastAudience,
    requestedBy: string | null,
  ): Promise<boolean> {
    const queued = await this.deps.delivery.enqueueUnlessNobody({
      broadcastId,
      title,
      topic,
      message,
      audience,
      requestedByPersonId: requestedBy,
      reportToPersonId: requestedBy,
    });
    if (!queued) this.deps.logger.warn('voorstel broadcast without recipients', { broadcastId });
    return queued;
  }

  private async recordBroadcast(id: string, broadcastId: string): Promise<void> {
    await this.updateDocument(id, (d) => ({
      ...d,
      broadcasts: [...new Set([...d.broadcasts, broadcastId])],
    }));
  }

  private async updateDocument(
    id: string,
    change: (doc: VoorstelDocument) => VoorstelDocument,
  ): Promise<void> {
    await updateWithRetry(this.repo.voorstellen, id, change, { attempts: WRITE_ATTEMPTS });
  }

  /** Organisation ids that still exist (the delivery refuses unknown ones). */
  private async existingOrganisations(
    ids: readonly string[],
    known?: readonly Organisation[],
  ): Promise<string[]> {
    const organisations = known ?? (await this.deps.registry.listOrganisations());
    const existing = new Set(organisations.map((o) => o.id));
    return ids.filter((id) => existing.has(id));
  }

  /** The Teams user ids (MRIs) of the contacts of these organisations, for a card's per-user refresh (max 60). */
  async teamsUserIdsOf(organisationIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(organisationIds);
    const people = (await this.deps.registry.listPeople()).filter(
      (p) => p.aadObjectId && p.memberships.some((m) => wanted.has(m.organisationId)),
    );
    const users = await Promise.all(
      people.slice(0, 60).map((p) => this.deps.registry.getTeamsUser(p.aadObjectId ?? '')),
    );
    return users.map((u) => u?.value.reference?.user?.id).filter((id): id is string => Boolean(id));
  }

  /** Reminds the parties that have not voted (only those), 3 days and 1 day before the deadline. */
  async sendReminders(now: Date): Promise<void> {
    for (const doc of await this.repo.list(['stemming'])) {
      const stemming = doc.stemming;
      if (!stemming || isClosing(doc, now)) continue;
      const slot = dueReminderSlot(stemming, now);
      if (slot === undefined) continue;
      const broadcastId = reminderBroadcastId(doc.id, slot);
      if (doc.broadcasts.includes(broadcastId)) continue;
      const voorstel = toVoorstel(doc, [], await this.repo.listBallots(doc.id));
      const missing = partiesWithoutVote(voorstel).map((p) => p.organisationId);
      if (missing.length > 0) {
        const refreshUserIds = await this.teamsUserIdsOf(missing);
        const message = inBothLanguages((locale) => ({
          card: renderVoorstelCard(
            'voorstelVote',
            locale,
            voteCardView(
              voorstel,
              publicView(voorstel),
              { mode: 'broadcast', reminder: true, refreshUserIds },
              locale,
            ),
          ),
          text:
            locale === 'en'
              ? `Reminder: your organisation has not voted yet on "${voorstel.title}".`
              : `Herinnering: uw organisatie heeft nog niet gestemd over "${voorstel.title}".`,
        }));
        const sent = await this.broadcast(
          broadcastId,
          'voorstel.herinnering',
          {
            nl: `Herinnering stemming: ${voorstel.title}`.slice(0, 200),
            en: `Vote reminder: ${voorstel.title}`.slice(0, 200),
          },
          message,
          { organisationIds: await this.existingOrganisations(missing) },
          null,
        );
        if (!sent) continue;
      }
      await this.recordBroadcast(doc.id, broadcastId);
    }
  }
}
