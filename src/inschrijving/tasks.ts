import type { Scheduler } from '../scheduling/scheduler';
import type { InschrijvingService } from './inschrijvingService';

/**
 * The scheduled work of the open invitation, run once across all instances under the scheduler's lease: the
 * reminders before the registration deadline. Idempotent by their deterministic broadcast ids.
 */
export const REGISTRATION_REMINDER_TASK_EVERY_MS = 15 * 60_000;

export function registerInschrijvingTasks(scheduler: Scheduler, service: InschrijvingService): void {
  scheduler.register({
    name: 'inschrijving-herinneringen',
    everyMs: REGISTRATION_REMINDER_TASK_EVERY_MS,
    run: (now) => service.reminders.send(now),
  });
}
