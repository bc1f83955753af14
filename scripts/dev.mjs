// `npm start`: the local trial. Builds the project, starts Tafelbot in local + demo mode on 127.0.0.1 (with the
// embedded Cosmos store, data in LOCAL_DATA_DIR) and the Microsoft 365 Agents Playground on loopback in front of it.
//
//   npm start                       bot + playground
//   npm start -- --no-playground    only the bot, for a client on this machine (Bot Framework Emulator, ...).
//                                   Local mode answers only loopback hosts and origins, so a tunnel is refused:
//                                   Teams itself needs a bot identity (BOT_ID), which turns local mode off.
//   npm start -- --no-browser       do not let the playground open a browser window
//   npm start -- --no-maildev       no MailDev: e-mail stays as configured (EMAIL_TRANSPORT, default none)
//   npm start -- --no-build         start what is in dist/ (after your own `npm run build`)
//
// MailDev (SMTP and its web UI, both on 127.0.0.1) catches every e-mail the bot sends to people Teams cannot
// reach; the bot is pointed at it unless EMAIL_TRANSPORT is set. MAILDEV_SMTP_PORT (1025) and MAILDEV_WEB_PORT
// (1080) are used when free, else free ports are taken.
//
// Settings come from the environment, then from a `.env` file in the repository root (KEY=VALUE lines; the
// environment wins), then these defaults: LOCAL_MODE=true, DEMO_MODE=true, PORT=3978, PLAYGROUND_PORT=56150.
// Ctrl+C, SIGINT or SIGTERM (to npm, which forwards it here, or to this script) stops everything this script
// started; the bot stops its embedded store itself. Each child runs in its own process group, so whatever it started
// in turn is stopped with it. If one of them stops, the others are stopped too and this script exits non-zero.
// If this script's parent goes away (npm killed), it stops everything too; and every child watches this script
// the same way (scripts/exit-with-parent.mjs), so even a SIGKILL here leaves nothing running for long.
// package.json runs this script with `exec`, so that npm's own signals reach it (a shell in between ignores
// npm's SIGINT and dies on SIGTERM without passing it on).
// A port the bot needs that is taken: the message says which process holds it (from /proc, on Linux) and exit 2.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describePortHolder, portHolders } from './port-holder.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOOPBACK_PRELOAD = path.join(ROOT, 'scripts', 'playground-loopback.mjs');
const EXIT_WITH_PARENT = ['--import', pathToFileURL(path.join(ROOT, 'scripts', 'exit-with-parent.mjs')).href];
const PARENT_CHECK_MS = 500;
const GROUP_STOP_MS = 3_000;
// Own process groups (POSIX): a signal to the group reaches whatever the child started, and a Ctrl+C in the
// terminal reaches only this script, which then stops the children in order.
const OWN_GROUP = process.platform !== 'win32';
const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

const USAGE = `Gebruik / usage: npm start [-- --no-playground] [-- --no-browser] [-- --no-maildev] [-- --no-build]`;

