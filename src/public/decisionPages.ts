import { html, type SafeHtml } from './html';
import { instantDate, OUTCOME_LABELS, reportStatusLabel, shortDate, STEM_LABELS } from './labels';
import { page } from './layout';
import { term } from './sitePages';
import type { PublicBesluit, PublicReport } from './publicViews';
import {
  changeNotes,
  excerpt,
  label,
  LIST_SHOWN,
  moreNote,
  percelenText,
  published,
  scrollTable,
  tafelTitle,
  textBlock,
  type Doc,
} from './pageParts';

/** Decisions on voorstellen and the ontwikkeltafels with their reports, as the virtuele overlegtafel shows them. */

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
        Een voorstel is ${term('uitgewerkt', 'uitgewerkt')} als alle partijen aan de Overlegtafel voor
        stemmen. Zonder unanimiteit kan de gemeente met redenen besluiten het voorstel toch aan te nemen of af
        te wijzen. De stemverhouding wordt altijd vastgelegd.
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
        : ''}
      ${changeNotes(doc)}`,
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
        ${term('ontwikkeltafel', 'Ontwikkeltafels')} werken een thema uit in opdracht van de Overlegtafel. Ze
        rapporteren ten minste twee keer per jaar over hun voortgang, en sluiten af met een eindevaluatie.
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

/** One report in full: period, progress, results, next steps and pilots; headings from `level` down. */
function reportBody(r: PublicReport, tafel: string, level: 3 | 4): SafeHtml {
  const heading = (text: string) => (level === 3 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  return html`<p>
      Over ${shortDate(r.periodStart)} t/m ${shortDate(r.periodEnd)} · gepubliceerd op
      ${instantDate(r.publishedAt)}${r.version > 1 ? html` (${term('versie', `versie ${r.version}`)})` : ''}
    </p>
    ${heading('Voortgang')} ${textBlock(r.progress)} ${heading('Resultaten')} ${textBlock(r.results)}
    ${heading('Volgende stappen')} ${textBlock(r.nextSteps)}
    ${r.pilots.length > 0
      ? html`${heading('Pilots')}
        ${scrollTable(
          level === 3 ? `Pilots van ${tafel}` : `Pilots van ${tafel}, ${shortDate(r.periodEnd)}`,
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
      : ''}`;
}

export function tablePage(doc: Doc<'ontwikkeltafel'>): SafeHtml {
  const v = doc.view;
  const r = v.latestReport;
  const earlier = v.earlierReports ?? [];
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
        ? reportBody(r, tafelTitle(v.name), 3)
        : html`<p>Er is nog geen voortgangsrapportage gepubliceerd.</p>`}
      ${earlier.length > 0
        ? html`<h2>Eerdere rapportages</h2>
            ${earlier.map(
              (e) =>
                html`<section aria-labelledby="rapportage-${e.periodEnd}">
                  <h3 id="rapportage-${e.periodEnd}">
                    ${e.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Voortgangsrapportage'}
                    ${shortDate(e.periodStart)} t/m ${shortDate(e.periodEnd)}
                  </h3>
                  <p>${reportLabel(e)}</p>
                  ${reportBody(e, tafelTitle(v.name), 4)}
                </section>`,
            )}`
        : ''}
      ${changeNotes(doc)}`,
  });
}
