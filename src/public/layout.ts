import { createHash } from 'node:crypto';
import { html, SafeHtml, trustedHtml } from './html';

/**
 * The page shell of the virtuele overlegtafel: Dutch, a skip link, landmarks (header with the main menu, main,
 * footer), one h1 per page, and an inline style sheet allowed by its hash in the Content-Security-Policy, so
 * the pages load nothing else (no scripts, fonts, images or CDN). Colours keep at least 4.5:1 contrast; focus
 * is a thick yellow and black outline that is visible on every background.
 */

const STYLE = `
*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.55;color:#1b1b1b;background:#fff}
a{color:#0b4f8a;text-decoration-thickness:1px;text-underline-offset:2px;overflow-wrap:anywhere}
p,li,dd,td,th,caption,h1,h2,h3{overflow-wrap:break-word}
a:hover{color:#062f54;text-decoration-thickness:2px}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid #1b1b1b;outline-offset:0;background:#ffd633;color:#1b1b1b;box-shadow:0 0 0 6px #ffd633;text-decoration:none}
.skip{position:absolute;left:.5rem;top:-4rem;padding:.5rem 1rem;background:#ffd633;color:#1b1b1b;font-weight:700;z-index:2}
.skip:focus{top:.5rem}
header{background:#0a4763;color:#fff}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.site{display:inline-block;margin:1rem 0 .25rem;font-size:1.3rem;font-weight:700;color:#fff;text-decoration:none}
.site span{display:block;font-size:.9rem;font-weight:400}
nav ul{list-style:none;margin:0;padding:.25rem 0 0;display:flex;flex-wrap:wrap;gap:0 1.25rem}
nav a{display:inline-block;padding:.5rem 0 .4rem;color:#fff;font-weight:600;text-decoration:none;border-bottom:4px solid transparent}
nav a:hover{color:#fff;border-bottom-color:#9cc7dc}
nav a[aria-current=page]{border-bottom-color:#ffd633;text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:6px}
.logo{display:block;max-width:12rem;max-height:4rem;margin:0 0 .25rem;background:#fff;padding:.25rem}
.regio{display:block;font-size:.9rem;color:#fff;margin:0 0 .25rem}
.zoeken label{display:block;font-weight:700;margin-bottom:.3rem}
.zoeken div{display:flex;flex-wrap:wrap;gap:.5rem}
.zoeken input{flex:1 1 12rem;min-width:0;font:inherit;padding:.45rem .6rem;border:2px solid #4a4a4a;border-radius:4px}
.zoeken button{font:inherit;font-weight:700;padding:.45rem 1rem;border:2px solid #0a4763;border-radius:4px;background:#0a4763;color:#fff}
.zoeken input:focus-visible,.zoeken button:focus-visible{outline:3px solid #1b1b1b;box-shadow:0 0 0 6px #ffd633}
.begrippen dt{margin-top:.75rem}
.alleen-print{display:none}
@media (forced-colors:active){nav a[aria-current=page]{border-bottom-color:Highlight;text-decoration-color:Highlight;text-decoration-thickness:4px}.label,.knop,.gewijzigd,.card,.tegels li{border:1px solid CanvasText}}
@media print{.skip,header nav,footer .volgen,.zoeken{display:none}header{background:none;color:#000;border-bottom:2px solid #000}.site,.site span,.regio{color:#000}a{color:#000}main a[href^="http"]::after{content:" (" attr(href) ")"}.alleen-print{display:block}.tabel{overflow:visible}table{min-width:0}.card,.tegels li{break-inside:avoid}body{font-size:11pt}}
main{display:block;padding:1.75rem 0 2.5rem}
main:focus{outline:none}
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 1rem}
h2{font-size:1.4rem;line-height:1.3;margin:2rem 0 .5rem}
h1,h2,h3{overflow-wrap:break-word;hyphens:auto}
h3{font-size:1.15rem;margin:1.5rem 0 .4rem}
h4,h5,h6{font-size:1rem;margin:1.25rem 0 .3rem}
p,ul,ol{margin:.5rem 0 1rem}
li{margin:.2rem 0}
.intro{font-size:1.15rem;max-width:42rem}
.meta{color:#4a4a4a}
h1+.meta,h2+.meta{margin-top:-.5rem}
.gewijzigd{border-left:6px solid #6b3a00;background:#fff4e0;color:#1b1b1b;padding:.4rem .75rem;font-weight:600}
.card{border:1px solid #c9c9c9;border-left:6px solid #0a4763;border-radius:4px;padding:.75rem 1rem;margin:1rem 0}
.card h2,.card h3{margin-top:.25rem}
.card p:last-child{margin-bottom:.25rem}
.tegels{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
.tegels li{margin:0;border:1px solid #c9c9c9;border-top:6px solid #0a4763;border-radius:4px;padding:.75rem 1rem}
.tegels a{font-size:1.15rem;font-weight:700}
.tegels p{margin:.35rem 0 0}
.percelen{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:0 2rem}
.label{display:inline-block;padding:.05rem .5rem;border-radius:3px;font-size:.9rem;font-weight:700;border:1px solid currentColor}
.goed{color:#14532d;background:#e8f5ec}
.let{color:#6b3a00;background:#fff4e0}
.slecht{color:#8a1414;background:#fdecec}
.neutraal{color:#2d3a45;background:#eef2f5}
.knop{display:inline-block;padding:.6rem 1rem;border-radius:4px;background:#0a4763;color:#fff;font-weight:700;text-decoration:none}
.knop:hover{background:#062f44;color:#fff}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1.25rem;margin:.5rem 0 1rem}
dt{font-weight:700}
dd{margin:0;overflow-wrap:anywhere}
.tabel{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;min-width:28rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #c9c9c9;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f5}
.datum{white-space:nowrap}
.onzichtbaar{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;border:1px solid #c9c9c9;padding:.6rem .8rem;border-radius:4px}
code{font-family:ui-monospace,Consolas,monospace;font-size:.95em;overflow-wrap:anywhere}
footer{border-top:1px solid #c9c9c9;background:#f5f5f5;padding:1rem 0 2rem;font-size:.95rem}
@media (max-width:30rem){h1{font-size:1.6rem}dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin-bottom:.6rem}table{min-width:0}th,td{padding:.3rem .4rem}td{overflow-wrap:break-word}}
`
  .trim()
  .replace(/\n/g, '');

