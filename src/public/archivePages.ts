import type { PublicationSummary } from '../storage/publicationsRepository';
import { html, type SafeHtml } from './html';
import { instantDate, KIND_LABELS, publicPath } from './labels';
import { page } from './layout';
import { PUBLICATION_KINDS } from './publicViews';

/**
 * The archive per year and the title search: together with the paged feed they make every publication findable,
 * however old (issue 20). Both read publication summaries only. The search reads one query parameter, `q`,
 * trimmed to SEARCH_MAX characters and only ever written back escaped.
 */

export const ARCHIVE_PATH = '/openbaar/archief';
export const SEARCH_PATH = '/openbaar/zoeken';
export const SEARCH_MAX = 100;
export const SEARCH_RESULTS_SHOWN = 100;

/** The year a publication belongs to: of its meeting, decision or report (sortKey), else of its publication. */
export function publicationYear(s: Pick<PublicationSummary, 'sortKey' | 'firstPublishedAt'>): number {
  const fromKey = /^(\d{4})/.exec(s.sortKey)?.[1];
  return Number(fromKey ?? s.firstPublishedAt.slice(0, 4));
}

function byKind(summaries: readonly PublicationSummary[]): SafeHtml[] {
  return PUBLICATION_KINDS.flatMap((kind) => {
    const items = summaries
      .filter((s) => s.kind === kind)
      .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
    if (items.length === 0) return [];
    return [
      html`<h2>${KIND_LABELS[kind]} (${items.length})</h2>
        <ul>
          ${items.map(
            (s) =>
              html`<li>
                <a href="${publicPath(s.kind, s.sourceId)}">${s.title}</a>
                <span class="meta">(${instantDate(s.updatedAt)})</span>
              </li>`,
          )}
        </ul>`,
    ];
  });
}

export function archiveIndexPage(summaries: readonly PublicationSummary[]): SafeHtml {
  const counts = new Map<number, number>();
  for (const s of summaries) counts.set(publicationYear(s), (counts.get(publicationYear(s)) ?? 0) + 1);
  const years = [...counts.entries()].sort((a, b) => b[0] - a[0]);
  return page({
    title: 'Archief',
    section: '/openbaar',
    description: 'Alle publicaties van de Overlegtafel, per jaar.',
    body: html`<p class="intro">
        Alle publicaties, per jaar. Niets verdwijnt uit het archief, tenzij de gemeente het intrekt.
      </p>
      ${years.length === 0
        ? html`<p>Er is nog niets gepubliceerd.</p>`
        : html`<ul>
            ${years.map(
              ([year, count]) =>
                html`<li>
                  <a href="${ARCHIVE_PATH}/${String(year)}">${String(year)}</a>
                  (${count} ${count === 1 ? 'publicatie' : 'publicaties'})
                </li>`,
            )}
          </ul>`}
      <p>Zoekt u iets bepaalds? <a href="${SEARCH_PATH}">Zoek op titel</a>.</p>`,
  });
}

export function archiveYearPage(year: number, summaries: readonly PublicationSummary[]): SafeHtml {
  const ofYear = summaries.filter((s) => publicationYear(s) === year);
  return page({
    title: `Archief ${year}`,
    section: '/openbaar',
    description: `Alle publicaties van de Overlegtafel uit ${year}.`,
    body: html`<p><a href="${ARCHIVE_PATH}">Alle jaren</a></p>
      ${ofYear.length === 0 ? html`<p>Uit ${String(year)} is niets gepubliceerd.</p>` : byKind(ofYear)}`,
  });
}

/** The words of a query, lowercase; at most SEARCH_MAX characters are read. */
export function searchWords(query: string): string[] {
  return query
    .slice(0, SEARCH_MAX)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 10);
}

export function searchTitles(summaries: readonly PublicationSummary[], query: string): PublicationSummary[] {
  const words = searchWords(query);
  if (words.length === 0) return [];
  return summaries.filter((s) => {
    const title = s.title.toLowerCase();
    return words.every((w) => title.includes(w));
  });
}

export function searchPage(summaries: readonly PublicationSummary[], rawQuery: string): SafeHtml {
  const query = rawQuery.slice(0, SEARCH_MAX).trim();
  const results = searchTitles(summaries, query);
  const shown = results.slice(0, SEARCH_RESULTS_SHOWN);
  return page({
    title: 'Zoeken',
    section: '/openbaar',
    description: 'Zoek in de titels van alle publicaties van de Overlegtafel.',
    body: html`<form class="zoeken" method="get" action="${SEARCH_PATH}" role="search">
        <label for="q">Zoek in de titels van alle publicaties</label>
        <div>
          <input id="q" name="q" type="search" maxlength="${String(SEARCH_MAX)}" value="${query}" />
          <button type="submit">Zoeken</button>
        </div>
      </form>
      ${query.length === 0
        ? html`<p>Typ een of meer woorden uit de titel, bijvoorbeeld "wachtlijst" of "2027".</p>`
        : html`<h2>
              ${results.length === 0
                ? 'Niets gevonden'
                : `${results.length} ${results.length === 1 ? 'resultaat' : 'resultaten'}`}
            </h2>
            ${results.length === 0
              ? html`<p>
                  Geen titel bevat alle woorden. Probeer minder of andere woorden, of kijk in het
                  <a href="${ARCHIVE_PATH}">archief</a>.
                </p>`
              : html`<ul>
                    ${shown.map(
                      (s) =>
                        html`<li>
                          <a href="${publicPath(s.kind, s.sourceId)}">${s.title}</a>
                          <span class="meta"
                            >(${KIND_LABELS[s.kind].toLowerCase()}, ${instantDate(s.updatedAt)})</span
                          >
                        </li>`,
                    )}
                  </ul>
                  ${results.length > shown.length
                    ? html`<p>Hier staan de eerste ${shown.length}. Maak uw zoekvraag preciezer.</p>`
                    : ''}`}`}`,
  });
}
