import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ChildMessage, ChildUsage, ParentMessage } from './childProtocol';

/** Starting the server children and reading their resource use (IPC and /proc). */

export type Runtime = 'compiled' | 'tsx';

export interface ServerChild {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly info: Readonly<Record<string, unknown>>;
  /** Resource use of the child; with `gc`, after a full garbage collection. */
  usage(gc?: boolean): Promise<ChildUsage>;
  stop(): Promise<number | null>;
}

/** The repository root, from dist/bench-build/bench (compiled) or bench/ (tsx). */
export const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '..',
);

export interface StartServerOptions {
  readonly name: string;
  /** bench/<script>.ts without extension, e.g. 'botServer'. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly runtime: Runtime;
  /** Extra node flags, e.g. --cpu-prof. Forked grandchildren (the embedded store) inherit them. */
  readonly nodeFlags?: readonly string[];
  readonly startTimeoutMs?: number;
}

export function startServer(options: StartServerOptions): Promise<ServerChild> {
  const entry =
    options.runtime === 'tsx'
      ? path.join(REPO_ROOT, 'bench', `${options.script}.ts`)
      : path.join(REPO_ROOT, 'dist', 'bench-build', 'bench', `${options.script}.js`);
  // restify's DEP0111 warning (process.binding('http_parser')) would only clutter the bench output.
  // --expose-gc only lets the runner ask for a full GC after the measured phase (retained heap); it changes nothing else.
  const execArgv = [
    '--no-deprecation',
    '--expose-gc',
    ...(options.runtime === 'tsx' ? ['--import', 'tsx'] : []),
    ...(options.nodeFlags ?? []),
  ];
  const child: ChildProcess = fork(entry, [...(options.args ?? [])], {
    cwd: REPO_ROOT,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending: Array<(usage: ChildUsage) => void> = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not start within ${options.startTimeoutMs ?? 120_000} ms`));
    }, options.startTimeoutMs ?? 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited during start-up (exit ${code})`));
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.name} failed to start: ${message.message}`));
      } else if (message.type === 'usage') {
        pending.shift()?.(message.usage);
      } else if (message.type === 'ready') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const pid = message.pid;
        resolve({
          name: options.name,
          pid,
          port: message.port,
          info: message.info,
          usage: (gc = false) =>
            new Promise<ChildUsage>((done) => {
              pending.push(done);
              child.send({ type: 'usage', gc } satisfies ParentMessage);
            }),
          stop: () =>
            new Promise<number | null>((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', (code) => {
                clearTimeout(kill);
                done(code);
              });
              child.send({ type: 'stop' } satisfies ParentMessage);
            }),
        });
      }
    });
  });
}

export interface ProcStatus {
  /** Resident set size now and its peak (VmHWM), bytes. */
  readonly rss: number;
  readonly peakRss: number;
}

export function procStatus(pid: number): ProcStatus | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (10 ms resolution). */
export function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine (all cores) in ms, from /proc/stat: to see what other processes took. */
export function machineBusyMs(): number | undefined {
  try {
    const cpu =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const busy = cpu.reduce((sum, value, i) => (i === 3 || i === 4 || i > 7 ? sum : sum + value), 0);
    return (busy * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Direct children of a process whose command line contains `match` (the bot child forks the embedded store;
 * under tsx it also runs an esbuild service). */
export function childPids(pid: number, match = ''): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      if (match && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(match)) continue;
      found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
