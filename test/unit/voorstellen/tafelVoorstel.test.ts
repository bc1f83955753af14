import {
  checkDirectReason,
  DIRECT_REASON_LIMITS,
  ontwikkeltafelFromVoorstel,
  TAFEL_FROM_VOORSTEL_YEARS,
} from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import { refusalFieldErrors } from '../../../src/domain/shared/result';
import { publicView } from '../../../src/domain/voorstellen/publicView';
import { checkTafelOpzet, TAFEL_VOORSTEL_LIMITS } from '../../../src/domain/voorstellen/tafelVoorstel';
import { recordAdoption } from '../../../src/domain/voorstellen/vaststelling';
import {
  submitVoorstel,
  validateVoorstelInput,
  VOORSTEL_TYPES,
  type Voorstel,
  type VoorstelInput,
} from '../../../src/domain/voorstellen/voorstel';
import { at, gemeenteAdmin, GEMEENTE_ORG, must, VALID_INPUT } from './fixtures';

/**
 * A voorstel "ontwikkeltafel instellen" [000 §2]: its opdracht, doel, percelen and trekkers, checked in both
 * languages; once the bestuur adopts it, the table it proposes; and the reason the gemeente gives when it sets up
 * a table directly.
 */

const TREKKER = { personId: 'p-tineke', name: 'Tineke Trekker', organisationId: 'org-alfa' };
const TAFEL_INPUT: VoorstelInput = {
  ...VALID_INPUT,
  title: 'Wachttijden Jeugd',
  type: 'ontwikkeltafel',
  percelen: [3, 4],
  confidentialParts: [],
  tafel: {
    opdracht: 'Breng de wachttijden in kaart.',
    doel: 'Start binnen 14 werkdagen.',
    trekkers: [TREKKER],
  },
};
const NOW = at('2027-05-10 10:00');

describe('a voorstel "ontwikkeltafel instellen"', () => {
  it('is one of the kinds of voorstel and keeps its table', () => {
    expect(VOORSTEL_TYPES).toContain('ontwikkeltafel');
    const valid = must(validateVoorstelInput(TAFEL_INPUT));
    expect(valid.tafel).toEqual({
      opdracht: 'Breng de wachttijden in kaart.',
      doel: 'Start binnen 14 werkdagen.',
      trekkers: [TREKKER],
    });
    const voorstel = must(submitVoorstel({ id: 'vs-t', input: TAFEL_INPUT }, gemeenteAdmin(), NOW)).voorstel;
    expect(publicView(voorstel).tafel).toEqual({
      opdracht: 'Breng de wachttijden in kaart.',
      doel: 'Start binnen 14 werkdagen.',
      trekkers: ['Tineke Trekker'],
    });
  });

  it('other kinds carry no table, whatever the form sent', () => {
    expect(must(validateVoorstelInput({ ...TAFEL_INPUT, type: 'werkafspraak' })).tafel).toBeNull();
    expect(checkTafelOpzet('pilot', { opdracht: '' }, 'x')).toEqual({ value: null, problems: {} });
    expect(
      publicView(must(submitVoorstel({ id: 'v', input: VALID_INPUT }, gemeenteAdmin(), NOW)).voorstel).tafel,
    ).toBeNull();
  });

  it.each([
    ['no opdracht', { tafel: { ...TAFEL_INPUT.tafel, opdracht: ' ' } }, 'tafelOpdracht'],
    ['no doel', { tafel: { ...TAFEL_INPUT.tafel, doel: undefined } }, 'tafelDoel'],
    ['a long doel', { tafel: { ...TAFEL_INPUT.tafel, doel: 'x'.repeat(2001) } }, 'tafelDoel'],
    ['no trekkers', { tafel: { ...TAFEL_INPUT.tafel, trekkers: [] } }, 'tafelTrekkers'],
    ['no table at all', { tafel: undefined }, 'tafelOpdracht'],
    [
      'six trekkers',
      {
        tafel: {
          ...TAFEL_INPUT.tafel,
          trekkers: Array.from({ length: 6 }, (_, i) => ({ ...TREKKER, personId: `p-${i}` })),
        },
      },
      'tafelTrekkers',
    ],
    ['a title too long for a table name', { title: 'W'.repeat(TAFEL_VOORSTEL_LIMITS.nameMax + 1) }, 'title'],
  ])('refuses %s, in Dutch and English', (_label, change, field) => {
    const refusal = validateVoorstelInput({ ...TAFEL_INPUT, ...change } as VoorstelInput);
    if (refusal.ok) throw new Error('expected a refusal');
    expect(refusalFieldErrors(refusal, 'nl')[field]).toBeTruthy();
    expect(refusalFieldErrors(refusal, 'en')[field]).toBeTruthy();
    expect(refusalFieldErrors(refusal, 'en')[field]).not.toBe(refusalFieldErrors(refusal, 'nl')[field]);
  });

  it('drops duplicate and incomplete trekkers', () => {
    const checked = checkTafelOpzet(
      'ontwikkeltafel',
      {
        ...TAFEL_INPUT.tafel,
        trekkers: [TREKKER, TREKKER, { personId: '', name: 'X', organisationId: null }],
      },
      'Titel',
    );
    expect(checked.value?.trekkers).toEqual([TREKKER]);
  });
});

