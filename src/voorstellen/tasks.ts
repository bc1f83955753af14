import type { Scheduler } from '../scheduling/scheduler';
import type { VoorstellenService } from './voorstellenService';

/**
 * The scheduled work of voorstellen, each run once across all instances under the scheduler's lease:
 * closing votes whose deadline passed (and finishing outboxes a crashed turn left), and reminding the parties
 * that have not voted. Both are idempotent: a close of a closed vote changes nothing, and every broadcast has a
 * deterministic id.
 */
export const DEADLINE_TASK_EVERY_MS = 60_000;
export const REMINDER_TASK_EVERY_MS = 15 * 60_000;

export function registerVoorstellenTasks(scheduler: Scheduler, service: VoorstellenService): void {
  scheduler.register({
    name: 'voorstellen-deadlines',
    everyMs: DEADLINE_TASK_EVERY_MS,
    run: (now) => service.runDeadlines(now),
  });
  scheduler.register({
    name: 'voorstellen-herinneringen',
    everyMs: REMINDER_TASK_EVERY_MS,
    run: (now) => service.runReminders(now),
  });
}
