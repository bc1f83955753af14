import { fromIsoInstant } from '../domain/time/amsterdam';
import { formatDutchTime } from '../domain/time/dutch';
import type { PublicationChange } from '../storage/publicationsRepository';
import { dateTime } from './labels';
import type { PublicationKind, PublicViewOf } from './publicViews';

/**
 * What changed between two public views of the same item, in a short Dutch line for "Gewijzigd op …: …" on the
 * page and in the feed. Built from the public views only, so a note never says more than the page itself.
 * Undefined when nothing a visitor can see changed.
 */

/** Enough history for any meeting or composition; the oldest notes go first when a list grows past it. */
export const CHANGES_KEPT = 20;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function agendaChange(before: PublicViewOf<'agenda'>, after: PublicViewOf<'agenda'>): string[] {
  const notes: string[] = [];
  if (!before.cancelled && after.cancelled)
    notes.push(`geannuleerd${after.cancellationReason ? ` (${after.cancellationReason})` : ''}`);
  if (before.cancelled && !after.cancelled) notes.push('gaat toch door');
  if (before.start !== after.start || before.end !== after.end)
    notes.push(
      `tijd gewijzigd naar ${dateTime(after.start)} tot ${formatDutchTime(fromIsoInstant(after.end))}`,
    );
  if (before.location !== after.location) notes.push(`locatie gewijzigd naar ${after.location}`);
  if (before.title !== after.title) notes.push(`titel gewijzigd naar "${after.title}"`);
  if (!same(before.items, after.items)) notes.push(`agenda gewijzigd (${after.items.length} punten)`);
  return notes;
}

function compositionChange(
  before: PublicViewOf<'samenstelling'>,
  after: PublicViewOf<'samenstelling'>,
): string[] {
  if (same(before.members, after.members) && before.version === after.version) return [];
  const added = after.changes.slice(before.changes.length);
  const described = added.map((c) =>
    c.removed && c.added
      ? `${c.removed} vervangen door ${c.added}`
      : c.added
        ? `${c.added} toegevoegd`
        : `${c.removed ?? 'een aanbieder'} vertrokken`,
  );
  return [
    `samenstelling gewijzigd (versie ${after.version})${described.length ? `: ${described.join(', ')}` : ''}`,
  ];
}

export function describeChange<K extends PublicationKind>(
  kind: K,
  before: PublicViewOf<K>,
  after: PublicViewOf<K>,
): string | undefined {
  if (same(before, after)) return undefined;
  let notes: string[] = [];
  if (kind === 'agenda')
    notes = agendaChange(before as PublicViewOf<'agenda'>, after as PublicViewOf<'agenda'>);
  if (kind === 'samenstelling')
    notes = compositionChange(
      before as PublicViewOf<'samenstelling'>,
      after as PublicViewOf<'samenstelling'>,
    );
  if (kind === 'verslag') notes = ['tekst van het verslag gewijzigd'];
  if (kind === 'ontwikkeltafel') {
    const b = before as PublicViewOf<'ontwikkeltafel'>;
    const a = after as PublicViewOf<'ontwikkeltafel'>;
    if (!same(b.latestReport, a.latestReport)) notes.push('nieuwe of bijgewerkte voortgangsrapportage');
    if (b.status !== a.status) notes.push(a.status === 'beeindigd' ? 'beëindigd' : 'weer actief');
  }
  const line = notes.join('; ');
  return line.length > 0 ? line.charAt(0).toUpperCase() + line.slice(1) : 'Bijgewerkt';
}

/** The change list after one more update, the newest last, at most CHANGES_KEPT long. */
export function withChange(
  changes: readonly PublicationChange[] | undefined,
  change: PublicationChange | undefined,
): readonly PublicationChange[] {
  const all = [...(changes ?? []), ...(change ? [change] : [])];
  return all.slice(-CHANGES_KEPT);
}
