import { html, type SafeHtml } from './html';
import { dateTime, instantDate } from './labels';
import { page } from './layout';
import { markdownToHtml } from './markdown';
import { term } from './sitePages';
import {
  changeNotes,
  label,
  latestChangeLine,
  LIST_SHOWN,
  moreNote,
  published,
  textBlock,
  type Doc,
} from './pageParts';

/** The meetings of the virtuele overlegtafel: the list, an agenda and its verslag. */

export function meetingsPage(
  agendas: readonly Doc<'agenda'>[],
  verslagen: readonly Doc<'verslag'>[],
  now: Date,
): SafeHtml {
  const verslagIds = new Set(verslagen.map((v) => v.sourceId));
  const agendaIds = new Set(agendas.map((a) => a.sourceId));
  const nowIso = now.toISOString();
  const upcoming = agendas
    .filter((a) => a.view.end >= nowIso)
    .sort((a, b) => (a.view.start < b.view.start ? -1 : 1));
  const past = agendas.filter((a) => a.view.end < nowIso);
  // A verslag can be published for a meeting whose agenda was not: it is listed with the past meetings.
  const pastEntries = [
    ...past.map((a) => ({
      id: a.sourceId,
      title: a.view.title,
      tableName: a.view.tableName,
      start: a.view.start,
    })),
    ...verslagen
      .filter((v) => !agendaIds.has(v.sourceId))
      .map((v) => ({
        id: v.sourceId,
        title: v.view.title,
        tableName: v.view.tableName,
        start: v.view.start,
      })),
  ].sort((a, b) => (a.start < b.start ? 1 : -1));

  const upcomingCard = (a: Doc<'agenda'>) =>
    html`<div class="card">
      <h3><a href="/openbaar/vergaderingen/${a.sourceId}">${a.view.title}</a></h3>
      <p>
        ${a.view.cancelled ? html`${label('Geannuleerd', 'slecht')} ` : ''}${a.view.tableName} ·
        ${dateTime(a.view.start)} · ${a.view.location}
      </p>
      ${latestChangeLine(a) ? html`<p class="meta">${latestChangeLine(a)}</p>` : ''}
    </div>`;
  const pastItem = (e: (typeof pastEntries)[number]) =>
    html`<li>
      ${instantDate(e.start)}, ${e.tableName}:
      ${e.title}${agendaIds.has(e.id)
        ? html` · <a href="/openbaar/vergaderingen/${e.id}">agenda</a>`
        : ''}${verslagIds.has(e.id) ? html` · <a href="/openbaar/verslagen/${e.id}">verslag</a>` : ''}
    </li>`;
  return page({
    title: 'Vergaderingen',
    section: '/openbaar/vergaderingen',
    description: 'De agenda’s en verslagen van de Overlegtafel en de ontwikkeltafels.',
    body: html`<p class="intro">
        De Overlegtafel komt ten minste twee keer per jaar bijeen. De agenda wordt vooraf gedeeld; het verslag
        na afloop. Zet alle vergaderingen in uw agenda met de
        <a href="/openbaar/agenda.ics">iCalendar-feed</a>.
      </p>
      <h2>Komende vergaderingen</h2>
      ${upcoming.length === 0
        ? html`<p>Er is geen komende vergadering gepubliceerd.</p>`
        : upcoming.map(upcomingCard)}
      <h2>Eerdere vergaderingen</h2>
      ${pastEntries.length === 0
        ? html`<p>Er zijn nog geen eerdere vergaderingen gepubliceerd.</p>`
        : html`<ul>
              ${pastEntries.slice(0, LIST_SHOWN).map(pastItem)}
            </ul>
            ${moreNote(pastEntries.length, 'eerdere vergaderingen')}`}`,
  });
}

/** "(inbreng: Zorg A)", the word linked to the glossary at its first use on the page. */
function inbreng(by: string | null, first: boolean): SafeHtml {
  if (!by) return html``;
  return html`<span class="meta">(${first ? term('inbreng', 'inbreng') : 'inbreng'}: ${by})</span>`;
}

