import { escapeMarkdown, escapeMarkdownInline } from '../ontwikkeltafels/markdown';
import type { Ontwikkeltafel } from '../ontwikkeltafels/ontwikkeltafel';
import { currentPublishedVersion, type Voortgangsrapportage } from '../ontwikkeltafels/rapportage';
import { fromIsoInstant, localDateOf, type IsoInstant } from '../time/amsterdam';
import { formatDutchDate, formatDutchDateTime, formatDutchShortDate, formatDutchTime } from '../time/dutch';
import { publicView } from '../voorstellen/publicView';
import type { Stemverhouding } from '../voorstellen/stemming';
import type { Voorstel } from '../voorstellen/voorstel';
import { absenceOf } from './attendance';
import type { AgendaItem, Meeting } from './meeting';

/**
 * The concept verslag (minutes) of a meeting, in Markdown, modelled on a real one (seeds/003): a header with
 * date, subject and who attended, an introduction, then one section per agenda item, followed by the votes
 * closed and the reports published since the previous meeting. The stemverhouding of every closed vote is filled
 * in [002 art. 9.1]. The gemeente writes the discussion into it and publishes it to all providers, so it only
 * uses what may be published: the public view of a voorstel, no reasons for absence, all user text escaped.
 */

export interface VerslagInput {
  readonly meeting: Meeting;
  /** The meeting before this one at the same table; null for the first. */
  readonly previousMeeting: Meeting | null;
  readonly voorstellen: readonly Voorstel[];
  readonly tafels: readonly Ontwikkeltafel[];
  readonly reports: readonly Voortgangsrapportage[];
  /** The agreement the table belongs to, shown as "Overeenkomst" at the top, as in the real verslag. */
  readonly contractTitle?: string;
}

const DISCUSSION_PLACEHOLDER = '_[Bespreking: in te vullen door de gemeente.]_';

function names(list: readonly { readonly name: string }[]): string {
  return list.map((x) => escapeMarkdownInline(x.name)).join(', ');
}

/** "3 voor, 1 tegen, 0 onthouding, 1 niet gestemd" with a table of which party voted what. */
export function stemverhoudingMarkdown(verhouding: Stemverhouding): string[] {
  const row = (label: string, count: number, parties: readonly { readonly name: string }[]) =>
    `| ${label} | ${count} | ${names(parties) || '-'} |`;
  return [
    `**Stemverhouding:** ${verhouding.voor} voor, ${verhouding.tegen} tegen, ${verhouding.onthouding} onthouding, ` +
      `${verhouding.nietGestemd} niet gestemd`,
    '',
    '| Stem | Aantal | Partijen |',
    '| --- | --- | --- |',
    row('Voor', verhouding.voor, verhouding.partijen.voor),
    row('Tegen', verhouding.tegen, verhouding.partijen.tegen),
    row('Onthouding', verhouding.onthouding, verhouding.partijen.onthouding),
    row('Niet gestemd', verhouding.nietGestemd, verhouding.partijen.nietGestemd),
  ];
}

function outcomeLine(voorstel: Voorstel): string {
  const decision = voorstel.decision;
  const reason = decision?.reason ? ` Onderbouwing: ${escapeMarkdownInline(decision.reason)}` : '';
  if (decision?.kind === 'unaniem') return '**Uitkomst:** uitgewerkt: alle partijen stemden voor (unaniem).';
  if (decision?.kind === 'aangenomen') {
    return `**Uitkomst:** uitgewerkt zonder unanimiteit: de gemeente heeft besloten het voorstel aan te nemen.${reason}`;
  }
  if (decision?.kind === 'afgewezen') return `**Uitkomst:** afgewezen door de gemeente.${reason}`;
  return '**Uitkomst:** geen unanimiteit; de gemeente besluit nog over het voorstel.';
}

function voorstelLines(voorstel: Voorstel): string[] {
  const view = publicView(voorstel);
  const lines = [escapeMarkdown(view.summary), ''];
  if (view.stemverhouding)
    lines.push(...stemverhoudingMarkdown(view.stemverhouding), '', outcomeLine(voorstel));
  else if (view.status === 'stemming' && view.stemmingDeadline) {
    lines.push(`De stemming loopt tot ${formatDutchDateTime(fromIsoInstant(view.stemmingDeadline))}.`);
  } else lines.push(`Status van het voorstel: ${view.status}.`);
  return [...lines, ''];
}

