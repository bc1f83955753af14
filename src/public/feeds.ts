import { createHash } from 'node:crypto';
import { escapeIcsText, foldIcsLine, meetingIcs, VTIMEZONE, type Meeting } from '../domain/meetings';
import type { PublicationDocument, PublicationSummary } from '../storage/publicationsRepository';
import { escapeHtml } from './html';
import { KIND_LABELS, publicPath } from './labels';
import { SITE_NAME } from './layout';
import { latestChangeLine } from './pageParts';
import type { PublicAgenda } from './publicViews';

/**
 * The two feeds of the virtuele overlegtafel, built from publications only: an Atom feed (RFC 4287) of every
 * publication, and an iCalendar feed (RFC 5545) of the published meetings to subscribe to in a calendar.
 */

export const FEED_ENTRIES = 50;

// XML 1.0 cannot carry these characters at all, not even escaped.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

/** A stable urn:uuid from a name (the same item keeps its id across hosts and updates). */
export function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function absolute(baseUrl: string | undefined, path: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : path;
}

export interface FeedOptions {
  /** PUBLIC_BASE_URL: links are absolute when it is set, relative to the feed's own address otherwise. */
  readonly baseUrl?: string;
  /** PUBLIC_PUBLISHER_NAME, the feed's author. */
  readonly publisherName?: string;
}

/** How often a calendar should fetch the feed again (RFC 7986 REFRESH-INTERVAL and the older X-PUBLISHED-TTL). */
export const CALENDAR_REFRESH = 'PT1H';

/** Where page `n` of the Atom feed lives (RFC 5005 paged feed): page 1 is the feed itself. */
export function feedPagePath(n: number): string {
  return n <= 1 ? '/openbaar/feed.xml' : `/openbaar/feed/${n}.xml`;
}

export function feedPageCount(total: number): number {
  return Math.max(1, Math.ceil(total / FEED_ENTRIES));
}

/**
 * The Atom feed, newest update first, FEED_ENTRIES per page. Every publication is on some page: the pages link
 * to each other with first/previous/next/last (RFC 5005 section 3), so a reader can go back to the oldest.
 * Undefined for a page that does not exist.
 */
export function atomFeed(summaries: readonly PublicationSummary[], options: FeedOptions = {}): string {
  return atomFeedPage(summaries, 1, options) as string;
}

export function atomFeedPage(
  summaries: readonly PublicationSummary[],
  pageNumber: number,
  options: FeedOptions = {},
): string | undefined {
  const sorted = [...summaries].sort((a, b) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const pages = feedPageCount(sorted.length);
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) return undefined;
  const entries = sorted.slice((pageNumber - 1) * FEED_ENTRIES, pageNumber * FEED_ENTRIES);
  const updated = sorted[0]?.updatedAt ?? '2000-01-01T00:00:00.000Z';
  const link = (rel: string, n: number) =>
    `<link rel="${rel}" type="application/atom+xml" href="${xml(absolute(options.baseUrl, feedPagePath(n)))}"/>`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
    `<title>${xml(SITE_NAME)}: publicaties</title>`,
    '<subtitle>Samenstelling, lotingen, agenda’s, verslagen, besluiten en ontwikkeltafels van de Overlegtafel.</subtitle>',
    `<id>${stableUuid('tafelbot:openbaar:feed')}</id>`,
    `<updated>${xml(updated)}</updated>`,
    link('self', pageNumber),
    ...(pages > 1 ? [link('first', 1), link('last', pages)] : []),
    ...(pageNumber > 1 ? [link('previous', pageNumber - 1)] : []),
    ...(pageNumber < pages ? [link('next', pageNumber + 1)] : []),
    `<link rel="alternate" type="text/html" href="${xml(absolute(options.baseUrl, '/openbaar'))}"/>`,
    `<author><name>${xml(options.publisherName ?? 'Gemeente')}</name></author>`,
    ...entries.map((s) =>
      [
        '<entry>',
        `<title>${xml(s.title)}</title>`,
        `<id>${stableUuid(`tafelbot:publicatie:${s.id}`)}</id>`,
        `<published>${xml(s.firstPublishedAt)}</published>`,
        `<updated>${xml(s.updatedAt)}</updated>`,
        `<link rel="alternate" type="text/html" href="${xml(absolute(options.baseUrl, publicPath(s.kind, s.sourceId)))}"/>`,
        `<category term="${xml(s.kind)}" label="${xml(KIND_LABELS[s.kind])}"/>`,
        `<summary>${xml(latestChangeLine(s) ? `${latestChangeLine(s)}. ${s.summary}` : s.summary)}</summary>`,
        '</entry>',
      ].join('\n'),
    ),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}

