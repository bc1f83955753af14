import type { PublicPublisher } from '../config/config';
import { html, type SafeHtml } from './html';
import { page } from './layout';

/**
 * Fixed pages of the virtuele overlegtafel besides the statements: how to follow along (the feeds, explained
 * for people who never used one), the glossary in plain language (B1) and "over deze site".
 */

export const FOLLOW_PATH = '/openbaar/volgen';
export const GLOSSARY_PATH = '/openbaar/begrippen';
export const ABOUT_PATH = '/openbaar/over';

/** The link to a term in the glossary, for the first use of the term on a page. */
export function term(id: GlossaryId, text: string): SafeHtml {
  return html`<a class="begrip" href="${GLOSSARY_PATH}#${id}">${text}</a>`;
}

/** webcal://… for a calendar app to subscribe to; only with a configured https or http base address. */
export function webcalUrl(baseUrl: string | undefined, path: string): string | undefined {
  const base = baseUrl?.replace(/\/+$/, '');
  if (!base || !/^https?:\/\/[^\s/"'<>]+$/.test(base)) return undefined;
  return `${base.replace(/^https?:/, 'webcal:')}${path}`;
}

export function followPage(options: { readonly baseUrl?: string }): SafeHtml {
  const base = options.baseUrl?.replace(/\/+$/, '') ?? '';
  const webcal = webcalUrl(options.baseUrl, '/openbaar/agenda.ics');
  return page({
    title: 'Op de hoogte blijven',
    section: '/openbaar',
    description: 'Hoe u de vergaderingen in uw agenda zet en nieuwe publicaties volgt.',
    body: html`<p class="intro">
        U kunt de vergaderingen in uw eigen agenda zetten, en een melding krijgen als hier iets nieuws staat.
        Daarvoor hoeft u niets te installeren dat u niet al heeft.
      </p>
      <h2>Vergaderingen in uw agenda</h2>
      <p>
        Met een abonnement haalt uw agenda (Outlook, Google Agenda, Apple Agenda) de vergaderingen zelf op,
        elk uur opnieuw. Verandert een tijd of plaats, of gaat een vergadering niet door, dan ziet u dat
        vanzelf.
      </p>
      ${webcal ? html`<p><a class="knop" href="${webcal}">Abonneer op de vergaderagenda</a></p>` : ''}
      <p>
        Werkt die knop niet, voeg dan in uw agenda een agenda toe "via internet" of "via URL" en plak dit
        adres:
      </p>
      <pre><code>${base}/openbaar/agenda.ics</code></pre>
      <p>
        Eén vergadering in uw agenda zetten kan ook: op de pagina van elke vergadering staat een knop "Zet in
        mijn agenda".
      </p>
      <h2>Nieuwe publicaties volgen</h2>
      <p>
        Alle publicaties staan in een feed (Atom). Een feedlezer, zoals Feedly, Inoreader of de feedlezer in
        uw e-mailprogramma, laat u weten wanneer er iets nieuws is of iets is gewijzigd. Geef de feedlezer dit
        adres:
      </p>
      <pre><code>${base}/openbaar/feed.xml</code></pre>
      <p>
        Opent u de <a href="/openbaar/feed.xml">feed</a> in een browser, dan ziet u de techniek erachter
        (XML). Dat is niet erg: de feed is bedoeld voor een feedlezer. Oudere publicaties staan op de volgende
        pagina's van de feed en in het <a href="/openbaar/archief">archief</a>.
      </p>`,
  });
}

export type GlossaryId =
  | 'seed'
  | 'sha-256'
  | 'verdelingskader'
  | 'perceel'
  | 'uitgewerkt'
  | 'inbreng'
  | 'versie'
  | 'loting'
  | 'ontwikkeltafel';

const GLOSSARY: ReadonlyArray<{ readonly id: GlossaryId; readonly word: string; readonly text: string }> = [
  {
    id: 'inbreng',
    word: 'Inbreng',
    text: 'Wie een punt op de agenda heeft gezet. Dat kan de gemeente zijn, of een organisatie aan tafel.',
  },
  {
    id: 'loting',
    word: 'Loting',
    text: 'Als meer aanbieders willen meedoen dan er plaatsen zijn, kiest de computer met een loting wie meedoet. Iedereen kan die loting nadoen en controleren.',
  },
  {
    id: 'ontwikkeltafel',
    word: 'Ontwikkeltafel',
    text: 'Een kleine groep die één onderwerp uitwerkt, zoals wachtlijsten. De groep vertelt twee keer per jaar hoe het gaat.',
  },
  {
    id: 'perceel',
    word: 'Perceel',
    text: 'Een deel van de zorg dat de gemeente inkoopt, bijvoorbeeld hulp bij het huishouden. Een aanbieder heeft een contract voor één of meer percelen.',
  },
  {
    id: 'seed',
    word: 'Seed',
    text: 'Het startgetal van de loting. Met dezelfde seed en dezelfde inschrijvingen komt er altijd precies dezelfde uitkomst uit. Zo kan iedereen nagaan dat er niet is geschoven.',
  },
  {
    id: 'sha-256',
    word: 'SHA-256 (controlegetal)',
    text: 'Een lange code die uit een bestand wordt berekend. Verandert er één teken in het bestand, dan verandert de hele code. Zo ziet u of een bestand nog precies hetzelfde is.',
  },
  {
    id: 'uitgewerkt',
    word: 'Uitgewerkt',
    text: 'Een voorstel is uitgewerkt als iedereen aan tafel voor is, of als de gemeente het met redenen toch aanneemt. Dan wordt het uitgevoerd.',
  },
  {
    id: 'verdelingskader',
    word: 'Verdelingskader',
    text: 'De regels voor wie aan de Overlegtafel zit: hoeveel plaatsen er zijn, hoeveel aanbieders per perceel, en dat er kleine en grote en lokale aanbieders bij zijn.',
  },
  {
    id: 'versie',
    word: 'Versie (bijvoorbeeld "versie 2")',
    text: 'Als een stuk na publicatie is aangepast, krijgt het een hoger nummer. Versie 2 is de eerste aanpassing. Wat er veranderde, staat bij het stuk onder "Wijzigingen".',
  },
];

export function glossaryPage(): SafeHtml {
  return page({
    title: 'Begrippen',
    description: 'Woorden van de Overlegtafel in gewone taal uitgelegd.',
    body: html`<p class="intro">Wat betekenen de woorden op deze site? Hier staat het in gewone taal.</p>
      <dl class="begrippen">
        ${GLOSSARY.map(
          (g) =>
            html`<dt id="${g.id}">${g.word}</dt>
              <dd>${g.text}</dd>`,
        )}
      </dl>`,
  });
}

export function aboutPage(publisher: PublicPublisher, region: string | undefined): SafeHtml {
  const who = publisher.name ?? 'de gemeente';
  return page({
    title: 'Over deze site',
    description: 'Wie deze site maakt, wat erop staat en hoe actueel het is.',
    body: html`<p class="intro">
        Deze site laat zien wat er aan de Overlegtafel${region ? html` van ${region}` : ''} gebeurt. De site
        wordt gemaakt door ${who}.
      </p>
      <h2>Wat staat hier</h2>
      <p>
        De gemeente kiest wat openbaar wordt: wie aan tafel zit, de lotingen, de agenda's en verslagen, de
        besluiten en de ontwikkeltafels. Namen van mensen staan er niet op. Organisaties wel.
      </p>
      <h2>Hoe actueel</h2>
      <p>
        Verandert de tijd of plaats van een vergadering, of gaat die niet door, dan staat dat hier meteen, ook
        in de <a href="/openbaar/volgen">agenda en de feed</a>. Bij elk stuk staat wanneer het is gewijzigd en
        wat er veranderde. Een stuk verdwijnt alleen als de gemeente het intrekt.
      </p>
      <h2>Zoeken en archief</h2>
      <p>
        Zoek op titel met <a href="/openbaar/zoeken">zoeken</a>, of blader per jaar door het
        <a href="/openbaar/archief">archief</a>. Moeilijke woorden staan uitgelegd bij
        <a href="/openbaar/begrippen">begrippen</a>.
      </p>
      <h2>Contact</h2>
      <p>
        ${publisher.contactEmail
          ? html`Vragen of iets gezien dat niet klopt? Mail ${who}:
              <a href="mailto:${publisher.contactEmail}">${publisher.contactEmail}</a>.`
          : html`Vragen of iets gezien dat niet klopt? Neem contact op met ${who}.`}
        Lees ook de <a href="/openbaar/privacy">privacyverklaring</a> en de
        <a href="/openbaar/toegankelijkheid">toegankelijkheidsverklaring</a>.
      </p>`,
  });
}
