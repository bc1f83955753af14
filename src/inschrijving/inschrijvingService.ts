import { InschrijvingRecords, type InschrijvingDeps } from './inschrijvingRecords';
import { RegistrationService } from './registrations';
import { RegistrationReminders } from './reminders';
import { RoundService } from './rounds';

/**
 * The yearly open invitation to the Overlegtafel (issue 4), the one application service of the feature: the
 * gemeente's rounds (open, invite, draw, compose, publish) and the contacts' registrations. Each use case checks
 * who acts, reads what it needs, asks the domain and writes; its outcome says what happened, for the handler to
 * show.
 */
export class InschrijvingService {
  readonly rounds: RoundService;
  readonly registrations: RegistrationService;
  /** The reminders before the deadline, to those who have not registered (a scheduled task). */
  readonly reminders: RegistrationReminders;

  constructor(deps: InschrijvingDeps) {
    const records = new InschrijvingRecords(deps);
    this.rounds = new RoundService(deps, records);
    this.registrations = new RegistrationService(deps, records);
    this.reminders = new RegistrationReminders(deps, records);
  }
}

export type { InschrijvingDeps } from './inschrijvingRecords';
