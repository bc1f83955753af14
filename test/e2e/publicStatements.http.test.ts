import { CACHE_CONTROL } from '../../src/server/publicRoutes';
import { startTestBot, type TestBot } from '../support/botHarness';

/**
 * The privacyverklaring and the toegankelijkheidsverklaring under /openbaar, over HTTP from the bot's own
 * server: the pages the Teams app package links to (developer.privacyUrl, developer.termsOfUseUrl). Both with
 * the gemeente's name and contact address configured (PUBLIC_PUBLISHER_NAME, PUBLIC_CONTACT_EMAIL) and without,
 * when the pages must say plainly what is missing. Every public page links to both from its footer.
 *
 * The axe-core browser check lives in public.browser.test.ts and needs Debian's chromium; these checks read the
 * HTML itself: language, one h1, no skipped heading level, the skip link and its target.
 */

const PRIVACY = '/openbaar/privacy';
const ACCESSIBILITY = '/openbaar/toegankelijkheid';

const PRIVACY_HEADINGS = [
  'Wie is verantwoordelijk',
  'Welke gegevens Tafelbot bewaart',
  'Waarom',
  'Hoe lang',
  'Uw rechten',
];
const ACCESSIBILITY_HEADINGS = [
  'Waar deze verklaring over gaat',
  'De norm',
  "Hoe de pagina's getest worden",
  'Een probleem melden',
];

const CSP =
  /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self'$/;