/** One interpolation, so no formatter can put whitespace inside the element and change its hash. */
const STYLE_ELEMENT = trustedHtml(`<style>${STYLE}</style>`);

/** For the Content-Security-Policy: only this exact style sheet may apply. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export const SITE_NAME = 'Virtuele overlegtafel';

export const NAVIGATION: ReadonlyArray<{ readonly path: string; readonly label: string }> = [
  { path: '/openbaar', label: 'Overzicht' },
  { path: '/openbaar/samenstelling', label: 'Samenstelling' },
  { path: '/openbaar/vergaderingen', label: 'Vergaderingen' },
  { path: '/openbaar/besluiten', label: 'Besluiten' },
  { path: '/openbaar/ontwikkeltafels', label: 'Ontwikkeltafels' },
  { path: '/openbaar/zoeken', label: 'Zoeken' },
];

/**
 * Places in every page that the server fills per site and request (fillSiteSlots): the configured publisher
 * and region in the header and footer, and the address and date on paper. HTML comments, so escaped page
 * content can never produce one.
 */
const SLOT = {
  header: trustedHtml('<!--slot:header-->'),
  footer: trustedHtml('<!--slot:footer-->'),
  print: trustedHtml('<!--slot:print-->'),
} as const;

export interface SiteSlots {
  /** PUBLIC_REGION_NAME, shown under the site name. */
  readonly region?: string;
  /** With PUBLIC_LOGO_FILE: the logo's text alternative (the logo itself is served from /openbaar/logo). */
  readonly logoAlt?: string;
  /** PUBLIC_PUBLISHER_NAME and PUBLIC_CONTACT_EMAIL, shown in the footer. */
  readonly publisherName?: string;
  readonly contactEmail?: string;
  /** The page's own address and the date, printed at the top of a paper copy. */
  readonly address?: string;
  readonly date?: string;
}

