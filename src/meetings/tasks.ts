import type { Scheduler } from '../scheduling/scheduler';
import type { MeetingsService } from './meetingsService';

/**
 * The scheduled work of meetings, run once across all instances under the scheduler's lease: drafting the
 * concept verslag of a meeting that ended (the gemeente that planned it is told), and enqueueing what a crashed
 * turn left in a meeting's outbox. Idempotent: a drafted verslag is never drafted again by the task, and every
 * broadcast id is deterministic.
 */
export const MEETINGS_TASK_EVERY_MS = 5 * 60_000;

export function registerMeetingsTasks(scheduler: Scheduler, service: MeetingsService): void {
  scheduler.register({
    name: 'vergaderingen',
    everyMs: MEETINGS_TASK_EVERY_MS,
    run: (now) => service.runScheduled(now),
  });
}
