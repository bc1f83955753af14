import { formatDutchShortDate } from '../../domain/time/dutch';
import { fromIsoInstant, localDateOf } from '../../domain/time/amsterdam';
import { publicPath } from '../../public/labels';
import type { PublicationCandidate } from '../../public/publicationSources';
import type { PublicationSummary } from '../../storage/publicationsRepository';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';

/** The gemeente's publicaties card: what is on the public pages, what changed since, and what can go out. */

/** Keeps the card well under Teams' size limit; everything stays reachable on the public pages. */
export const MAX_PUBLISHED_SHOWN = 25;
export const MAX_CANDIDATES_SHOWN = 15;

export interface PublicatiesMessage {
  readonly title: string;
  /** Already formatted with `format` (values escaped). */
  readonly lines: readonly string[];
  readonly style: 'good' | 'attention' | 'warning';
}

function date(iso: string, locale: Locale): string {
  if (locale === 'en') {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
      fromIsoInstant(iso),
    );
  }
  return formatDutchShortDate(localDateOf(fromIsoInstant(iso)));
}

/** The absolute address of a public page: PUBLIC_BASE_URL, or this bot's own address when it is not set. */
export function publicUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export function publicatiesOverviewView(input: {
  readonly published: readonly PublicationSummary[];
  /** Everything the features hold now that could be published, published or not. */
  readonly candidates: readonly PublicationCandidate[];
  readonly baseUrl: string;
  readonly locale: Locale;
  readonly message?: PublicatiesMessage;
}): RenderInput {
  const text = stringsFor('publicaties', input.locale) as Record<string, string>;
  const current = new Map(input.candidates.map((c) => [`${c.kind}:${c.sourceId}`, c.sourceVersion]));
  const published = input.published.slice(0, MAX_PUBLISHED_SHOWN);
  const publishedIds = new Set(input.published.map((p) => p.id));
  const candidates = input.candidates
    .filter((c) => !publishedIds.has(`${c.kind}:${c.sourceId}`))
    .slice(0, MAX_CANDIDATES_SHOWN);
  const hidden = input.published.length - published.length;
  return {
    view: {
      hasMessage: input.message !== undefined,
      messageTitle: input.message?.title ?? '',
      messageStyle: input.message?.style ?? 'default',
      published: published.map((p) => {
        const source = current.get(p.id);
        return {
          title: p.title,
          // Plain text here: everything in `view` is escaped by the renderer.
          meta: (text.meta ?? '')
            .replace('{date}', date(p.updatedAt, input.locale))
            .replace('{version}', String(p.version)),
          // Only sources the card knows can be compared; others are published by their own feature.
          stale: source !== undefined && source !== p.sourceVersion,
        };
      }),
      publishedEmpty: published.length === 0,
      candidates: candidates.map((c) => ({ title: c.title, kindLabel: text[`kind_${c.kind}`] ?? c.kind })),
      candidatesEmpty: candidates.length === 0,
    },
    trusted: {
      messages: input.message?.lines ?? [],
      morePublished: hidden > 0 ? format(text.morePublished ?? '', { count: hidden }) : '',
    },
    form: {
      pagesUrl: publicUrl(input.baseUrl, '/openbaar'),
      published: published.map((p) => ({
        kind: p.kind,
        sourceId: p.sourceId,
        url: publicUrl(input.baseUrl, publicPath(p.kind, p.sourceId)),
      })),
      candidates: candidates.map((c) => ({ kind: c.kind, sourceId: c.sourceId })),
    },
  };
}