export function meetingPage(
  doc: Doc<'agenda'>,
  verslagPublished: boolean,
  options: { readonly webcal?: string } = {},
): SafeHtml {
  const v = doc.view;
  const firstInbreng = v.items.findIndex((item) => item.introducedBy);
  return page({
    title: v.title,
    section: '/openbaar/vergaderingen',
    description: `Agenda van ${v.tableName} op ${dateTime(v.start)}.`,
    body: html`<p class="meta">${published(doc)}</p>
      ${latestChangeLine(doc) ? html`<p class="gewijzigd">${latestChangeLine(doc)}</p>` : ''}
      ${v.cancelled
        ? html`<p>
            ${label('Geannuleerd', 'slecht')} ${v.cancellationReason ?? 'Deze vergadering gaat niet door.'}
          </p>`
        : ''}
      <dl>
        <dt>Tafel</dt>
        <dd>${v.tableName}</dd>
        <dt>Begin</dt>
        <dd>${dateTime(v.start)}</dd>
        <dt>Einde</dt>
        <dd>${dateTime(v.end)}</dd>
        <dt>Locatie</dt>
        <dd>${v.location}</dd>
        ${(v.thirdParties ?? []).length > 0
          ? html`<dt>Genodigde derden</dt>
              ${(v.thirdParties ?? []).map((p) => html`<dd>${p.name}: ${p.role}</dd>`)}`
          : ''}
      </dl>
      ${verslagPublished
        ? html`<p>
            Het <a href="/openbaar/verslagen/${doc.sourceId}">verslag van deze vergadering</a> is
            gepubliceerd.
          </p>`
        : ''}
      <h2>Agenda</h2>
      ${v.items.length === 0
        ? html`<p>De agenda heeft nog geen punten.</p>`
        : html`<ol>
            ${v.items.map(
              (item, i) =>
                html`<li>
                  <strong>${item.title}</strong>
                  ${inbreng(item.introducedBy, i === firstInbreng)}${item.description
                    ? textBlock(item.description)
                    : ''}
                </li>`,
            )}
          </ol>`}
      ${changeNotes(doc)}
      <h2>In uw agenda</h2>
      <p>
        <a
          class="knop"
          href="/openbaar/vergaderingen/${doc.sourceId}.ics"
          download="vergadering-${doc.sourceId}.ics"
          >Zet in mijn agenda</a
        >
      </p>
      <p>
        Of
        ${options.webcal
          ? html`<a href="${options.webcal}">abonneer u op alle vergaderingen</a>`
          : html`abonneer u op <a href="/openbaar/agenda.ics">alle vergaderingen</a>`}:
        dan ziet u ook een latere wijziging of annulering in uw agenda.
        <a href="/openbaar/volgen">Hoe werkt dat?</a>
      </p>`,
  });
}

export function verslagPage(doc: Doc<'verslag'>, agendaPublished: boolean): SafeHtml {
  const v = doc.view;
  return page({
    title: `Verslag: ${v.title}`,
    section: '/openbaar/vergaderingen',
    description: `Verslag van ${v.tableName} op ${dateTime(v.start)}.`,
    body: html`<p class="meta">${v.tableName} · ${dateTime(v.start)} · ${published(doc)}</p>
      ${agendaPublished
        ? html`<p><a href="/openbaar/vergaderingen/${doc.sourceId}">Agenda van deze vergadering</a></p>`
        : ''}
      ${markdownToHtml(v.markdown, { topHeadingLevel: 2, tableLabel: 'Tabel' })}
      ${versionHistory(v.versions ?? [])} ${changeNotes(doc)}`,
  });
}

/** When the verslag was vastgesteld and every correction since, with its reason (issue 19). */
function versionHistory(versions: NonNullable<Doc<'verslag'>['view']['versions']>): SafeHtml | string {
  if (versions.length === 0) return '';
  return html`<section aria-labelledby="versies">
    <h2 id="versies">Versies</h2>
    <ol>
      ${versions.map((version) =>
        version.reason === null
          ? html`<li>Versie ${version.number}: vastgesteld op ${dateTime(version.at)}.</li>`
          : html`<li>
              Versie ${version.number}: gecorrigeerd op ${dateTime(version.at)}. Reden: ${version.reason}
            </li>`,
      )}
    </ol>
  </section>`;
}
