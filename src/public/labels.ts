import { PERCEEL_NAMES, type Perceel } from '../domain/registry/registry';
import { fromIsoInstant, localDateOf } from '../domain/time/amsterdam';
import { formatDutchDateTime, formatDutchShortDate } from '../domain/time/dutch';
import type { PublicationKind, PublicBesluit, PublicReport, PublicViewOf } from './publicViews';

/** Dutch words and paths shared by the public pages, the feeds and the gemeente's publicaties card. */

export const KIND_LABELS: Readonly<Record<PublicationKind, string>> = {
  samenstelling: 'Samenstelling',
  loting: 'Lotingsverslag',
  agenda: 'Agenda',
  verslag: 'Verslag',
  besluit: 'Besluit',
  ontwikkeltafel: 'Ontwikkeltafel',
};

/** The page of a publication, relative to the site root. Ids are checked against PUBLIC_ID before storing. */
export function publicPath(kind: PublicationKind, sourceId: string): string {
  switch (kind) {
    case 'samenstelling':
      return `/openbaar/samenstelling#samenstelling-${sourceId}`;
    case 'loting':
      return `/openbaar/loting/${sourceId}`;
    case 'agenda':
      return `/openbaar/vergaderingen/${sourceId}`;
    case 'verslag':
      return `/openbaar/verslagen/${sourceId}`;
    case 'besluit':
      return `/openbaar/besluiten/${sourceId}`;
    case 'ontwikkeltafel':
      return `/openbaar/ontwikkeltafels/${sourceId}`;
  }
}

export function perceelLabel(perceel: Perceel): string {
  return `Perceel ${perceel}: ${PERCEEL_NAMES[perceel]}`;
}

export function dateTime(iso: string): string {
  return formatDutchDateTime(fromIsoInstant(iso));
}

export function shortDate(localDate: string): string {
  return formatDutchShortDate(localDate);
}

/** "28 maart 2027": the Dutch calendar date of an instant. */
export function instantDate(iso: string): string {
  return formatDutchShortDate(localDateOf(fromIsoInstant(iso)));
}

export type Tone = 'goed' | 'let' | 'slecht' | 'neutraal';

export const OUTCOME_LABELS: Readonly<Record<PublicBesluit['outcome'], { text: string; tone: Tone }>> = {
  unaniem: { text: 'Uitgewerkt: unaniem voor', tone: 'goed' },
  aangenomen: { text: 'Uitgewerkt: aangenomen door de gemeente', tone: 'goed' },
  afgewezen: { text: 'Afgewezen', tone: 'slecht' },
};

export function reportStatusLabel(status: PublicReport['status']): { text: string; tone: Tone } {
  if (status === 'op schema') return { text: 'Op schema', tone: 'goed' };
  if (status === 'aandacht nodig') return { text: 'Aandacht nodig', tone: 'let' };
  if (status === 'achter') return { text: 'Achter op schema', tone: 'slecht' };
  return { text: 'Geen status', tone: 'neutraal' };
}

export const STEM_LABELS = {
  voor: 'Voor',
  tegen: 'Tegen',
  onthouding: 'Onthouding',
  nietGestemd: 'Niet gestemd',
} as const;

/** Title, one-line summary and sort key of a publication, from its public view only. */
export function describePublication<K extends PublicationKind>(
  kind: K,
  view: PublicViewOf<K>,
): { title: string; summary: string; sortKey: string } {
  switch (kind) {
    case 'samenstelling': {
      const v = view as PublicViewOf<'samenstelling'>;
      return {
        title: `Samenstelling Overlegtafel ${v.year}`,
        summary: `${v.members.length} aanbieders aan de Overlegtafel in ${v.year} (versie ${v.version}).`,
        sortKey: `${v.year}`,
      };
    }
    case 'loting': {
      const v = view as PublicViewOf<'loting'>;
      return {
        title: `Lotingsverslag ${v.year}: ${v.record.title}`,
        summary: `${v.record.outcome.seatsFilled} van ${v.record.framework.seats} zetels gevuld uit ${v.record.registrations.length} inschrijvingen; zelf te controleren.`,
        sortKey: v.record.createdAt,
      };
    }
    case 'agenda': {
      const v = view as PublicViewOf<'agenda'>;
      return {
        title: `Agenda ${v.tableName}: ${v.title}`,
        summary: `${v.cancelled ? 'Geannuleerd: ' : ''}${dateTime(v.start)}, ${v.location}.`,
        sortKey: v.start,
      };
    }
    case 'verslag': {
      const v = view as PublicViewOf<'verslag'>;
      return {
        title: `Verslag ${v.tableName}: ${v.title}`,
        summary: `Verslag van het overleg van ${dateTime(v.start)}.`,
        sortKey: v.start,
      };
    }
    case 'besluit': {
      const v = view as PublicViewOf<'besluit'>;
      return {
        title: `Besluit: ${v.title}`,
        summary: `${OUTCOME_LABELS[v.outcome].text}.`,
        sortKey: v.decidedAt ?? v.submittedAt,
      };
    }
    case 'ontwikkeltafel': {
      const v = view as PublicViewOf<'ontwikkeltafel'>;
      const report = v.latestReport;
      return {
        title: /^ontwikkeltafel\b/i.test(v.name) ? v.name : `Ontwikkeltafel ${v.name}`,
        summary: report
          ? `${report.kind === 'eindevaluatie' ? 'Eindevaluatie' : 'Voortgang'} t/m ${shortDate(report.periodEnd)}: ${reportStatusLabel(report.status).text}.`
          : v.status === 'beeindigd'
            ? 'Beëindigd.'
            : 'Nog geen gepubliceerde voortgangsrapportage.',
        sortKey: report?.publishedAt ?? v.start,
      };
    }
  }
  return { title: '', summary: '', sortKey: '' };
}
