import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { seedFromCommitReveal, type DrawRecord } from '../../src/domain/lottery';
import { drawRecordPublicView } from '../../src/public/publicViews';
import { createPublicationService } from '../../src/public/publicationService';
import { describeWithTool } from '../support/requiredTool';
import { startTestBot, type TestBot } from '../support/botHarness';
import { commitRevealRecord } from '../support/commitRevealSamples';
import { framework, registration, reseal } from '../unit/lottery/support';

/**
 * The page's document, as far as these callbacks use it: they run in the browser, and the type check has no DOM
 * types (only src/public/browser has them). Functions, not strings: the page's CSP forbids evaluating strings.
 */
declare const document: {
  getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildLotteryBundle } = require('../../scripts/build-browser.cjs') as {
  buildLotteryBundle(outfile?: string): Promise<string>;
};

/**
 * The verification page in a real browser (Debian's Chromium, driven by playwright-core), with the pages' own
 * Content-Security-Policy in force: it confirms a published commit–reveal record, refutes a tampered one the visitor
 * picks from disk (read in the browser, never sent), says that a JSON file that is no record is no record, and
 * makes no request but GETs to its own origin. axe-core finds no serious accessibility violation on it.
 */

const CHROMIUM = '/usr/bin/chromium';
const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');
const TIMEOUT = 90_000;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

describeWithTool(
  {
    available: existsSync(CHROMIUM),
    missing: `Debian chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  },
  'the lottery verification page in a browser',
  () => {
    const clock = new Date('2027-01-25T10:00:00Z');
    const kader = framework({ seats: 5, minimumPerPerceel: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 0 } });
    const record: DrawRecord = commitRevealRecord(
      [
        registration('org-a', 1, 'klein', 'lokaal'),
        registration('org-b', 1, 'groot'),
        registration('org-c', 2, 'middel', 'lokaal', true),
        registration('org-d', 2, 'klein'),
        registration('org-e', 3, 'groot', 'lokaal'),
        registration('org-f', 3, 'middel'),
        registration('org-g', 1, 'middel', 'regionaal', true),
        registration('org-h', 2, 'groot'),
      ],
      kader,
    );
    let bot: TestBot;
    let context: BrowserContext;
    let page: Page;
    let profile: string;
    const requests: string[] = [];
    const consoleErrors: string[] = [];

    const verdict = async () => {
      const result = page.locator('#controle-uitslag');
      await page.waitForFunction(
        () => !['geen', undefined].includes(document.getElementById('controle-uitslag')?.dataset.uitslag),
      );
      return { kind: await result.getAttribute('data-uitslag'), text: await result.innerText() };
    };
    const upload = async (name: string, value: unknown) => {
      await page.evaluate(() => {
        const target = document.getElementById('controle-uitslag');
        if (target) target.dataset.uitslag = 'geen';
      });
      await page.setInputFiles('#controle-bestand', {
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(value), 'utf8'),
      });
      return verdict();
    };

    beforeAll(async () => {
      await buildLotteryBundle();
      bot = await startTestBot({}, { now: () => clock });
      const service = createPublicationService(bot.bot.db, bot.bot.registry, () => clock);
      await service.publish('loting', 'ronde-2027', drawRecordPublicView('ronde-2027', 2027, record));
      profile = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-controle-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        bypassCSP: false,
        locale: 'nl-NL',
      });
      await context.route(
        (url) => url.hostname !== '127.0.0.1',
        (route) => route.abort(),
      );
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
    }, TIMEOUT);

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      if (profile) rmSync(profile, { recursive: true, force: true });
      await bot?.stop();
    }, TIMEOUT);

    it(
      'confirms the published record in the browser, under the pages\u2019 own CSP',
      async () => {
        const response = await page.goto(`${bot.url}/openbaar/loting-controle/ronde-2027`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
        expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
        const result = await verdict();
        expect(result.kind).toBe('bevestigd');
        expect(result.text).toContain('Bevestigd: Loting Overlegtafel 2027');
        expect(result.text).toContain('met toezegging');
        expect(consoleErrors).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      'refutes a tampered record the visitor picks, with the differences, and confirms the true one',
      async () => {
        const otherSecret = 'd'.repeat(64);
        const tampered = reseal({
          ...record,
          seedCommitment: { ...record.seedCommitment!, secret: otherSecret },
          seed: seedFromCommitReveal(otherSecret, record.seedCommitment!.publicValue),
        });
        const refuted = await upload('vals.json', tampered);
        expect(refuted.kind).toBe('weerlegd');
        expect(refuted.text).toContain('Weerlegd');
        expect(refuted.text).toContain('past niet bij de vooraf gepubliceerde toezegging');

        const otherValue = await upload(
          'andere-waarde.json',
          reseal({ ...record, seedCommitment: { ...record.seedCommitment!, publicValue: '1,00' } }),
        );
        expect(otherValue.kind).toBe('weerlegd');
        expect(otherValue.text).toContain('niet afgeleid van het geheim en de openbare waarde');

        const confirmed = await upload('echt.json', record);
        expect(confirmed.kind).toBe('bevestigd');

        const notARecord = await upload('iets.json', { naam: 'geen verslag' });
        expect(notARecord.kind).toBe('geen-verslag');
        expect(notARecord.text).toContain('geen lotingsverslag');
      },
      TIMEOUT,
    );

    it('sent nothing to the server: only GETs to its own origin', () => {
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) expect(request).toMatch(new RegExp(`^GET ${bot.url}/`));
      expect(requests.some((r) => r.endsWith('/openbaar/loting-controle.js'))).toBe(true);
    });

    it(
      'has no serious accessibility violations (axe-core)',
      async () => {
        // axe is injected as a script, which the page's policy forbids: a second context bypasses it.
        const axeProfile = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-controle-axe-'));
        const axeContext = await chromium.launchPersistentContext(axeProfile, {
          executablePath: CHROMIUM,
          headless: true,
          args: ARGS,
          bypassCSP: true,
        });
        try {
          const axePage = axeContext.pages()[0] ?? (await axeContext.newPage());
          for (const url of [
            '/openbaar/loting-controle/ronde-2027',
            '/openbaar/loting-werkwijze',
            '/openbaar/toezeggingen',
          ]) {
            await axePage.goto(`${bot.url}${url}`);
            await axePage.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, 'utf8') });
            const result = (await axePage.evaluate(
              `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
            )) as { violations: Array<{ id: string; impact: string | null }> };
            const serious = result.violations.filter(
              (v) => v.impact === 'serious' || v.impact === 'critical',
            );
            expect({ url, serious: serious.map((v) => v.id) }).toEqual({ url, serious: [] });
          }
        } finally {
          await axeContext.close().catch(() => undefined);
          rmSync(axeProfile, { recursive: true, force: true });
        }
      },
      TIMEOUT,
    );
  },
);