describe('the table of an adopted voorstel', () => {
  function adopted(input = TAFEL_INPUT, outcome = 'vastgesteld'): Voorstel {
    const submitted = must(
      submitVoorstel({ id: 'vs-t', input }, gemeenteAdmin(), at('2027-03-01 10:00')),
    ).voorstel;
    const uitgewerkt: Voorstel = {
      ...submitted,
      status: 'uitgewerkt',
      decision: { kind: 'unaniem', at: at('2027-04-01 10:00').toISOString(), by: null, reason: null },
    };
    return must(
      recordAdoption(
        uitgewerkt,
        {
          outcome,
          reason: 'Het college stemt in met het instellen van de tafel.',
          decisionDate: '2027-05-04',
          organisations: [GEMEENTE_ORG],
        },
        gemeenteAdmin(),
        at('2027-05-05 10:00'),
      ),
    ).voorstel;
  }

  it('has the voorstel’s title, opdracht, doel, percelen and trekkers, starts today and runs two years', () => {
    const { tafel, events } = must(ontwikkeltafelFromVoorstel({ id: 'ot-v', voorstel: adopted() }, NOW));
    expect(tafel).toMatchObject({
      id: 'ot-v',
      name: 'Wachttijden Jeugd',
      opdracht: 'Breng de wachttijden in kaart.',
      doel: 'Start binnen 14 werkdagen.',
      percelen: [3, 4],
      trekkers: [TREKKER],
      start: '2027-05-10',
      expectedEnd: '2029-05-09',
      status: 'actief',
      origin: { kind: 'voorstel', voorstelId: 'vs-t' },
      createdBy: { personId: 'p-gemeente', capacity: 'gemeente' },
    });
    expect(TAFEL_FROM_VOORSTEL_YEARS).toBe(2);
    expect(tafel.schedule.periodEnds).toHaveLength(2);
    expect(events).toEqual([{ type: 'ontwikkeltafel.ingesteld', tafelId: 'ot-v', percelen: [3, 4] }]);
  });

  it('is refused for a voorstel that is not adopted, declined, or of another kind', () => {
    const declined = adopted(TAFEL_INPUT, 'afgewezen');
    const werkafspraak = { ...adopted(), type: 'werkafspraak' as const };
    const notYet = { ...adopted(), status: 'uitgewerkt' as const, adoption: null };
    for (const voorstel of [declined, werkafspraak, notYet]) {
      expect(ontwikkeltafelFromVoorstel({ id: 'ot-v', voorstel }, NOW)).toMatchObject({
        code: 'ontwikkeltafel.voorstel-not-adopted',
      });
    }
  });
});

describe('setting up a table directly needs a reason', () => {
  it.each([undefined, '', 'Omdat het moet.', 'x'.repeat(DIRECT_REASON_LIMITS.max + 1), 42])(
    'refuses %p in both languages',
    (reason) => {
      const refusal = checkDirectReason(reason);
      if (refusal.ok) throw new Error('expected a refusal');
      expect(refusal.code).toBe('ontwikkeltafel.reason-required');
      expect(refusalFieldErrors(refusal, 'nl').reason).toMatch(/reden/);
      expect(refusalFieldErrors(refusal, 'en').reason).toMatch(/reason/);
    },
  );

  it('accepts a reason of at least 20 characters, normalised', () => {
    expect(must(checkDirectReason('  Spoed: de wachtlijsten lopen op.  '))).toBe(
      'Spoed: de wachtlijsten lopen op.',
    );
    expect(checkDirectReason('x'.repeat(DIRECT_REASON_LIMITS.min)).ok).toBe(true);
  });
});