/** Text content of every heading, in document order, with its level. */
function headings(body: string): { level: number; text: string }[] {
  return [...body.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => ({
    level: Number(m[1]),
    text: (m[2] as string)
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}

/** The visible text of the main content, tags removed and entities of the escaping undone. */
function mainText(body: string): string {
  const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function fetchPage(bot: TestBot, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${bot.url}${url}`, { redirect: 'manual', ...init });
}

describe('privacy and accessibility statements over HTTP', () => {
  describe('with the gemeente configured', () => {
    let bot: TestBot;
    const NAME = 'Gemeente Dal & Berg <Regio>';
    const EMAIL = 'privacy@dalenberg.example';

    beforeAll(async () => {
      bot = await startTestBot({ PUBLIC_PUBLISHER_NAME: NAME, PUBLIC_CONTACT_EMAIL: EMAIL });
    });
    afterAll(() => bot.stop());

    it.each([
      { url: PRIVACY, title: 'Privacyverklaring', sections: PRIVACY_HEADINGS },
      { url: ACCESSIBILITY, title: 'Toegankelijkheidsverklaring', sections: ACCESSIBILITY_HEADINGS },
    ])(
      '$url: 200 with the strict headers, Dutch, its headings in order',
      async ({ url, title, sections }) => {
        const response = await fetchPage(bot, url);
        expect(response.status).toBe(200);
        const h = response.headers;
        expect(h.get('content-type')).toBe('text/html; charset=utf-8');
        expect(h.get('content-security-policy')).toMatch(CSP);
        expect(h.get('x-content-type-options')).toBe('nosniff');
        expect(h.get('referrer-policy')).toBe('no-referrer');
        expect(h.get('x-frame-options')).toBe('DENY');
        expect(h.get('cache-control')).toBe(CACHE_CONTROL);
        expect(h.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}(-br|-gzip)?"$/);
        // What the privacy statement says: these pages set no cookies.
        expect(h.get('set-cookie')).toBeNull();

        const body = await response.text();
        expect(Buffer.byteLength(body)).toBeLessThan(30 * 1024);
        expect(body).toContain('<html lang="nl">');
        expect(body).toContain(`<title>${title} – Virtuele overlegtafel</title>`);
        expect(body).not.toMatch(/<script/i);
        const found = headings(body);
        expect(found.filter((x) => x.level === 1)).toEqual([{ level: 1, text: title }]);
        expect(found.filter((x) => x.level === 2).map((x) => x.text)).toEqual(sections);
        // No heading level is skipped (h1, then h2 ..., never h1 to h3).
        found.forEach((x, i) => {
          if (i > 0) expect(x.level).toBeLessThanOrEqual((found[i - 1] as { level: number }).level + 1);
        });
        expect(body).toContain('<a class="skip" href="#inhoud">Naar de inhoud</a>');
        expect(body).toContain('<main id="inhoud" tabindex="-1">');
      },
    );

    it('names the gemeente as verwerkingsverantwoordelijke and says what is stored, why, how long and your rights', async () => {
      const response = await fetchPage(bot, PRIVACY);
      const body = await response.text();
      const text = mainText(body);
      expect(text).toContain(`${NAME} is verwerkingsverantwoordelijke`);
      for (const topic of [
        'Het register van organisaties',
        'Contactpersonen en vervangers',
        'gespreksreferentie',
        'stemmen op voorstellen',
        'De audittrail',
        'samenwerkingsafspraken',
        '30 dagen',
        '7 dagen',
        'inzage',
        'laten verwijderen',
        'bezwaar',
        'Autoriteit Persoonsgegevens',
      ])
        expect({ topic, found: text.includes(topic) }).toEqual({ topic, found: true });
      expect(body).toContain(`<a href="mailto:${EMAIL}">${EMAIL}</a>`);
      expect(text).not.toContain('Nog niet ingevuld');
      expect(text).not.toContain('PUBLIC_PUBLISHER_NAME');
    });

    it('gives the accessibility target, how the pages are tested and where to report a problem', async () => {
      const body = await (await fetchPage(bot, ACCESSIBILITY)).text();
      const text = mainText(body);
      expect(text).toContain('WCAG) 2.2 op niveau AA');
      expect(text).toContain('axe-core');
      expect(text).toContain(`Stuur uw melding naar ${NAME}:`);
      expect(body).toContain(`<a href="mailto:${EMAIL}">${EMAIL}</a>`);
      expect(text).toContain('Nationale ombudsman');
    });

    it('escapes the configured name: it is text, never markup', async () => {
      for (const url of [PRIVACY, ACCESSIBILITY]) {
        const body = await (await fetchPage(bot, url)).text();
        expect(body).toContain('Gemeente Dal &amp; Berg &lt;Regio&gt;');
        expect(body).not.toContain('<Regio>');
      }
    });

    it('links both statements from the footer of every public page, also the 404 page', async () => {
      for (const url of [
        '/openbaar',
        '/openbaar/samenstelling',
        '/openbaar/besluiten',
        PRIVACY,
        ACCESSIBILITY,
        '/openbaar/bestaat-niet',
      ]) {
        const body = await (await fetchPage(bot, url)).text();
        const footer = body.slice(body.indexOf('<footer>'), body.indexOf('</footer>'));
        expect({ url, privacy: footer.includes(`href="${PRIVACY}"`) }).toEqual({ url, privacy: true });
        expect({ url, accessibility: footer.includes(`href="${ACCESSIBILITY}"`) }).toEqual({
          url,
          accessibility: true,
        });
      }
    });

    it('answers HEAD and a repeated request like the other public pages, and ignores query strings', async () => {
      const head = await fetchPage(bot, PRIVACY, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
      expect(await head.text()).toBe('');
      const etag = head.headers.get('etag') ?? '';
      const again = await fetchPage(bot, PRIVACY, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      const plain = await (await fetchPage(bot, ACCESSIBILITY)).text();
      const hostile = await (
        await fetchPage(bot, `${ACCESSIBILITY}?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E`)
      ).text();
      expect(hostile).toBe(plain);
    });
  });

  describe('without the gemeente configured', () => {
    let bot: TestBot;

    beforeAll(async () => {
      bot = await startTestBot();
    });
    afterAll(() => bot.stop());

    it('says plainly, on both pages, that name and address are not filled in, and invents neither', async () => {
      for (const url of [PRIVACY, ACCESSIBILITY]) {
        const response = await fetchPage(bot, url);
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
        expect(response.headers.get('content-security-policy')).toMatch(CSP);
        const body = await response.text();
        const text = mainText(body);
        expect(text).toContain('Nog niet ingevuld.');
        expect(text).toContain("wie deze pagina's beheert en op welk adres u haar bereikt");
        expect(text).toContain('stel PUBLIC_PUBLISHER_NAME en PUBLIC_CONTACT_EMAIL in');
        expect(text).toContain('Een e-mailadres daarvoor is op deze pagina nog niet ingevuld.');
        expect(body).not.toContain('mailto:');
      }
      const privacy = mainText(await (await fetchPage(bot, PRIVACY)).text());
      expect(privacy).toContain('De gemeente is verwerkingsverantwoordelijke');
      expect(
        headings(await (await fetchPage(bot, PRIVACY)).text())
          .filter((x) => x.level === 2)
          .map((x) => x.text),
      ).toEqual(PRIVACY_HEADINGS);
    });
  });
});