function reportLines(report: Voortgangsrapportage, tafels: readonly Ontwikkeltafel[]): string[] {
  const version = currentPublishedVersion(report);
  if (!version) return ['De rapportage is nog niet gepubliceerd.', ''];
  const tafel = tafels.find((t) => t.id === report.tafelId);
  const kind = report.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Voortgangsrapportage';
  const lines = [
    `${kind} van ${escapeMarkdownInline(tafel?.name ?? report.tafelId)} over ` +
      `${formatDutchShortDate(report.periodStart)} t/m ${formatDutchShortDate(report.periodEnd)}; ` +
      `status: **${version.content.status ?? 'onbekend'}**.`,
    '',
  ];
  if (version.content.progress) lines.push(escapeMarkdown(version.content.progress), '');
  const decisions = version.content.decisionsRequested;
  if (decisions.length > 0) {
    lines.push('Gevraagde besluiten van de Overlegtafel:', '');
    for (const d of decisions) lines.push(`- ${escapeMarkdownInline(d.title)}`);
    lines.push('');
  }
  return lines;
}

function isWithin(at: IsoInstant | null | undefined, since: IsoInstant | null, until: IsoInstant): boolean {
  return at !== null && at !== undefined && (since === null || at > since) && at <= until;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function concernsTable(meeting: Meeting, tafelId: string | null): boolean {
  return meeting.table === 'overlegtafel' || meeting.table.ontwikkeltafelId === tafelId;
}

function attendanceLines(meeting: Meeting): string[] {
  if (!meeting.attendance) return ['- **Aanwezige aanbieders:** _nog niet vastgelegd_'];
  const present = meeting.members.filter((m) => meeting.attendance?.present.includes(m.organisationId));
  const absences = meeting.members
    .map((m) => ({ member: m, absence: absenceOf(meeting, m.organisationId) }))
    .filter((x) => x.absence !== null);
  const lines = [
    `- **Aanwezige aanbieders:** ${names(present.filter((m) => m.type === 'aanbieder')) || 'geen'}`,
  ];
  const others = present.filter((m) => m.type !== 'aanbieder');
  if (others.length > 0) lines.push(`- **Aanwezig namens gemeente en lokale toegang:** ${names(others)}`);
  // Reasons for absence can be personal; the verslag only says whether one was given.
  const withReason = absences.filter((x) => x.absence?.reason !== null).map((x) => x.member);
  const withoutReason = absences.filter((x) => x.absence?.reason === null).map((x) => x.member);
  if (withReason.length > 0) lines.push(`- **Afwezig met bericht:** ${names(withReason)}`);
  if (withoutReason.length > 0) lines.push(`- **Afwezig zonder bericht:** ${names(withoutReason)}`);
  return lines;
}

function introduction(meeting: Meeting): string {
  const proposals = meeting.proposals.filter((p) => p.status === 'geaccepteerd');
  const input =
    proposals.length === 0
      ? 'Vanuit de aanbieders zijn voor dit overleg geen agendapunten ingebracht.'
      : `Vanuit de aanbieders ${proposals.length === 1 ? 'is 1 agendapunt' : `zijn ${proposals.length} agendapunten`} ingebracht: ` +
        proposals
          .map(
            (p) =>
              `${escapeMarkdownInline(p.title)} (${escapeMarkdownInline(p.proposedBy.organisationName ?? '')})`,
          )
          .join(', ') +
        '.';
  const about =
    meeting.table === 'overlegtafel'
      ? 'Deze overlegtafel wordt periodiek georganiseerd met een afvaardiging van aanbieders die voor dit jaar zijn ' +
        'geselecteerd. De agenda en het verslag van de bijeenkomst worden, na afstemming met de aanwezigen, gedeeld ' +
        'met alle aanbieders.'
      : `Dit is het overleg van ontwikkeltafel ${escapeMarkdownInline(meeting.table.name)}. Het verslag wordt, na ` +
        'afstemming met de aanwezigen, gedeeld met de deelnemers en de Overlegtafel.';
  return `${about} ${input}`;
}

function agendaItemLines(
  number: number,
  item: AgendaItem,
  voorstellen: readonly Voorstel[],
  reports: readonly Voortgangsrapportage[],
  tafels: readonly Ontwikkeltafel[],
): string[] {
  const lines = [
    `## ${number}. ${escapeMarkdownInline(item.title)}`,
    '',
    `_Inbreng: ${escapeMarkdownInline(item.owner)}_`,
    '',
  ];
  if (item.description) lines.push(escapeMarkdown(item.description), '');
  if (item.link?.kind === 'voorstel') {
    const voorstelId = item.link.voorstelId;
    const voorstel = voorstellen.find((v) => v.id === voorstelId);
    if (voorstel)
      lines.push(`### Voorstel: ${escapeMarkdownInline(voorstel.title)}`, '', ...voorstelLines(voorstel));
  }
  if (item.link?.kind === 'rapportage') {
    const reportId = item.link.reportId;
    const report = reports.find((r) => r.id === reportId);
    if (report) lines.push(...reportLines(report, tafels));
  }
  return [...lines, DISCUSSION_PLACEHOLDER, ''];
}

export function draftVerslag(input: VerslagInput): string {
  const { meeting, voorstellen, reports, tafels } = input;
  const since = input.previousMeeting?.end ?? null;
  const until = meeting.end;
  const start = fromIsoInstant(meeting.start);
  const subject =
    meeting.table === 'overlegtafel'
      ? 'Overlegtafel'
      : `Ontwikkeltafel ${escapeMarkdownInline(meeting.table.name)}`;

  const lines: string[] = ['# Concept verslag', ''];
  if (input.contractTitle) lines.push(`**Overeenkomst:** *${escapeMarkdownInline(input.contractTitle)}*`, '');
  lines.push(
    `- **Datum overleg:** ${formatDutchDate(localDateOf(start))}, ${formatDutchTime(start)}–${formatDutchTime(fromIsoInstant(meeting.end))}`,
    `- **Onderwerp overleg:** ${subject}`,
    `- **Locatie:** ${escapeMarkdownInline(meeting.location)}`,
    ...attendanceLines(meeting),
    '',
    introduction(meeting),
    '',
  );

  let number = 0;
  for (const item of meeting.agenda) {
    number += 1;
    lines.push(...agendaItemLines(number, item, voorstellen, reports, tafels));
  }

  const onAgenda = new Set(
    meeting.agenda.flatMap((i) =>
      i.link ? [i.link.kind === 'voorstel' ? i.link.voorstelId : i.link.reportId] : [],
    ),
  );
  const closedVotes = voorstellen
    .filter((v) => !onAgenda.has(v.id) && isWithin(v.stemming?.closure?.at, since, until))
    .filter((v) => concernsTable(meeting, v.origin === 'overlegtafel' ? null : v.origin.ontwikkeltafelId))
    .sort((a, b) => compareText(a.stemming?.closure?.at ?? '', b.stemming?.closure?.at ?? ''));
  if (closedVotes.length > 0) {
    number += 1;
    lines.push(`## ${number}. Stemmingen over voorstellen`, '');
    for (const v of closedVotes)
      lines.push(`### Voorstel: ${escapeMarkdownInline(v.title)}`, '', ...voorstelLines(v));
  }

  const published = reports
    .filter(
      (r) =>
        !onAgenda.has(r.id) && isWithin(r.publishedAt, since, until) && concernsTable(meeting, r.tafelId),
    )
    .sort((a, b) => compareText(a.publishedAt ?? '', b.publishedAt ?? ''));
  if (published.length > 0) {
    number += 1;
    lines.push(`## ${number}. Voortgang ontwikkeltafels`, '');
    for (const r of published) {
      const name = tafels.find((t) => t.id === r.tafelId)?.name ?? r.tafelId;
      lines.push(`### ${escapeMarkdownInline(name)}`, '', ...reportLines(r, tafels));
    }
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
