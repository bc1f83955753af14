import { PERCELEN, type Grootte, type Herkomst, type Organisation, type Perceel } from './registry';

/** How the contracted aanbieders spread over the percelen, by grootte and herkomst. */
export interface PerceelComposition {
  readonly perceel: Perceel;
  readonly count: number;
  readonly grootte: Readonly<Record<Grootte, number>>;
  readonly herkomst: Readonly<Record<Herkomst, number>>;
}

export function composition(organisations: readonly Organisation[]): PerceelComposition[] {
  return PERCELEN.map((perceel) => {
    const inPerceel = organisations.filter(
      (o) => o.type === 'aanbieder' && o.contracted && o.percelen.includes(perceel),
    );
    const count = (predicate: (o: Organisation) => boolean): number => inPerceel.filter(predicate).length;
    return {
      perceel,
      count: inPerceel.length,
      grootte: {
        klein: count((o) => o.grootte === 'klein'),
        middel: count((o) => o.grootte === 'middel'),
        groot: count((o) => o.grootte === 'groot'),
      },
      herkomst: {
        lokaal: count((o) => o.herkomst === 'lokaal'),
        regionaal: count((o) => o.herkomst === 'regionaal'),
      },
    };
  });
}

/**
 * Finds organisations by part of the name, a KvK number, or a perceel number ("3"). Empty query: all, with
 * contracted aanbieders first.
 */
export function searchOrganisations(organisations: readonly Organisation[], query: string): Organisation[] {
  const q = query.trim().toLowerCase();
  const sorted = [...organisations].sort(
    (a, b) => Number(b.contracted) - Number(a.contracted) || a.name.localeCompare(b.name, 'nl'),
  );
  if (!q) return sorted;
  if (/^[1-5]$/.test(q)) return sorted.filter((o) => o.percelen.includes(Number(q) as Perceel));
  return sorted.filter((o) => o.name.toLowerCase().includes(q) || (o.kvkNumber ?? '').includes(q));
}
