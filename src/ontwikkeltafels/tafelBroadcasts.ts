import {
  invitationView,
  kindLabel,
  meldingView,
  ontwikkeltafelsPlainText,
  ontwikkeltafelsText,
  periodRange,
  renderOntwikkeltafelCard,
  type Notice,
} from '../cards/views/ontwikkeltafelsViews';
import { rapportCardView } from '../cards/views/rapportageViews';
import {
  MAX_CARD_BYTES,
  type BroadcastAudience,
  type BroadcastMessage,
  type BroadcastTitle,
} from '../domain/delivery/broadcast';
import { ontwikkeltafelInvitees } from '../domain/inschrijving/ontwikkeltafel';
import {
  dueNotices,
  eindevaluatiePeriod,
  voortgangPeriods,
  type Ontwikkeltafel,
  type ReportNotice,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import { refuseFields, type Refusal } from '../domain/shared/result';
import { fromIsoInstant, localDateOf, toIsoInstant } from '../domain/time/amsterdam';
import { formatShortDate } from '../domain/time/english';
import { inBothLanguages } from '../delivery/recipientLocale';
import type { Locale } from '../cards/renderCard';
import { daysBetween } from '../domain/time/localDate';
import type { Versioned } from '../storage/documentStore';
import {
  toRapportage,
  toTafel,
  type OntwikkeltafelDocument,
  type OntwikkeltafelsRepository,
  type RapportageDocument,
  type RapportOutboxEntry,
  type TafelOutboxEntry,
} from '../storage/ontwikkeltafelsRepository';
import type { PersonDocument } from '../storage/registryRepository';
import type { OntwikkeltafelsDeps } from './ontwikkeltafelsDeps';
import { flushOutbox, withoutEntry } from '../delivery/outboxFlush';
import { loadOverlegtafel } from './tafelAccess';
import { broadcastIdFor } from './tafelIds';

/**
 * What the ontwikkeltafels send: the invitation of a new table, the notice that a table ended, each published
 * version of a report to its readers, and the trekkers' reminders and overdue notices. A change records the
 * broadcasts it causes in its document's outbox in the same write; the outbox is enqueued right away and, should
 * that fail or the process die, by the scheduled task: broadcast ids are deterministic, so enqueueing twice sends
 * once. Broadcast cards are built from what every reader may see.
 */

export class TafelBroadcasts {
  constructor(
    private readonly deps: OntwikkeltafelsDeps,
    private readonly repo: OntwikkeltafelsRepository,
  ) {}

  /** Enqueues what a table change caused, removing each entry once enqueued; failures stay for the task. */
  flushTafelOutbox(id: string): Promise<void> {
    return flushOutbox({
      read: async () => (await this.repo.getTafel(id))?.value,
      effect: (doc, entry: TafelOutboxEntry) => this.tafelEffect(doc, entry),
      settle: async (entry) => {
        await this.repo.updateTafel(id, (d) => withoutEntry(d, entry.id, [entry.id]));
      },
      failed: (error) =>
        this.deps.logger.error('ontwikkeltafel broadcast not enqueued yet', {
          tafelId: id,
          error: error.message,
        }),
    });
  }

  private async tafelEffect(doc: OntwikkeltafelDocument, entry: TafelOutboxEntry): Promise<void> {
    const tafel = toTafel(doc);
    if (entry.kind === 'uitnodiging') {
      const invitees = ontwikkeltafelInvitees(await this.deps.registry.listOrganisations(), tafel.percelen);
      await this.broadcast(
        entry.id,
        'ontwikkeltafel.uitnodiging',
        { nl: `Uitnodiging ontwikkeltafel ${tafel.name}`, en: `Invitation: development table ${tafel.name}` },
        inBothLanguages((locale) => ({
          card: renderOntwikkeltafelCard('ontwikkeltafelUitnodiging', locale, invitationView(tafel, locale)),
          text:
            locale === 'en'
              ? `Invitation: ontwikkeltafel ${tafel.name}`
              : `Uitnodiging: ontwikkeltafel ${tafel.name}`,
        })),
        { organisationIds: invitees.map((o) => o.id) },
        tafel.createdBy.personId,
      );
      return;
    }
    const endedOn = tafel.endedOn ?? tafel.expectedEnd;
    const values = (locale: Locale) => ({
      name: tafel.name,
      date: formatShortDate(endedOn, locale),
      due: formatShortDate(eindevaluatiePeriod(tafel).dueDate, locale),
    });
    const trekkers = await this.existingPeople(tafel.trekkers.map((t) => t.personId));
    await this.broadcast(
      entry.id,
      'ontwikkeltafel.beeindigd',
      { nl: `Ontwikkeltafel beëindigd: ${tafel.name}`, en: `Development table ended: ${tafel.name}` },
      inBothLanguages((locale) => ({
        card: renderOntwikkeltafelCard(
          'ontwikkeltafelMelding',
          locale,
          meldingView(tafel, {
            title: ontwikkeltafelsText(locale, 'endedNoticeTitle'),
            lines: [ontwikkeltafelsText(locale, 'endedNotice', values(locale))],
            style: 'warning',
          }),
        ),
        text: ontwikkeltafelsPlainText(locale, 'endedNotice', values(locale)),
      })),
      { personIds: trekkers.map((p) => p.id) },
      null,
    );
  }

  /** Enqueues the publications of a report: each version to its readers, in the content of that version. */
  flushReportOutbox(tafelId: string, reportId: string): Promise<void> {
    return flushOutbox({
      // The report with its table, both as they are now; without either nothing can be sent yet.
      read: async () => {
        const [report, tafel] = await Promise.all([
          this.repo.getReport(tafelId, reportId),
          this.repo.getTafel(tafelId),
        ]);
        return report && tafel ? { ...report.value, tafel: tafel.value } : undefined;
      },
      effect: ({ tafel, ...report }, entry: RapportOutboxEntry) =>
        this.reportEffect(toTafel(tafel), report, entry),
      settle: async (entry, organisationIds) => {
        await this.repo.updateReport(tafelId, reportId, (d) => ({
          ...withoutEntry(d, entry.id, [entry.id]),
          audienceOrganisationIds: [...new Set([...d.audienceOrganisationIds, ...organisationIds])],
        }));
      },
      failed: (error) =>
        this.deps.logger.error('rapportage broadcast not enqueued yet', {
          tafelId,
          reportId,
          error: error.message,
        }),
    });
  }

  /**
   * Who reads a report: the Overlegtafel (gemeenten, lokale toegang, the composition) and the table's
   * participants; every contracted aanbieder for an eindevaluatie or when the gemeente shared it. A correction
   * also goes to everyone an earlier version went to. Returns the organisations it was sent to.
   */
  private async reportEffect(
    tafel: Ontwikkeltafel,
    doc: RapportageDocument,
    entry: RapportOutboxEntry,
  ): Promise<string[]> {
    const overlegtafel = await loadOverlegtafel(this.deps, this.deps.now());
    const known = new Set(overlegtafel.organisations.map((o) => o.id));
    const allAanbieders = overlegtafel.organisations
      .filter((o) => o.type === 'aanbieder' && o.contracted)
      .map((o) => o.id);
    let organisationIds: string[];
    if (entry.kind === 'alle-aanbieders') {
      const already = new Set(doc.audienceOrganisationIds);
      organisationIds = allAanbieders.filter((id) => !already.has(id));
    } else {
      organisationIds = [
        ...overlegtafel.organisationIds,
        ...tafel.participants.map((p) => p.organisationId),
        ...doc.audienceOrganisationIds,
        ...(doc.kind === 'eindevaluatie' || doc.sharedWithAllAanbieders ? allAanbieders : []),
      ];
    }
    organisationIds = [...new Set(organisationIds)].filter((id) => known.has(id));
    // The gemeente's admins read every publication; sharing it later with the aanbieders is not news to them.
    const admins =
      entry.kind === 'alle-aanbieders'
        ? []
        : (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
    const report = toRapportage(doc);
    // The version this entry announces, also when a correction followed before it was enqueued.
    const asPublished: Voortgangsrapportage = {
      ...report,
      versions: report.versions.slice(0, entry.version),
    };
    const version = asPublished.versions.at(-1);
    const kind = (locale: Locale) => kindLabel(report.kind, locale);
    const correction = (locale: Locale) =>
      version && version.version > 1
        ? locale === 'en'
          ? ` (correction, version ${version.version})`
          : ` (correctie, versie ${version.version})`
        : '';
    await this.broadcast(
      entry.id,
      `rapportage.${entry.kind}`,
      {
        nl: `${kind('nl')} ${tafel.name}${correction('nl')}`,
        en: `${kind('en')} ${tafel.name}${correction('en')}`,
      },
      {
        ...inBothLanguages((locale) => ({
          card: publicationCard(tafel, asPublished, locale),
          text: `${kind(locale)} ${tafel.name}, ${periodRange(report.periodStart, report.periodEnd, locale)}${correction(locale)}`,
        })),
        // An e-mail links the table's public page, where its published reports are, once the gemeente publishes it.
        publication: { kind: 'ontwikkeltafel', sourceId: tafel.id },
      },
      { organisationIds, personIds: admins },
      version?.publishedBy.personId ?? null,
    );
    return organisationIds;
  }

  async runNotices(now: Date): Promise<number> {
    let sent = 0;
    let admins: string[] | undefined;
    for (const doc of await this.repo.listTafels()) {
      const tafel = toTafel(doc);
      const [reports, already] = await Promise.all([
        this.repo.listReports(tafel.id),
        this.repo.sentNoticeKeys(tafel.id),
      ]);
      const notices = dueNotices(
        tafel,
        reports.map((r) => toRapportage(r.value)),
        now,
        already,
      );
      for (const notice of notices) {
        if (notice.kind === 'achterstallig' && admins === undefined) {
          admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
        }
        const broadcastId =
          notice.kind === 'herinnering'
            ? broadcastIdFor(tafel.id, notice.periodId, 'herinnering', `${notice.daysBefore}d`)
            : broadcastIdFor(tafel.id, notice.periodId, 'achterstallig');
        const trekkers = await this.existingPeople(notice.trekkerIds);
        const personIds = [
          ...new Set([
            ...trekkers.map((p) => p.id),
            ...(notice.kind === 'achterstallig' ? (admins ?? []) : []),
          ]),
        ];
        const titleIn = (locale: Locale): string =>
          `${noticeMessage(tafel, notice, now, locale).title}: ${tafel.name}`;
        const enqueued = await this.broadcast(
          broadcastId,
          `rapportage.${notice.kind}`,
          { nl: titleIn('nl'), en: titleIn('en') },
          inBothLanguages((locale) => {
            const localised = noticeMessage(tafel, notice, now, locale);
            return {
              card: renderOntwikkeltafelCard(
                'ontwikkeltafelMelding',
                locale,
                meldingView(tafel, {
                  title: localised.title,
                  lines: localised.lines,
                  style: localised.style,
                }),
              ),
              text: localised.text,
            };
          }),
          { personIds },
          null,
        );
        if (enqueued) sent += 1;
        // Recorded also when nobody could be reached: the notice is done, not retried every run.
        await this.repo.recordNotice({
          ontwikkeltafelId: tafel.id,
          key: notice.key,
          noticeKind: notice.kind,
          periodId: notice.periodId,
          broadcastId,
          sentAt: toIsoInstant(now),
        });
      }
    }
    return sent;
  }

  /**
   * Enqueues one broadcast. An audience without anyone to reach is not worth retrying: it is logged and done.
   * Anything else that is refused throws, so the outbox entry stays for the next run.
   */
  private async broadcast(
    broadcastId: string,
    topic: string,
    title: BroadcastTitle,
    message: BroadcastMessage,
    audience: BroadcastAudience,
    requestedBy: string | null,
  ): Promise<boolean> {
    const queued = await this.deps.delivery.enqueueUnlessNobody({
      broadcastId,
      title: { nl: title.nl.slice(0, 200), en: title.en.slice(0, 200) },
      topic,
      message,
      audience,
      requestedByPersonId: requestedBy,
      reportToPersonId: requestedBy,
    });
    if (!queued) this.deps.logger.warn('ontwikkeltafel broadcast without recipients', { broadcastId });
    return queued;
  }

  /** People that still exist: the delivery refuses a broadcast with an unknown person id. */
  async existingPeople(ids: readonly string[]): Promise<PersonDocument[]> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.deps.registry.getPerson(id)));
    return found.filter((p): p is Versioned<PersonDocument> => p !== undefined).map((p) => p.value);
  }
}

