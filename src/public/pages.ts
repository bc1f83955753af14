import { PERCELEN, type Perceel } from '../domain/registry/registry';
import type { PublicationDocument, PublicationSummary } from '../storage/publicationsRepository';
import { html, type SafeHtml } from './html';
import {
  dateTime,
  instantDate,
  KIND_LABELS,
  OUTCOME_LABELS,
  perceelLabel,
  publicPath,
  reportStatusLabel,
  shortDate,
  STEM_LABELS,
  type Tone,
} from './labels';
import { page } from './layout';
import { markdownToHtml } from './markdown';
import type { PublicBesluit, PublicReport } from './publicViews';

/**
 * The pages of the virtuele overlegtafel. Each takes publications (snapshots of public views) and nothing else;
 * every value goes through the escaping `html` tag. Lists are kept short so a page stays well under 30 kB.
 */

type Doc<K extends PublicationDocument['kind']> = PublicationDocument<K>;

const RESERVE_SHOWN = 25;
/** List pages show the newest entries and a short summary; the detail page has everything. */
const LIST_SHOWN = 40;
const SUMMARY_SHOWN = 240;
const LATEST_SHOWN = 10;

/** The start of a text, cut at a word, for list pages. */
function excerpt(text: string, max = SUMMARY_SHOWN): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40)).trimEnd()}…`;
}

function moreNote(total: number, what: string): SafeHtml {
  return total > LIST_SHOWN
    ? html`<p>
        Hier staan de ${LIST_SHOWN} nieuwste van ${total} ${what}. Alle publicaties staan in de
        <a href="/openbaar/feed.xml">feed</a>.
      </p>`
    : html``;
}

/** "Ontwikkeltafel Wachtlijsten", also when the name already starts with the word. */
export function tafelTitle(name: string): string {
  return /^ontwikkeltafel\b/i.test(name) ? name : `Ontwikkeltafel ${name}`;
}

function label(text: string, tone: Tone): SafeHtml {
  return html`<span class="label ${tone}">${text}</span>`;
}

/** Plain text as paragraphs: a blank line separates paragraphs, a line break stays a line break. */
function textBlock(text: string): SafeHtml {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return html`${paragraphs.map(
    (p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`))}</p>`,
  )}`;
}

function published(doc: { firstPublishedAt: string; updatedAt: string; version: number }): SafeHtml {
  return doc.version > 1
    ? html`Gepubliceerd op ${instantDate(doc.firstPublishedAt)}, bijgewerkt op ${instantDate(doc.updatedAt)}`
    : html`Gepubliceerd op ${instantDate(doc.firstPublishedAt)}`;
}

/** A table that scrolls by itself on a narrow screen; the caption can be for screen readers only. */
function scrollTable(
  caption: string,
  head: readonly string[],
  rows: readonly SafeHtml[],
  options: { visibleCaption?: boolean } = {},
): SafeHtml {
  return html`<div class="tabel" role="region" aria-label="${caption}" tabindex="0">
    <table>
      <caption class="${options.visibleCaption === false ? 'onzichtbaar' : ''}">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function percelenText(percelen: readonly Perceel[]): string {
  return percelen.length === 0 ? 'geen' : percelen.map((p) => perceelLabel(p)).join('; ');
}

// Index -----------------------------------------------------------------------------------------------------------

export function indexPage(summaries: readonly PublicationSummary[]): SafeHtml {
  const sections = [
    [
      '/openbaar/samenstelling',
      'Samenstelling',
      'Welke aanbieders dit jaar aan de Overlegtafel zitten, per perceel, en de lotingen waarmee ze zijn gekozen.',
    ],
    [
      '/openbaar/vergaderingen',
      'Vergaderingen',
      'De agenda’s van de vergaderingen en de verslagen achteraf.',
    ],
    [
      '/openbaar/besluiten',
      'Besluiten',
      'Voorstellen waarover is besloten, met de stemverhouding en de uitkomst.',
    ],
    [
      '/openbaar/ontwikkeltafels',
      'Ontwikkeltafels',
      'De ontwikkeltafels met hun opdracht en hun laatste voortgang.',
    ],
  ] as const;
  const latest = summaries.slice(0, LATEST_SHOWN);
  return page({
    title: 'Virtuele overlegtafel',
    section: '/openbaar',
    body: html`<p class="intro">
        Gemeenten en zorgaanbieders overleggen aan de Overlegtafel over de inkoop en uitvoering van Wmo en
        Jeugdwet. Iedereen, ook inwoners en aanbieders buiten het netwerk, kan hier de voortgang volgen en de
        stukken lezen, verslagen inbegrepen.
      </p>
      <h2>Wat u hier vindt</h2>
      <ul class="tegels">
        ${sections.map(
          ([path, name, text]) =>
            html`<li>
              <a href="${path}">${name}</a>
              <p>${text}</p>
            </li>`,
        )}
      </ul>
      <h2>Laatst gepubliceerd</h2>
      ${latest.length === 0
        ? html`<p>Er is nog niets gepubliceerd.</p>`
        : html`<ul>
            ${latest.map(
              (s) =>
                html`<li>
                  <a href="${publicPath(s.kind, s.sourceId)}">${s.title}</a><br />${s.summary}
                  <span class="meta"
                    >(${KIND_LABELS[s.kind].toLowerCase()}, ${instantDate(s.updatedAt)})</span
                  >
                </li>`,
            )}
          </ul>`}
      <h2>Op de hoogte blijven</h2>
      <p>
        Abonneer u op de <a href="/openbaar/feed.xml">feed met alle publicaties</a> (Atom) of zet de
        <a href="/openbaar/agenda.ics">vergaderagenda</a> in uw agenda (iCalendar).
      </p>`,
  });
}

// Samenstelling and loting ----------------------------------------------------------------------------------------

export function compositionPage(
  compositions: readonly Doc<'samenstelling'>[],
  draws: readonly Doc<'loting'>[],
): SafeHtml {
  const drawIds = new Set(draws.map((d) => d.sourceId));
  const years = compositions.map((doc) => {
    const v = doc.view;
    const perPerceel = PERCELEN.map((p) => ({
      perceel: p,
      members: v.members
        .filter((m) => m.perceel === p)
        .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'nl', { numeric: true })),
    }));
    const changes = v.changes.map(
      (c) =>
        html`<tr>
          <td class="datum">${instantDate(c.at)}</td>
          <td>
            ${c.removed ? html`${c.removed} vervangen` : ''}${c.removed && c.added
              ? html` door `
              : ''}${c.added ? html`${c.removed ? '' : 'Toegevoegd: '}${c.added}` : ''}
          </td>
          <td>${c.reason}</td>
        </tr>`,
    );
    return html`<section aria-labelledby="samenstelling-${doc.sourceId}">
      <h2 id="samenstelling-${doc.sourceId}">Overlegtafel ${v.year}</h2>
      <p class="meta">${v.members.length} aanbieders · versie ${v.version} · ${published(doc)}</p>
      <div class="percelen">
        ${perPerceel.map(
          ({ perceel, members }) =>
            html`<div>
              <h3>${perceelLabel(perceel)}</h3>
              ${members.length === 0
                ? html`<p>Geen aanbieder.</p>`
                : html`<ul>
                    ${members.map(
                      (m) =>
                        html`<li>
                          ${m.organisationName}${m.via === 'wijziging'
                            ? html` <span class="meta">(door de gemeente toegevoegd)</span>`
                            : ''}
                        </li>`,
                    )}
                  </ul>`}
            </div>`,
        )}
      </div>
      ${v.drawRecordId && drawIds.has(v.drawRecordId)
        ? html`<p>
            Gekozen door loting: <a href="/openbaar/loting/${v.drawRecordId}">lotingsverslag ${v.year}</a>.
          </p>`
        : ''}
      ${changes.length > 0
        ? scrollTable(`Wijzigingen in de samenstelling ${v.year}`, ['Datum', 'Wijziging', 'Reden'], changes)
        : ''}
    </section>`;
  });
  return page({
    title: 'Samenstelling van de Overlegtafel',
    section: '/openbaar/samenstelling',
    description: 'Welke aanbieders aan de Overlegtafel zitten, per perceel, en de lotingsverslagen.',
    body: html`<p class="intro">
        Aan de Overlegtafel zitten de gemeenten, de lokale toegang en ten hoogste twaalf aanbieders. De
        aanbieders worden elk jaar gekozen volgens het verdelingskader, zo nodig door loting. De gemeente kan
        de samenstelling met een reden wijzigen.
      </p>
      ${years.length === 0 ? html`<p>Er is nog geen samenstelling gepubliceerd.</p>` : years}
      <h2>Lotingen</h2>
      ${draws.length === 0
        ? html`<p>Er is nog geen lotingsverslag gepubliceerd.</p>`
        : html`<ul>
            ${draws.map(
              (d) => html`<li><a href="/openbaar/loting/${d.sourceId}">${d.title}</a>: ${d.summary}</li>`,
            )}
          </ul>`}`,
  });
}

