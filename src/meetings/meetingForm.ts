import type { AgendaItemInput, MeetingInput, MeetingTable } from '../domain/meetings';
import {
  refuseFields,
  refusalFieldErrors,
  type Bilingual,
  type Refusal,
  type Result,
} from '../domain/shared/result';
import { localYearOf } from '../domain/time/amsterdam';
import type { FieldProblems } from '../domain/voorstellen/textRules';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { OntwikkeltafelsRepository } from '../storage/ontwikkeltafelsRepository';
import { VoorstellenRepository } from '../storage/voorstellenRepository';

/**
 * The gemeente's plan/edit form of a meeting: what the card sends, turned into the domain's input, and the links
 * an agenda row may carry (a voorstel past concept, a published voortgangsrapportage).
 */

/** One agenda row as a form sends it; `link` is '', 'voorstel:<id>' or 'rapportage:<id>'. */
export interface AgendaRowInput {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly description: string;
  readonly link: string;
}

/** The plan/edit form: Dutch wall-clock date and times as the card's Input.Date and Input.Time send them. */
export interface MeetingFormInput {
  readonly table: string;
  readonly title: string;
  readonly date: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly location: string;
  readonly cutoffDate: string;
  readonly cutoffTime: string;
  readonly rows: readonly AgendaRowInput[];
  /** Invited third parties, one "Naam: rol" per line [002 art. 7.7]; absent: unchanged. */
  readonly thirdParties?: string;
}

export interface LinkChoice {
  readonly value: string;
  readonly title: string;
}

/** 'voorstel:<id>' or 'rapportage:<id>'; ids may hold ':' themselves, so only the first one separates. */
function splitLink(link: string): { kind: string; id: string } {
  const at = link.indexOf(':');
  return at < 0 ? { kind: link, id: '' } : { kind: link.slice(0, at), id: link.slice(at + 1) };
}

function isBlankRow(row: AgendaRowInput): boolean {
  return !row.title.trim() && !row.owner.trim() && !row.description.trim() && !row.link;
}

function localDateTime(date: string, time: string): string {
  return date.trim() || time.trim() ? `${date.trim()} ${time.trim()}` : '';
}

/** The rows the gemeente filled in: the form always offers a few empty ones. */
export function filledRows(rows: readonly AgendaRowInput[]): AgendaRowInput[] {
  return rows.filter((r) => !isBlankRow(r));
}

function agendaInput(rows: readonly AgendaRowInput[]): AgendaItemInput[] {
  return rows.map((row) => {
    const { kind, id } = splitLink(row.link);
    const link = !row.link ? null : kind === 'voorstel' ? { kind, voorstelId: id } : { kind, reportId: id };
    return {
      id: row.id || undefined,
      title: row.title,
      owner: row.owner,
      description: row.description,
      link,
    };
  });
}

/** The domain's input from the form, without the blank agenda rows. */
export function meetingInput(form: MeetingFormInput, table: MeetingTable | undefined): MeetingInput {
  return {
    table,
    title: form.title,
    start: localDateTime(form.date, form.startTime),
    end: localDateTime(form.date, form.endTime),
    location: form.location,
    proposalCutoff: form.cutoffDate.trim()
      ? localDateTime(form.cutoffDate, form.cutoffTime || '23:59')
      : null,
    agenda: agendaInput(filledRows(form.rows)),
    thirdParties: form.thirdParties,
  };
}

/** The year a meeting counts for (its composition): the year of its date, else the current one. */
export function formYear(form: Pick<MeetingFormInput, 'date'>, now: Date): number {
  const year = Number(/^(\d{4})-/.exec(form.date.trim())?.[1]);
  return Number.isInteger(year) && year > 2000 ? year : localYearOf(now);
}

/**
 * What a gemeente may link to an agenda item: voorstellen past concept and published reports of the
 * ontwikkeltafels (issue 6), the newest first.
 */
export async function linkChoices(db: TafelbotDatabase): Promise<LinkChoice[]> {
  const tafelsRepo = new OntwikkeltafelsRepository(db);
  const [voorstellen, tafels, reports] = await Promise.all([
    new VoorstellenRepository(db).list(),
    tafelsRepo.listTafels(),
    tafelsRepo.listAllReports(),
  ]);
  const tafelName = new Map(tafels.map((t) => [t.id, t.name]));
  return [
    ...voorstellen
      .filter((d) => d.status !== 'concept')
      .slice(0, 12)
      .map((d) => ({ value: `voorstel:${d.id}`, title: `Voorstel: ${d.title}`.slice(0, 80) })),
    ...reports
      .filter((r) => r.publishedAt !== null)
      .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
      .slice(0, 8)
      .map((r) => ({
        value: `rapportage:${r.id}`,
        title:
          `Rapportage: ${tafelName.get(r.tafelId) ?? r.tafelId} (${r.periodStart} t/m ${r.periodEnd})`.slice(
            0,
            80,
          ),
      })),
  ];
}

/** A link must point at something that exists and may be shown: a voorstel past concept, a published report. */
export async function checkLinks(
  db: TafelbotDatabase,
  problems: FieldProblems,
  rows: readonly AgendaRowInput[],
): Promise<void> {
  if (!rows.some((r) => r.link)) return;
  const voorstellen = new VoorstellenRepository(db);
  const reports = await new OntwikkeltafelsRepository(db).listAllReports();
  for (const [index, row] of rows.entries()) {
    if (!row.link) continue;
    const { kind, id } = splitLink(row.link);
    const n = index + 1;
    if (kind === 'voorstel') {
      const found = await voorstellen.get(id);
      if (!found || found.value.status === 'concept')
        problems.add('agenda', {
          nl: `Agendapunt ${n}: het gekoppelde voorstel bestaat niet.`,
          en: `Agenda item ${n}: the linked proposal does not exist.`,
        });
    } else if (kind === 'rapportage') {
      if (!reports.some((r) => r.id === id && r.publishedAt !== null))
        problems.add('agenda', {
          nl: `Agendapunt ${n}: de gekoppelde rapportage bestaat niet of is niet gepubliceerd.`,
          en: `Agenda item ${n}: the linked report does not exist or has not been published.`,
        });
    } else
      problems.add('agenda', {
        nl: `Agendapunt ${n}: deze koppeling wordt niet herkend.`,
        en: `Agenda item ${n}: this link is not recognised.`,
      });
  }
}

/** The domain's field problems and the links' in one refusal, so the form shows them all at once. */
export function mergedRefusal(result: Result<unknown>, problems: FieldProblems): Refusal {
  const nl = result.ok ? {} : refusalFieldErrors(result, 'nl');
  const en = result.ok ? {} : refusalFieldErrors(result, 'en');
  const fields: Record<string, Bilingual> = {};
  for (const field of Object.keys(nl))
    fields[field] = { nl: nl[field] ?? '', en: en[field] ?? nl[field] ?? '' };
  for (const [field, message] of Object.entries(problems.all)) {
    const before = fields[field];
    fields[field] = before ? { nl: `${before.nl} ${message.nl}`, en: `${before.en} ${message.en}` } : message;
  }
  return refuseFields('meeting.invalid', fields);
}
