import {
  createOntwikkeltafel,
  endOntwikkeltafel,
  isTrekker,
  joinOntwikkeltafel,
  mayBeInvited,
  validateOntwikkeltafelInput,
  DEFAULT_SCHEMA,
  checkReportSpacing,
  MIN_MONTHS_BETWEEN_REPORTS,
} from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import { refusalFieldErrors } from '../../../src/domain/shared/result';
import { at, contact, gemeenteAdmin, must, organisation } from '../voorstellen/fixtures';
import { TAFEL_INPUT, tafel, trekker, otherTrekker } from './fixtures';

const NOW = at('2027-01-10 10:00');

describe('setting up an ontwikkeltafel', () => {
  it('the gemeente creates it with the default half-yearly schedule', () => {
    const change = must(createOntwikkeltafel({ id: 'ot-9', input: TAFEL_INPUT }, gemeenteAdmin(), NOW));
    expect(change.tafel).toMatchObject({
      status: 'actief',
      endedOn: null,
      participants: [],
      percelen: [3, 4],
      schedule: DEFAULT_SCHEMA,
    });
    expect(change.events).toEqual([{ type: 'ontwikkeltafel.ingesteld', tafelId: 'ot-9', percelen: [3, 4] }]);
    expect(createOntwikkeltafel({ id: 'x', input: TAFEL_INPUT }, trekker, NOW)).toMatchObject({
      code: 'auth.gemeente-only',
    });
  });

  it('reports missing and invalid fields in Dutch, all at once', () => {
    const result = validateOntwikkeltafelInput({
      name: 'ab',
      percelen: [],
      trekkers: [],
      start: '2027-02-30',
      expectedEnd: 'morgen',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'ontwikkeltafel.invalid',
      fieldErrors: {
        name: 'De naam is te kort (minstens 3 tekens).',
        opdracht: 'De opdracht is verplicht.',
        doel: 'Het doel is verplicht.',
        percelen: 'Kies minstens één perceel voor deze ontwikkeltafel.',
        trekkers: 'Wijs minstens één trekker aan.',
        start: 'Vul een geldige startdatum in (JJJJ-MM-DD).',
        expectedEnd: 'Vul een geldige verwachte einddatum in (JJJJ-MM-DD).',
      },
    });
  });

  it('bounds the text fields', () => {
    expect(validateOntwikkeltafelInput({ ...TAFEL_INPUT, opdracht: 'o'.repeat(2001) })).toMatchObject({
      fieldErrors: { opdracht: 'De opdracht is te lang: 2001 tekens, maximaal 2000.' },
    });
    expect(validateOntwikkeltafelInput({ ...TAFEL_INPUT, name: 'n'.repeat(121) }).ok).toBe(false);
  });

  it('requires the expected end after the start', () => {
    expect(validateOntwikkeltafelInput({ ...TAFEL_INPUT, expectedEnd: TAFEL_INPUT.start })).toMatchObject({
      fieldErrors: { expectedEnd: 'De verwachte einddatum moet na de startdatum liggen.' },
    });
  });

  it('requires at least two reports a year on days that exist every year', () => {
    expect(
      validateOntwikkeltafelInput({ ...TAFEL_INPUT, schedule: { periodEnds: [{ month: 12, day: 31 }] } }),
    ).toMatchObject({
      fieldErrors: { schedule: 'Een ontwikkeltafel rapporteert minstens twee keer per jaar.' },
    });
    expect(
      validateOntwikkeltafelInput({
        ...TAFEL_INPUT,
        schedule: {
          periodEnds: [
            { month: 12, day: 31 },
            { month: 12, day: 31 },
          ],
        },
      }).ok,
    ).toBe(false);
    expect(
      validateOntwikkeltafelInput({
        ...TAFEL_INPUT,
        schedule: {
          periodEnds: [
            { month: 2, day: 29 },
            { month: 8, day: 31 },
          ],
        },
      }),
    ).toMatchObject({
      fieldErrors: {
        schedule: 'Een periode-einde is geen bestaande dag van het jaar (29 februari kan niet).',
      },
    });
    expect(validateOntwikkeltafelInput({ ...TAFEL_INPUT, schedule: { graceDays: -1 } }).ok).toBe(false);
    expect(
      validateOntwikkeltafelInput({ ...TAFEL_INPUT, schedule: { reminderDaysBefore: [14, 91] } }).ok,
    ).toBe(false);
  });
});

