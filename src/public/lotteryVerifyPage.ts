import {
  ALGORITHM_VERSION,
  COMMIT_REVEAL_VERSION,
  describeDeviation,
  type DrawRecord,
} from '../domain/lottery';
import { html, SafeHtml } from './html';
import { dateTime } from './labels';
import { page } from './layout';
import type { PublicCommitment } from './lotteryCommitments';
import type { Doc } from './pageParts';

/**
 * The pages that let a visitor check the lottery without installing anything: the commitments published when a
 * round opens (/openbaar/toezeggingen), the verification page whose script re-runs a draw in the visitor's browser
 * (/openbaar/loting-controle[/<ronde>]), and the algorithm in plain language and exactly (/openbaar/loting-werkwijze).
 * Dutch first; each page has a short English summary.
 */

export const VERIFY_PATH = '/openbaar/loting-controle';
export const VERIFY_SCRIPT_PATH = '/openbaar/loting-controle.js';
export const COMMITMENTS_PATH = '/openbaar/toezeggingen';
export const ALGORITHM_PATH = '/openbaar/loting-werkwijze';

/** The verification page may run one script: the bundle served from this origin. */
export const VERIFY_PAGE_SCRIPT_SRC = "script-src 'self'";

/**
 * JSON inside <script type="application/json">: the browser does not decode entities there, so the record is
 * written as JSON with <, > and & as \u escapes (still the same JSON value), which can never close the element.
 */
function jsonDataBlock(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return new SafeHtml(`<script type="application/json" id="${id}">${json}</script>`);
}

function commitmentItem(c: PublicCommitment): SafeHtml {
  return html`<section>
    <h2>Overlegtafel ${c.year}</h2>
    <dl>
      <dt>Toezegging (SHA-256 van het geheim)</dt>
      <dd><code>${c.commitment}</code></dd>
      <dt>Gepubliceerd op</dt>
      <dd>${dateTime(c.committedAt)}</dd>
      <dt>Sluitingstermijn inschrijving</dt>
      <dd>${dateTime(c.deadline)}</dd>
      <dt>Openbare waarde</dt>
      <dd>${c.publicValueSource} (bekend op ${c.publicValueDate}, na de sluitingstermijn)</dd>
      <dt>Afwijkingen van Bijlage 9</dt>
      <dd>
        ${c.deviations.length === 0
          ? 'Geen: het verdelingskader volgt Bijlage 9.'
          : html`${c.deviations.join('; ')}. Reden: ${c.deviationReason}`}
      </dd>
      <dt>Stand</dt>
      <dd>
        ${c.drawn
          ? html`Geloot. Het lotingsverslag onthult het geheim en de openbare waarde; controleer het op
              <a href="${VERIFY_PATH}">de controlepagina</a>.`
          : 'Inschrijving loopt of loting nog niet uitgevoerd: het geheim is nog niet bekend.'}
      </dd>
    </dl>
  </section>`;
}

export function commitmentsPage(commitments: readonly PublicCommitment[]): SafeHtml {
  return page({
    title: 'Toezeggingen voor de loting',
    section: '/openbaar/samenstelling',
    description:
      'De vooraf vastgelegde toezeggingen waarmee de loting van de Overlegtafel niet te sturen is.',
    body: html`<p class="intro">
        Bij het openen van een inschrijfronde maakt Tafelbot een geheim getal. Alleen de vingerafdruk ervan
        (de SHA-256) staat hier, vanaf dat moment. Na de sluitingstermijn wordt een openbare waarde bekend,
        zoals een slotkoers. Bij de loting worden het geheim en die waarde samen de seed. Zo kan niemand de
        uitkomst vooraf weten of sturen: de gemeente kent de openbare waarde niet op tijd, en wie die waarde
        kent, kent het geheim niet. Past het onthulde geheim niet bij de vingerafdruk hieronder, dan is het
        verslag weerlegd.
      </p>
      <p lang="en">
        English: when a registration round opens, Tafelbot commits to a secret by publishing its SHA-256 here.
        The seed combines the secret with a public value that becomes known only after the deadline.
      </p>
      ${commitments.length === 0
        ? html`<p>Er is nog geen ronde geopend met een toezegging.</p>`
        : commitments.map(commitmentItem)}
      <p>
        <a href="${ALGORITHM_PATH}">Hoe werkt de loting?</a> ·
        <a href="${VERIFY_PATH}">Een loting controleren</a>
      </p>`,
  });
}

