/**
 * The IPC protocol between the bench runner and a server child (bench/botServer.ts, bench/echoServer.ts).
 * The child reports its port once it listens; the runner asks for its resource use and tells it to stop.
 * A child stops with process.exit(0), so `--cpu-prof` profiles are written.
 */

/** What the echo baseline answers to every invoke (the runner checks every response against it). */
export const ECHO_INVOKE_BODY = {
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: 'ok',
} as const;

export interface ChildUsage {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /** process.cpuUsage() of the child, in µs. */
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  /** Counters a child keeps (the bot child counts its requests to Cosmos). */
  readonly counters: Readonly<Record<string, number>>;
}

/** Counters of this child, reported with its usage. */
export const benchCounters: Record<string, number> = {};

export type ChildMessage =
  | {
      readonly type: 'ready';
      readonly port: number;
      readonly pid: number;
      readonly info: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'usage'; readonly usage: ChildUsage }
  | { readonly type: 'failed'; readonly message: string };

/** `gc`: run a full garbage collection first (the children run with --expose-gc), to see what is retained. */
export type ParentMessage = { readonly type: 'usage'; readonly gc?: boolean } | { readonly type: 'stop' };

function usageNow(): ChildUsage {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    counters: { ...benchCounters },
  };
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Child side: report readiness, answer usage requests, stop on request or when the runner goes away. */
export function serveBenchChild(
  port: number,
  stop: () => Promise<void>,
  info: Record<string, unknown> = {},
): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('bench server: stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage') {
      if (message.gc) (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'usage', usage: usageNow() });
    } else if (message.type === 'stop') shutdown();
  });
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  send({ type: 'ready', port, pid: process.pid, info });
}

export function failChild(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error('bench server failed:', message);
  send({ type: 'failed', message });
  process.exit(1);
}
