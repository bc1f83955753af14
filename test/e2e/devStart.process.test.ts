import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Issue 21, robust stopping: `npm start` (bot, embedded store, MailDev, Agents Playground) is started as a person
 * would, on free ports, and then npm's own process gets SIGTERM or SIGINT, or the dev script under npm is killed
 * outright. Afterwards no process of the tree (found by walking /proc by parent pid, and by process group) is left,
 * and the ports are free again. Also: a taken port is refused with the process that holds it.
 *
 * Needs Linux (/proc) and npm next to this Node; without them the tests are skipped (CI runs on Linux with both).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_DIR = path.dirname(process.execPath);
const SEARCH_PATH = `${NODE_DIR}${path.delimiter}${process.env.PATH ?? ''}`;
/** npm as a person runs it: the first `npm` on PATH (this Node's folder first). */
const NPM = SEARCH_PATH.split(path.delimiter)
  .map((dir) => path.join(dir, 'npm'))
  .find((candidate) => existsSync(candidate));
const CAN_RUN = process.platform === 'linux' && existsSync('/proc/self/stat') && NPM !== undefined;
const BANNER = 'Tafelbot draait lokaal';

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  start: string;
  command: string;
}

/** Every process we can see, from /proc/<pid>/stat (fields after the command name: state ppid pgrp ... starttime). */
function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue; // a zombie holds nothing and waits for its parent to read its status
      table.push({
        pid: Number(name),
        ppid: Number(rest[1]),
        pgid: Number(rest[2]),
        start: rest[19] ?? '',
        command: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim(),
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The process and all its descendants (by parent pid), plus every process in one of their process groups. */
function tree(rootPid: number): ProcessInfo[] {
  const table = processTable();
  const found = new Map<number, ProcessInfo>();
  const add = (pid: number): void => {
    for (const p of table) {
      if (p.pid === pid && !found.has(pid)) found.set(pid, p);
      if (p.ppid === pid && !found.has(p.pid)) {
        found.set(p.pid, p);
        add(p.pid);
      }
    }
  };
  add(rootPid);
  const groups = new Set([...found.values()].map((p) => p.pgid));
  groups.delete(process.pid); // jest's own group is not the tree's
  groups.delete(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[2]));
  for (const p of table) if (groups.has(p.pgid) && !found.has(p.pid)) found.set(p.pid, p);
  return [...found.values()];
}

/** Those of `processes` still alive (same pid and same start time, so a re-used pid does not count). */
function survivors(processes: ProcessInfo[]): ProcessInfo[] {
  const now = new Map(processTable().map((p) => [p.pid, p]));
  return processes.filter((p) => now.get(p.pid)?.start === p.start);
}

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

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

interface Started {
  npm: ChildProcess;
  output: () => string;
  ports: number[];
  dataDir: string;
}

async function startNpm(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-devstart-'));
  let output = '';
  const npm = spawn(NPM as string, ['start', '--', '--no-browser', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: SEARCH_PATH,
      PORT: String(ports[0]),
      PLAYGROUND_PORT: String(ports[1]),
      MAILDEV_SMTP_PORT: String(ports[2]),
      MAILDEV_WEB_PORT: String(ports[3]),
      LOCAL_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { npm, output: () => output, ports, dataDir };
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

const maybe = CAN_RUN ? describe : describe.skip;

maybe('npm start stops everything it started', () => {
  jest.setTimeout(240_000);
  const started: Started[] = [];

  afterAll(async () => {
    // Never leave anything behind, also when an assertion failed half-way.
    for (const run of started) {
      for (const p of survivors(tree(run.npm.pid ?? -1))) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      rmSync(run.dataDir, { recursive: true, force: true });
    }
  });

  async function runningTree(args: string[]): Promise<{ run: Started; processes: ProcessInfo[] }> {
    const run = await startNpm(args);
    started.push(run);
    const up = await until(() => run.output().includes(BANNER) || run.npm.exitCode !== null, 200_000);
    if (!up || !run.output().includes(BANNER)) throw new Error(`npm start did not come up:\n${run.output()}`);
    const processes = tree(run.npm.pid ?? -1);
    const commands = processes.map((p) => p.command).join('\n');
    // The whole tree is there: npm, the dev script, the bot, its embedded store, MailDev and the playground.
    expect(commands).toMatch(/scripts\/dev\.mjs/);
    expect(commands).toMatch(/dist\/src\/index\.js/);
    expect(commands).toMatch(/embeddedStoreProcess/);
    expect(commands).toMatch(/maildev/);
    expect(commands).toMatch(/m365agentsplayground/);
    return { run, processes };
  }

  async function expectAllGone(run: Started, processes: ProcessInfo[]): Promise<void> {
    await until(() => survivors(processes).length === 0, 30_000);
    expect(survivors(processes).map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    for (const port of run.ports)
      expect({ port, free: await portIsFree(port) }).toEqual({ port, free: true });
  }

  test.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops the whole tree', async (signal) => {
    // The first run builds as a person's `npm start` does; the next one starts the same dist/ without building.
    const { run, processes } = await runningTree(signal === 'SIGTERM' ? [] : ['--no-build']);
    run.npm.kill(signal);
    await exited(run.npm);
    await expectAllGone(run, processes);
    expect(run.output()).toContain(`${signal}: stoppen / stopping`);
  });

  test('killing the dev script outright (SIGKILL) still stops the bot, store, MailDev and playground', async () => {
    const { run, processes } = await runningTree(['--no-build']);
    const devScript = processes.find((p) => /scripts\/dev\.mjs/.test(p.command));
    expect(devScript).toBeDefined();
    process.kill(devScript!.pid, 'SIGKILL');
    await exited(run.npm);
    await expectAllGone(run, processes);
  });

  test('a taken port is refused with the process that holds it', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const run = await startNpm(['--no-build'], { PORT: String(port) });
      started.push(run);
      await exited(run.npm);
      expect(run.npm.exitCode).toBe(2);
      expect(run.output()).toContain(`port ${port} is already in use`);
      // The holder is this jest worker: its pid and command line are named.
      expect(run.output()).toContain(`process / proces ${process.pid}:`);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