/** The links to checking a draw, for the composition page. */
export function lotteryTrustLinks(): SafeHtml {
  return html`<p>
    <a href="${VERIFY_PATH}">Een loting controleren</a> ·
    <a href="${COMMITMENTS_PATH}">Toezeggingen voor de loting</a> ·
    <a href="${ALGORITHM_PATH}">Hoe werkt de loting?</a>
  </p>`;
}

/** What the public lottery page adds about trust: commitment, deviations and classification of a record. */
export function drawRecordTrustSection(record: DrawRecord, roundId: string): SafeHtml {
  const c = record.seedCommitment;
  const classified = (record.classifications ?? []).filter((k) => k.basis !== 'register');
  return html`<h2>Controle en toezegging</h2>
    <p>
      <a class="knop" href="${VERIFY_PATH}/${roundId}">Controleer deze loting in uw browser</a>
      (geen installatie, geen account). <a href="${ALGORITHM_PATH}">Hoe werkt de loting?</a>
    </p>
    ${c
      ? html`<dl>
          <dt>Toezegging (SHA-256 van het geheim)</dt>
          <dd><code>${c.commitment}</code>, gepubliceerd ${dateTime(c.committedAt)}</dd>
          <dt>Onthuld geheim</dt>
          <dd><code>${c.secret}</code></dd>
          <dt>Openbare waarde</dt>
          <dd>${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate})</dd>
        </dl>`
      : html`<p>
          Dit verslag is <strong>zonder toezegging</strong>: het is van vóór de toezegging, dus niets bewijst
          dat de seed pas na de sluitingstermijn bekend was.
        </p>`}
    ${record.deviations && record.deviations.length > 0
      ? html`<p>Afwijkingen van Bijlage 9:</p>
          <ul>
            ${record.deviations.map((d) => html`<li>${describeDeviation(d, 'nl')}. Reden: ${d.reason}</li>`)}
          </ul>`
      : record.deviations
        ? html`<p>Het verdelingskader volgt Bijlage 9.</p>`
        : ''}
    ${record.classifications
      ? classified.length === 0
        ? html`<p>Grootte en herkomst komen voor alle inschrijvingen uit het register.</p>`
        : html`<p>
              Grootte en herkomst komen uit het register. Waar een inschrijving iets anders opgaf, besliste de
              gemeente vóór de loting:
            </p>
            <ul>
              ${classified.map(
                (k) =>
                  html`<li>
                    ${k.registrationId}:
                    ${k.basis === 'register-bevestigd' ? 'register bevestigd' : 'register gecorrigeerd'}
                    (opgegeven: ${k.declared?.grootte ?? '?'}, ${k.declared?.herkomst ?? '?'})
                  </li>`,
              )}
            </ul>`
      : ''}`;
}

