import { renderCard, type Locale } from '../cards/renderCard';
import { verslagInzageView } from '../cards/views/meetingVerslagReviewViews';
import { verslagView } from '../cards/views/meetingVerslagViews';
import { meetingsText } from '../cards/views/meetingsViews';
import { versionsOf } from '../domain/meetings';
import { fromIsoInstant } from '../domain/time/amsterdam';
import { formatDateTime } from '../domain/time/english';
import type { MeetingDocument, MeetingOutboxEntry } from '../storage/meetingsRepository';

/**
 * What the verslag's outbox entries send (issue 19): the concept to the attendees for comments, the vastgestelde
 * verslag to every provider, and a correction with its reason. Built from the stored document when the entry is
 * enqueued, so a retry sends what is stored; an entry whose state has moved on sends nothing.
 */

export interface VerslagOutboxMessage {
  readonly title: string;
  readonly text: string;
  readonly card: ReturnType<typeof renderCard>;
  readonly organisationIds: string[];
}

export async function verslagMessage(
  doc: MeetingDocument,
  entry: MeetingOutboxEntry,
  everyProvider: () => Promise<string[]>,
  locale: Locale,
): Promise<VerslagOutboxMessage | undefined> {
  const text = meetingsText(locale);
  const verslag = doc.verslag;
  if (!verslag) return undefined;
  const when = formatDateTime(fromIsoInstant(doc.start), locale);
  if (entry.kind === 'verslag-inzage') {
    const review = verslag.review;
    if (verslag.status !== 'ter-inzage' || !review) return undefined;
    return {
      title: `${text.inzageTitle} ${doc.title}`,
      text: `${text.inzageText} ${doc.title}, ${when}. ${text.inzageUntil} ${formatDateTime(fromIsoInstant(review.deadline), locale)}.`,
      card: renderCard('meetingVerslagInzage', locale, verslagInzageView(doc, locale)),
      organisationIds: [...review.attendees],
    };
  }
  if (verslag.status !== 'gepubliceerd') return undefined;
  if (entry.kind === 'verslag-gedeeld') {
    const first = versionsOf(verslag)[0];
    return {
      title: `Verslag ${doc.title}`,
      text: `${text.verslagText} ${doc.title}, ${when}.`,
      card: renderCard(
        'meetingVerslag',
        locale,
        verslagView(doc, first?.markdown ?? verslag.markdown, locale),
      ),
      organisationIds: await everyProvider(),
    };
  }
  if (entry.kind === 'verslag-correctie') {
    const version = versionsOf(verslag).find((v) => v.number === entry.version);
    if (!version || version.reason === null) return undefined;
    return {
      title: `Verslag ${doc.title} (${text.correctedVersion} ${version.number})`,
      text: `${text.correctedText} ${doc.title}, ${when}: ${version.reason}`,
      card: renderCard(
        'meetingVerslag',
        locale,
        verslagView(doc, version.markdown, locale, false, { number: version.number, reason: version.reason }),
      ),
      organisationIds: await everyProvider(),
    };
  }
  return undefined;
}