/** The published agenda as the domain's Meeting, with only public fields filled in, for meetingIcs. */
function asMeeting(view: PublicAgenda, stamp: string): Meeting {
  const nobody = {
    personId: '',
    personName: '',
    organisationId: null,
    organisationName: null,
    capacity: 'gemeente' as const,
  };
  return {
    id: view.meetingId,
    table: 'overlegtafel',
    title:
      view.tableName === 'Overlegtafel' || view.title.includes(view.tableName)
        ? view.title
        : `${view.tableName}: ${view.title}`,
    start: view.start,
    end: view.end,
    location: view.location,
    agenda: view.items.map((item, i) => ({
      id: String(i + 1),
      title: item.title,
      description: item.description,
      owner: item.introducedBy ?? 'niet vermeld',
      link: null,
      proposalId: null,
    })),
    proposalCutoff: null,
    proposals: [],
    members: [],
    rsvps: [],
    attendance: null,
    status: view.cancelled ? 'geannuleerd' : 'gepland',
    cancellationReason: view.cancellationReason,
    sequence: view.sequence,
    createdAt: stamp,
    createdBy: nobody,
    updatedAt: stamp,
  };
}

function block(lines: readonly string[], name: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === `BEGIN:${name}`) current = [];
    if (current) current.push(line);
    if (line === `END:${name}` && current) {
      blocks.push(current);
      current = null;
    }
  }
  return blocks;
}

/**
 * One calendar with every published meeting. Each event is the one meetingIcs writes for the invitations (same
 * UID, SEQUENCE and Amsterdam time zone), so a subscriber sees changes and cancellations of the same entry.
 */
export function agendaIcs(
  agendas: readonly PublicationDocument<'agenda'>[],
  options: FeedOptions & { readonly calendarName?: string } = {},
): string {
  const calendars = agendas.map((doc) =>
    meetingIcs(asMeeting(doc.view, doc.updatedAt), {
      method: 'PUBLISH',
      dtstamp: new Date(doc.updatedAt),
    }).split('\r\n'),
  );
  // Always there, so a calendar without meetings still has the component RFC 5545 requires (section 3.6).
  const timezone = VTIMEZONE;
  const events = calendars.flatMap((lines, i) =>
    block(lines, 'VEVENT').map((event) => {
      const doc = agendas[i];
      if (!options.baseUrl || !doc) return event;
      const url = foldIcsLine(`URL:${absolute(options.baseUrl, publicPath('agenda', doc.sourceId))}`);
      return [...event.slice(0, -1), url, 'END:VEVENT'];
    }),
  );
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Tafelbot//Virtuele overlegtafel//NL',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    foldIcsLine(`NAME:${escapeIcsText(options.calendarName ?? `${SITE_NAME}: vergaderingen`)}`),
    foldIcsLine(`X-WR-CALNAME:${escapeIcsText(options.calendarName ?? `${SITE_NAME}: vergaderingen`)}`),
    'X-WR-TIMEZONE:Europe/Amsterdam',
    `REFRESH-INTERVAL;VALUE=DURATION:${CALENDAR_REFRESH}`,
    `X-PUBLISHED-TTL:${CALENDAR_REFRESH}`,
    ...timezone,
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
