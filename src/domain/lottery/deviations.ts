import { defaultFramework } from './framework';
import { PERCELEN, type DeviationRule, type DistributionFramework, type FrameworkDeviation } from './types';

export type { DeviationRule, FrameworkDeviation };

/**
 * Where a round's verdelingskader departs from Bijlage 9 §3 (twelve seats; minimums 2/2/2/2/1; different
 * grootte within a perceel; a lokale aanbieder per perceel where one registered). A departure is allowed, but
 * only with a stated reason, which the invitation, the record and the public lottery page show. Continuity and
 * inflow are Tafelbot's own defaults, not Bijlage 9's, so they are not deviations.
 */

/** The departures of a framework, in a fixed order, without reasons. */
export function frameworkDeviations(framework: DistributionFramework): Omit<FrameworkDeviation, 'reason'>[] {
  const bijlage9 = defaultFramework();
  const found: Omit<FrameworkDeviation, 'reason'>[] = [];
  if (framework.seats !== bijlage9.seats) {
    found.push({ rule: 'zetels', bijlage9: bijlage9.seats, chosen: framework.seats });
  }
  for (const perceel of PERCELEN) {
    const chosen = framework.minimumPerPerceel[perceel];
    if (chosen !== bijlage9.minimumPerPerceel[perceel]) {
      found.push({
        rule: `perceelminimum-${perceel}`,
        bijlage9: bijlage9.minimumPerPerceel[perceel],
        chosen,
      });
    }
  }
  if (framework.differentGrootteWithinPerceel !== bijlage9.differentGrootteWithinPerceel) {
    found.push({
      rule: 'verschillende-grootte',
      bijlage9: bijlage9.differentGrootteWithinPerceel,
      chosen: framework.differentGrootteWithinPerceel,
    });
  }
  if (framework.atLeastOneLokaalPerPerceel !== bijlage9.atLeastOneLokaalPerPerceel) {
    found.push({
      rule: 'lokale-aanbieder',
      bijlage9: bijlage9.atLeastOneLokaalPerPerceel,
      chosen: framework.atLeastOneLokaalPerPerceel,
    });
  }
  return found;
}

/** The framework's departures, each with the round's stated reason. */
export function deviationsWithReason(framework: DistributionFramework, reason: string): FrameworkDeviation[] {
  return frameworkDeviations(framework).map((d) => ({ ...d, reason }));
}

function onOff(value: number | boolean, locale: 'nl' | 'en'): string {
  if (typeof value === 'number') return String(value);
  if (locale === 'en') return value ? 'on' : 'off';
  return value ? 'aan' : 'uit';
}

/** One line for people: "Zetels: 10 in plaats van 12 (Bijlage 9)". */
export function describeDeviation(
  deviation: Omit<FrameworkDeviation, 'reason'>,
  locale: 'nl' | 'en',
): string {
  const names: Record<'nl' | 'en', (rule: DeviationRule) => string> = {
    nl: (rule) =>
      rule === 'zetels'
        ? 'Aantal zetels'
        : rule === 'verschillende-grootte'
          ? 'Regel verschillende grootte per perceel'
          : rule === 'lokale-aanbieder'
            ? 'Regel één lokale aanbieder per perceel'
            : `Minimum perceel ${rule.slice('perceelminimum-'.length)}`,
    en: (rule) =>
      rule === 'zetels'
        ? 'Number of seats'
        : rule === 'verschillende-grootte'
          ? 'Rule: providers of different sizes within each lot'
          : rule === 'lokale-aanbieder'
            ? 'Rule: one local provider per lot'
            : `Minimum of lot ${rule.slice('perceelminimum-'.length)}`,
  };
  const chosen = onOff(deviation.chosen, locale);
  const prescribed = onOff(deviation.bijlage9, locale);
  return locale === 'en'
    ? `${names.en(deviation.rule)}: ${chosen} instead of ${prescribed} (Bijlage 9)`
    : `${names.nl(deviation.rule)}: ${chosen} in plaats van ${prescribed} (Bijlage 9)`;
}