function parseArguments(argv) {
  const options = { playground: true, browser: true, maildev: true, build: true };
  for (const arg of argv) {
    if (arg === '--no-playground') options.playground = false;
    else if (arg === '--no-maildev') options.maildev = false;
    else if (arg === '--no-browser') options.browser = false;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Onbekende optie / unknown option: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return options;
}

/** KEY=VALUE lines of .env; blank lines and # comments are skipped; values already in `env` are kept. */
function loadDotEnv(file, env) {
  if (!existsSync(file)) return 0;
  let loaded = 0;
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (!match) {
        console.warn(`.env line ${index + 1} is not KEY=VALUE and is ignored`);
        return;
      }
      const [, key, rawValue] = match;
      const quoted = /^(["'])(.*)\1$/.exec(rawValue);
      const value = quoted ? quoted[2] : rawValue.replace(/\s+#.*$/, '');
      if (env[key] !== undefined) return;
      env[key] = value;
      loaded++;
    });
  return loaded;
}

function portFrom(env, name, fallback) {
  const text = env[name]?.trim() || String(fallback);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} moet een poortnummer zijn / must be a port number 1-65535 (got "${text}")`);
    process.exit(2);
  }
  return port;
}

/** The URL host for the address the bot listens on (it refuses anything but loopback in local mode). */
function urlHost(host) {
  if (!host || host === 'localhost' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '::1') return '[::1]';
  return host;
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => server.close(() => resolve(true)));
  });
}

function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200 (and `accept` likes the body); gives up when `alive()` turns false. */
async function waitFor(url, alive, accept = () => true) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok && accept(await response.text())) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** `npm run build`, as a child this script stops like the others when it is told to stop. */
async function runBuild(env) {
  console.log('» npm run build');
  const npmCli = process.env.npm_execpath;
  const build = npmCli
    ? spawn(process.execPath, [npmCli, 'run', 'build'], {
        cwd: ROOT,
        env,
        stdio: 'inherit',
        detached: OWN_GROUP,
      })
    : spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
        cwd: ROOT,
        env,
        stdio: 'inherit',
        shell: process.platform === 'win32',
        detached: OWN_GROUP,
      });
  children.set('build', build);
  const [code, signal] = await new Promise((resolve) => {
    build.once('error', (error) => resolve([null, error.message]));
    build.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  children.delete('build');
  await stopGroup(build);
  if (stopping) return false;
  if (code !== 0) {
    console.error(`De build is mislukt / the build failed (exit code ${code ?? signal}).`);
    process.exit(code || 1);
  }
  return true;
}

function banner({ botUrl, playgroundUrl, demoMode, dataDir, maildevUrl }) {
  const line = '─'.repeat(78);
  const out = [
    '',
    line,
    ' Tafelbot draait lokaal / Tafelbot is running locally',
    `   Bot (LOCAL_MODE${demoMode ? ', DEMO_MODE' : ''}): ${botUrl}/api/messages`,
    `   Gegevens / data:   ${dataDir}`,
  ];
  if (maildevUrl) {
    out.push(
      '',
      ` NL  E-mail aan mensen zonder Teams-route leest u in MailDev: ${maildevUrl}`,
      ` EN  E-mail to people without a Teams route is in MailDev:  ${maildevUrl}`,
    );
  }
  if (playgroundUrl) {
    out.push(
      '',
      ` NL  Open de Agents Playground in uw browser:  ${playgroundUrl}`,
      '     De Playground stuurt Engels (en-US): typ "taal nl" voor Nederlands, dan "help".',
    );
    if (demoMode) {
      out.push(
        '     U begint als onbekende gebruiker (Alex Wilber, alexw@example.com). Typ "rol" (of kies',
        '     "Probeer de demo: kies een rol") en probeer Tafelbot als gemeente, contactpersoon,',
        '     vervanger of trekker.',
      );
    }
    out.push(
      '',
      ` EN  Open the Agents Playground in your browser: ${playgroundUrl}`,
      '     The playground speaks en-US, so Tafelbot answers in English; type "help".',
    );
    if (demoMode) {
      out.push(
        '     You start as an unknown user (Alex Wilber, alexw@example.com). Type "rol" (or press',
        '     "Try the demo: choose a role") to try Tafelbot as gemeente (municipality),',
        '     contactpersoon (contact), vervanger (substitute) or trekker (table lead).',
      );
    }
  } else {
    out.push('', ' Alleen de bot, zonder Playground / only the bot, no playground (--no-playground).');
  }
  out.push('', ' Stoppen / stop: Ctrl+C', line, '');
  console.log(out.join('\n'));
}

const children = new Map();
const running = (child) => child.exitCode === null && child.signalCode === null;
let stopping = false;
let exitCode = 0;

/** Sends `signal` to the child's whole process group (or the child alone without groups); false when none is left. */
function signalGroup(child, signal) {
  if (!child.pid) return false;
  try {
    if (OWN_GROUP) process.kill(-child.pid, signal);
    else if (running(child)) child.kill(signal);
    else return false;
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/** After the child itself has exited: stops what is left of its group (SIGTERM, then SIGKILL after a while). */
async function stopGroup(child) {
  if (!OWN_GROUP || !signalGroup(child, 0)) return;
  signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + GROUP_STOP_MS;
  while (Date.now() < deadline && signalGroup(child, 0)) await sleep(100);
  signalGroup(child, 'SIGKILL');
}

const stopAll = (code) => {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  // The leader only: the bot finishes its work and stops its embedded store itself; the rest of a group is
  // stopped once its leader has gone (stopGroup).
  for (const child of children.values()) if (running(child)) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const [name, child] of children) {
      if (!running(child)) continue;
      console.error(`${name} stopt niet / does not stop: killing it`);
      signalGroup(child, 'SIGKILL');
    }
  }, STOP_TIMEOUT_MS);
  timer.unref();
};

let finishing = false;
const finishWhenAllStopped = async () => {
  if (finishing || [...children.values()].some(running)) return;
  finishing = true;
  await Promise.all([...children.values()].map(stopGroup));
  process.exit(exitCode);
};

const watch = (name, child, onUnexpectedExit = () => undefined) => {
  children.set(name, child);
  child.on('error', (error) => {
    console.error(`${name} kon niet starten / could not start: ${error.message}`);
    stopAll(1);
    void finishWhenAllStopped();
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(
        `\n${name} is gestopt / has stopped (${signal ?? `exit code ${code}`}); de rest wordt gestopt / stopping the rest.`,
      );
      onUnexpectedExit();
      stopAll(code || 1);
    }
    void finishWhenAllStopped();
  });
};

/** Stop on these signals, and when the parent (npm, or its shell) goes away without a signal reaching us. */
function stopWithParentAndSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`\n» ${signal}: stoppen / stopping ...`);
      stopAll(0);
      void finishWhenAllStopped();
    });
  }
  const parent = process.ppid;
  if (parent > 1) {
    const timer = setInterval(() => {
      if (process.ppid === parent || stopping) return;
      console.log('\n» npm is gestopt / npm has stopped: stoppen / stopping ...');
      stopAll(0);
      void finishWhenAllStopped();
    }, PARENT_CHECK_MS);
    timer.unref();
  }
  // Last resort: never leave a child behind when this process ends.
  process.on('exit', () => {
    for (const child of children.values()) signalGroup(child, 'SIGKILL');
  });
}

function refuseTakenPort(port) {
  console.error(
    `Poort ${port} is al in gebruik / port ${port} is already in use, by:\n  ${describePortHolder(port).replace(/\n/g, '\n  ')}\n` +
      `Stop that process or choose another port, e.g. PORT=${port + 1} npm start.`,
  );
  process.exit(2);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const env = { ...process.env };
  const fromDotEnv = loadDotEnv(path.join(ROOT, '.env'), env);
  if (fromDotEnv > 0) console.log(`» ${fromDotEnv} instelling(en) uit .env / setting(s) from .env`);
  env.LOCAL_MODE ??= 'true';
  env.DEMO_MODE ??= 'true';
  env.PORT ??= '3978';

  const botPort = portFrom(env, 'PORT', 3978);
  const botHost = urlHost(env.HOST?.trim());
  const botUrl = `http://${botHost}:${botPort}`;
  const demoMode = /^(1|true|yes|ja)$/i.test(env.DEMO_MODE.trim());
  const dataDir = path.resolve(ROOT, env.LOCAL_DATA_DIR?.trim() || '.local');

  let playgroundCli;
  if (options.playground) {
    try {
      playgroundCli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
    } catch {
      console.error(
        'De Agents Playground is niet geïnstalleerd / is not installed: run `npm ci` (dev dependencies),\n' +
          'or start only the bot with `npm start -- --no-playground`.',
      );
      process.exit(2);
    }
  }
  if (!(await portIsFree(botPort, botHost))) refuseTakenPort(botPort);

  stopWithParentAndSignals();
  if (options.build && !(await runBuild(env))) return void finishWhenAllStopped();
  // The build took a while: the port may have been taken meanwhile.
  if (!(await portIsFree(botPort, botHost))) refuseTakenPort(botPort);

  // MailDev before the bot, so the bot starts with its SMTP address (only when e-mail is not configured).
  let maildevUrl;
  const useMaildev = options.maildev && !env.EMAIL_TRANSPORT?.trim();
  let maildevCli;
  if (useMaildev) {
    try {
      maildevCli = path.join(
        path.dirname(fileURLToPath(import.meta.resolve('maildev'))),
        'bin',
        'maildev.js',
      );
    } catch {
      console.error('MailDev is niet geïnstalleerd / is not installed: run `npm ci`, or use --no-maildev.');
      process.exit(2);
    }
  }

  if (maildevCli) {
    const pick = async (name, fallback) => {
      const wanted = portFrom(env, name, fallback);
      return (await portIsFree(wanted, '127.0.0.1')) ? wanted : freePort('127.0.0.1');
    };
    const smtpPort = await pick('MAILDEV_SMTP_PORT', 1025);
    const webPort = await pick('MAILDEV_WEB_PORT', 1080);
    maildevUrl = `http://127.0.0.1:${webPort}`;
    const mailDir = path.join(dataDir, 'maildev');
    mkdirSync(mailDir, { recursive: true });
    console.log(`» MailDev starten / starting: SMTP 127.0.0.1:${smtpPort}, web ${maildevUrl}`);
    const maildev = spawn(
      process.execPath,
      [
        ...EXIT_WITH_PARENT,
        maildevCli,
        '--smtp',
        String(smtpPort),
        '--ip',
        '127.0.0.1',
        '--web',
        String(webPort),
        '--web-ip',
        '127.0.0.1',
        // Kept in the data folder like everything else of the local trial; delete it to start fresh.
        '--mail-directory',
        mailDir,
        '--silent',
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: OWN_GROUP },
    );
    watch('MailDev', maildev);
    if (!(await waitFor(`${maildevUrl}/api/healthz`, () => !stopping))) return;
    Object.assign(env, {
      EMAIL_TRANSPORT: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURITY: 'none',
      EMAIL_FROM: env.EMAIL_FROM || 'tafelbot@tafelbot.example',
      EMAIL_RATE_PER_MINUTE: env.EMAIL_RATE_PER_MINUTE || '600',
    });
  }

  console.log(`» Tafelbot starten / starting on ${botUrl}`);
  const bot = spawn(
    process.execPath,
    ['--enable-source-maps', ...EXIT_WITH_PARENT, path.join(ROOT, 'dist', 'src', 'index.js')],
    { cwd: ROOT, env, stdio: 'inherit', detached: OWN_GROUP },
  );
  watch('Tafelbot', bot, () => {
    // Taken between our check and the bot's listen(): say by whom.
    if (portHolders(botPort).listening) {
      console.error(
        `Poort / port ${botPort} is in use by:\n  ${describePortHolder(botPort).replace(/\n/g, '\n  ')}`,
      );
    }
    console.error(
      'Tafelbot is onverwacht gestopt; de reden staat hierboven in het log. Start opnieuw met `npm start`; uw gegevens\n' +
        'in ' +
        dataDir +
        ' blijven bewaard. (In Azure herstart App Service het proces vanzelf.)\n' +
        'Tafelbot stopped unexpectedly; the reason is in the log above. Start again with `npm start`; your data is kept.',
    );
  });
  if (!(await waitFor(`${botUrl}/healthz`, () => !stopping))) return;

  let playgroundUrl;
  if (options.playground) {
    let playgroundPort = portFrom(env, 'PLAYGROUND_PORT', 56150);
    if (!(await portIsFree(playgroundPort, '127.0.0.1'))) {
      const taken = playgroundPort;
      playgroundPort = await freePort('127.0.0.1');
      console.log(`» Poort / port ${taken} is in gebruik / in use: the playground uses ${playgroundPort}`);
    }
    playgroundUrl = `http://127.0.0.1:${playgroundPort}`;
    const logFile =
      env.M365_AGENTS_PLAYGROUND_LOGFILE || path.join(dataDir, 'playground', 'm365agentsplayground.log');
    mkdirSync(path.dirname(logFile), { recursive: true });
    console.log(`» Agents Playground starten / starting on ${playgroundUrl} (log: ${logFile})`);
    const playground = spawn(
      process.execPath,
      [
        ...EXIT_WITH_PARENT,
        '--import',
        pathToFileURL(LOOPBACK_PRELOAD).href,
        playgroundCli,
        '--app-endpoint',
        `${botUrl}/api/messages`,
        '--channel-id',
        'msteams',
        '--disable-telemetry',
        '--port',
        String(playgroundPort),
        // The bot posts its replies here; an explicit 127.0.0.1 avoids "localhost" resolving to ::1.
        '--service-url',
        `${playgroundUrl}/_connector`,
      ],
      {
        cwd: ROOT,
        env: {
          ...env,
          PLAYGROUND_HOST: '127.0.0.1',
          M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
          ...(options.browser ? {} : { TEAMSAPPTESTER_BROWSER: 'none' }),
        },
        // With stdout not a terminal the playground writes its (chatty) log to the log file only.
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: OWN_GROUP,
      },
    );
    playground.stdout.on('data', (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        console.log(`[playground] ${line}`);
        // It silently takes another port when its port is taken; the service URL given to it would be wrong.
        const listening = /Listening on (\d+)/.exec(line);
        if (listening && Number(listening[1]) !== playgroundPort && !stopping) {
          console.error(`Poort / port ${playgroundPort} was taken by another process meanwhile; try again.`);
          stopAll(1);
          void finishWhenAllStopped();
        }
      }
    });
    watch('Agents Playground', playground, () => {
      const last = tail(logFile, 15);
      if (last) console.error(`Laatste regels / last lines of ${logFile}:\n${last}`);
    });
    if (
      !(await waitFor(
        `${playgroundUrl}/_debug/ping`,
        () => !stopping,
        (body) => body.includes('pong'),
      ))
    )
      return;
  }

  banner({ botUrl, playgroundUrl, demoMode, dataDir, maildevUrl });
}

main().catch((error) => {
  console.error('npm start is mislukt / failed:', error instanceof Error ? error.message : error);
  stopAll(1);
  void finishWhenAllStopped();
});
