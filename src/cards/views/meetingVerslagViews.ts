import { fromIsoInstant } from '../../domain/time/amsterdam';
import { formatDateTime } from '../../domain/time/english';
import type { MeetingDocument } from '../../storage/meetingsRepository';
import type { Locale, RenderInput } from '../renderCard';
import { reviewSection, versionLines } from './meetingVerslagReviewViews';
import { verslagCardBlocks } from './verslagBlocks';

export { neutraliseHtml, verslagBlocks, verslagCardBlocks, type VerslagBlock } from './verslagBlocks';
import { fill, noticeOf, strings, type MeetingNotice } from './meetingsViews';

/**
 * View models of the verslag cards (issue 7): the gemeente's form and the published verslag, which is broadcast to
 * every provider. The verslag is the gemeente's Markdown and goes through `trusted` after HTML and mentions are
 * neutralised; Markdown blocks a card cannot show (headings, tables) become card elements.
 */

// The verslag ------------------------------------------------------------------------------------------------

export function verslagFormView(
  doc: MeetingDocument,
  markdown: string,
  version: string,
  locale: Locale,
  errors: readonly string[],
  notice?: MeetingNotice,
  now: Date = new Date(),
): RenderInput {
  const text = strings('meetingVerslagForm', locale);
  const verslag = doc.verslag;
  const review = reviewSection(doc, now, locale);
  return {
    trusted: { comments: review.comments },
    view: {
      ...review,
      comments: [],
      notice: noticeOf(notice),
      errors: [...errors],
      title: `${doc.title}, ${formatDateTime(fromIsoInstant(doc.start), locale)}`,
      state: verslag?.editedAt
        ? fill(text.edited, { at: formatDateTime(fromIsoInstant(verslag.editedAt), locale) })
        : verslag
          ? fill(text.drafted, { at: formatDateTime(fromIsoInstant(verslag.draftedAt), locale) })
          : '',
    },
    form: { meetingId: doc.id, version, markdown, deadline: review.suggestedDeadline },
  };
}

/**
 * The shared verslag; `showBack` for the gemeente's own view (the broadcast card has no buttons). The version
 * history shows once it was corrected; `correction` heads the card that brings a correction.
 */
export function verslagView(
  doc: MeetingDocument,
  markdown: string,
  locale: Locale,
  showBack = false,
  correction?: { readonly number: number; readonly reason: string },
): RenderInput {
  const text = strings('meetingVerslag', locale);
  const versions = versionLines(doc.verslag, locale);
  return {
    view: {
      header: fill(text.header, {
        title: doc.title,
        date: formatDateTime(fromIsoInstant(doc.start), locale),
      }),
      showBack,
      correction: correction
        ? fill(text.correction, { number: correction.number, reason: correction.reason })
        : '',
      versions: versions.length > 1 ? versions : [],
    },
    trusted: { blocks: verslagCardBlocks(markdown) },
    form: { meetingId: doc.id },
  };
}
