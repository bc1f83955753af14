import { dueRegistrationReminder, notRegistered } from '../domain/inschrijving';
import { reminderBroadcast } from './broadcasts';
import type { InschrijvingDeps, InschrijvingRecords } from './inschrijvingRecords';

/**
 * The scheduled reminders of the open round (issue 19): 7 and 2 days before the deadline, only to the contracted
 * aanbieders that have not registered. Idempotent: each reminder moment has its own broadcast id, so a second run
 * (or a second instance) in the same slot sends nothing; the audit trail records the moment once.
 */
export class RegistrationReminders {
  constructor(
    private readonly deps: InschrijvingDeps,
    private readonly records: InschrijvingRecords,
  ) {}

  async send(now: Date): Promise<void> {
    const round = (await this.records.repo.latestRound())?.value;
    if (!round) return;
    const days = dueRegistrationReminder(round, now);
    if (days === undefined) return;
    const [organisations, registrations] = await Promise.all([
      this.deps.registry.listOrganisations(),
      this.records.repo.listRegistrations(round.id),
    ]);
    const invited = organisations.filter((o) => o.type === 'aanbieder' && o.contracted).map((o) => o.id);
    const missing = notRegistered(
      invited,
      registrations.map((r) => r.value),
    );
    if (missing.length === 0) return;
    const queued = await this.deps.delivery.enqueue(reminderBroadcast(round, days, missing));
    if (!queued.ok || queued.value.alreadyQueued) return;
    await this.deps.registry.recordAudit({
      stream: round.id,
      actorPersonId: null,
      action: 'ronde.herinnering',
      subjectId: round.id,
      details: { daysBefore: days, organisations: missing, recipients: queued.value.recipients },
    });
  }
}