/** The card a published version goes out with: what every reader may see, and a correction's reason on top. */
function publicationCard(tafel: Ontwikkeltafel, report: Voortgangsrapportage, locale: Locale = 'nl') {
  const version = report.versions.at(-1);
  const notice: Notice | undefined =
    version && version.version > 1
      ? {
          title: ontwikkeltafelsText(locale, 'correctedTitle'),
          text: version.correctionReason ?? '',
          style: 'warning',
        }
      : undefined;
  return renderOntwikkeltafelCard(
    'rapportageCard',
    locale,
    rapportCardView(tafel, report, { mode: 'broadcast', canAsk: true, notice }, locale),
  );
}

/**
 * A publication must fit in one Teams message. Checked before anything is stored: a report that could never be
 * sent would otherwise wait in the outbox forever while its trekker believes it went out.
 */
export function tooLargeToSend(tafel: Ontwikkeltafel, report: Voortgangsrapportage): Refusal | null {
  // Both language versions go out, so the larger one must fit.
  const bytes = Math.max(
    ...(['nl', 'en'] as const).map((locale) =>
      Buffer.byteLength(JSON.stringify(publicationCard(tafel, report, locale))),
    ),
  );
  if (bytes <= MAX_CARD_BYTES) return null;
  return refuseFields('rapportage.too-large', {
    size: {
      nl: `De rapportage is te groot om in Teams te versturen (${Math.ceil(bytes / 1024)} kB, maximaal ${MAX_CARD_BYTES / 1024} kB). Maak de teksten korter.`,
      en: `The report is too large to send in Teams (${Math.ceil(bytes / 1024)} kB, at most ${MAX_CARD_BYTES / 1024} kB). Make the texts shorter.`,
    },
  });
}