export function verifyPage(draws: readonly Doc<'loting'>[], selected?: Doc<'loting'>): SafeHtml {
  return page({
    title: selected ? `Loting ${selected.view.year} controleren` : 'Een loting controleren',
    section: '/openbaar/samenstelling',
    description: 'Controleer een loting van de Overlegtafel in uw eigen browser.',
    body: html`<p class="intro">
        Uw browser rekent de loting opnieuw uit met precies dezelfde code als Tafelbot. Er wordt niets naar
        ons verstuurd. Komt er hetzelfde uit, dan staat er <strong>Bevestigd</strong>. Klopt er iets niet, dan
        staat er <strong>Weerlegd</strong>, met de verschillen.
      </p>
      <p lang="en">
        English: your browser re-runs the draw with the same code Tafelbot uses and says Bevestigd (confirmed)
        or Weerlegd (refuted), with the differences. Nothing is sent to the server.
      </p>
      <h2>Uitslag</h2>
      <div id="controle-uitslag" role="status" aria-live="polite" data-uitslag="geen">
        ${selected
          ? html`<p>
              Deze controle heeft JavaScript nodig. Zonder JavaScript: download het verslag en gebruik
              <code>npm run lottery:verify</code>.
            </p>`
          : html`<p>Kies hieronder een gepubliceerde loting of een verslag op uw computer.</p>`}
      </div>
      ${selected ? jsonDataBlock('lotingsverslag', selected.view.record) : ''}
      <h2>Een verslag van uw computer controleren</h2>
      <p>
        <label for="controle-bestand">Kies een lotingsverslag (JSON-bestand)</label><br />
        <input id="controle-bestand" type="file" accept=".json,application/json" />
      </p>
      <p>Het bestand blijft op uw computer: uw browser leest het en rekent het na.</p>
      <h2>Gepubliceerde lotingen</h2>
      ${draws.length === 0
        ? html`<p>Er is nog geen lotingsverslag gepubliceerd.</p>`
        : html`<ul>
            ${draws.map(
              (d) =>
                html`<li>
                  <a href="${VERIFY_PATH}/${d.sourceId}">${d.title} controleren</a> ·
                  <a href="/openbaar/loting/${d.sourceId}">verslag bekijken</a>
                </li>`,
            )}
          </ul>`}
      <p>
        <a href="${ALGORITHM_PATH}">Hoe werkt de loting?</a> ·
        <a href="${COMMITMENTS_PATH}">Toezeggingen</a>
      </p>
      <script src="${VERIFY_SCRIPT_PATH}" defer></script>`,
  });
}

export function verifyUnavailablePage(): SafeHtml {
  return page({
    title: 'Controle niet beschikbaar',
    section: '/openbaar/samenstelling',
    body: html`<p>
      De controle in de browser is op deze server niet beschikbaar (het script is niet gebouwd). Download het
      lotingsverslag en gebruik <code>npm run lottery:verify</code>.
    </p>`,
  });
}