export function drawRecordFileName(roundId: string): string {
  return `lotingsverslag-${roundId}.json`;
}

export function drawRecordPage(doc: Doc<'loting'>, jsonBytes: number): SafeHtml {
  const { record, year } = doc.view;
  const minimum = record.framework.minimumPerPerceel;
  const selected = record.outcome.selected.map(
    (s) =>
      html`<tr>
        <td>${s.rank}</td>
        <td>${s.organisationName}</td>
        <td>${s.perceel}</td>
        <td>${s.reasonDescription}</td>
      </tr>`,
  );
  const reserve = record.outcome.reserve.slice(0, RESERVE_SHOWN);
  const file = drawRecordFileName(doc.sourceId);
  return page({
    title: `Lotingsverslag ${year}`,
    section: '/openbaar/samenstelling',
    description: `Het lotingsverslag van de Overlegtafel ${year}, om zelf te controleren.`,
    body: html`<p class="meta">${published(doc)}</p>
      <p class="intro">
        Waar meer aanbieders zich inschreven dan er plaatsen waren, besliste een loting. Die loting is
        vastgelegd in een verslag waarmee iedereen haar kan overdoen: met dezelfde inschrijvingen, hetzelfde
        verdelingskader en dezelfde seed komt er precies dezelfde uitkomst uit.
      </p>
      <h2>Zelf controleren</h2>
      <p>
        <a class="knop" href="/openbaar/loting/${doc.sourceId}.json" download="${file}"
          >Download het lotingsverslag (JSON, ${Math.max(1, Math.round(jsonBytes / 1024))} kB)</a
        >
      </p>
      <p>Controleer het met de broncode van Tafelbot (Node.js 20 of nieuwer), na <code>npm ci</code>:</p>
      <pre><code>npm run lottery:verify -- ${file}</code></pre>
      <p>
        De uitkomst is <strong>Bevestigd</strong> als de herberekening hetzelfde geeft, en
        <strong>Weerlegd</strong> met de verschillen als het verslag niet klopt. De werkwijze staat beschreven
        in <code>docs/lottery.md</code>.
      </p>
      <h2>Gegevens van de loting</h2>
      <dl>
        <dt>Titel</dt>
        <dd>${record.title}</dd>
        <dt>Opgesteld op</dt>
        <dd>${dateTime(record.createdAt)}</dd>
        <dt>Algoritme</dt>
        <dd><code>${record.algorithmVersion}</code></dd>
        <dt>Seed</dt>
        <dd><code>${record.seed}</code></dd>
        <dt>Herkomst van de seed</dt>
        <dd>${record.seedSource}</dd>
        <dt>Inschrijvingen</dt>
        <dd>${record.registrations.length}</dd>
        <dt>Zetels</dt>
        <dd>${record.outcome.seatsFilled} van ${record.framework.seats} gevuld</dd>
        <dt>SHA-256 inschrijvingen</dt>
        <dd><code>${record.registrationsSha256}</code></dd>
        <dt>Controlegetal verslag</dt>
        <dd><code>${record.recordSha256}</code></dd>
      </dl>
      <h2>Gekozen aanbieders</h2>
      ${scrollTable(
        'Gekozen aanbieders, in lotingsvolgorde',
        ['Nr.', 'Aanbieder', 'Perceel', 'Reden'],
        selected,
      )}
      <h2>Regels die niet gehaald konden worden</h2>
      ${record.unmetRules.length === 0
        ? html`<p>Alle regels van het verdelingskader zijn gehaald.</p>`
        : html`<ul>
            ${record.unmetRules.map((r) => html`<li>${r.message}</li>`)}
          </ul>`}
      <h2>Reservelijst</h2>
      ${record.outcome.reserve.length === 0
        ? html`<p>Er is geen reservelijst: alle ingeschreven aanbieders zijn gekozen.</p>`
        : html`<p>
              In de volgorde waarin zij een vrijgekomen plaats
              krijgen.${record.outcome.reserve.length > RESERVE_SHOWN
                ? html` Hier staan de eerste ${RESERVE_SHOWN} van ${record.outcome.reserve.length}; de
                  volledige lijst staat in het verslag.`
                : ''}
            </p>
            <ol>
              ${reserve.map((r) => html`<li>${r.organisationName} (perceel ${r.perceel})</li>`)}
            </ol>`}
      <h2>Verdelingskader</h2>
      <ul>
        <li>Ten hoogste ${record.framework.seats} aanbieders.</li>
        <li>Minimaal per perceel: ${PERCELEN.map((p) => `perceel ${p}: ${minimum[p]}`).join(', ')}.</li>
        ${record.framework.differentGrootteWithinPerceel
          ? html`<li>Binnen een perceel aanbieders van verschillende grootte, waar mogelijk.</li>`
          : ''}
        ${record.framework.atLeastOneLokaalPerPerceel
          ? html`<li>Ten minste één lokale aanbieder per perceel, waar die zich inschreef.</li>`
          : ''}
        <li>
          Continuïteit: ten minste ${record.framework.continuity.minimumReturning} aanbieder(s) van vorig
          jaar; instroom: ten minste ${record.framework.inflow.minimumNewcomers} nieuwe.
        </li>
      </ul>`,
  });
}

