import {
  checkDrawAllowed,
  mayManageRounds,
  roundPhase,
  seedSourceForRecord,
  validateDrawRequest,
  validateOpenRound,
  type OpenRoundInput,
} from '../../../src/domain/inschrijving';
import { defaultOpenRoundInput } from '../../../src/cards/views/inschrijvingViews';
import { commitmentOf, defaultFramework } from '../../../src/domain/lottery';
import { actorFor, person } from './fixtures';
import { sampleAanbieder } from '../../support/inschrijvingSamples';

const NOW = new Date('2026-11-02T09:00:00Z');
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'.repeat(2);
const context = { now: NOW, personId: 'person-admin', secret: SECRET };
const input = (changes: Partial<OpenRoundInput> = {}): OpenRoundInput => ({
  ...defaultOpenRoundInput(NOW),
  year: '2027',
  deadlineDate: '2027-01-15',
  deadlineTime: '12:00',
  seedSource: 'slotkoers AEX op 16 januari 2027',
  publicValueDate: '2027-01-16',
  ...changes,
});

describe('opening a round', () => {
  it('opens a round with the default framework, a deadline in Amsterdam time and only the commitment of its secret', () => {
    const result = validateOpenRound(input(), context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      id: 'ronde-2027',
      year: 2027,
      status: 'open',
      // 12:00 in winter time (UTC+1)
      deadline: '2027-01-15T11:00:00.000Z',
      framework: defaultFramework(),
      seed: {
        mode: 'toezegging',
        source: 'slotkoers AEX op 16 januari 2027',
        publicValueDate: '2027-01-16',
        commitment: commitmentOf(SECRET),
      },
      deviationReason: '',
      draw: null,
      composition: null,
      publications: [],
    });
  });

  it('stores a summer-time deadline with the summer offset', () => {
    const result = validateOpenRound(
      input({ deadlineDate: '2027-06-30', deadlineTime: '23:59', publicValueDate: '2027-07-01' }),
      context,
    );
    expect(result.ok && result.value.deadline).toBe('2027-06-30T21:59:00.000Z');
  });

  it('refuses a deadline in the clock gap of the change to summer time', () => {
    const result = validateOpenRound(input({ deadlineDate: '2027-03-28', deadlineTime: '02:30' }), context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.deadline).toContain('bestaat niet');
  });

  it('refuses a deadline that is not in the future, a year out of range and a bad framework, per field', () => {
    const result = validateOpenRound(
      input({ year: '2020', deadlineDate: '2026-11-02', deadlineTime: '10:00', seats: '5', minimum5: 'x' }),
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      'deadline',
      'minimum',
      'minimumReturning',
      'year',
    ]);
    expect(result.fieldErrors?.deadline).toBe('De sluitingstermijn moet in de toekomst liggen.');
    expect(result.fieldErrors?.minimum).toContain('perceel 5');
  });

  it('refuses more reserved seats than seats, and continuity plus inflow above the seats', () => {
    const result = validateOpenRound(
      input({ seats: '8', minimumReturning: '5', minimumNewcomers: '4' }),
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.minimum).toContain('meer dan de 8 zetels');
    expect(result.fieldErrors?.minimumReturning).toContain('meer dan de 8 zetels');
  });

  it('never puts the secret itself on the round', () => {
    const result = validateOpenRound(input(), context);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('requires a public value, dated after the day of the deadline, with a bilingual message', () => {
    const missing = validateOpenRound(input({ seedSource: ' ' }), context);
    expect(missing.ok || missing.fieldErrors?.seedSource).toContain('slotkoers AEX op 16 januari 2027');
    for (const date of ['2026-12-01', '2027-01-15']) {
      const early = validateOpenRound(input({ publicValueDate: date }), context);
      expect(early.ok).toBe(false);
      if (early.ok) continue;
      expect(Object.keys(early.fieldErrors ?? {})).toEqual(['publicValueDate']);
      expect(early.fieldErrors?.publicValueDate).toContain('ná de sluitingstermijn');
      expect(early.fieldErrorsEn?.publicValueDate).toContain('after the registration deadline');
    }
    const bad = validateOpenRound(input({ publicValueDate: 'morgen' }), context);
    expect(bad.ok || bad.fieldErrorsEn?.publicValueDate).toContain('YYYY-MM-DD');
  });

  it('requires a reason for every departure from Bijlage 9, and stores it', () => {
    const refused = validateOpenRound(input({ seats: '10' }), context);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.fieldErrors?.deviationReason).toContain('zetels');
    expect(refused.fieldErrorsEn?.deviationReason).toContain('state the reason');
    const lokaalOff = validateOpenRound(input({ atLeastOneLokaal: 'false' }), context);
    expect(lokaalOff.ok || Object.keys(lokaalOff.fieldErrors ?? {})).toEqual(['deviationReason']);
    const accepted = validateOpenRound(
      input({ seats: '10', deviationReason: 'Kleinere zaal dit jaar' }),
      context,
    );
    expect(accepted.ok && accepted.value.deviationReason).toBe('Kleinere zaal dit jaar');
    const none = validateOpenRound(input({ deviationReason: 'niet nodig' }), context);
    expect(none.ok && none.value.deviationReason).toBe('');
  });

  it('lets only the gemeente admin manage rounds', () => {
    const alfa = sampleAanbieder(1, [1], 'klein', 'lokaal');
    expect(mayManageRounds(actorFor(person('admin', true)))).toBe(true);
    expect(mayManageRounds(actorFor(person('contact'), [[alfa, 'contactpersoon']]))).toBe(false);
    expect(mayManageRounds({ kind: 'unknown' })).toBe(false);
  });
});

