import type { Scheduler } from '../scheduling/scheduler';
import type { PilotsService } from './pilotsService';

/**
 * The scheduled work of pilots, run once across all instances under the scheduler's lease: asking the
 * participants for the result of an approved pilot whose planned end has passed. Idempotent: the broadcast id and
 * the mark on the pilot make a repeated run send nothing new.
 */
export const PILOT_RESULT_REMINDER_EVERY_MS = 60 * 60 * 1000;

export function registerPilotTasks(scheduler: Scheduler, service: PilotsService): void {
  scheduler.register({
    name: 'pilot-resultaat-herinnering',
    everyMs: PILOT_RESULT_REMINDER_EVERY_MS,
    run: async (now) => {
      await service.remindResults(now);
    },
  });
}
