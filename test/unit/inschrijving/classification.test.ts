import {
  classificationFlags,
  decideClassification,
  drawClassifications,
  type RegistryClassification,
  type RoundRegistration,
} from '../../../src/domain/inschrijving';
import { openSampleRound, sampleAanbieder, sampleRegistration } from '../../support/inschrijvingSamples';

const NOW = new Date('2027-01-16T10:00:00Z');
const round = openSampleRound();
const alfa = sampleAanbieder(1, [1], 'klein', 'lokaal');
const beta = sampleAanbieder(2, [1], 'groot', 'regionaal');

/** Beta registers as lokaal; the registry says regionaal. */
const registrations = (): RoundRegistration[] => [
  sampleRegistration(round, alfa, 1),
  { ...sampleRegistration(round, beta, 1), herkomst: 'lokaal' },
];
const registry = (betaHerkomst: 'lokaal' | 'regionaal' | null = 'regionaal') =>
  new Map<string, RegistryClassification>([
    [alfa.id, { grootte: 'klein', herkomst: 'lokaal' }],
    [beta.id, { grootte: 'groot', herkomst: betaHerkomst }],
  ]);

describe('classification from the registry', () => {
  it('flags a registration that claims another herkomst than the registry, and refuses the draw', () => {
    const flags = classificationFlags(registrations(), registry());
    expect(flags).toEqual([
      {
        organisationId: beta.id,
        organisationName: beta.name,
        declared: { grootte: 'groot', herkomst: 'lokaal' },
        registry: { grootte: 'groot', herkomst: 'regionaal' },
      },
    ]);
    const refused = drawClassifications(registrations(), registry());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.code).toBe('loting.classificatie-open');
    expect(refused.messages[0]).toContain(
      'ingeschreven als groot, lokaal, het register zegt groot, regionaal',
    );
    expect(refused.messagesEn?.[0]).toContain(
      'registered as large, local, the registry says large, regional',
    );
  });

  it('after a confirmation draws with the registry, and says so per registration', () => {
    const [a, b] = registrations();
    const decided = decideClassification(
      round,
      b!,
      { grootte: 'groot', herkomst: 'regionaal' },
      { decision: 'register-bevestigd', reason: 'UEA: regionaal' },
      'person-admin',
      NOW,
    );
    expect(decided.ok && decided.value.correctedRegistry).toBeNull();
    if (!decided.ok) return;
    const drawn = drawClassifications([a!, decided.value.registration], registry());
    expect(drawn.ok).toBe(true);
    if (!drawn.ok) return;
    expect(drawn.value.registrations.map((r) => r.herkomst)).toEqual(['lokaal', 'regionaal']);
    expect(drawn.value.classifications).toEqual([
      { registrationId: alfa.id, basis: 'register', declared: null },
      {
        registrationId: beta.id,
        basis: 'register-bevestigd',
        declared: { grootte: 'groot', herkomst: 'lokaal' },
      },
    ]);
    // The confirmation lapses when the registry changes afterwards.
    expect(classificationFlags([a!, decided.value.registration], registry(null))).toHaveLength(1);
  });

  it('after a correction the registry follows the claim, and the record says it was corrected', () => {
    const [a, b] = registrations();
    const decided = decideClassification(
      round,
      b!,
      { grootte: 'groot', herkomst: 'regionaal' },
      { decision: 'register-gecorrigeerd', reason: 'KvK: gevestigd in de gemeente' },
      'person-admin',
      NOW,
    );
    expect(decided.ok && decided.value.correctedRegistry).toEqual({ grootte: 'groot', herkomst: 'lokaal' });
    if (!decided.ok) return;
    const drawn = drawClassifications([a!, decided.value.registration], registry('lokaal'));
    expect(drawn.ok && drawn.value.classifications[1]).toEqual({
      registrationId: beta.id,
      basis: 'register-gecorrigeerd',
      declared: { grootte: 'groot', herkomst: 'lokaal' },
    });
  });

  it('refuses a decision without a reason, without a choice, on nothing to decide, after the draw, or a confirmation of an empty registry', () => {
    const [a, b] = registrations();
    const known = { grootte: 'groot' as const, herkomst: 'regionaal' as const };
    const noReason = decideClassification(
      round,
      b!,
      known,
      { decision: 'register-bevestigd', reason: ' ' },
      'p',
      NOW,
    );
    expect(noReason.ok || Object.keys(noReason.fieldErrorsEn ?? {})).toEqual(['reason']);
    const noChoice = decideClassification(
      round,
      b!,
      known,
      { decision: 'gokken', reason: 'Omdat het kan' },
      'p',
      NOW,
    );
    expect(noChoice.ok || Object.keys(noChoice.fieldErrors ?? {})).toEqual(['decision']);
    const nothing = decideClassification(
      round,
      a!,
      { grootte: 'klein', herkomst: 'lokaal' },
      { decision: 'register-bevestigd', reason: 'Klopt al wel' },
      'p',
      NOW,
    );
    expect(nothing.ok || nothing.code).toBe('classificatie.geen-afwijking');
    const drawn = decideClassification(
      { ...round, status: 'geloot' },
      b!,
      known,
      { decision: 'register-bevestigd', reason: 'Te laat' },
      'p',
      NOW,
    );
    expect(drawn.ok || drawn.code).toBe('classificatie.na-loting');
    const empty = decideClassification(
      round,
      b!,
      { grootte: null, herkomst: null },
      { decision: 'register-bevestigd', reason: 'Leeg register' },
      'p',
      NOW,
    );
    expect(empty.ok || empty.fieldErrorsEn?.decision).toContain('cannot be confirmed');
  });
});
