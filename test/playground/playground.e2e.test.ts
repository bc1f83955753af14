import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTafelbot, type RunningTafelbot } from '../../src/app/tafelbot';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { testStoreConnection } from '../support/testStore';
import { describeWithTool } from '../support/requiredTool';

/**
 * End to end through the Microsoft 365 Agents Playground, as a person trying `npm start` would: the real bot
 * (local + demo mode, on the shared test store), the playground CLI on 127.0.0.1 in front of it, and Debian's
 * Chromium driving the playground's web UI. Every Tafelbot reply travels bot -> playground connector
 * emulation -> web socket -> rendered Adaptive Card; every button press is a real Action.Execute invoke.
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LOOPBACK_PRELOAD = path.join(ROOT, 'scripts', 'playground-loopback.mjs');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const TIMEOUT = 60_000;
const STEP_TIMEOUT = 15_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('the playground exited during start-up');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok && (await response.text()).includes('pong')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const isLoopback = (url: URL): boolean => url.hostname === '127.0.0.1' || url.hostname === 'localhost';

describeWithTool(
  {
    available: existsSync(CHROMIUM),
    missing: `Debian chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  },
  'Tafelbot in the Microsoft 365 Agents Playground (browser)',
  () => {
    const logLines: string[] = [];
    const playgroundOutput: string[] = [];
    let bot: RunningTafelbot | undefined;
    let playground: ChildProcess | undefined;
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    let workDir = '';
    let playgroundUrl = '';
    let passed = false;

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-playground-'));
      const config = loadConfig({
        LOCAL_MODE: 'true',
        DEMO_MODE: 'true',
        PORT: '0',
        COSMOS_DATABASE: `playground-${randomUUID().slice(0, 8)}`,
      });
      // Warnings and errors of the bot are kept, to show them when the test fails and to require no errors.
      const logger = createLogger('warn', { service: 'tafelbot' }, (line) => logLines.push(line));
      bot = await startTafelbot(config, { logger, store: testStoreConnection() });

      const port = await freePort();
      playgroundUrl = `http://127.0.0.1:${port}`;
      playground = spawn(
        process.execPath,
        [
          '--import',
          pathToFileURL(LOOPBACK_PRELOAD).href,
          PLAYGROUND_CLI,
          '--app-endpoint',
          `http://127.0.0.1:${bot.port}/api/messages`,
          '--channel-id',
          'msteams',
          '--disable-telemetry',
          '--port',
          String(port),
          '--service-url',
          `${playgroundUrl}/_connector`,
        ],
        {
          // A clean working directory: no .m365agentsplayground.yml from the repository, its log stays here.
          cwd: workDir,
          env: {
            ...process.env,
            PLAYGROUND_HOST: '127.0.0.1',
            TEAMSAPPTESTER_BROWSER: 'none',
            M365_AGENTS_PLAYGROUND_LOGFILE: path.join(workDir, 'playground.log'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      playground.stdout?.on('data', (c: Buffer) => playgroundOutput.push(c.toString('utf8')));
      playground.stderr?.on('data', (c: Buffer) => playgroundOutput.push(c.toString('utf8')));
      await waitForPing(`${playgroundUrl}/_debug/ping`, playground);
      // The playground falls back to a random port when its port is taken; the service URL would then be wrong.
      expect(playgroundOutput.join('')).toContain(`Listening on ${port}`);

      context = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1400, height: 1000 },
      });
      // The UI fetches fonts and an animation from a CDN; nothing may leave the machine (and offline is faster).
      await context.route(
        (url) => !isLoopback(url),
        (route) => route.abort(),
      );
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(STEP_TIMEOUT);
    }, TIMEOUT);

    afterAll(async () => {
      if (!passed) {
        if (page) {
          mkdirSync(ARTIFACTS, { recursive: true });
          await page
            .screenshot({ path: path.join(ARTIFACTS, 'playground-failure.png') })
            .catch(() => undefined);
        }
        const playgroundLog = existsSync(path.join(workDir, 'playground.log'))
          ? readFileSync(path.join(workDir, 'playground.log'), 'utf8').split('\n').slice(-40).join('\n')
          : '';
        console.warn(
          [
            'playground test failed; diagnostics:',
            `bot warnings/errors:\n${logLines.join('\n')}`,
            `playground output:\n${playgroundOutput.join('')}`,
            `playground log (last lines):\n${playgroundLog}`,
          ].join('\n\n'),
        );
      }
      await context?.close().catch(() => undefined);
      await stopChild(playground);
      if (bot) {
        await bot.db.database.delete().catch(() => undefined);
        await bot.stop();
      }
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }, TIMEOUT);

    /** Types a message into the playground's compose box and sends it with Enter. */
    async function say(text: string): Promise<void> {
      const compose = page!.locator('[data-lexical-editor="true"]');
      await compose.click();
      await page!.keyboard.type(text);
      await page!.keyboard.press('Enter');
    }

    async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
      const deadline = Date.now() + STEP_TIMEOUT;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`Timed out after ${STEP_TIMEOUT} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    /** Waits until the number of matches has not changed for 750 ms. */
    async function settled(locator: Locator): Promise<void> {
      let last = -1;
      let since = Date.now();
      await until(async () => {
        const count = await locator.count();
        if (count !== last) [last, since] = [count, Date.now()];
        return Date.now() - since >= 750;
      }, 'the conversation to settle');
    }

    async function textOf(locator: Locator): Promise<string> {
      return (await locator.innerText()).replace(/\s+/g, ' ');
    }

    it(
      'answers help with the welcome card, switches role and shows the profile through the playground UI',
      async () => {
        const ui = page!;
        const cards = ui.locator('.ac-adaptiveCard');
        await ui.goto(playgroundUrl);

        // Opening the personal chat installs the bot. The playground user (Alex Wilber) is not registered, so
        // Tafelbot explains that, showing the e-mail address it read with TeamsInfo.getMember from the playground.
        await cards.filter({ hasText: 'alexw@example.com' }).first().waitFor();
        // The playground sends installationUpdate and conversationUpdate; let both greetings arrive first.
        await settled(cards);

        // The playground always sends locale en-US; the language preference switches Tafelbot to Dutch.
        await say('taal nl');
        await ui.getByText('De taal is nu Nederlands.').first().waitFor();

        // Demo mode: become the gemeente admin (Action.Execute demo.switch, the card is replaced in place).
        await say('rol');
        const roles = cards.filter({ hasText: 'Wissel van rol (demo)' }).last();
        await roles.waitFor();
        expect(await textOf(roles)).toContain('Huidige rol: Onbekende gebruiker');
        await roles
          .locator('.ac-container', {
            hasText: 'Gemeente (beheerder)',
            has: ui.getByRole('button', { name: 'Kies' }),
          })
          .last()
          .getByRole('button', { name: 'Kies' })
          .click();
        const helpCards = cards.filter({ hasText: 'Wat kan ik hier doen?' });
        await helpCards.first().waitFor();
        expect(await textOf(helpCards.first())).toContain('Hallo Femke de Gemeente');

        // help: the welcome card for the role, with the commands the role allows.
        await say('help');
        await until(async () => (await helpCards.count()) === 2, 'a second help card');
        const welcome = helpCards.last();
        const welcomeText = await textOf(welcome);
        expect(welcomeText).toContain('Gemeente (beheerder)');
        expect(welcomeText).toContain('organisaties');
        expect(welcomeText).toContain('Femke de Gemeente');

        // Press "Mijn profiel" (Action.Execute profile.show): the card becomes the profile card.
        await welcome.getByRole('button', { name: 'Mijn profiel' }).click();
        const profile = cards.filter({ hasText: 'femke.gemeente@rivierstad.example' });
        await profile.waitFor();
        const profileText = await textOf(profile);
        expect(profileText).toContain('Mijn profiel');
        expect(profileText).toContain('Gemeente Rivierstad');

        mkdirSync(ARTIFACTS, { recursive: true });
        await ui.screenshot({ path: path.join(ARTIFACTS, 'playground-chat.png') });
        expect(logLines.filter((line) => (JSON.parse(line) as { level: string }).level === 'error')).toEqual(
          [],
        );
        passed = true;
      },
      TIMEOUT,
    );

    /** The role card's "choose" button of the n-th role (gemeente 0, contactpersoon 1): any language. */
    async function becomeRole(index: number, rolesTitle: string): Promise<void> {
      const ui = page!;
      await say('rol');
      const roles = ui.locator('.ac-adaptiveCard').filter({ hasText: rolesTitle }).last();
      await roles.waitFor();
      await settled(ui.locator('.ac-adaptiveCard'));
      await roles.locator('.ac-actionSet button').nth(index).click();
      await settled(ui.locator('.ac-adaptiveCard'));
    }

    /** Presses `button` in the row of the seeded voorstel in stemming on the latest voorstellen list. */
    async function openFromList(listTitle: string, button: string): Promise<void> {
      const ui = page!;
      await say('voorstellen');
      const list = ui.locator('.ac-adaptiveCard').filter({ hasText: listTitle }).last();
      await list.waitFor();
      await settled(ui.locator('.ac-adaptiveCard'));
      await list
        .locator('.ac-container', {
          hasText: 'Reistijd declareren bij huisbezoeken',
          has: ui.getByRole('button', { name: button, exact: true }),
        })
        .last()
        .getByRole('button', { name: button, exact: true })
        .click();
    }

    const languages = [
      {
        name: 'nl',
        command: 'taal nl',
        confirmed: 'De taal is nu Nederlands.',
        roles: 'Wissel van rol (demo)',
        list: 'Voorstellen',
        view: 'Bekijken',
        toVote: 'Naar de stemkaart',
        choice: 'Tegen',
        recorded: 'Uw stem is vastgelegd: Tegen.',
        overview: 'Overzicht',
        overviewTitle: 'Overzicht voor de gemeente',
        notVoted: 'Niet gestemd',
      },
      {
        name: 'en',
        command: 'taal en',
        confirmed: 'The language is now English.',
        roles: 'Switch role (demo)',
        list: 'Proposals',
        view: 'View',
        toVote: 'Go to the vote card',
        choice: 'For',
        recorded: 'Your vote was recorded: For.',
        overview: 'Overview',
        overviewTitle: 'Overview for the gemeente',
        notVoted: 'Not voted',
      },
    ] as const;

    it.each(languages)(
      '$name: the demo contactpersoon votes on the seeded voorstel, the vote card updates, the gemeente sees the tally',
      async (l) => {
        passed = false;
        const ui = page!;
        const cards = ui.locator('.ac-adaptiveCard');
        await say(l.command);
        await ui.getByText(l.confirmed).last().waitFor();
        await becomeRole(1, l.roles);

        await openFromList(l.list, l.view);
        const detail = cards.filter({ has: ui.getByRole('button', { name: l.toVote, exact: true }) }).last();
        await detail.waitFor();
        await detail.getByRole('button', { name: l.toVote, exact: true }).click();

        // The vote card: the choice is an Action.Execute; the same card is replaced with the recorded vote.
        const vote = cards.filter({ has: ui.getByRole('button', { name: l.choice, exact: true }) }).last();
        await vote.waitFor();
        await vote.getByRole('button', { name: l.choice, exact: true }).click();
        const recorded = cards.filter({ hasText: l.recorded }).last();
        await recorded.waitFor();
        expect(await textOf(recorded)).toContain('Zorggroep Maas en Waal');

        await becomeRole(0, l.roles);
        await openFromList(l.list, l.overview);
        const overview = cards.filter({ hasText: l.overviewTitle }).last();
        await overview.waitFor();
        const tally = await textOf(overview);
        expect(tally).toContain('Reistijd declareren bij huisbezoeken');
        expect(tally).toMatch(new RegExp(`Zorggroep Maas en Waal ${l.choice}\\b`));
        expect(tally).toContain(l.notVoted);
        await ui.screenshot({ path: path.join(ARTIFACTS, `playground-vote-${l.name}.png`) });
        passed = true;
      },
      TIMEOUT,
    );
  },
);
