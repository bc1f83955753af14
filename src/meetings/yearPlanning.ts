import { renderCard, type Locale } from '../cards/renderCard';
import { meetingNoticeView, meetingsMessage } from '../cards/views/meetingsViews';
import type { DeliveryService } from '../delivery/deliveryService';
import { inBothLanguages } from '../delivery/recipientLocale';
import {
  overlegtafelYearPlanning,
  yearReminderDue,
  yearReminderId,
  type YearPlanning,
} from '../domain/meetings';
import type { Actor } from '../domain/registry/actor';
import { localYearOf } from '../domain/time/amsterdam';
import { isGemeente } from '../domain/voorstellen/acting';
import type { MeetingsRepository } from '../storage/meetingsRepository';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * Whether the Overlegtafel meets at least twice this year [000 §1] (issue 19): for the gemeente's help card, and
 * one reminder per year to the gemeente's admins from 1 July while the planning falls short. The reminder runs in
 * the meetings' scheduled task (under its lease); its broadcast id is the year's, so it goes out once.
 */

export interface YearPlanningDeps {
  readonly registry: Pick<RegistryRepository, 'listPeople' | 'recordAudit'>;
  readonly delivery: Pick<DeliveryService, 'enqueue'>;
  readonly now: () => Date;
}

export class MeetingYearPlanning {
  constructor(
    private readonly deps: YearPlanningDeps,
    private readonly repo: MeetingsRepository,
  ) {}

  /** The current year's planning for the gemeente; null for anyone else. */
  async current(actor: Actor): Promise<YearPlanning | null> {
    if (!isGemeente(actor)) return null;
    const year = localYearOf(this.deps.now());
    return overlegtafelYearPlanning(await this.repo.ofYear(year, 'overlegtafel'), year);
  }

  async sendReminder(now: Date): Promise<void> {
    const year = localYearOf(now);
    const due = yearReminderDue(await this.repo.ofYear(year, 'overlegtafel'), now);
    if (!due) return;
    const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
    if (admins.length === 0) return;
    const titleIn = (locale: Locale): string => meetingsMessage(locale, 'yearShortTitle', { year });
    const queued = await this.deps.delivery.enqueue({
      broadcastId: yearReminderId(year),
      title: { nl: titleIn('nl'), en: titleIn('en') },
      topic: 'meetings.jaarplanning',
      message: inBothLanguages((locale) => {
        const lines = [meetingsMessage(locale, 'yearShort', { year, count: due.count })];
        return {
          card: renderCard(
            'meetingNotice',
            locale,
            meetingNoticeView(titleIn(locale), lines, '', 'meeting.lijst', locale),
          ),
          text: lines.join(' '),
        };
      }),
      audience: { personIds: admins },
      requestedByPersonId: null,
    });
    if (!queued.ok || queued.value.alreadyQueued) return;
    await this.deps.registry.recordAudit({
      stream: `overlegtafel-${year}`,
      actorPersonId: null,
      action: 'jaarplanning.herinnering',
      subjectId: yearReminderId(year),
      details: { year, meetings: due.count },
    });
  }
}
