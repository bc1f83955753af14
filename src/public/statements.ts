import type { PublicPublisher } from '../config/config';
import { html, type SafeHtml } from './html';
import { page } from './layout';

/**
 * The privacyverklaring and the toegankelijkheidsverklaring under /openbaar: fixed text about what Tafelbot
 * stores and how the public pages are tested, with the gemeente's name and contact address from configuration
 * (PUBLIC_PUBLISHER_NAME, PUBLIC_CONTACT_EMAIL). Where those are not set, the page says so instead of
 * inventing a name or an address. The Teams app package links here (developer.privacyUrl, termsOfUseUrl).
 */

export const PRIVACY_PATH = '/openbaar/privacy';
export const ACCESSIBILITY_PATH = '/openbaar/toegankelijkheid';

/** "Gemeente Voorbeeld", or "de gemeente" when the name is not configured. */
function publisherName(publisher: PublicPublisher): string {
  return publisher.name ?? 'de gemeente';
}

/** The same at the start of a sentence. */
function publisherNameAtStart(publisher: PublicPublisher): string {
  const name = publisherName(publisher);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Where a request goes: the configured address, or plainly that there is none yet. */
function sendTo(publisher: PublicPublisher, what: string): SafeHtml {
  if (publisher.contactEmail) {
    return html`<p>
      Stuur ${what} naar ${publisherName(publisher)}:
      <a href="mailto:${publisher.contactEmail}">${publisher.contactEmail}</a>.
    </p>`;
  }
  return html`<p>
    Stuur ${what} naar ${publisher.name ?? 'de gemeente die u heeft uitgenodigd voor de Overlegtafel'}. Een
    e-mailadres daarvoor is op deze pagina nog niet ingevuld.
  </p>`;
}

/** Said plainly, at the top, when the gemeente has not filled in its name or contact address. */
function notConfigured(publisher: PublicPublisher): SafeHtml {
  if (publisher.name && publisher.contactEmail) return html``;
  const message = !publisher.name
    ? html`De gemeente heeft hier nog niet ingevuld wie deze pagina's
      beheert${publisher.contactEmail ? '' : ' en op welk adres u haar bereikt'}. Waar hieronder „de gemeente”
      staat, is dat de gemeente die u heeft uitgenodigd voor de Overlegtafel.`
    : html`${publisher.name} heeft hier nog geen e-mailadres ingevuld voor vragen en meldingen.`;
  return html`<div class="card">
    <p><strong>Nog niet ingevuld.</strong> ${message}</p>
    <p class="meta">Voor de beheerder: stel PUBLIC_PUBLISHER_NAME en PUBLIC_CONTACT_EMAIL in.</p>
  </div>`;
}

export function privacyPage(publisher: PublicPublisher): SafeHtml {
  return page({
    title: 'Privacyverklaring',
    description: 'Welke gegevens Tafelbot bewaart, waarom, hoe lang, en welke rechten u heeft onder de AVG.',
    body: html`${notConfigured(publisher)}
      <p class="intro">
        Tafelbot is de app in Microsoft Teams voor de Overlegtafel en de Ontwikkeltafels: de samenwerking
        tussen de gemeente, de lokale toegang en de gecontracteerde zorgaanbieders voor de Wmo en de Jeugdwet.
        Hier leest u welke gegevens Tafelbot bewaart, waarom, hoe lang, en wat u kunt vragen.
      </p>

      <h2>Wie is verantwoordelijk</h2>
      <p>
        ${publisherNameAtStart(publisher)} is verwerkingsverantwoordelijke in de zin van de Algemene
        verordening gegevensbescherming (AVG) voor alle gegevens in Tafelbot. Tafelbot draait in een Microsoft
        Azure-omgeving die de gemeente beheert; Microsoft levert Teams en Azure als verwerker van de gemeente.
      </p>

      <h2>Welke gegevens Tafelbot bewaart</h2>
      <ul>
        <li>
          <strong>Het register van organisaties:</strong> naam, soort (gemeente, lokale toegang of aanbieder),
          percelen, grootte, herkomst, KvK-nummer en of de organisatie gecontracteerd is.
        </li>
        <li>
          <strong>Contactpersonen en vervangers:</strong> naam, e-mailadres, telefoonnummer als dat is
          opgegeven, voor welke organisatie en in welke rol u optreedt, en of u beheerder bent bij de
          gemeente.
        </li>
        <li>
          <strong>Uw Teams-gegevens:</strong> de id van uw Teams-account en de gespreksreferentie waarmee
          Tafelbot u een bericht kan sturen, en de taal die u koos.
        </li>
        <li>
          <strong>Wat organisaties inbrengen:</strong> inschrijvingen, reacties en stemmen op voorstellen (één
          per organisatie, met wie namens de organisatie stemde), signalen, agendapunten, aanwezigheid en
          voortgangsrapportages.
        </li>
        <li>
          <strong>De audittrail:</strong> een logboek dat niet te wijzigen is van stemmen, besluiten, de
          loting en de samenstelling. Het bevat ids, geen namen of e-mailadressen.
        </li>
        <li>
          <strong>Technische logboeken:</strong> foutmeldingen en webverzoeken van de app, met het IP-adres
          van de bezoeker, voor beheer en beveiliging.
        </li>
      </ul>
      <p>
        Deze openbare pagina's gebruiken geen cookies, geen scripts en geen analysediensten. Er staan geen
        persoonsgegevens op: organisaties worden bij naam genoemd, vertrouwelijke informatie wordt niet
        gepubliceerd.
      </p>

      <h2>Waarom</h2>
      <p>
        Tafelbot gebruikt deze gegevens alleen om de samenwerkingsafspraken over de Overlegtafel en de
        Ontwikkeltafels uit te voeren: organisaties uitnodigen en laten inschrijven, loten, voorstellen
        voorleggen en laten stemmen, agenda's en verslagen delen en ontwikkeltafels volgen. De audittrail laat
        achteraf zien dat dit volgens de afspraken ging. Tafelbot gebruikt de gegevens niet voor andere doelen
        en deelt ze niet met anderen dan de deelnemers aan de samenwerking.
      </p>

      <h2>Hoe lang</h2>
      <ul>
        <li>
          Uw gegevens als contactpersoon blijven zolang u namens uw organisatie deelneemt. Stopt u, dan
          verwijdert de gemeente uw naam, e-mailadres, telefoonnummer, de koppeling met uw Teams-account en de
          gespreksreferentie. De stemmen en reacties van uw organisatie blijven bestaan als onderdeel van de
          besluiten, zonder uw naam.
        </li>
        <li>
          Besluiten en de audittrail blijven zolang de gemeente ze moet kunnen verantwoorden, volgens de
          bewaartermijnen die voor de archieven van de gemeente gelden.
        </li>
        <li>
          Technische logboeken worden na 30 dagen verwijderd, tenzij de gemeente een andere termijn koos.
        </li>
        <li>
          Herstelpunten van de database blijven 7 dagen bestaan. Wat verwijderd is, is daarna ook uit de
          herstelpunten verdwenen.
        </li>
      </ul>

      <h2>Uw rechten</h2>
      <p>
        Onder de AVG mag u vragen welke gegevens over u zijn opgeslagen (inzage), onjuiste gegevens laten
        verbeteren, gegevens laten verwijderen of de verwerking laten beperken, en bezwaar maken. De gemeente
        kan alle gegevens die Tafelbot over u heeft in één keer opvragen en aan u geven.
      </p>
      ${sendTo(publisher, 'uw verzoek')}
      <p>
        Bent u het niet eens met hoe de gemeente met uw gegevens omgaat, dan kunt u een klacht indienen bij de
        <a href="https://www.autoriteitpersoonsgegevens.nl/">Autoriteit Persoonsgegevens</a>.
      </p>`,
  });
}

export function accessibilityPage(publisher: PublicPublisher): SafeHtml {
  return page({
    title: 'Toegankelijkheidsverklaring',
    description:
      "Hoe toegankelijk de openbare pagina's van de virtuele overlegtafel zijn, hoe ze getest worden en waar u een probleem meldt.",
    body: html`${notConfigured(publisher)}
      <p class="intro">
        ${publisherNameAtStart(publisher)} wil dat iedereen de openbare pagina's van de virtuele overlegtafel
        kan gebruiken, ook met een schermlezer, alleen een toetsenbord of een vergroot scherm.
      </p>

      <h2>Waar deze verklaring over gaat</h2>
      <p>
        Over de openbare pagina's onder /openbaar: het overzicht, de samenstelling, de lotingsverslagen, de
        vergaderingen en verslagen, de besluiten, de ontwikkeltafels, het archief, zoeken, de begrippen, de
        uitleg over volgen, "over deze site" en deze verklaringen. De app Tafelbot in Microsoft Teams valt
        erbuiten; Teams zelf is van Microsoft.
      </p>

      <h2>De norm</h2>
      <p>
        Het doel is dat de pagina's voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.2 op niveau
        AA.
      </p>

      <h2>Hoe de pagina's getest worden</h2>
      <ul>
        <li>
          Bij elke wijziging controleert axe-core elke soort pagina in een browser op de regels van WCAG 2.0,
          2.1 en 2.2, niveau A en AA, en op goede praktijken. Elke overtreding, hoe klein ook, laat de test
          mislukken; bij de laatste test waren er geen.
        </li>
        <li>
          Dezelfde test bedient de pagina's met het toetsenbord (de link 'Naar de inhoud' en een duidelijk
          zichtbare focus) en bekijkt elke pagina op 320, 390 en 1280 pixels breed, ook met de grotere regel-,
          letter- en woordafstand van WCAG 1.4.12 en met een heel lang webadres: nergens hoeft u opzij te
          scrollen, behalve binnen een brede tabel.
        </li>
        <li>
          In de modus met geforceerde kleuren (hoog contrast in Windows) blijft het huidige menu-onderdeel
          onderstreept. Bij afdrukken verdwijnt het menu en staan het adres en de datum bovenaan.
        </li>
        <li>De pagina's laden geen scripts, lettertypen of afbeeldingen van elders.</li>
      </ul>
      <p>
        Een automatische test vindt niet alle problemen, en de succescriteria die WCAG 2.2 toevoegt worden
        niet automatisch getest. Een onderzoek door een onafhankelijke deskundige is nog niet gedaan.
      </p>

      <h2>Een probleem melden</h2>
      <p>
        Kunt u iets op deze pagina's niet lezen of gebruiken? Vertel op welke pagina het was, wat er misging
        en welk hulpmiddel u gebruikt. U hoort wat er met uw melding gebeurt.
      </p>
      ${sendTo(publisher, 'uw melding')}
      <p>
        Bent u niet tevreden over hoe uw melding is afgehandeld, dan kunt u contact opnemen met de
        <a href="https://www.nationaleombudsman.nl/">Nationale ombudsman</a>.
      </p>`,
  });
}
