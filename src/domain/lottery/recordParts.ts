import { canonicalJson } from './canonicalJson';
import { checkSeedCommitment } from './commitReveal';
import { frameworkDeviations } from './deviations';
import {
  CLASSIFICATION_BASES,
  GROOTTES,
  HERKOMSTEN,
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
        message: "Het verslag mist per inschrijving de gebruikte classificatie ('classifications')",
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  if (classifications.length !== registrations.length) {
    problems.push({
      code: 'classificatie-aantal',
      message: `Classificatie: ${classifications.length} vermeld voor ${registrations.length} inschrijvingen`,
    });
  }
  registrations.forEach((registration, i) => {
    const entry: unknown = classifications[i];
    const label = `Classificatie van '${registration.registrationId}'`;
    if (!isRecord(entry) || entry.registrationId !== registration.registrationId) {
      problems.push({
        code: 'classificatie-volgorde',
        message: `${label}: ontbreekt of staat niet op plaats ${i + 1}`,
      });
      return;
    }
    const extra = Object.keys(entry).filter((k) => !['registrationId', 'basis', 'declared'].includes(k));
    if (extra.length > 0) {
      problems.push({
        code: 'classificatie-velden',
        message: `${label}: onbekende velden ${extra.join(', ')}`,
      });
    }
    if (!(CLASSIFICATION_BASES as readonly unknown[]).includes(entry.basis)) {
      problems.push({
        code: 'classificatie-basis',
        message: `${label}: onbekende herkomst ${JSON.stringify(entry.basis)} (verwacht ${CLASSIFICATION_BASES.join(', ')})`,
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
        message: `${label}: de opgave van de inschrijving moet null zijn of een grootte en herkomst`,
      });
    } else if (entry.basis === 'register' && declared !== null) {
      problems.push({
        code: 'classificatie-onopgelost',
        message: `${label}: de inschrijving week af van het register, maar de gemeente besliste niet`,
      });
    } else if (entry.basis !== 'register' && declared === null) {
      problems.push({
        code: 'classificatie-zonder-opgave',
        message: `${label}: een beslissing van de gemeente zonder afwijkende opgave`,
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
        message: "Het verslag mist de afwijkingen van Bijlage 9 ('deviations'; leeg als er geen zijn)",
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const withoutReasons = deviations.map((d: unknown) =>
    isRecord(d) ? { rule: d.rule, bijlage9: d.bijlage9, chosen: d.chosen } : d,
  );
  const expected = frameworkDeviations(framework);
  if (canonicalJson(withoutReasons) !== canonicalJson(expected)) {
    problems.push({
      code: 'afwijkingen-kloppen-niet',
      message: `De vermelde afwijkingen van Bijlage 9 kloppen niet met het verdelingskader: vermeld ${JSON.stringify(
        withoutReasons.map((d) => (isRecord(d) ? d.rule : d)),
      )}, werkelijk ${JSON.stringify(expected.map((d) => d.rule))}`,
    });
  }
  deviations.forEach((d: unknown) => {
    if (!isRecord(d) || typeof d.reason !== 'string' || d.reason.trim() === '') {
      problems.push({
        code: 'afwijking-zonder-reden',
        message: `Afwijking ${isRecord(d) ? String(d.rule) : '?'} van Bijlage 9 heeft geen reden`,
      });
    } else if (Object.keys(d).length !== 4) {
      problems.push({ code: 'afwijking-velden', message: `Afwijking ${String(d.rule)}: onbekende velden` });
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
