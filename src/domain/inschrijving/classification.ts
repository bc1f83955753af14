import type { RegistrationClassification } from '../lottery';
import type { Grootte, Herkomst } from '../registry/registry';
import { refuse, refuseFields, succeed, type Result } from '../shared/result';
import { normaliseMultiline } from '../shared/text';
import { toIsoInstant } from '../time';
import { activeRegistrations } from './selection';
import { MAX_REASON_LENGTH, type ClassificationDecision, type Round, type RoundRegistration } from './types';

/**
 * Grootte and herkomst come from the registry, not from the registration form (Bijlage 9 §3 classifies providers
 * beforehand, by the criteria of the UEA-document). A registration that claims otherwise is flagged to the
 * gemeente, who confirms the registry or corrects it to the claim, with a reason, before the draw; the draw is
 * refused while a flag is open, and its record says per registration which classification was used.
 */

export interface RegistryClassification {
  readonly grootte: Grootte | null;
  readonly herkomst: Herkomst | null;
}

export interface ClassificationFlag {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly declared: { readonly grootte: Grootte; readonly herkomst: Herkomst };
  readonly registry: RegistryClassification;
}

function differs(registration: RoundRegistration, registry: RegistryClassification): boolean {
  return registry.grootte !== registration.grootte || registry.herkomst !== registration.herkomst;
}

/** A confirmation covers the flag only while neither the claim nor the registry changed since. */
function confirmed(registration: RoundRegistration, registry: RegistryClassification): boolean {
  const decision = registration.classificationDecision;
  return (
    decision?.decision === 'register-bevestigd' &&
    decision.declared.grootte === registration.grootte &&
    decision.declared.herkomst === registration.herkomst &&
    decision.registry.grootte === registry.grootte &&
    decision.registry.herkomst === registry.herkomst
  );
}

const NOTHING: RegistryClassification = { grootte: null, herkomst: null };

/** The active registrations whose claim differs from the registry and that the gemeente has not decided on. */
export function classificationFlags(
  registrations: readonly RoundRegistration[],
  registry: ReadonlyMap<string, RegistryClassification>,
): ClassificationFlag[] {
  return activeRegistrations(registrations)
    .filter((r) => {
      const known = registry.get(r.organisationId) ?? NOTHING;
      return differs(r, known) && !confirmed(r, known);
    })
    .map((r) => ({
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      declared: { grootte: r.grootte, herkomst: r.herkomst },
      registry: registry.get(r.organisationId) ?? NOTHING,
    }));
}

/** The stored codes are Dutch; an English reader gets the words (the cards use the same words, from their strings). */
const CLASSIFICATION_WORDS: Readonly<
  Record<Grootte | Herkomst, { readonly nl: string; readonly en: string }>
> = {
  klein: { nl: 'klein', en: 'small' },
  middel: { nl: 'middel', en: 'medium' },
  groot: { nl: 'groot', en: 'large' },
  lokaal: { nl: 'lokaal', en: 'local' },
  regionaal: { nl: 'regionaal', en: 'regional' },
};

function classificationText(value: RegistryClassification, locale: 'nl' | 'en'): string {
  const word = (code: Grootte | Herkomst | null): string => (code ? CLASSIFICATION_WORDS[code][locale] : '?');
  return `${word(value.grootte)}, ${word(value.herkomst)}`;
}

function flagText(flag: ClassificationFlag, locale: 'nl' | 'en'): string {
  const registry = classificationText(flag.registry, locale);
  const declared = classificationText(flag.declared, locale);
  return locale === 'en'
    ? `${flag.organisationName}: registered as ${declared}, the registry says ${registry}`
    : `${flag.organisationName}: ingeschreven als ${declared}, het register zegt ${registry}`;
}

/**
 * The registrations as the draw uses them (grootte and herkomst from the registry) and, per registration, which
 * classification that is; refused while a flag is open.
 */