describe('the draw may run only after the deadline, once', () => {
  const opened = validateOpenRound(input(), context);
  if (!opened.ok) throw new Error('setup');
  const round = opened.value;
  const deadline = new Date(round.deadline);
  const at = (ms: number) => new Date(deadline.getTime() + ms);

  it('is refused up to and including the deadline second, and allowed one second after', () => {
    expect(roundPhase(round, at(0))).toBe('open');
    expect(roundPhase(round, at(999))).toBe('open');
    expect(checkDrawAllowed(round, at(999)).ok).toBe(false);
    const early = validateDrawRequest(round, at(999), '912,37');
    expect(early.ok || early.code).toBe('loting.te-vroeg');
    expect(early.ok || early.messages[0]).toContain('vrijdag 15 januari 2027 om 12:00');
    expect(roundPhase(round, at(1000))).toBe('gesloten');
    const allowed = validateDrawRequest(round, at(1000), '912,37');
    expect(allowed.ok && allowed.value).toMatchObject({ kind: 'toezegging', publicValue: '912,37' });
    expect(allowed.ok && allowed.value.seedSource).toContain('slotkoers AEX op 16 januari 2027');
    expect(allowed.ok && allowed.value.seedSource).toContain('SHA-256(geheim + ":" + openbare waarde)');
  });

  it('requires the value of the announced source, checked like every seed', () => {
    for (const seed of ['', ' 912,37', '912\n37']) {
      const result = validateDrawRequest(round, at(1000), seed);
      expect(result.ok).toBe(false);
      expect(result.ok || result.messages[0]).toContain('slotkoers AEX op 16 januari 2027');
    }
  });

  it('still draws a stored round of the older kinds: the generated seed, whatever is entered', () => {
    const generated = {
      ...round,
      seed: { mode: 'gegenereerd' as const, source: '', seed: 'abc123', announcedAt: round.openedAt },
    };
    const result = validateDrawRequest(generated, at(1000), 'iets anders');
    expect(result.ok && result.value).toMatchObject({ kind: 'seed', seed: 'abc123' });
    expect(seedSourceForRecord(generated)).toContain('gepubliceerd in de uitnodiging');
  });

  it('refuses a second draw', () => {
    const drawn = { ...round, status: 'geloot' as const };
    expect(roundPhase(drawn, at(1000))).toBe('geloot');
    const result = validateDrawRequest(drawn, at(1000), '912,37');
    expect(result.ok || result.code).toBe('loting.al-uitgevoerd');
  });
});