export function algorithmPage(): SafeHtml {
  return page({
    title: 'Hoe werkt de loting?',
    section: '/openbaar/samenstelling',
    description: 'De loting voor de Overlegtafel: eerst in gewone taal, daarna precies.',
    body: html`<h2>In het kort</h2>
      <p class="intro">
        Soms schrijven zich meer aanbieders in dan er plaatsen zijn aan de Overlegtafel. Dan beslist een
        loting. De loting volgt vaste regels. Iedereen kan haar overdoen en zien dat de uitkomst klopt.
      </p>
      <ol>
        <li>
          Als de inschrijving opengaat, maakt Tafelbot een geheim getal. Alleen een vingerafdruk ervan wordt
          openbaar. Met die vingerafdruk kan later iedereen zien dat het geheim niet is veranderd.
        </li>
        <li>
          De gemeente noemt vooraf een openbare waarde die pas na de sluiting bekend wordt, bijvoorbeeld een
          slotkoers van de beurs op een bepaalde dag.
        </li>
        <li>
          Na de sluiting worden het geheim en de openbare waarde samen het startgetal (de seed). Niemand kon
          dat getal van tevoren weten.
        </li>
        <li>
          Eerst krijgt elk perceel zijn vaste plaatsen. Daarbij gaat de eerste plaats naar een lokale
          aanbieder, als die zich inschreef. De tweede plaats gaat naar een aanbieder van een andere grootte,
          als dat kan.
        </li>
        <li>Daarna wordt gezorgd voor genoeg aanbieders die vorig jaar aan tafel zaten, en genoeg nieuwe.</li>
        <li>
          De overige plaatsen worden verloot onder iedereen die nog over is. De rest staat op de reservelijst.
        </li>
        <li>
          Grootte (klein, middel, groot) en herkomst (lokaal, regionaal) komen uit het register van de
          gemeente, niet uit het inschrijfformulier.
        </li>
        <li>Wijkt de gemeente af van de afspraken in Bijlage 9, dan staat de reden in het verslag.</li>
      </ol>
      <p>
        Alles staat in het lotingsverslag. Op <a href="${VERIFY_PATH}">de controlepagina</a> rekent uw browser
        de loting na.
      </p>
      <p lang="en">
        English: a secret committed to when the round opens and a public value known only after the deadline
        together make the seed; the draw then fills the reserved seats per lot, continuity and inflow, and a
        free lottery, all reproducible from the published record.
      </p>
      <h2>Precies</h2>
      <p>
        Versies: <code>${COMMIT_REVEAL_VERSION}</code> (met toezegging) en
        <code>${ALGORITHM_VERSION}</code> (oudere verslagen, zonder toezegging). De volledige beschrijving
        staat in <code>docs/lottery.md</code> van de broncode; dit is de kern.
      </p>
      <h3>Seed</h3>
      <pre><code>toezegging = hex(SHA-256(UTF-8(geheim)))          geheim: 64 hexadecimale tekens
seed       = hex(SHA-256(UTF-8(geheim + ":" + openbare waarde)))</code></pre>
      <p>
        Het verslag is weerlegd als SHA-256 van het onthulde geheim niet de toezegging is, als de seed niet zo
        is afgeleid, als de datum van de openbare waarde niet na de sluitingstermijn ligt of als de toezegging
        niet vóór de sluitingstermijn is gedaan.
      </p>
      <h3>Toeval</h3>
      <pre><code>blok(seed, label, n) = SHA-256(UTF-8(seed + ":" + label + ":" + n)),  n = 0, 1, 2, …</code></pre>
      <p>
        Elk blok geeft acht 32-bits woorden (big-endian), in volgorde. <code>uniformInt(n)</code>: bij n = 1
        is het 0 zonder een woord te lezen; anders: grens = 2^32 − (2^32 mod n), lees woorden tot er één onder
        de grens is, en neem dat woord mod n. <code>drawOne(lijst)</code> = lijst[uniformInt(lengte)].
        <code>shuffleFront(lijst, k)</code>: voor i = 0 … min(k, lengte − 1) − 1: j = i + uniformInt(lengte −
        i), verwissel i en j. Labels: <code>perceel-1</code> … <code>perceel-5</code>,
        <code>continuiteit</code>, <code>instroom</code>, <code>vrije-loting</code>.
      </p>
      <h3>De trekking</h3>
      <p>Alle lijsten staan op volgorde van <code>registrationId</code> (bytevolgorde).</p>
      <ol>
        <li>
          Per perceel p = 1 … 5 (stroom <code>perceel-p</code>), m = min(minimum van p, inschrijvingen in p).
          Plaats 1: drawOne(lokale inschrijvers van p) als de lokaal-regel aan staat en er een is, anders
          drawOne(alle inschrijvers van p). Plaats 2: drawOne(inschrijvers van p met een andere grootte dan
          plaats 1) als de grootte-regel aan staat en die er zijn, anders drawOne(nog niet gekozen van p).
          Plaatsen 3 … m: drawOne(nog niet gekozen van p).
        </li>
        <li>
          Continuïteit: tekort aan terugkerende aanbieders → shuffleFront(nog niet gekozen terugkerenden,
          <code>continuiteit</code>), neem de eersten. Daarna instroom op dezelfde manier met
          <code>instroom</code>.
        </li>
        <li>
          Vrije loting: shuffleFront(alle nog niet gekozenen, <code>vrije-loting</code>); de eersten vullen de
          zetels, de rest is in die volgorde de reservelijst.
        </li>
      </ol>
      <h3>Verslag</h3>
      <p>
        Hashes zijn SHA-256 over canonieke JSON (RFC 8785): sleutels gesorteerd, geen witruimte.
        <code>registrationsSha256</code> dekt de inschrijvingen, <code>recordSha256</code> het hele verslag
        zonder dat veld. De controle rekent alles opnieuw uit: toezegging, seed, uitkomst, reservelijst,
        niet-gehaalde regels en kansen.
      </p>`,
  });
}
