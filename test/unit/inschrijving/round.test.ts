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
import { defaultFramework } from '../../../src/domain/lottery';
import { actorFor, person } from './fixtures';
import { sampleAanbieder } from '../../support/inschrijvingSamples';

const NOW = new Date('2026-11-02T09:00:00Z');
const context = { now: NOW, personId: 'person-admin', generatedSeed: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
const input = (changes: Partial<OpenRoundInput> = {}): OpenRoundInput => ({
  ...defaultOpenRoundInput(NOW),
  year: '2027',
  deadlineDate: '2027-01-15',
  deadlineTime: '12:00',
  seedMode: 'aangekondigd',
  seedSource: 'slotkoers AEX op 15 januari 2027',
  ...changes,
});

describe('opening a round', () => {
  it('opens a round with the default framework, a deadline in Amsterdam time and the announced seed source', () => {
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
      seed: { mode: 'aangekondigd', source: 'slotkoers AEX op 15 januari 2027', seed: null },
      draw: null,
      composition: null,
      publications: [],
    });
  });

  it('stores a summer-time deadline with the summer offset', () => {
    const result = validateOpenRound(input({ deadlineDate: '2027-06-30', deadlineTime: '23:59' }), context);
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

  it('requires an announced source, or generates and publishes the seed', () => {
    const missing = validateOpenRound(input({ seedSource: ' ' }), context);
    expect(missing.ok || missing.fieldErrors?.seedSource).toContain('slotkoers AEX 15 januari 2027');
    const unknown = validateOpenRound(input({ seedMode: 'raden' }), context);
    expect(unknown.ok || Object.keys(unknown.fieldErrors ?? {})).toEqual(['seedMode']);
    const generated = validateOpenRound(input({ seedMode: 'gegenereerd', seedSource: '' }), context);
    expect(generated.ok && generated.value.seed).toMatchObject({
      mode: 'gegenereerd',
      seed: context.generatedSeed,
    });
    if (generated.ok)
      expect(seedSourceForRecord(generated.value)).toContain('gepubliceerd in de uitnodiging');
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
    expect(allowed.ok && allowed.value.seed).toBe('912,37');
    expect(allowed.ok && allowed.value.seedSource).toContain('slotkoers AEX op 15 januari 2027');
  });

  it('requires the value of the announced source, checked like every seed', () => {
    for (const seed of ['', ' 912,37', '912\n37']) {
      const result = validateDrawRequest(round, at(1000), seed);
      expect(result.ok).toBe(false);
      expect(result.ok || result.messages[0]).toContain('slotkoers AEX op 15 januari 2027');
    }
  });

  it('uses the generated seed and ignores whatever is entered', () => {
    const generated = validateOpenRound(input({ seedMode: 'gegenereerd' }), context);
    if (!generated.ok) throw new Error('setup');
    const result = validateDrawRequest(generated.value, at(1000), 'iets anders');
    expect(result.ok && result.value.seed).toBe(context.generatedSeed);
  });

  it('refuses a second draw', () => {
    const drawn = { ...round, status: 'geloot' as const };
    expect(roundPhase(drawn, at(1000))).toBe('geloot');
    const result = validateDrawRequest(drawn, at(1000), '912,37');
    expect(result.ok || result.code).toBe('loting.al-uitgevoerd');
  });
});