// Vergaderingen en verslagen --------------------------------------------------------------------------------------

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

export function meetingPage(doc: Doc<'agenda'>, verslagPublished: boolean): SafeHtml {
  const v = doc.view;
  return page({
    title: v.title,
    section: '/openbaar/vergaderingen',
    description: `Agenda van ${v.tableName} op ${dateTime(v.start)}.`,
    body: html`<p class="meta">${published(doc)}</p>
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
              (item) =>
                html`<li>
                  <strong>${item.title}</strong>
                  <span class="meta">(inbreng: ${item.introducedBy})</span>${item.description
                    ? textBlock(item.description)
                    : ''}
                </li>`,
            )}
          </ol>`}
      <p>
        Zet deze en alle andere vergaderingen in uw agenda met de
        <a href="/openbaar/agenda.ics">iCalendar-feed</a>.
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
      ${markdownToHtml(v.markdown, { topHeadingLevel: 2, tableLabel: 'Tabel' })}`,
  });
}

// Besluiten -------------------------------------------------------------------------------------------------------

function countsLine(s: NonNullable<PublicBesluit['stemverhouding']>): string {
  const c = s.counts;
  return `${c.voor} voor, ${c.tegen} tegen, ${c.onthouding} onthouding, ${c.nietGestemd} niet gestemd`;
}

export function decisionsPage(docs: readonly Doc<'besluit'>[]): SafeHtml {
  return page({
    title: 'Besluiten',
    section: '/openbaar/besluiten',
    description: 'Voorstellen waarover is besloten, met de stemverhouding en de uitkomst.',
    body: html`<p class="intro">
        Een voorstel is uitgewerkt als alle partijen aan de Overlegtafel voor stemmen. Zonder unanimiteit kan
        de gemeente met redenen besluiten het voorstel toch aan te nemen of af te wijzen. De stemverhouding
        wordt altijd vastgelegd.
      </p>
      ${docs.length === 0
        ? html`<p>Er zijn nog geen besluiten gepubliceerd.</p>`
        : docs.slice(0, LIST_SHOWN).map((d) => {
            const v = d.view;
            const outcome = OUTCOME_LABELS[v.outcome];
            return html`<div class="card">
              <h2><a href="/openbaar/besluiten/${d.sourceId}">${v.title}</a></h2>
              <p>
                ${label(outcome.text, outcome.tone)}${v.decidedAt
                  ? html` op ${instantDate(v.decidedAt)}`
                  : ''}
              </p>
              ${v.stemverhouding ? html`<p>Stemverhouding: ${countsLine(v.stemverhouding)}.</p>` : ''}
              <p>${excerpt(v.summary)}</p>
            </div>`;
          })}
      ${moreNote(docs.length, 'besluiten')}`,
  });
}

export function decisionPage(doc: Doc<'besluit'>): SafeHtml {
  const v = doc.view;
  const outcome = OUTCOME_LABELS[v.outcome];
  const categories = ['voor', 'tegen', 'onthouding', 'nietGestemd'] as const;
  return page({
    title: v.title,
    section: '/openbaar/besluiten',
    description: `Besluit over het voorstel ${v.title}.`,
    body: html`<p class="meta">${published(doc)}</p>
      <p>${label(outcome.text, outcome.tone)}${v.decidedAt ? html` op ${instantDate(v.decidedAt)}` : ''}</p>
      <dl>
        <dt>Soort voorstel</dt>
        <dd>${v.type}</dd>
        <dt>Percelen</dt>
        <dd>${percelenText(v.percelen)}</dd>
        <dt>Ingediend door</dt>
        <dd>${v.submittedByOrganisation ?? 'de gemeente'}</dd>
        <dt>Ingediend op</dt>
        <dd>${instantDate(v.submittedAt)}</dd>
      </dl>
      <h2>Samenvatting</h2>
      ${textBlock(v.summary)}
      ${v.text
        ? html`<h2>Tekst van het voorstel</h2>
            ${textBlock(v.text)}`
        : ''}
      ${v.link
        ? html`<p>Meer informatie: <a href="${v.link}" rel="noopener noreferrer nofollow">${v.link}</a></p>`
        : ''}
      <h2>Stemverhouding</h2>
      ${v.stemverhouding
        ? html`<p>${countsLine(v.stemverhouding)}.</p>
            ${scrollTable(
              'Stemverhouding per partij',
              ['Stem', 'Aantal', 'Partijen'],
              categories.map(
                (c) =>
                  html`<tr>
                    <td>${STEM_LABELS[c]}</td>
                    <td>${v.stemverhouding?.counts[c] ?? 0}</td>
                    <td>${(v.stemverhouding?.parties[c] ?? []).join(', ') || '–'}</td>
                  </tr>`,
              ),
            )}`
        : html`<p>Over dit voorstel is niet gestemd.</p>`}
      <h2>Besluit</h2>
      <p>${outcome.text}.</p>
      ${v.reason
        ? html`<h3>Onderbouwing van de gemeente</h3>
            ${textBlock(v.reason)}`
        : ''}`,
  });
}

// Ontwikkeltafels -------------------------------------------------------------------------------------------------

function reportLabel(report: PublicReport | null): SafeHtml {
  if (!report) return label('Nog geen rapportage', 'neutraal');
  const status = reportStatusLabel(report.status);
  return label(status.text, status.tone);
}

export function tablesPage(docs: readonly Doc<'ontwikkeltafel'>[]): SafeHtml {
  const sorted = [...docs].sort((a, b) => a.view.name.localeCompare(b.view.name, 'nl'));
  return page({
    title: 'Ontwikkeltafels',
    section: '/openbaar/ontwikkeltafels',
    description: 'De ontwikkeltafels met hun opdracht en hun laatste voortgang.',
    body: html`<p class="intro">
        Ontwikkeltafels werken een thema uit in opdracht van de Overlegtafel. Ze rapporteren ten minste twee
        keer per jaar over hun voortgang, en sluiten af met een eindevaluatie.
      </p>
      ${sorted.length === 0
        ? html`<p>Er zijn nog geen ontwikkeltafels gepubliceerd.</p>`
        : sorted.map((d) => {
            const v = d.view;
            const r = v.latestReport;
            return html`<div class="card">
              <h2><a href="/openbaar/ontwikkeltafels/${d.sourceId}">${v.name}</a></h2>
              <p>
                ${v.status === 'beeindigd' ? html`${label('Beëindigd', 'neutraal')} ` : ''}${reportLabel(r)}
              </p>
              <p>
                ${r
                  ? html`${r.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Laatste voortgangsrapportage'} over
                    ${shortDate(r.periodStart)} t/m ${shortDate(r.periodEnd)}, gepubliceerd op
                    ${instantDate(r.publishedAt)}.`
                  : 'Nog geen gepubliceerde voortgangsrapportage.'}
              </p>
              <p class="meta">${percelenText(v.percelen)}</p>
            </div>`;
          })}`,
  });
}

export function tablePage(doc: Doc<'ontwikkeltafel'>): SafeHtml {
  const v = doc.view;
  const r = v.latestReport;
  return page({
    title: tafelTitle(v.name),
    section: '/openbaar/ontwikkeltafels',
    description: `Opdracht, doel en voortgang van de ontwikkeltafel ${v.name}.`,
    body: html`<p class="meta">${published(doc)}</p>
      <p>${v.status === 'beeindigd' ? html`${label('Beëindigd', 'neutraal')} ` : ''}${reportLabel(r)}</p>
      <dl>
        <dt>Status</dt>
        <dd>
          ${v.status === 'actief' ? 'Actief' : `Beëindigd${v.endedOn ? ` op ${shortDate(v.endedOn)}` : ''}`}
        </dd>
        <dt>Looptijd</dt>
        <dd>${shortDate(v.start)} tot ${shortDate(v.expectedEnd)} (verwacht)</dd>
        <dt>Percelen</dt>
        <dd>${percelenText(v.percelen)}</dd>
        <dt>Trekkers</dt>
        <dd>${v.trekkerOrganisations.join(', ') || '–'}</dd>
        <dt>Deelnemers</dt>
        <dd>${v.participants.join(', ') || '–'}</dd>
      </dl>
      <h2>Opdracht</h2>
      ${textBlock(v.opdracht)}
      <h2>Doel</h2>
      ${textBlock(v.doel)}
      <h2>${r?.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Laatste voortgangsrapportage'}</h2>
      ${r
        ? html`<p>
              Over ${shortDate(r.periodStart)} t/m ${shortDate(r.periodEnd)} · gepubliceerd op
              ${instantDate(r.publishedAt)}${r.version > 1 ? ` (versie ${r.version})` : ''}
            </p>
            <h3>Voortgang</h3>
            ${textBlock(r.progress)}
            <h3>Resultaten</h3>
            ${textBlock(r.results)}
            <h3>Volgende stappen</h3>
            ${textBlock(r.nextSteps)}
            ${r.pilots.length > 0
              ? html`<h3>Pilots</h3>
                  ${scrollTable(
                    `Pilots van ${tafelTitle(v.name)}`,
                    ['Pilot', 'Periode', 'Status'],
                    r.pilots.map(
                      (p) =>
                        html`<tr>
                          <td>${p.name}</td>
                          <td>${shortDate(p.start)} t/m ${shortDate(p.end)}</td>
                          <td>${p.status}</td>
                        </tr>`,
                    ),
                    { visibleCaption: false },
                  )}`
              : ''}`
        : html`<p>Er is nog geen voortgangsrapportage gepubliceerd.</p>`}`,
  });
}

// Not found -------------------------------------------------------------------------------------------------------

export function notFoundPage(): SafeHtml {
  return messagePage(
    'Pagina niet gevonden',
    'Deze pagina bestaat niet, of wat hier stond is niet (meer) gepubliceerd.',
  );
}

export function unavailablePage(): SafeHtml {
  return messagePage(
    'Er ging iets mis',
    'Deze pagina kan nu niet worden getoond. Probeer het over een paar minuten opnieuw.',
  );
}

function messagePage(title: string, message: string): SafeHtml {
  return page({
    title,
    body: html`<p class="intro">${message}</p>
      <p>Ga naar het <a href="/openbaar">overzicht van de virtuele overlegtafel</a>.</p>`,
  });
}
