import { fromIsoInstant, localDateOf } from '../time/amsterdam';
import { formatDutchShortDate } from '../time/dutch';
import type { LocalDate } from '../time/localDate';
import { escapeMarkdown, escapeMarkdownInline } from './markdown';
import type { Ontwikkeltafel } from './ontwikkeltafel';
import { currentPublishedVersion, type RapportContent, type Voortgangsrapportage } from './rapportage';

/**
 * Markdown export of the published reports of all ontwikkeltafels over a period, for the minutes of the
 * Overlegtafel. Only published versions are exported (the latest, with a note when it was corrected); every
 * piece of user text is escaped.
 */

export interface ExportRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

function dutchRange(from: LocalDate, to: LocalDate): string {
  return `${formatDutchShortDate(from)} t/m ${formatDutchShortDate(to)}`;
}

function section(title: string, text: string): string[] {
  return text ? [`#### ${title}`, '', escapeMarkdown(text), ''] : [];
}

function contentLines(content: RapportContent): string[] {
  const lines: string[] = [
    ...section('Voortgang', content.progress),
    ...section('Resultaten', content.results),
  ];
  if (content.pilots.length > 0) {
    lines.push('#### Pilots', '');
    for (const pilot of content.pilots) {
      lines.push(
        `- **${escapeMarkdownInline(pilot.name)}** (${dutchRange(pilot.start, pilot.end)}, ${pilot.status}): ` +
          escapeMarkdownInline(pilot.researchQuestion),
      );
    }
    lines.push('');
  }
  lines.push(...section('Knelpunten', content.problems), ...section('Volgende stappen', content.nextSteps));
  if (content.decisionsRequested.length > 0) {
    lines.push('#### Gevraagde besluiten van de Overlegtafel', '');
    for (const decision of content.decisionsRequested) {
      const explanation = decision.explanation ? `: ${escapeMarkdownInline(decision.explanation)}` : '';
      const voorstel = decision.voorstelId ? ` (voorstel ${escapeMarkdownInline(decision.voorstelId)})` : '';
      lines.push(`- **${escapeMarkdownInline(decision.title)}**${explanation}${voorstel}`);
    }
    lines.push('');
  }
  return lines;
}

/** The Markdown lines for one published report, headed at the given level ('###' in the export). */
export function reportMarkdownLines(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  heading = '###',
): string[] {
  const version = currentPublishedVersion(report);
  if (!version) return [];
  const title = report.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Voortgangsrapportage';
  const published = formatDutchShortDate(
    localDateOf(fromIsoInstant(report.versions[0]?.publishedAt ?? version.publishedAt)),
  );
  const correction =
    version.correctionReason !== null
      ? `, gecorrigeerd op ${formatDutchShortDate(localDateOf(fromIsoInstant(version.publishedAt)))} (versie ${version.version}): ${escapeMarkdownInline(version.correctionReason)}`
      : '';
  return [
    `${heading} ${title} ${dutchRange(report.periodStart, report.periodEnd)}`,
    '',
    `- **Status:** ${version.content.status ?? 'onbekend'}`,
    `- **Gepubliceerd:** ${published}${correction}`,
    `- **Trekkers:** ${tafel.trekkers.map((t) => escapeMarkdownInline(t.name)).join(', ')}`,
    '',
    ...contentLines(version.content),
  ];
}

/**
 * All published reports whose period ends within the range, grouped per table (alphabetically). A table that
 * was active in the range but published nothing for it is listed as such, so a missing report is visible.
 */
export function reportsMarkdown(
  tafels: readonly Ontwikkeltafel[],
  reports: readonly Voortgangsrapportage[],
  range: ExportRange,
): string {
  const lines: string[] = [
    '# Voortgangsrapportages ontwikkeltafels',
    '',
    `Rapportages over perioden die eindigen tussen ${dutchRange(range.from, range.to)}.`,
    '',
  ];
  const sorted = [...tafels].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  for (const tafel of sorted) {
    const activeInRange = tafel.start <= range.to && (tafel.endedOn === null || tafel.endedOn >= range.from);
    const inRange = reports
      .filter(
        (r) =>
          r.tafelId === tafel.id &&
          r.publishedAt !== null &&
          r.periodEnd >= range.from &&
          r.periodEnd <= range.to,
      )
      .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0));
    if (inRange.length === 0 && !activeInRange) continue;
    lines.push(`## ${escapeMarkdownInline(tafel.name)}`, '');
    if (inRange.length === 0) lines.push('Geen gepubliceerde rapportage over deze periode.', '');
    for (const report of inRange) lines.push(...reportMarkdownLines(tafel, report));
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