function noticeMessage(
  tafel: Ontwikkeltafel,
  notice: ReportNotice,
  now: Date,
  locale: Locale,
): { title: string; lines: string[]; text: string; style: Notice['style'] } {
  const period =
    notice.periodId === eindevaluatiePeriod(tafel).id
      ? eindevaluatiePeriod(tafel)
      : voortgangPeriods(tafel, localDateOf(now)).find((p) => p.id === notice.periodId);
  const kind = period?.kind === 'eindevaluatie' ? 'eindevaluatie' : 'voortgang';
  const due = formatShortDate(localDateOf(fromIsoInstant(notice.dueAt)), locale);
  const values = {
    kind: kindLabel(kind, locale).toLowerCase(),
    name: tafel.name,
    period: period ? periodRange(period.start, period.end, locale) : notice.periodId,
    due,
    days: period ? Math.max(0, daysBetween(localDateOf(now), period.dueDate)) : 0,
  };
  const hint = ontwikkeltafelsText(locale, 'writeHint');
  if (notice.kind === 'achterstallig') {
    const who = { trekkers: tafel.trekkers.map((t) => t.name).join(', ') };
    return {
      title: ontwikkeltafelsText(locale, 'overdueTitle'),
      lines: [
        ontwikkeltafelsText(locale, 'overdue', values),
        ontwikkeltafelsText(locale, 'overdueWho', who),
        hint,
      ],
      text: ontwikkeltafelsPlainText(locale, 'overdue', values),
      style: 'attention',
    };
  }
  const key = notice.daysBefore === 0 ? 'reminderToday' : 'reminder';
  return {
    title: ontwikkeltafelsText(
      locale,
      kind === 'eindevaluatie' ? 'reminderEindevaluatieTitle' : 'reminderTitle',
    ),
    lines: [ontwikkeltafelsText(locale, key, values), hint],
    text: ontwikkeltafelsPlainText(locale, key, values),
    style: notice.daysBefore <= 3 ? 'warning' : 'accent',
  };
}
