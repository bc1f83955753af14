import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createPublicationService } from '../../src/public/publicationService';
import { startTestBot, type TestBot } from '../support/botHarness';
import { buildPublicSamples, PERSON_NAME, SECRET_EMAIL } from '../support/publicSamples';
import { describeWithTool } from '../support/requiredTool';

/**
 * The virtuele overlegtafel in a real browser (Debian's Chromium, driven by playwright-core): every page type
 * renders its content, every internal link answers 200, axe-core finds no serious or critical accessibility
 * violation, the skip link and focus work with the keyboard, nothing overflows a phone screen, and the
 * Content-Security-Policy really applies the style sheet and blocks scripts. A screenshot of each page type is
 * kept in test-artifacts/ (git-ignored).
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');
const TIMEOUT = 90_000;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[] }>;
}

describeWithTool(
  {
    available: existsSync(CHROMIUM),
    missing: `Debian chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  },
  'the virtuele overlegtafel in a browser',
  () => {
    const samples = buildPublicSamples();
    const { views } = samples;
    const clock = new Date('2027-03-15T10:00:00Z');
    let bot: TestBot;
    const profiles: string[] = [];
    const contexts: BrowserContext[] = [];
    let page: Page;

    const PAGE_TYPES: ReadonlyArray<{ name: string; path: string; heading: string; content: string }> = [
      {
        name: 'overzicht',
        path: '/openbaar',
        heading: 'Virtuele overlegtafel',
        content: 'Laatst gepubliceerd',
      },
      {
        name: 'samenstelling',
        path: '/openbaar/samenstelling',
        heading: 'Samenstelling van de Overlegtafel',
        content: 'Perceel 1: Wmo - Hulp bij het Huishouden',
      },
      {
        name: 'loting',
        path: '/openbaar/loting/ronde-2027',
        heading: 'Lotingsverslag 2027',
        content: 'npm run lottery:verify -- lotingsverslag-ronde-2027.json',
      },
      {
        name: 'vergaderingen',
        path: '/openbaar/vergaderingen',
        heading: 'Vergaderingen',
        content: 'Komende vergaderingen',
      },
      {
        name: 'vergadering',
        path: `/openbaar/vergaderingen/${views.agenda.id}`,
        heading: 'Overlegtafel voorjaar 2027',
        content: 'Wachtlijsten Jeugd',
      },
      {
        name: 'verslag',
        path: `/openbaar/verslagen/${views.verslag.id}`,
        heading: 'Verslag: Overlegtafel voorjaar 2027',
        content: 'Stemmingen over voorstellen',
      },
      { name: 'besluiten', path: '/openbaar/besluiten', heading: 'Besluiten', content: 'Stemverhouding' },
      {
        name: 'besluit',
        path: `/openbaar/besluiten/${views.besluit.id}`,
        heading: 'Reistijd bij individuele begeleiding expliciet maken',
        content: '2 voor, 1 tegen, 0 onthouding, 1 niet gestemd',
      },
      {
        name: 'ontwikkeltafels',
        path: '/openbaar/ontwikkeltafels',
        heading: 'Ontwikkeltafels',
        content: 'Aandacht nodig',
      },
      {
        name: 'ontwikkeltafel',
        path: `/openbaar/ontwikkeltafels/${views.ontwikkeltafel.id}`,
        heading: 'Ontwikkeltafel Wachtlijsten Jeugd',
        content: 'Bulkindicatie',
      },
      {
        name: 'privacyverklaring',
        path: '/openbaar/privacy',
        heading: 'Privacyverklaring',
        content: 'Wie is verantwoordelijk',
      },
      {
        name: 'toegankelijkheidsverklaring',
        path: '/openbaar/toegankelijkheid',
        heading: 'Toegankelijkheidsverklaring',
        content: 'Waar deze verklaring over gaat',
      },
      {
        name: 'niet-gevonden',
        path: '/openbaar/besluiten/vs-bestaatniet',
        heading: 'Pagina niet gevonden',
        content: 'niet (meer) gepubliceerd',
      },
    ];

    async function launch(bypassCSP: boolean): Promise<BrowserContext> {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-openbaar-'));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        bypassCSP,
        viewport: { width: 1280, height: 900 },
        locale: 'nl-NL',
      });
      contexts.push(context);
      // The pages must not need anything from elsewhere: every other request fails.
      await context.route(
        (url) => url.hostname !== '127.0.0.1',
        (route) => route.abort(),
      );
      return context;
    }

    beforeAll(async () => {
      bot = await startTestBot({}, { now: () => clock });
      // People in the registry: their names are removed from what is published.
      for (const [name, email] of [
        [PERSON_NAME, SECRET_EMAIL],
        ['Tineke Trekker', 'tineke@zorg-trek.example'],
      ] as const)
        await bot.bot.registry.createPerson(
          { name, email, phone: null, aadObjectId: null, memberships: [], isAdmin: false },
          null,
        );
      const service = createPublicationService(bot.bot.db, bot.bot.registry, () => clock);
      for (const kind of [
        'samenstelling',
        'loting',
        'agenda',
        'verslag',
        'besluit',
        'ontwikkeltafel',
      ] as const) {
        await service.publish(kind, views[kind].id, views[kind].view as never);
      }
      // axe-core is injected as a script tag, which the pages' own policy forbids: this context bypasses it.
      const context = await launch(true);
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      mkdirSync(ARTIFACTS, { recursive: true });
    }, TIMEOUT);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
      await bot?.stop();
    }, TIMEOUT);

    it.each(PAGE_TYPES)(
      '$name: content present, no serious accessibility violations, screenshot kept',
      async ({ name, path: url, heading, content }) => {
        const response = await page.goto(`${bot.url}${url}`);
        expect(response?.status()).toBe(name === 'niet-gevonden' ? 404 : 200);
        expect((await page.locator('h1').innerText()).trim()).toBe(heading);
        expect(await page.locator('main').innerText()).toContain(content);
        expect(await page.evaluate('document.documentElement.lang')).toBe('nl');

        await page.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, 'utf8') });
        const result = (await page.evaluate(
          `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })`,
        )) as { violations: AxeViolation[]; passes: unknown[] };
        const serious = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
          );
        expect(serious).toEqual([]);
        // axe really ran: colour contrast and landmarks were among the checks that passed.
        expect(result.passes.length).toBeGreaterThan(10);

        await page.screenshot({ path: path.join(ARTIFACTS, `openbaar-${name}.png`), fullPage: true });
      },
      TIMEOUT,
    );

    it(
      'every internal link answers 200, starting from the overview',
      async () => {
        const seen = new Set<string>();
        const queue = ['/openbaar'];
        const failures: string[] = [];
        while (queue.length > 0) {
          const url = queue.shift() as string;
          if (seen.has(url)) continue;
          seen.add(url);
          const response = await page.request.get(`${bot.url}${url}`);
          if (response.status() !== 200) failures.push(`${url}: ${response.status()}`);
          if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
          await page.goto(`${bot.url}${url}`);
          const hrefs = (await page.evaluate(
            `[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))`,
          )) as string[];
          for (const href of hrefs) {
            if (href.startsWith('#')) {
              const target = href.slice(1);
              const exists = (await page.evaluate(
                `document.getElementById(${JSON.stringify(target)}) !== null`,
              )) as boolean;
              if (!exists) failures.push(`${url}: anchor ${href} has no target`);
              continue;
            }
            if (!href.startsWith('/')) continue; // the https link of a voorstel goes elsewhere on purpose
            queue.push(href.split('#')[0] as string);
          }
        }
        expect(failures).toEqual([]);
        // Every page type, the download and both feeds were reached by following links.
        for (const expected of [
          ...PAGE_TYPES.filter((p) => p.name !== 'niet-gevonden').map((p) => p.path),
          '/openbaar/loting/ronde-2027.json',
          '/openbaar/feed.xml',
          '/openbaar/agenda.ics',
        ])
          expect(seen).toContain(expected);
      },
      TIMEOUT,
    );

    it(
      'works with the keyboard: the skip link comes first, is visible and moves focus to the content',
      async () => {
        await page.goto(`${bot.url}/openbaar`);
        await page.keyboard.press('Tab');
        const focused = (await page.evaluate(
          `(() => { const el = document.activeElement; const box = el.getBoundingClientRect(); const style = getComputedStyle(el);
            return { text: el.textContent, top: box.top, outline: style.outlineStyle, outlineWidth: style.outlineWidth }; })()`,
        )) as { text: string; top: number; outline: string; outlineWidth: string };
        expect(focused.text).toBe('Naar de inhoud');
        expect(focused.top).toBeGreaterThanOrEqual(0);
        await page.screenshot({ path: path.join(ARTIFACTS, 'openbaar-toetsenbord-skiplink.png') });
        await page.keyboard.press('Enter');
        expect(await page.evaluate('document.activeElement.id')).toBe('inhoud');
        // The next Tab reaches a link inside the content, with a clearly visible focus style.
        await page.keyboard.press('Tab');
        const next = (await page.evaluate(
          `(() => { const el = document.activeElement; const style = getComputedStyle(el);
            return { inMain: el.closest('main') !== null, outline: style.outlineStyle, width: parseFloat(style.outlineWidth), background: style.backgroundColor }; })()`,
        )) as { inMain: boolean; outline: string; width: number; background: string };
        expect(next).toMatchObject({ inMain: true, outline: 'solid', background: 'rgb(255, 214, 51)' });
        expect(next.width).toBeGreaterThanOrEqual(3);
        await page.screenshot({ path: path.join(ARTIFACTS, 'openbaar-toetsenbord-focus.png') });
      },
      TIMEOUT,
    );

    it(
      'is readable on a phone: nothing wider than the screen',
      async () => {
        await page.setViewportSize({ width: 360, height: 740 });
        try {
          for (const { name, path: url } of PAGE_TYPES) {
            await page.goto(`${bot.url}${url}`);
            const overflow = (await page.evaluate(
              'document.documentElement.scrollWidth - document.documentElement.clientWidth',
            )) as number;
            expect({ name, overflow }).toEqual({ name, overflow: 0 });
            if (['overzicht', 'loting', 'besluit'].includes(name))
              await page.screenshot({
                path: path.join(ARTIFACTS, `openbaar-telefoon-${name}.png`),
                fullPage: true,
              });
          }
        } finally {
          await page.setViewportSize({ width: 1280, height: 900 });
        }
      },
      TIMEOUT,
    );

    it(
      'applies its own Content-Security-Policy in the browser: the style sheet works, scripts do not',
      async () => {
        const strict = await launch(false);
        const strictPage = strict.pages()[0] ?? (await strict.newPage());
        const violations: string[] = [];
        strictPage.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await strictPage.goto(`${bot.url}/openbaar`);
        expect(
          await strictPage.evaluate(`getComputedStyle(document.querySelector('header')).backgroundColor`),
        ).toBe('rgb(10, 71, 99)');
        expect(violations).toEqual([]);
        await strictPage.addScriptTag({ content: 'window.__ingevoegd = true;' }).catch(() => undefined);
        expect(await strictPage.evaluate('window.__ingevoegd === true')).toBe(false);
        expect(violations.join('\n')).toMatch(/script/i);
      },
      TIMEOUT,
    );

    it(
      'serves an Atom feed the browser parses as XML',
      async () => {
        await page.goto(`${bot.url}/openbaar`);
        const parsed = (await page.evaluate(
          `fetch('/openbaar/feed.xml').then((r) => r.text()).then((text) => {
            const doc = new DOMParser().parseFromString(text, 'application/xml');
            return { error: doc.querySelector('parsererror') !== null, entries: doc.getElementsByTagName('entry').length };
          })`,
        )) as { error: boolean; entries: number };
        expect(parsed).toEqual({ error: false, entries: 6 });
      },
      TIMEOUT,
    );
  },
);
