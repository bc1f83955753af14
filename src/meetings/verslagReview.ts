import {
  commentPeriodOpen,
  correctVerslag,
  MEETING_NOT_FOUND,
  processComment,
  sendForComments,
  submitComment,
  vaststellen,
  type Verslag,
  type VerslagComment,
  type VerslagVersion,
} from '../domain/meetings';
import type { Actor, KnownActor } from '../domain/registry/actor';
import { refuse, succeed, type Result } from '../domain/shared/result';
import type { Versioned } from '../storage/documentStore';
import type { MeetingDocument, MeetingOutboxEntry, MeetingsRepository } from '../storage/meetingsRepository';
import type { RegistryRepository } from '../storage/registryRepository';
import { broadcastIdsOf, mergeOutbox, type MeetingBroadcasts } from './meetingBroadcasts';
import type { MeetingVerslagen } from './meetingVerslag';

/**
 * The verslag's way to vastgesteld (issue 19, seed 003): the gemeente sends the concept to the attendees, they
 * comment within the period, the gemeente processes every comment and marks the verslag vastgesteld, which shares
 * it with every provider; a correction after that is a new version with its reason. Each step is one conditional
 * write of the meeting document with its broadcast in the outbox (enqueued right away, or by the scheduled task),
 * and is recorded in the audit trail.
 */

export interface VerslagReviewDeps {
  readonly registry: Pick<RegistryRepository, 'recordAudit'>;
  readonly now: () => Date;
}

/** Whether the actor may comment on the concept, for which of their organisations, and whether it is still open. */
export type CommentOpening =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-an-attendee'; readonly doc: MeetingDocument }
  | {
      readonly kind: 'attendee';
      readonly doc: MeetingDocument;
      readonly organisations: Array<{ organisationId: string; name: string }>;
      readonly open: boolean;
    };

const NO_VERSLAG = refuse('verslag.none', {
  nl: 'Er is nog geen concept verslag voor dit overleg.',
  en: 'There are no draft minutes for this meeting yet.',
});

export class MeetingVerslagReview {
  constructor(
    private readonly deps: VerslagReviewDeps,
    private readonly repo: MeetingsRepository,
    private readonly verslagen: MeetingVerslagen,
    private readonly broadcasts: MeetingBroadcasts,
  ) {}

  private async audit(
    actor: Actor,
    meetingId: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.registry.recordAudit({
      stream: `meeting-${meetingId}`,
      actorPersonId: actor.kind === 'person' ? actor.person.id : null,
      action,
      subjectId: meetingId,
      details,
    });
  }

  /** Applies a domain step to the stored verslag, with the broadcast it causes in the outbox. */
  private async step<T>(
    meetingId: string,
    apply: (verslag: Verslag, doc: MeetingDocument) => Result<{ verslag: Verslag; extra: T }>,
    outbox: (doc: MeetingDocument, extra: T) => MeetingOutboxEntry[] = () => [],
  ): Promise<Result<{ doc: Versioned<MeetingDocument>; extra: T }>> {
    let extra: T | undefined;
    const result = await this.repo.mutate(meetingId, (doc) => {
      if (!doc.verslag) return NO_VERSLAG;
      const applied = apply(doc.verslag, doc);
      if (!applied.ok) return applied;
      extra = applied.value.extra;
      if (applied.value.verslag === doc.verslag) return succeed({ doc, events: [] });
      const next = { ...doc, verslag: applied.value.verslag };
      return succeed({
        doc: { ...next, outbox: mergeOutbox(doc.outbox, outbox(next, applied.value.extra)) },
        events: [],
      });
    });
    if (!result) return MEETING_NOT_FOUND;
    if (!result.ok) return result;
    return succeed({ doc: result.value, extra: extra as T });
  }

  /**
   * The domain step on the stored verslag without writing: a step that will be refused (a wrong period, comments
   * still open) must not save the form's text first, or the form the person corrects would be stale.
   */
  private async check(
    meetingId: string,
    apply: (verslag: Verslag, doc: MeetingDocument) => Result<unknown>,
  ): Promise<Result<true>> {
    const doc = (await this.repo.get(meetingId))?.value;
    if (!doc) return MEETING_NOT_FOUND;
    if (!doc.verslag) return NO_VERSLAG;
    const result = apply(doc.verslag, doc);
    return result.ok ? succeed(true) : result;
  }

  /** Saves the text on the form, then sends the concept to the attendees with the period ending on `deadline`. */
  async sendForComments(
    actor: Actor,
    meetingId: string,
    form: { readonly markdown: string; readonly version: string; readonly deadline: string },
  ): Promise<Result<{ doc: MeetingDocument; attendees: number }>> {
    const now = this.deps.now();
    const dryRun = await this.check(meetingId, (verslag, doc) =>
      sendForComments(verslag, doc, { deadline: form.deadline }, actor, now),
    );
    if (!dryRun.ok) return dryRun;
    const saved = await this.verslagen.saveVerslag(actor, meetingId, form.markdown, form.version);
    if (!saved.ok) return saved;
    const sent = await this.step(
      meetingId,
      (verslag, doc) => {
        const next = sendForComments(verslag, doc, { deadline: form.deadline }, actor, now);
        return next.ok ? succeed({ verslag: next.value, extra: null }) : next;
      },
      (doc) => [{ id: broadcastIdsOf(doc.id).inzage, kind: 'verslag-inzage' }],
    );
    if (!sent.ok) return sent;
    const review = sent.value.doc.value.verslag?.review;
    await this.audit(actor, meetingId, 'verslag.ter-inzage', {
      deadline: review?.deadline ?? null,
      attendees: review?.attendees ?? [],
    });
    await this.broadcasts.flushOutbox(meetingId);
    return succeed({ doc: sent.value.doc.value, attendees: review?.attendees.length ?? 0 });
  }

