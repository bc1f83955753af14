import type { Logger } from '../observability/logger';
import type { LeaseManager } from '../storage/leases';

/**
 * Periodic work (closing votes at their deadline, reminders, overdue reports) that must run once across all
 * instances. Each task runs under a lease named after it: whichever instance holds the lease runs the task;
 * the others skip that round. Tasks must be idempotent (a lease can expire mid-run under extreme delays), which
 * every task makes true by writing its effects with deterministic ids or If-Match.
 */

export interface ScheduledTask {
  readonly name: string;
  readonly everyMs: number;
  run(now: Date): Promise<void>;
}

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly leases: LeaseManager,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  register(task: ScheduledTask): void {
    this.tasks.push(task);
  }

  /** Runs each task once now, under its lease (also what tests call to move the clock deterministically). */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of this.tasks) if (await this.runOnce(task)) ran.push(task.name);
    return ran;
  }

  private async runOnce(task: ScheduledTask): Promise<boolean> {
    const lease = await this.leases.acquire(`task-${task.name}`, Math.max(task.everyMs, 30_000));
    if (!lease) return false;
    try {
      await task.run(this.now());
      return true;
    } catch (error) {
      this.logger.error('scheduled task failed', { task: task.name, error: (error as Error).message });
      return false;
    }
  }

  start(): void {
    this.stopped = false;
    for (const task of this.tasks) {
      const tick = (): void => {
        if (this.stopped) return;
        const run = this.runOnce(task).then(() => undefined);
        this.running.add(run);
        void run.finally(() => this.running.delete(run));
      };
      const timer = setInterval(tick, task.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Stops timers and waits for runs in progress (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    this.timers = [];
    await Promise.allSettled([...this.running]);
  }
}
