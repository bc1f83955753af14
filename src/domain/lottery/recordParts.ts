import { canonicalJson } from './canonicalJson';
import { checkSeedCommitment } from './commitReveal';
import { frameworkDeviations } from './deviations';
import {
  CLASSIFICATION_BASES,
  GROOTTES,
  HERKOMSTEN,
  type Bilingual,
  type DistributionFramework,
  type FrameworkDeviation,
  type Registration,
  type RegistrationClassification,
  type ValidationProblem,
} from './types';

/**
 * The parts a version-2 record adds to version 1 (docs/lottery.md §6): the seed commitment, the classification
 * of each registration and the framework's deviations from Bijlage 9 with their reasons. Checked when a record is
 * built and again when it is verified.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkClassifications(
  classifications: unknown,
  registrations: readonly Registration[],
): ValidationProblem[] {
  if (!Array.isArray(classifications)) {
    return [
      {
        code: 'classificatie-ontbreekt',
        message: {
          nl: "Het verslag mist per inschrijving de gebruikte classificatie ('classifications')",
          en: "The record lacks the classification used for each registration ('classifications')",
        },
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  if (classifications.length !== registrations.length) {
    problems.push({
      code: 'classificatie-aantal',
      message: {
        nl: `Classificatie: ${classifications.length} vermeld voor ${registrations.length} inschrijvingen`,
        en: `Classification: ${classifications.length} listed for ${registrations.length} registrations`,
      },
    });
  }
  registrations.forEach((registration, i) => {
    const entry: unknown = classifications[i];
    const label: Bilingual = {
      nl: `Classificatie van '${registration.registrationId}'`,
      en: `Classification of '${registration.registrationId}'`,
    };
    if (!isRecord(entry) || entry.registrationId !== registration.registrationId) {
      problems.push({
        code: 'classificatie-volgorde',
        message: {
          nl: `${label.nl}: ontbreekt of staat niet op plaats ${i + 1}`,
          en: `${label.en}: missing or not in position ${i + 1}`,
        },
      });
      return;
    }
    const extra = Object.keys(entry).filter((k) => !['registrationId', 'basis', 'declared'].includes(k));
    if (extra.length > 0) {
      problems.push({
        code: 'classificatie-velden',
        message: {
          nl: `${label.nl}: onbekende velden ${extra.join(', ')}`,
          en: `${label.en}: unknown fields ${extra.join(', ')}`,
        },
      });
    }
    if (!(CLASSIFICATION_BASES as readonly unknown[]).includes(entry.basis)) {
      problems.push({
        code: 'classificatie-basis',
        message: {
          nl: `${label.nl}: onbekende herkomst ${JSON.stringify(entry.basis)} (verwacht ${CLASSIFICATION_BASES.join(', ')})`,
          en: `${label.en}: unknown basis ${JSON.stringify(entry.basis)} (expected ${CLASSIFICATION_BASES.join(', ')})`,
        },
      });
    }
    const declared = entry.declared;
    const declaredValid =
      declared === null ||
      (isRecord(declared) &&
        Object.keys(declared).length === 2 &&
        (GROOTTES as readonly unknown[]).includes(declared.grootte) &&
        (HERKOMSTEN as readonly unknown[]).includes(declared.herkomst));
    if (!declaredValid) {
      problems.push({
        code: 'classificatie-opgave',
        message: {
          nl: `${label.nl}: de opgave van de inschrijving moet null zijn of een grootte en herkomst`,
          en: `${label.en}: what the registration declared must be null or a size and an origin`,
        },
      });
    } else if (entry.basis === 'register' && declared !== null) {
      problems.push({
        code: 'classificatie-onopgelost',
        message: {
          nl: `${label.nl}: de inschrijving week af van het register, maar de gemeente besliste niet`,
          en: `${label.en}: the registration differed from the registry, but the gemeente did not decide`,
        },
      });
    } else if (entry.basis !== 'register' && declared === null) {
      problems.push({
        code: 'classificatie-zonder-opgave',
        message: {
          nl: `${label.nl}: een beslissing van de gemeente zonder afwijkende opgave`,
          en: `${label.en}: a decision of the gemeente without a differing declaration`,
        },
      });
    }
  });
  return problems;
}

export function checkDeviations(deviations: unknown, framework: DistributionFramework): ValidationProblem[] {
  if (!Array.isArray(deviations)) {
    return [
      {
        code: 'afwijkingen-ontbreken',
        message: {
          nl: "Het verslag mist de afwijkingen van Bijlage 9 ('deviations'; leeg als er geen zijn)",
          en: "The record lacks the deviations from Bijlage 9 ('deviations'; empty if there are none)",
        },
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const withoutReasons = deviations.map((d: unknown) =>
    isRecord(d) ? { rule: d.rule, bijlage9: d.bijlage9, chosen: d.chosen } : d,
  );
  const expected = frameworkDeviations(framework);
  if (canonicalJson(withoutReasons) !== canonicalJson(expected)) {
    const listed = JSON.stringify(withoutReasons.map((d) => (isRecord(d) ? d.rule : d)));
    const actual = JSON.stringify(expected.map((d) => d.rule));
    problems.push({
      code: 'afwijkingen-kloppen-niet',
      message: {
        nl: `De vermelde afwijkingen van Bijlage 9 kloppen niet met het verdelingskader: vermeld ${listed}, werkelijk ${actual}`,
        en: `The listed deviations from Bijlage 9 do not match the distribution framework: listed ${listed}, actual ${actual}`,
      },
    });
  }
  deviations.forEach((d: unknown) => {
    if (!isRecord(d) || typeof d.reason !== 'string' || d.reason.trim() === '') {
      problems.push({
        code: 'afwijking-zonder-reden',
        message: {
          nl: `Afwijking ${isRecord(d) ? String(d.rule) : '?'} van Bijlage 9 heeft geen reden`,
          en: `Deviation ${isRecord(d) ? String(d.rule) : '?'} from Bijlage 9 has no reason`,
        },
      });
    } else if (Object.keys(d).length !== 4) {
      problems.push({
        code: 'afwijking-velden',
        message: {
          nl: `Afwijking ${String(d.rule)}: onbekende velden`,
          en: `Deviation ${String(d.rule)}: unknown fields`,
        },
      });
    }
  });
  return problems;
}

/** Everything a version-2 record adds, checked; the seed is the record's (derived) seed. */
export function checkCommitRevealParts(
  record: {
    readonly seedCommitment?: unknown;
    readonly classifications?: unknown;
    readonly deviations?: unknown;
  },
  seed: unknown,
  registrations: readonly Registration[],
  framework: DistributionFramework,
): ValidationProblem[] {
  return [
    ...checkSeedCommitment(record.seedCommitment, seed),
    ...checkClassifications(record.classifications, registrations),
    ...checkDeviations(record.deviations, framework),
  ];
}

export function copyClassifications(
  classifications: readonly RegistrationClassification[],
  registrations: readonly Registration[],
): RegistrationClassification[] {
  const byId = new Map(classifications.map((c) => [c.registrationId, c]));
  return registrations.map((r) => {
    const c = byId.get(r.registrationId);
    return {
      registrationId: r.registrationId,
      basis: c?.basis ?? 'register',
      declared: c?.declared ? { grootte: c.declared.grootte, herkomst: c.declared.herkomst } : null,
    };
  });
}

export function copyDeviations(deviations: readonly FrameworkDeviation[]): FrameworkDeviation[] {
  return deviations.map((d) => ({ rule: d.rule, bijlage9: d.bijlage9, chosen: d.chosen, reason: d.reason }));
}