describe('participants and trekkers', () => {
  const t = tafel();
  const jeugdAanbieder = { ...organisation('org-j', 'Jeugdzorg J'), percelen: [3 as const] };
  const hhAanbieder = { ...organisation('org-h', 'Huishoudhulp H'), percelen: [1 as const] };

  it('invites only contracted aanbieders in a perceel of the table', () => {
    expect(mayBeInvited(t, jeugdAanbieder)).toBe(true);
    expect(mayBeInvited(t, hhAanbieder)).toBe(false);
    expect(mayBeInvited(t, { ...jeugdAanbieder, contracted: false })).toBe(false);
    expect(mayBeInvited(t, organisation('org-g', 'Gemeente', 'gemeente'))).toBe(false);
  });

  it('a contact joins for an invited aanbieder, once', () => {
    const joined = must(joinOntwikkeltafel(t, 'org-j', contact('p-j', jeugdAanbieder), NOW));
    expect(joined.tafel.participants).toEqual([
      { organisationId: 'org-j', name: 'Jeugdzorg J', joinedAt: NOW.toISOString() },
    ]);
    const again = must(
      joinOntwikkeltafel(joined.tafel, 'org-j', contact('p-j2', jeugdAanbieder, 'vervanger'), NOW),
    );
    expect(again.tafel).toBe(joined.tafel);
    expect(again.events).toEqual([]);
    expect(joinOntwikkeltafel(t, 'org-h', contact('p-h', hhAanbieder), NOW)).toMatchObject({
      code: 'ontwikkeltafel.not-invited',
    });
    expect(joinOntwikkeltafel(t, 'org-j', contact('p-h', hhAanbieder), NOW)).toMatchObject({
      code: 'ontwikkeltafel.not-your-organisation',
    });
  });

  it('knows its trekkers', () => {
    expect(isTrekker(t, trekker)).toBe(true);
    expect(isTrekker(t, otherTrekker)).toBe(false);
    expect(isTrekker(t, { kind: 'unknown' })).toBe(false);
  });

  it('the gemeente ends a table on a date between its start and today, once', () => {
    expect(endOntwikkeltafel(t, '2027-01-11', gemeenteAdmin(), NOW)).toMatchObject({
      code: 'ontwikkeltafel.invalid',
    });
    expect(endOntwikkeltafel(t, '2026-11-14', gemeenteAdmin(), NOW)).toMatchObject({
      code: 'ontwikkeltafel.invalid',
    });
    expect(endOntwikkeltafel(t, '2027-01-10', trekker, NOW)).toMatchObject({ code: 'auth.gemeente-only' });
    const ended = must(endOntwikkeltafel(t, '2027-01-10', gemeenteAdmin(), NOW));
    expect(ended.events).toEqual([
      { type: 'ontwikkeltafel.beeindigd', tafelId: 'ot-1', endedOn: '2027-01-10' },
    ]);
    expect(endOntwikkeltafel(ended.tafel, '2027-01-10', gemeenteAdmin(), NOW)).toMatchObject({
      code: 'ontwikkeltafel.ended',
    });
    expect(joinOntwikkeltafel(ended.tafel, 'org-j', contact('p-j', jeugdAanbieder), NOW)).toMatchObject({
      code: 'ontwikkeltafel.ended',
    });
  });
});

describe('report dates at least four months apart (issue 19)', () => {
  const md = (text: string) => {
    const [day, month] = text.split('-').map(Number);
    return { day: day!, month: month! };
  };
  const ends = (...texts: string[]) => texts.map(md);

  it.each([
    [['30-06', '31-12']],
    [['31-12', '30-06']],
    [['30-04', '31-08', '31-12']],
    [['31-03', '31-07', '30-11']],
    [['31-01', '31-05']],
    [['01-03', '01-07']],
  ])('accepts %j', (texts) => {
    expect(checkReportSpacing(ends(...texts))).toBeNull();
    expect(validateOntwikkeltafelInput({ ...TAFEL_INPUT, schedule: { periodEnds: ends(...texts) } }).ok).toBe(
      true,
    );
  });

  it.each([
    [['30-06', '01-07'], '30-06 en 01-07'],
    [['31-12', '01-01'], '31-12 en 01-01'],
    [['31-03', '30-06', '30-09', '31-12'], '31-03 en 30-06'],
    [['30-06', '29-10'], '30-06 en 29-10'],
    // Across the turn of the year: four months after 31-10 is 28-02, so 27-02 is a day short.
    [['30-06', '31-10', '27-02'], '31-10 en 27-02'],
  ])('refuses %j in Dutch and English', (texts, pair) => {
    const problem = checkReportSpacing(ends(...texts));
    expect(problem?.nl).toBe(
      `Rapportagemomenten liggen minstens ${MIN_MONTHS_BETWEEN_REPORTS} maanden uit elkaar; ${pair} liggen te dicht bij elkaar.`,
    );
    expect(problem?.en).toMatch(/at least 4 months apart/);
    const refusal = validateOntwikkeltafelInput({ ...TAFEL_INPUT, schedule: { periodEnds: ends(...texts) } });
    if (refusal.ok) throw new Error('expected a refusal');
    expect(refusalFieldErrors(refusal, 'nl').schedule).toBe(problem?.nl);
    expect(refusalFieldErrors(refusal, 'en').schedule).toBe(problem?.en);
  });

  it('a day past the end of the month is clamped: four months after 31-10 is 28-02, after 31-05 it is 30-09', () => {
    expect(checkReportSpacing(ends('30-06', '31-10', '28-02'))).toBeNull();
    expect(checkReportSpacing(ends('31-10', '28-02', '30-06'))).toBeNull();
    expect(checkReportSpacing(ends('31-05', '30-09', '31-01'))).toBeNull();
    expect(checkReportSpacing(ends('31-05', '29-09'))).not.toBeNull();
  });

  it('reports the other problems of the form together with the spacing', () => {
    const refusal = validateOntwikkeltafelInput({
      ...TAFEL_INPUT,
      name: '',
      schedule: { periodEnds: ends('30-06', '01-07') },
    });
    if (refusal.ok) throw new Error('expected a refusal');
    expect(Object.keys(refusal.fieldErrors ?? {}).sort()).toEqual(['name', 'schedule']);
  });
});
