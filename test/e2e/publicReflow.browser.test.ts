import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createPublicationService } from '../../src/public/publicationService';
import { describeWithTool } from '../support/requiredTool';
import { startTestBot, type TestBot } from '../support/botHarness';
import { buildPublicSamples } from '../support/publicSamples';

/**
 * Issue 20 in a real browser (Debian's Chromium through playwright-core): every page, the new ones included,
 * reflows at 320, 390 and 1280 px without horizontal scrolling (WCAG 1.4.10), also with a very long web address
 * and with the text spacing of WCAG 1.4.12; axe-core finds no violation at all; in forced colours (Windows high
 * contrast) the current menu item stays marked; on paper the menu is hidden and the address and date printed.
 * Screenshots go to test-artifacts/ (git-ignored).
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TIMEOUT = 180_000;
const WIDTHS = [320, 390, 1280] as const;
const LONG_URL = `https://www.rivierstad.example.nl/bestuur/besluitvorming/documenten/2027/overlegtafel/${'reistijd-bij-individuele-begeleiding-'.repeat(4)}bijlage.pdf?versie=2&download=true`;
const TEXT_SPACING =
  '*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}p{margin-bottom:2em!important}';

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
  'the public site reflows in a browser',
  () => {
    const { views } = buildPublicSamples();
    const clock = new Date('2027-03-15T10:00:00Z');
    let bot: TestBot;
    let context: BrowserContext;
    let page: Page;
    let profile = '';

    const PAGES: ReadonlyArray<readonly [string, string]> = [
      ['overzicht', '/openbaar'],
      ['samenstelling', '/openbaar/samenstelling'],
      ['loting', '/openbaar/loting/ronde-2027'],
      ['vergaderingen', '/openbaar/vergaderingen'],
      ['vergadering', `/openbaar/vergaderingen/${views.agenda.id}`],
      ['verslag', `/openbaar/verslagen/${views.verslag.id}`],
      ['besluiten', '/openbaar/besluiten'],
      ['besluit', `/openbaar/besluiten/${views.besluit.id}`],
      ['besluit-lange-url', '/openbaar/besluiten/vs-lange-url'],
      ['ontwikkeltafels', '/openbaar/ontwikkeltafels'],
      ['ontwikkeltafel', `/openbaar/ontwikkeltafels/${views.ontwikkeltafel.id}`],
      ['privacy', '/openbaar/privacy'],
      ['toegankelijkheid', '/openbaar/toegankelijkheid'],
      ['volgen', '/openbaar/volgen'],
      ['begrippen', '/openbaar/begrippen'],
      ['over', '/openbaar/over'],
      ['archief', '/openbaar/archief'],
      ['archief-jaar', '/openbaar/archief/2027'],
      ['zoeken', '/openbaar/zoeken?q=overlegtafel'],
      ['niet-gevonden', '/openbaar/besluiten/vs-bestaatniet'],
    ];

    const overflow = () =>
      page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth })',
      ) as Promise<{ scroll: number; viewport: number }>;

    beforeAll(async () => {
      // A wide logo: it must shrink on a phone like everything else.
      const logoFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tafelbot-logo-')), 'logo.svg');
      writeFileSync(
        logoFile,
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="600" height="80" fill="#0a4763"/></svg>',
      );
      bot = await startTestBot(
        {
          PUBLIC_LOGO_FILE: logoFile,
          PUBLIC_BASE_URL: 'https://overlegtafel.example.nl',
          PUBLIC_PUBLISHER_NAME: 'Gemeente Rivierstad',
          PUBLIC_CONTACT_EMAIL: 'overlegtafel@rivierstad.example',
          PUBLIC_REGION_NAME: 'Rivierenland',
        },
        { now: () => clock },
      );
      const service = createPublicationService(bot.bot.db, bot.bot.registry, () => clock);
      for (const kind of [
        'samenstelling',
        'loting',
        'agenda',
        'verslag',
        'besluit',
        'ontwikkeltafel',
      ] as const)
        await service.publish(kind, views[kind].id, views[kind].view as never);
      // The decision page that was 432 px wide on a 390 px phone: a long web address in the voorstel.
      await service.publish('besluit', 'vs-lange-url', {
        ...views.besluit.view,
        voorstelId: 'vs-lange-url',
        link: LONG_URL,
        summary: `Zie ${LONG_URL} voor de onderbouwing.`,
      });
      profile = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-reflow-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
        // axe and the text-spacing style are injected, which the pages' own policy forbids.
        bypassCSP: true,
        viewport: { width: 1280, height: 900 },
        locale: 'nl-NL',
      });
      await context.route(
        (url) => url.hostname !== '127.0.0.1',
        (route) => route.abort(),
      );
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      mkdirSync(ARTIFACTS, { recursive: true });
    }, TIMEOUT);

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      if (profile) rmSync(profile, { recursive: true, force: true });
      await bot?.stop();
    }, TIMEOUT);

    it(
      'reflows every page at 320, 390 and 1280 px, also with WCAG text spacing',
      async () => {
        const failures: string[] = [];
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          for (const [name, url] of PAGES) {
            await page.goto(`${bot.url}${url}`);
            const plain = await overflow();
            if (plain.scroll > plain.viewport) failures.push(`${name} at ${width}px: ${plain.scroll}px wide`);
            await page.addStyleTag({ content: TEXT_SPACING });
            const spaced = await overflow();
            if (spaced.scroll > spaced.viewport)
              failures.push(`${name} at ${width}px with text spacing: ${spaced.scroll}px wide`);
            if (width === 320 && ['besluit-lange-url', 'loting', 'vergadering', 'zoeken'].includes(name))
              await page.screenshot({
                path: path.join(ARTIFACTS, `openbaar-320-${name}.png`),
                fullPage: true,
              });
          }
        }
        // The measurement can fail: a page forced wider than the screen is caught.
        await page.setViewportSize({ width: 320, height: 800 });
        await page.goto(`${bot.url}/openbaar`);
        await page.addStyleTag({ content: 'main{min-width:400px}' });
        expect((await overflow()).scroll).toBeGreaterThan(320);
        await page.setViewportSize({ width: 1280, height: 900 });
        expect(failures).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      'has no axe violation at all on any page',
      async () => {
        const found: string[] = [];
        for (const [name, url] of PAGES) {
          await page.goto(`${bot.url}${url}`);
          await page.addScriptTag({ content: AXE_SOURCE });
          const result = (await page.evaluate(
            `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`,
          )) as { violations: AxeViolation[]; passes: unknown[] };
          for (const v of result.violations)
            found.push(
              `${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
            );
          expect(result.passes.length).toBeGreaterThan(10);
        }
        expect(found).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      'keeps the current menu item marked in forced colours (Windows high contrast)',
      async () => {
        await page.emulateMedia({ forcedColors: 'active' });
        try {
          await page.goto(`${bot.url}/openbaar/besluiten`);
          const styles = (await page.evaluate(`(() => {
            const style = (el) => { const s = getComputedStyle(el); return { line: s.textDecorationLine, thickness: s.textDecorationThickness, border: s.borderBottomColor }; };
            return { current: style(document.querySelector('nav a[aria-current=page]')), other: style(document.querySelector('nav a:not([aria-current])')),
                     forced: matchMedia('(forced-colors: active)').matches };
          })()`)) as {
            current: { line: string; thickness: string; border: string };
            other: { line: string; thickness: string; border: string };
            forced: boolean;
          };
          expect(styles.forced).toBe(true);
          // Marked by an underline, which forced colours keep (they repaint colours, not decorations).
          expect(styles.current.line).toContain('underline');
          expect(styles.other.line).not.toContain('underline');
          expect(styles.current.thickness).toBe('4px');
          await page.screenshot({ path: path.join(ARTIFACTS, 'openbaar-forced-colors.png') });
        } finally {
          await page.emulateMedia({ forcedColors: 'none' });
        }
      },
      TIMEOUT,
    );

    it(
      'prints without the menu, with the address and the date',
      async () => {
        await page.emulateMedia({ media: 'print' });
        try {
          await page.goto(`${bot.url}/openbaar/besluiten/vs-lange-url`);
          const printed = (await page.evaluate(`(() => ({
            nav: getComputedStyle(document.querySelector('header nav')).display,
            skip: getComputedStyle(document.querySelector('.skip')).display,
            note: getComputedStyle(document.querySelector('.alleen-print')).display,
            noteText: document.querySelector('.alleen-print').innerText,
            linkAfter: getComputedStyle(document.querySelector('main a[href^="https"]'), '::after').content,
          }))()`)) as { nav: string; skip: string; note: string; noteText: string; linkAfter: string };
          expect(printed).toMatchObject({ nav: 'none', skip: 'none', note: 'block' });
          expect(printed.noteText).toBe(
            'Virtuele overlegtafel · https://overlegtafel.example.nl/openbaar/besluiten/vs-lange-url · afgedrukt op 15 maart 2027',
          );
          // A link's address is printed after it.
          expect(printed.linkAfter).toContain(LONG_URL.slice(0, 40));
          await page.screenshot({ path: path.join(ARTIFACTS, 'openbaar-print.png'), fullPage: true });
          const overflowOnPaper = await overflow();
          expect(overflowOnPaper.scroll).toBeLessThanOrEqual(overflowOnPaper.viewport);
        } finally {
          await page.emulateMedia({ media: 'screen' });
        }
      },
      TIMEOUT,
    );
  },
);
