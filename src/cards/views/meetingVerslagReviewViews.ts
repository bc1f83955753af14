import { versionsOf, type VerslagComment, type Verslag } from '../../domain/meetings';
import { fromIsoInstant, localDateOf } from '../../domain/time/amsterdam';
import { formatDateTime } from '../../domain/time/english';
import { addDays } from '../../domain/time/localDate';
import type { MeetingDocument } from '../../storage/meetingsRepository';
import { escapeCardText, type Locale, type RenderInput } from '../renderCard';
import { verslagCardBlocks } from './verslagBlocks';
import { fill, noticeOf, strings, type MeetingNotice } from './meetingsViews';

/**
 * View models of the verslag's way to vastgesteld (issue 19): the concept the attendees get to comment on, their
 * comment form, the comments on the gemeente's form, and the version history of a vastgesteld verslag. Ids go
 * into card data as they are (the domain makes them); the people's text is escaped here because it sits in
 * `trusted` next to those ids.
 */

const when = (at: string, locale: Locale) => formatDateTime(fromIsoInstant(at), locale);

function header(doc: MeetingDocument, locale: Locale): string {
  return `${doc.title}, ${when(doc.start, locale)}`;
}

function nameOf(doc: MeetingDocument, organisationId: string): string {
  return doc.members.find((m) => m.organisationId === organisationId)?.name ?? organisationId;
}

function statusLabel(comment: VerslagComment, locale: Locale): string {
  const text = strings('meetingVerslagReview', locale);
  return comment.status === 'open'
    ? text.statusOpen
    : comment.status === 'overgenomen'
      ? text.statusTaken
      : text.statusDeclined;
}

function commentRows(doc: MeetingDocument, comments: readonly VerslagComment[], locale: Locale) {
  const text = strings('meetingVerslagReview', locale);
  return comments.map((c) => ({
    id: c.id,
    reasonId: `reason_${c.id}`,
    isOpen: c.status === 'open',
    by: escapeCardText(`${nameOf(doc, c.organisationId)} (${c.by.personName}), ${when(c.at, locale)}`),
    text: escapeCardText(c.text),
    status: escapeCardText(
      `${statusLabel(c, locale)}${c.reason ? ` ${fill(text.reasonLine, { reason: c.reason })}` : ''}`,
    ),
  }));
}

/** The history lines of a shared verslag: version, date and, for a correction, its reason. */
export function versionLines(verslag: Verslag | null, locale: Locale): string[] {
  if (!verslag) return [];
  const text = strings('meetingVerslagReview', locale);
  return versionsOf(verslag).map((v) =>
    v.reason === null
      ? fill(text.versionFirst, { number: v.number, at: when(v.at, locale) })
      : fill(text.versionCorrected, { number: v.number, at: when(v.at, locale), reason: v.reason }),
  );
}

/** What the gemeente's verslag form shows of the review: phase, period, comments and a suggested deadline. */
export function reviewSection(doc: MeetingDocument, now: Date, locale: Locale): Record<string, unknown> {
  const text = strings('meetingVerslagReview', locale);
  const verslag = doc.verslag;
  const review = verslag?.review ?? null;
  const comments = review?.comments ?? [];
  return {
    isConcept: verslag?.status === 'concept',
    inReview: verslag?.status === 'ter-inzage',
    phase:
      verslag?.status === 'ter-inzage' && review
        ? fill(text.phaseReview, {
            deadline: when(review.deadline, locale),
            count: review.attendees.length,
          })
        : text.phaseConcept,
    hasComments: comments.length > 0,
    noComments: verslag?.status === 'ter-inzage' && comments.length === 0,
    comments: commentRows(doc, comments, locale),
    suggestedDeadline: addDays(localDateOf(now), 14),
  };
}

/** The concept as the attendees get it: the text, the period, and a button to comment. */
export function verslagInzageView(doc: MeetingDocument, locale: Locale): RenderInput {
  const text = strings('meetingVerslagReview', locale);
  const deadline = doc.verslag?.review?.deadline;
  return {
    view: {
      header: header(doc, locale),
      intro: fill(text.inzageIntro, { deadline: deadline ? when(deadline, locale) : '' }),
    },
    trusted: { blocks: verslagCardBlocks(doc.verslag?.markdown ?? '') },
    form: { meetingId: doc.id },
  };
}

export interface CommentFormValues {
  readonly organisationId: string;
  readonly comment: string;
}

/** A contact's comment form: their organisations' comments so far, and a new one while the period runs. */
export function verslagCommentView(
  doc: MeetingDocument,
  organisations: ReadonlyArray<{ organisationId: string; name: string }>,
  options: {
    readonly open: boolean;
    readonly nonce: string;
    readonly values: CommentFormValues;
    readonly errors: readonly string[];
    readonly notice?: MeetingNotice;
  },
  locale: Locale,
): RenderInput {
  const text = strings('meetingVerslagReview', locale);
  const review = doc.verslag?.review;
  const mine = new Set(organisations.map((o) => o.organisationId));
  const own = (review?.comments ?? []).filter((c) => mine.has(c.organisationId));
  return {
    view: {
      notice: noticeOf(options.notice),
      errors: [...options.errors],
      header: header(doc, locale),
      period: review
        ? fill(options.open ? text.periodOpen : text.periodClosed, {
            deadline: when(review.deadline, locale),
          })
        : text.periodClosed,
      hasOwn: own.length > 0,
      chooseOrganisation: options.open && organisations.length > 1,
      open: options.open,
    },
    trusted: {
      comments: commentRows(doc, own, locale),
      organisations: organisations.map((o) => ({ title: escapeCardText(o.name), value: o.organisationId })),
      blocks: verslagCardBlocks(doc.verslag?.markdown ?? ''),
    },
    form: {
      meetingId: doc.id,
      nonce: options.nonce,
      organisationId:
        options.values.organisationId ||
        (organisations.length === 1 ? (organisations[0]?.organisationId ?? '') : ''),
      comment: options.values.comment,
    },
  };
}

/** The gemeente's card of a vastgesteld verslag: the history, and a correction with its reason. */
export function verslagCorrectionView(
  doc: MeetingDocument,
  values: { readonly markdown: string; readonly reason: string },
  locale: Locale,
  errors: readonly string[],
  notice?: MeetingNotice,
): RenderInput {
  const verslag = doc.verslag;
  return {
    view: {
      notice: noticeOf(notice),
      errors: [...errors],
      header: header(doc, locale),
      vastgesteld: verslag?.vastgesteldAt
        ? fill(strings('meetingVerslagReview', locale).vastgesteldOn, {
            at: when(verslag.vastgesteldAt, locale),
          })
        : '',
      versions: versionLines(verslag, locale),
    },
    form: { meetingId: doc.id, markdown: values.markdown, reason: values.reason },
  };
}