  /** The actor's organisations that attended, for the comment form. */
  async commentOpening(actor: KnownActor, meetingId: string): Promise<CommentOpening> {
    const doc = (await this.repo.get(meetingId))?.value;
    if (!doc?.verslag?.review) return doc ? { kind: 'not-an-attendee', doc } : { kind: 'not-found' };
    const attendees = doc.verslag.review.attendees;
    const organisations = actor.roles
      .filter((r) => attendees.includes(r.organisation.id))
      .map((r) => ({ organisationId: r.organisation.id, name: r.organisation.name }));
    if (organisations.length === 0) return { kind: 'not-an-attendee', doc };
    return {
      kind: 'attendee',
      doc,
      organisations,
      open: commentPeriodOpen(doc.verslag, this.deps.now()),
    };
  }

  async submitComment(
    actor: Actor,
    meetingId: string,
    input: { readonly organisationId: string; readonly text: string; readonly nonce: string },
  ): Promise<Result<{ doc: MeetingDocument; comment: VerslagComment }>> {
    const now = this.deps.now();
    let fresh = false;
    const submitted = await this.step(meetingId, (verslag) => {
      const next = submitComment(
        verslag,
        { organisationId: input.organisationId, text: input.text, id: `commentaar-${input.nonce}` },
        actor,
        now,
      );
      if (!next.ok) return next;
      fresh = next.value.verslag !== verslag;
      return succeed({ verslag: next.value.verslag, extra: next.value.comment });
    });
    if (!submitted.ok) return submitted;
    const comment = submitted.value.extra;
    if (fresh)
      await this.audit(actor, meetingId, 'verslag.commentaar', {
        commentId: comment.id,
        organisationId: comment.organisationId,
      });
    return succeed({ doc: submitted.value.doc.value, comment });
  }

  async processComment(
    actor: Actor,
    meetingId: string,
    input: { readonly commentId: string; readonly decision: string; readonly reason: string },
  ): Promise<Result<MeetingDocument>> {
    const now = this.deps.now();
    const processed = await this.step(meetingId, (verslag) => {
      const next = processComment(verslag, input, actor, now);
      return next.ok ? succeed({ verslag: next.value, extra: null }) : next;
    });
    if (!processed.ok) return processed;
    await this.audit(actor, meetingId, 'verslag.commentaar-verwerkt', {
      commentId: input.commentId,
      decision: input.decision,
    });
    return succeed(processed.value.doc.value);
  }

  /** Saves the text on the form, marks the verslag vastgesteld and shares it with every provider. */
  async vaststellen(
    actor: Actor,
    meetingId: string,
    form: { readonly markdown: string; readonly version: string },
  ): Promise<Result<MeetingDocument>> {
    const now = this.deps.now();
    const dryRun = await this.check(meetingId, (verslag) => vaststellen(verslag, actor, now));
    if (!dryRun.ok) return dryRun;
    const saved = await this.verslagen.saveVerslag(actor, meetingId, form.markdown, form.version);
    if (!saved.ok) return saved;
    const done = await this.step(
      meetingId,
      (verslag) => {
        const next = vaststellen(verslag, actor, now);
        return next.ok
          ? succeed({
              verslag: { ...next.value, broadcastId: broadcastIdsOf(meetingId).verslag },
              extra: null,
            })
          : next;
      },
      (doc) => [{ id: broadcastIdsOf(doc.id).verslag, kind: 'verslag-gedeeld' }],
    );
    if (!done.ok) return done;
    await this.audit(actor, meetingId, 'verslag.vastgesteld', {
      comments: done.value.doc.value.verslag?.review?.comments.length ?? 0,
    });
    await this.broadcasts.flushOutbox(meetingId);
    return succeed(done.value.doc.value);
  }

  /** A correction of the vastgestelde verslag: a new version with its reason, shared with every provider. */
  async correct(
    actor: Actor,
    meetingId: string,
    input: { readonly markdown: string; readonly reason: string },
  ): Promise<Result<{ doc: MeetingDocument; version: VerslagVersion }>> {
    const now = this.deps.now();
    const corrected = await this.step(
      meetingId,
      (verslag) => {
        const next = correctVerslag(verslag, input, actor, now);
        return next.ok ? succeed({ verslag: next.value.verslag, extra: next.value.version }) : next;
      },
      (doc, version) => [
        {
          id: broadcastIdsOf(doc.id).correctie(version.number),
          kind: 'verslag-correctie',
          version: version.number,
        },
      ],
    );
    if (!corrected.ok) return corrected;
    const version = corrected.value.extra;
    await this.audit(actor, meetingId, 'verslag.gecorrigeerd', {
      version: version.number,
    });
    await this.broadcasts.flushOutbox(meetingId);
    return succeed({ doc: corrected.value.doc.value, version });
  }
}