export function fillSiteSlots(document: string, slots: SiteSlots): string {
  const header = html`${slots.logoAlt
    ? html`<img class="logo" src="/openbaar/logo" alt="${slots.logoAlt}" />`
    : ''}${slots.region ? html`<p class="regio">Regio ${slots.region}</p>` : ''}`;
  const contact = slots.contactEmail
    ? html`: <a href="mailto:${slots.contactEmail}">${slots.contactEmail}</a>`
    : html``;
  const footer = slots.publisherName
    ? html`<p>Deze site wordt beheerd door ${slots.publisherName}${contact}.</p>`
    : html``;
  const print = html`${SITE_NAME}${slots.address ? html` · ${slots.address}` : ''}${slots.date
    ? html` · afgedrukt op ${slots.date}`
    : ''}`;
  return document
    .replace(SLOT.header.value, () => header.value)
    .replace(SLOT.footer.value, () => footer.value)
    .replace(SLOT.print.value, () => print.value);
}

export interface PageInput {
  /** The h1 and the first part of the title. */
  readonly title: string;
  /** Which menu item is the current section (its path), if any. */
  readonly section?: string;
  readonly description?: string;
  readonly body: SafeHtml;
}

export function page(input: PageInput): SafeHtml {
  const menu = NAVIGATION.map(
    (item) =>
      html`<li>
        <a href="${item.path}" ${item.path === input.section ? html` aria-current="page"` : ''}
          >${item.label}</a
        >
      </li>`,
  );
  const document = html`<!doctype html>
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${input.title === SITE_NAME ? SITE_NAME : `${input.title} – ${SITE_NAME}`}</title>
        <meta
          name="description"
          content="${input.description ??
          'Openbare informatie van de Overlegtafel: samenstelling, loting, vergaderingen, verslagen, besluiten en ontwikkeltafels.'}"
        />
        <meta name="robots" content="index, follow" />
        <link
          rel="alternate"
          type="application/atom+xml"
          title="Publicaties (Atom)"
          href="/openbaar/feed.xml"
        />
        ${STYLE_ELEMENT}
      </head>
      <body>
        <a class="skip" href="#inhoud">Naar de inhoud</a>
        <header>
          <div class="wrap">
            <a class="site" href="/openbaar"
              >${SITE_NAME}<span>Overlegtafel zorgaanbieders en gemeenten (Wmo en Jeugdwet)</span></a
            >
            ${SLOT.header}
            <nav aria-label="Hoofdmenu">
              <ul>
                ${menu}
              </ul>
            </nav>
          </div>
        </header>
        <main id="inhoud" tabindex="-1">
          <div class="wrap">
            <p class="alleen-print">${SLOT.print}</p>
            <h1>${input.title}</h1>
            ${input.body}
          </div>
        </main>
        <footer>
          <div class="wrap">
            <p>
              Deze pagina's tonen wat de gemeente openbaar heeft gemaakt (artikel 6.1 van de afspraken over de
              overlegstructuur). Vertrouwelijke informatie (artikel 5.7) en persoonsgegevens worden niet
              gepubliceerd; organisaties worden bij naam genoemd.
            </p>
            ${SLOT.footer}
            <p class="volgen">
              <a href="/openbaar/volgen">Op de hoogte blijven</a> (agenda en feed) ·
              <a href="/openbaar/archief">Archief</a> · <a href="/openbaar/begrippen">Begrippen</a>
            </p>
            <p>
              <a href="/openbaar/over">Over deze site</a> ·
              <a href="/openbaar/privacy">Privacyverklaring</a> ·
              <a href="/openbaar/toegankelijkheid">Toegankelijkheidsverklaring</a>
            </p>
          </div>
        </footer>
      </body>
    </html> `;
  // The source is indented for people; the page does not need it (no <pre> carries more than one line).
  return new SafeHtml(`${document.value.replace(/\n[ \t]+/g, '\n').trim()}\n`);
}
