// jest-environment-node is jest's own default environment (a dependency of jest itself).
import NodeEnvironment from 'jest-environment-node';

/**
 * The node test environment plus a guard: a test file that leaves a server, socket, child process, timer or
 * pending request behind fails. It compares `process.getActiveResourcesInfo()` (only resources that keep the
 * process alive; unref'd timers and servers are not listed) after the file with the same list before it, per
 * resource type. Closing is asynchronous (a socket reports its close a tick later, a child process its exit when
 * the OS says so), so a difference must last through a settle window before it counts: a slow machine delays a
 * close, it does not invent one. `Immediate` entries are jest's own scheduling, not the file's.
 */
const SETTLE_MS = 3000;
const POLL_MS = 100;
const IGNORED = new Set(['Immediate']);

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    if (!IGNORED.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

function leftBehind(before: ReadonlyMap<string, number>): string[] {
  const leaks: string[] = [];
  for (const [type, count] of resourceCounts()) {
    const extra = count - (before.get(type) ?? 0);
    if (extra > 0) leaks.push(`${extra}× ${type}`);
  }
  return leaks;
}

export default class OpenHandlesEnvironment extends NodeEnvironment {
  private readonly before = resourceCounts();
  private readonly testPath: string;

  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    const [, context] = args;
    this.testPath = context.testPath;
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    const deadline = Date.now() + SETTLE_MS;
    let leaks = leftBehind(this.before);
    while (leaks.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      leaks = leftBehind(this.before);
    }
    if (leaks.length > 0) {
      throw new Error(
        `${this.testPath} left ${leaks.join(', ')} open after its last afterAll (still open ${SETTLE_MS} ms later). ` +
          'Close servers, sockets, clients and child processes and clear timers in afterAll; ' +
          '`npx jest --runInBand --detectOpenHandles <file>` shows where they were created.',
      );
    }
  }
}
