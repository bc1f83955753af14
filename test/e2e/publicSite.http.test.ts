import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { createPublicationService, type PublicationService } from '../../src/public/publicationService';
import { FEED_ENTRIES } from '../../src/public/feeds';
import { startTestBot, type TestBot } from '../support/botHarness';
import { icsEvents, icsValue, parseAtom, parseICalendar } from '../support/feedParsers';
import { buildPublicSamples } from '../support/publicSamples';

/**
 * Issue 20 over HTTP: the site a gemeente can put its name under. Redirects for `/` and trailing slashes,
 * compression with Vary, Last-Modified and If-Modified-Since, a valid empty calendar with a refresh interval,
 * a per-meeting .ics and a webcal link, the paged feed and the archive that together hold every publication,
 * the title search without JavaScript, the glossary, "over deze site", and the configured publisher and region.
 */

const BASE = 'https://overlegtafel.example.nl';
const samples = buildPublicSamples();
const { views } = samples;
const MANY = 2 * FEED_ENTRIES + 17;
const LOGO_SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0a4763"/></svg>\n';

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe('the public site a gemeente can put its name under', () => {
  let bot: TestBot;
  let service: PublicationService;
  let logoFile = '';
  const clock = new Date('2027-03-15T10:00:00Z');

  /** A request without fetch's automatic decompression, so the encoding on the wire can be checked. */
  const raw = (path: string, headers: Record<string, string> = {}): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const url = new URL(`${bot.url}${path}`);
      const req = request(
        { hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  const text = async (path: string) => {
    const response = await fetch(`${bot.url}${path}`, { redirect: 'manual' });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.text();
  };

  beforeAll(async () => {
    logoFile = path.join(mkdtempSync(path.join(tmpdir(), 'tafelbot-logo-')), 'logo.svg');
    writeFileSync(logoFile, LOGO_SVG);
    bot = await startTestBot(
      {
        PUBLIC_LOGO_FILE: logoFile,
        PUBLIC_BASE_URL: BASE,
        PUBLIC_PUBLISHER_NAME: 'Gemeente Rivierstad',
        PUBLIC_CONTACT_EMAIL: 'overlegtafel@rivierstad.example',
        PUBLIC_REGION_NAME: 'Rivierenland',
      },
      { now: () => clock },
    );
    service = createPublicationService(bot.bot.db, bot.bot.registry, () => clock);
  });
  afterAll(() => bot.stop());

  it('serves a valid calendar before any meeting is published, with a refresh interval', async () => {
    const body = await text('/openbaar/agenda.ics');
    const calendar = parseICalendar(body);
    expect(icsEvents(calendar)).toEqual([]);
    expect(calendar.components.map((c) => c.name)).toEqual(['VTIMEZONE']);
    expect(calendar.properties.find((p) => p.name === 'REFRESH-INTERVAL')).toEqual({
      name: 'REFRESH-INTERVAL',
      params: { VALUE: 'DURATION' },
      value: 'PT1H',
    });
    expect(icsValue(calendar, 'X-PUBLISHED-TTL')).toBe('PT1H');
    // The empty feed is valid Atom too.
    expect(parseAtom(await text('/openbaar/feed.xml')).entries).toEqual([]);
  });

  describe('with publications', () => {
    beforeAll(async () => {
      for (const kind of [
        'samenstelling',
        'loting',
        'agenda',
        'verslag',
        'besluit',
        'ontwikkeltafel',
      ] as const)
        await service.publish(kind, views[kind].id, views[kind].view as never);
      for (let i = 1; i <= MANY; i++) {
        const year = 2025 + (i % 3);
        await service.publish('besluit', `vs-archief-${i}`, {
          ...views.besluit.view,
          voorstelId: `vs-archief-${i}`,
          title: `Archiefbesluit nummer ${i}`,
          decidedAt: `${year}-06-0${1 + (i % 9)}T10:00:00.000Z`,
        });
      }
    }, 120_000);

    it('redirects / and trailing slashes to the page itself, and nothing else', async () => {
      for (const [from, to] of [
        ['/', '/openbaar'],
        ['/openbaar/', '/openbaar'],
        ['/openbaar/besluiten/', '/openbaar/besluiten'],
        [`/openbaar/besluiten/${views.besluit.id}/`, `/openbaar/besluiten/${views.besluit.id}`],
      ]) {
        const response = await fetch(`${bot.url}${from}`, { redirect: 'manual' });
        expect({ from, status: response.status, location: response.headers.get('location') }).toEqual({
          from,
          status: 301,
          location: to,
        });
      }
      for (const path of [
        '/openbaar/%2F%2Fevil.example/',
        '/openbaar/bestaat/niet%3Cx%3E/',
        '/openbaar/besluiten',
      ]) {
        const response = await fetch(`${bot.url}${path}`, { redirect: 'manual' });
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('compresses text with brotli or gzip as the client accepts, with Vary and an ETag per encoding', async () => {
      const identity = await raw('/openbaar/besluiten');
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(identity.headers.vary).toBe('Accept-Encoding');
      const br = await raw('/openbaar/besluiten', { 'accept-encoding': 'gzip, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(identity.body)).toBe(true);
      expect(br.body.length).toBeLessThan(identity.body.length / 3);
      const gzip = await raw('/openbaar/besluiten', { 'accept-encoding': 'br;q=0, gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(identity.body)).toBe(true);
      expect(new Set([identity.headers.etag, br.headers.etag, gzip.headers.etag]).size).toBe(3);
      const none = await raw('/openbaar/feed.xml', { 'accept-encoding': 'identity' });
      expect(none.headers['content-encoding']).toBeUndefined();
      const revalidated = await raw('/openbaar/besluiten', {
        'accept-encoding': 'gzip',
        'if-none-match': String(gzip.headers.etag),
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body.length).toBe(0);
    });

    it('gives a publication page Last-Modified and answers If-Modified-Since with 304; lists have none', async () => {
      const page = await raw(`/openbaar/besluiten/${views.besluit.id}`);
      const lastModified = String(page.headers['last-modified']);
      expect(lastModified).toBe(clock.toUTCString());
      expect(
        (await raw(`/openbaar/besluiten/${views.besluit.id}`, { 'if-modified-since': lastModified })).status,
      ).toBe(304);
      const before = new Date(clock.getTime() - 60_000).toUTCString();
      expect(
        (await raw(`/openbaar/besluiten/${views.besluit.id}`, { 'if-modified-since': before })).status,
      ).toBe(200);
      // A list can lose an item without getting newer: only its ETag decides.
      expect((await raw('/openbaar/besluiten')).headers['last-modified']).toBeUndefined();
    });

    it('has the site name once in the overview title, and the publisher and region on every page', async () => {
      const overview = await text('/openbaar');
      expect(overview).toContain('<title>Virtuele overlegtafel</title>');
      for (const path of ['/openbaar', '/openbaar/besluiten', '/openbaar/over', '/openbaar/bestaat-niet']) {
        const response = await fetch(`${bot.url}${path}`);
        const body = await response.text();
        expect(body).toContain('Regio Rivierenland');
        expect(body).toContain('Deze site wordt beheerd door Gemeente Rivierstad');
        expect(body).toContain('mailto:overlegtafel@rivierstad.example');
      }
      // The configured logo, served from this site (img-src 'self'), with a text alternative.
      expect(overview).toContain(
        '<img class="logo" src="/openbaar/logo" alt="Logo van Gemeente Rivierstad" />',
      );
      const logo = await fetch(`${bot.url}/openbaar/logo`);
      expect(logo.headers.get('content-type')).toBe('image/svg+xml');
      expect(logo.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await logo.text()).toBe(LOGO_SVG);
      // On paper the address and the date; a 404 does not print the path it was asked for.
      expect(overview).toContain(`${BASE}/openbaar · afgedrukt op 15 maart 2027`);
      expect(await (await fetch(`${bot.url}/openbaar/bestaat-niet`)).text()).not.toContain('bestaat-niet');
    });

    it('offers a meeting as its own .ics and the whole agenda by webcal', async () => {
      const page = await text(`/openbaar/vergaderingen/${views.agenda.id}`);
      expect(page).toContain(`href="/openbaar/vergaderingen/${views.agenda.id}.ics"`);
      expect(page).toContain('href="webcal://overlegtafel.example.nl/openbaar/agenda.ics"');
      const response = await fetch(`${bot.url}/openbaar/vergaderingen/${views.agenda.id}.ics`);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="vergadering-${views.agenda.id}.ics"`,
      );
      const calendar = parseICalendar(await response.text());
      expect(icsEvents(calendar).map((e) => icsValue(e, 'UID'))).toEqual([
        `meeting-${views.agenda.id}@tafelbot`,
      ]);
      expect(icsValue(icsEvents(calendar)[0]!, 'URL')).toBe(
        `${BASE}/openbaar/vergaderingen/${views.agenda.id}`,
      );
      expect((await fetch(`${bot.url}/openbaar/vergaderingen/overleg-bestaatniet.ics`)).status).toBe(404);
      const follow = await text('/openbaar/volgen');
      expect(follow).toContain(`${BASE}/openbaar/agenda.ics`);
      expect(follow).toContain(`${BASE}/openbaar/feed.xml`);
    });

    it('pages the feed so that following "next" reaches every publication once', async () => {
      const all = await service.list();
      expect(all.length).toBe(6 + MANY);
      const seen: string[] = [];
      let next: string | undefined = '/openbaar/feed.xml';
      let pages = 0;
      while (next) {
        const feed = parseAtom(await text(next));
        pages++;
        seen.push(...feed.entries.map((e) => e.id));
        expect(feed.entries.length).toBeLessThanOrEqual(FEED_ENTRIES);
        expect(feed.links.find((l) => l.rel === 'last')?.href).toBe(`${BASE}/openbaar/feed/3.xml`);
        const href = feed.links.find((l) => l.rel === 'next')?.href;
        next = href ? href.replace(BASE, '') : undefined;
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(all.length);
      expect(seen.length).toBe(all.length);
      for (const path of [
        '/openbaar/feed/4.xml',
        '/openbaar/feed/1.xml',
        '/openbaar/feed/0.xml',
        '/openbaar/feed/x.xml',
      ])
        expect((await fetch(`${bot.url}${path}`)).status).toBe(404);
    });

    it('lists every publication in the archive of its year', async () => {
      const index = await text('/openbaar/archief');
      const years = [...index.matchAll(/href="\/openbaar\/archief\/(\d{4})"/g)].map((m) => m[1]!);
      expect(years.length).toBeGreaterThanOrEqual(3);
      let listed = 0;
      for (const year of years) {
        const page = await text(`/openbaar/archief/${year}`);
        const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
        listed += [...main.matchAll(/<li>\s*<a href="\/openbaar\//g)].length;
      }
      expect(listed).toBe(6 + MANY);
      for (let i = 1; i <= MANY; i++) {
        const year = 2025 + (i % 3);
        expect(await text(`/openbaar/archief/${year}`)).toContain(`Archiefbesluit nummer ${i}<`);
      }
      expect((await fetch(`${bot.url}/openbaar/archief/20x7`)).status).toBe(404);
      // The besluiten list shows the newest and points to the archive for the rest.
      expect(await text('/openbaar/besluiten')).toContain('href="/openbaar/archief"');
    });

    it('searches titles with a plain GET form, and writes the words back escaped', async () => {
      const empty = await text('/openbaar/zoeken');
      expect(empty).toMatch(/<form class="zoeken" method="get" action="\/openbaar\/zoeken" role="search">/);
      const found = await text('/openbaar/zoeken?q=archiefbesluit+nummer+11');
      expect(found).toContain('Archiefbesluit nummer 11<');
      expect(found).toContain('Archiefbesluit nummer 110<');
      expect(found).not.toContain('Archiefbesluit nummer 12<');
      const hostile = await text(`/openbaar/zoeken?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
      expect(hostile).not.toContain('<script>');
      expect(hostile).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(hostile).toContain('Niets gevonden');
      const long = await text(`/openbaar/zoeken?q=${'a'.repeat(5000)}`);
      expect(long).not.toContain('a'.repeat(101));
    });

    it('explains its words in a glossary linked from their first use, and says what the site is', async () => {
      const glossary = await text('/openbaar/begrippen');
      for (const id of ['seed', 'sha-256', 'verdelingskader', 'perceel', 'uitgewerkt', 'inbreng', 'versie'])
        expect(glossary).toContain(`<dt id="${id}">`);
      const loting = await text('/openbaar/loting/ronde-2027');
      for (const id of ['seed', 'sha-256', 'verdelingskader'])
        expect(loting.match(new RegExp(`href="/openbaar/begrippen#${id}"`, 'g'))).toHaveLength(1);
      expect(await text('/openbaar/samenstelling')).toContain('href="/openbaar/begrippen#perceel"');
      expect(await text('/openbaar/besluiten')).toContain('href="/openbaar/begrippen#uitgewerkt"');
      const meeting = await text(`/openbaar/vergaderingen/${views.agenda.id}`);
      expect(meeting.match(/href="\/openbaar\/begrippen#inbreng"/g)).toHaveLength(1);
      const about = await text('/openbaar/over');
      expect(about).toContain('Gemeente Rivierstad');
      expect(about).toContain('Rivierenland');
    });
  });
});