export function drawClassifications(
  registrations: readonly RoundRegistration[],
  registry: ReadonlyMap<string, RegistryClassification>,
): Result<{ registrations: RoundRegistration[]; classifications: RegistrationClassification[] }> {
  const flags = classificationFlags(registrations, registry);
  if (flags.length > 0) {
    return refuse('loting.classificatie-open', {
      nl: `De loting kan nog niet: bij ${flags.length} inschrijving(en) wijken grootte of herkomst af van het register. Bevestig of corrigeer het register eerst, met een reden (overzicht van de ronde). ${flags.map((f) => flagText(f, 'nl')).join('; ')}.`,
      en: `The draw cannot run yet: for ${flags.length} registration(s) the size or origin differs from the registry. Confirm or correct the registry first, with a reason (the round's overview). ${flags.map((f) => flagText(f, 'en')).join('; ')}.`,
    });
  }
  const used: RoundRegistration[] = [];
  const classifications: RegistrationClassification[] = [];
  for (const r of activeRegistrations(registrations)) {
    const known = registry.get(r.organisationId) ?? NOTHING;
    const decision = r.classificationDecision;
    // No open flag: the registry is complete, or the claim equals it.
    const grootte = known.grootte ?? r.grootte;
    const herkomst = known.herkomst ?? r.herkomst;
    used.push({ ...r, grootte, herkomst });
    const declared = { grootte: r.grootte, herkomst: r.herkomst };
    if (differs(r, known)) {
      classifications.push({ registrationId: r.organisationId, basis: 'register-bevestigd', declared });
    } else if (
      decision?.decision === 'register-gecorrigeerd' &&
      decision.declared.grootte === grootte &&
      decision.declared.herkomst === herkomst
    ) {
      classifications.push({ registrationId: r.organisationId, basis: 'register-gecorrigeerd', declared });
    } else {
      classifications.push({ registrationId: r.organisationId, basis: 'register', declared: null });
    }
  }
  return succeed({ registrations: used, classifications });
}

export interface ClassificationDecisionInput {
  /** 'register-bevestigd' or 'register-gecorrigeerd', as text from the card. */
  readonly decision: string;
  readonly reason: string;
}

/**
 * The gemeente decides a flag: keep the registry (confirm) or set it to the registration's claim (correct). Only
 * while the round is not drawn, only for a registration that differs from the registry, always with a reason.
 * Returns the registration with the decision and, for a correction, the registry's new classification.
 */
export function decideClassification(
  round: Round,
  registration: RoundRegistration,
  registry: RegistryClassification,
  input: ClassificationDecisionInput,
  personId: string,
  now: Date,
): Result<{ registration: RoundRegistration; correctedRegistry: RegistryClassification | null }> {
  if (round.status !== 'open') {
    return refuse('classificatie.na-loting', {
      nl: `De loting voor ${round.year} is al uitgevoerd; de classificatie van de inschrijvingen ligt vast.`,
      en: `The draw for ${round.year} has already run; the classification of the registrations is fixed.`,
    });
  }
  if (registration.status !== 'ingeschreven' || !differs(registration, registry)) {
    return refuse('classificatie.geen-afwijking', {
      nl: `De inschrijving van ${registration.organisationName} wijkt niet (meer) af van het register; er is niets te beslissen.`,
      en: `The registration of ${registration.organisationName} does not (or no longer) differ from the registry; there is nothing to decide.`,
    });
  }
  const decision = input.decision.trim();
  const reason = normaliseMultiline(input.reason);
  const errors: Record<string, { nl: string; en: string }> = {};
  if (decision !== 'register-bevestigd' && decision !== 'register-gecorrigeerd') {
    errors.decision = {
      nl: 'Kies: het register klopt (bevestigen), of het register aanpassen aan de inschrijving (corrigeren).',
      en: 'Choose: the registry is right (confirm), or change the registry to the registration (correct).',
    };
  } else if (decision === 'register-bevestigd' && (registry.grootte === null || registry.herkomst === null)) {
    errors.decision = {
      nl: 'Het register heeft voor deze aanbieder geen grootte of herkomst; bevestigen kan niet, corrigeer het register.',
      en: 'The registry has no size or origin for this provider; it cannot be confirmed, correct the registry.',
    };
  }
  if (reason.length < 5 || reason.length > MAX_REASON_LENGTH) {
    errors.reason = {
      nl: `Vermeld de reden van uw beslissing (5 tot ${MAX_REASON_LENGTH} tekens); die komt in het auditlog.`,
      en: `State the reason for your decision (5 to ${MAX_REASON_LENGTH} characters); it goes into the audit trail.`,
    };
  }
  if (Object.keys(errors).length > 0) return refuseFields('classificatie.ongeldig', errors);
  const declared = { grootte: registration.grootte, herkomst: registration.herkomst };
  const record: ClassificationDecision = {
    decision: decision as ClassificationDecision['decision'],
    reason,
    byPersonId: personId,
    at: toIsoInstant(now),
    registry: { grootte: registry.grootte, herkomst: registry.herkomst },
    declared,
  };
  return succeed({
    registration: { ...registration, classificationDecision: record },
    correctedRegistry: decision === 'register-gecorrigeerd' ? declared : null,
  });
}
