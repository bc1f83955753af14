import { PERCELEN } from '../domain/registry/registry';
import type { PublicationSummary } from '../storage/publicationsRepository';
import { html, type SafeHtml } from './html';
import { dateTime, instantDate, KIND_LABELS, perceelLabel, publicPath } from './labels';
import { page } from './layout';
import { term } from './sitePages';
import { drawRecordTrustSection, lotteryTrustLinks } from './lotteryVerifyPage';
import { LATEST_SHOWN, latestChangeLine, published, RESERVE_SHOWN, scrollTable, type Doc } from './pageParts';

/**
 * The pages of the virtuele overlegtafel. Each takes publications (snapshots of public views) and nothing else;
 * every value goes through the escaping `html` tag. Lists are kept short so a page stays well under 30 kB.
 * The meeting pages and the decision and table pages live beside this file; they are re-exported here.
 */

export { tafelTitle } from './pageParts';
export * from './meetingPages';
export * from './decisionPages';

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
      ${latest.length > 0
        ? html`<p>Oudere publicaties staan in het <a href="/openbaar/archief">archief</a>.</p>`
        : ''}
      <h2>Op de hoogte blijven</h2>
      <p>
        Zet de vergaderingen in uw agenda, of volg nieuwe publicaties met een feedlezer:
        <a href="/openbaar/volgen">zo blijft u op de hoogte</a>.
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
      ${otherMembersList(v.otherMembers ?? [])}
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
      ${latestChangeLine(doc) ? html`<p class="meta">${latestChangeLine(doc)}</p>` : ''}
    </section>`;
  });
  return page({
    title: 'Samenstelling van de Overlegtafel',
    section: '/openbaar/samenstelling',
    description: 'Welke aanbieders aan de Overlegtafel zitten, per perceel, en de lotingsverslagen.',
    body: html`<p class="intro">
        Aan de Overlegtafel zitten de gemeenten, de lokale toegang en ten hoogste twaalf aanbieders. De
        aanbieders worden elk jaar per ${term('perceel', 'perceel')} gekozen volgens het
        ${term('verdelingskader', 'verdelingskader')}, zo nodig door ${term('loting', 'loting')}. De gemeente
        kan de samenstelling met een reden wijzigen.
      </p>
      ${years.length === 0 ? html`<p>Er is nog geen samenstelling gepubliceerd.</p>` : years}
      <h2>Lotingen</h2>
      ${draws.length === 0
        ? html`<p>Er is nog geen lotingsverslag gepubliceerd.</p>`
        : html`<ul>
            ${draws.map(
              (d) => html`<li><a href="/openbaar/loting/${d.sourceId}">${d.title}</a>: ${d.summary}</li>`,
            )}
          </ul>`}
      ${lotteryTrustLinks()}`,
  });
}

const OTHER_MEMBER_LABELS = { gemeente: 'Gemeenten', 'lokale-toegang': 'Lokale toegang' } as const;

/** The gemeenten and the lokale toegang, who sit at the table besides the aanbieders. */
function otherMembersList(others: NonNullable<Doc<'samenstelling'>['view']['otherMembers']>): SafeHtml {
  if (others.length === 0) return html``;
  const groups = (['gemeente', 'lokale-toegang'] as const)
    .map((type) => ({ type, names: others.filter((o) => o.type === type).map((o) => o.organisationName) }))
    .filter((g) => g.names.length > 0);
  return html`<dl class="aan-tafel">
    ${groups.map(
      (g) =>
        html`<dt>${OTHER_MEMBER_LABELS[g.type]}</dt>
          <dd>${g.names.join(', ')}</dd>`,
    )}
    <dt>Aanbieders</dt>
    <dd>per perceel hieronder</dd>
  </dl>`;
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
        ${term('verdelingskader', 'verdelingskader')} en dezelfde ${term('seed', 'seed')} komt er precies
        dezelfde uitkomst uit.
      </p>
      <h2>Zelf controleren</h2>
      <p>
        <a class="knop" href="/openbaar/loting/${doc.sourceId}.json" download="${file}"
          >Download het lotingsverslag (JSON, ${Math.max(1, Math.round(jsonBytes / 1024))} kB)</a
        >
      </p>
      <p>Controleer het met de broncode van Tafelbot (Node.js 22.12 of nieuwer), na <code>npm ci</code>:</p>
      <pre><code>npm run lottery:verify -- ${file} --lang nl</code></pre>
      <p>
        De uitkomst is <strong>Bevestigd</strong> als de herberekening hetzelfde geeft, en
        <strong>Weerlegd</strong> met de verschillen als het verslag niet klopt. De werkwijze staat beschreven
        in <code>docs/lottery.md</code>.
      </p>
      ${drawRecordTrustSection(record, doc.sourceId)}
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
        <dt>${term('sha-256', 'SHA-256')} inschrijvingen</dt>
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
