import type { DeliveryService } from '../delivery/deliveryService';
import { draftVerslag, MEETING_NOT_FOUND } from '../domain/meetings';
import type { Actor } from '../domain/registry/actor';
import { refuse, refuseFields, succeed, type Result } from '../domain/shared/result';
import { toIsoInstant } from '../domain/time/amsterdam';
import { requireGemeente } from '../domain/voorstellen/acting';
import { checkText, FieldProblems } from '../domain/voorstellen/textRules';
import type { Voorstel } from '../domain/voorstellen/voorstel';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { StaleDocumentError, type Versioned } from '../storage/documentStore';
import type { MeetingDocument, MeetingsRepository, VerslagState } from '../storage/meetingsRepository';
import { OntwikkeltafelsRepository, toRapportage, toTafel } from '../storage/ontwikkeltafelsRepository';
import { toVoorstel, VoorstellenRepository } from '../storage/voorstellenRepository';
import { verslagVersionOf } from './formVersions';
import { broadcastIdsOf, mergeOutbox, type MeetingBroadcasts } from './meetingBroadcasts';

/**
 * The verslag of a meeting: the bot drafts a concept from the agenda, the attendance and the votes closed since
 * the previous meeting once the meeting has begun; the gemeente completes it (its way to vastgesteld and to every
 * provider is in verslagReview.ts). The gemeente's own edits are never overwritten except on its explicit request.
 */

export const VERSLAG_MAX_CHARS = 15_000;

export interface MeetingVerslagenDeps {
  readonly db: TafelbotDatabase;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
}

export class MeetingVerslagen {
  constructor(
    private readonly deps: MeetingVerslagenDeps,
    private readonly repo: MeetingsRepository,
    private readonly broadcasts: MeetingBroadcasts,
  ) {}

  /** The concept verslag from the agenda, attendance, and the votes closed since the previous meeting. */
  async composeVerslag(doc: MeetingDocument): Promise<string> {
    const tafelsRepo = new OntwikkeltafelsRepository(this.deps.db);
    const [previous, voorstelDocs, tafelDocs, reportDocs] = await Promise.all([
      this.repo.previousOf(doc),
      new VoorstellenRepository(this.deps.db).list(),
      tafelsRepo.listTafels(),
      tafelsRepo.listAllReports(),
    ]);
    const voorstellen: Voorstel[] = voorstelDocs.map((d) => toVoorstel(d));
    return draftVerslag({
      meeting: doc,
      previousMeeting: previous,
      voorstellen,
      tafels: tafelDocs.map(toTafel),
      reports: reportDocs.map(toRapportage),
    });
  }

  /**
   * Drafts (or with `replaceUnedited`/`force` redrafts) the concept verslag of a meeting that has begun. The
   * gemeente's own edits are never overwritten except on its explicit request (`force`).
   */
  async draft(
    meetingId: string,
    options: { replaceUnedited?: boolean; force?: boolean; notify?: boolean } = {},
  ): Promise<Versioned<MeetingDocument> | undefined> {
    const current = await this.repo.get(meetingId);
    if (!current) return undefined;
    const markdown = await this.composeVerslag(current.value);
    const at = toIsoInstant(this.deps.now());
    const result = await this.repo.mutate(meetingId, (doc) => {
      const existing = doc.verslag;
      const mayReplace =
        existing === null ||
        (existing.status === 'concept' &&
          (options.force || (options.replaceUnedited && existing.editedByPersonId === null)));
      if (!mayReplace) return succeed({ doc, events: [] });
      const verslag: VerslagState = {
        markdown,
        status: 'concept',
        draftedAt: at,
        editedByPersonId: null,
        editedAt: null,
        publishedAt: null,
        publishedByPersonId: null,
        broadcastId: null,
      };
      const outbox =
        existing === null && options.notify
          ? mergeOutbox(doc.outbox, [{ id: broadcastIdsOf(doc.id).concept, kind: 'verslag-concept' }])
          : doc.outbox;
      return succeed({ doc: { ...doc, verslag, outbox }, events: [] });
    });
    if (!result?.ok) return undefined;
    if (options.notify) await this.broadcasts.flushOutbox(meetingId);
    return result.value;
  }

  private checkVerslag(markdown: string): Result<string> {
    const problems = new FieldProblems();
    const text = checkText(problems, 'markdown', markdown, {
      label: { nl: 'Het verslag', en: 'The minutes' },
      min: 20,
      max: VERSLAG_MAX_CHARS,
      multiline: true,
    });
    return problems.any ? refuseFields('verslag.invalid', problems.all) : succeed(text);
  }

  /** The gemeente saves its completed text; from then on the bot no longer redrafts it by itself. */
  async saveVerslag(
    actor: Actor,
    meetingId: string,
    markdown: string,
    version: string,
  ): Promise<Result<Versioned<MeetingDocument>>> {
    const gemeente = requireGemeente(actor, { nl: 'het verslag bewerken', en: 'edit the minutes' });
    if (!gemeente.ok) return gemeente;
    const text = this.checkVerslag(markdown);
    if (!text.ok) return text;
    const at = toIsoInstant(this.deps.now());
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (!doc.verslag)
        return refuse('verslag.none', {
          nl: 'Er is nog geen concept verslag voor dit overleg.',
          en: 'There are no draft minutes for this meeting yet.',
        });
      if (doc.verslag.status === 'gepubliceerd')
        return refuse('verslag.published', {
          nl: 'Het verslag is al gepubliceerd en kan niet meer worden gewijzigd.',
          en: 'The minutes have already been published and can no longer be changed.',
        });
      if (version && verslagVersionOf(doc) !== version) throw new StaleDocumentError(doc.id);
      if (doc.verslag.markdown === text.value) return succeed({ doc, events: [] });
      return succeed({
        doc: {
          ...doc,
          verslag: {
            ...doc.verslag,
            markdown: text.value,
            editedByPersonId: gemeente.value.person.id,
            editedAt: at,
          },
        },
        events: [],
      });
    });
    return result ?? MEETING_NOT_FOUND;
  }
}
