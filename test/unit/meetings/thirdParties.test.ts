import { planMeeting, updateMeeting } from '../../../src/domain/meetings/meeting';
import { parseThirdParties, thirdPartiesText } from '../../../src/domain/meetings/thirdParties';
import { refusalFieldErrors } from '../../../src/domain/shared/result';
import { at, gemeenteAdmin, must } from '../voorstellen/fixtures';
import { meeting, MEETING_INPUT, PLANNED_AT } from './fixtures';

describe('invited third parties (002 art. 7.7)', () => {
  it('reads one "naam: rol" per line (also "naam - rol"), skipping empty lines', () => {
    expect(
      must(
        parseThirdParties(
          'GGD Gelderland-Zuid: adviseur jeugdgezondheid\n\n  Veilig Thuis - toelichting meldcode ',
        ),
      ),
    ).toEqual([
      { name: 'GGD Gelderland-Zuid', role: 'adviseur jeugdgezondheid' },
      { name: 'Veilig Thuis', role: 'toelichting meldcode' },
    ]);
    expect(must(parseThirdParties(''))).toEqual([]);
    expect(must(parseThirdParties(undefined))).toEqual([]);
    expect(thirdPartiesText([{ name: 'GGD', role: 'adviseur' }])).toBe('GGD: adviseur');
    expect(must(parseThirdParties(thirdPartiesText([{ name: 'GGD', role: 'adviseur' }])))).toEqual([
      { name: 'GGD', role: 'adviseur' },
    ]);
  });

  it('refuses a line without a role, too long parts, too many and non-text, in both languages', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['Alleen een naam', /schrijf "naam: rol"/],
      [`${'x'.repeat(121)}: rol`, /de naam heeft 2 tot 120 tekens/],
      [`GGD: ${'x'.repeat(201)}`, /de rol heeft 2 tot 200 tekens/],
      [Array.from({ length: 11 }, (_, i) => `Partij ${i}: rol`).join('\n'), /Maximaal 10/],
      [42, /moeten tekst zijn/],
    ];
    for (const [value, message] of cases) {
      const result = parseThirdParties(value);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(refusalFieldErrors(result, 'nl').thirdParties).toMatch(message);
      expect(refusalFieldErrors(result, 'en').thirdParties).toMatch(/^(Invitee|At most|The invited)/);
    }
  });

  it('a planned meeting lists them; a wrong line is a field problem next to the others', () => {
    const planned = meeting({ thirdParties: 'GGD Gelderland-Zuid: adviseur' });
    expect(planned.thirdParties).toEqual([{ name: 'GGD Gelderland-Zuid', role: 'adviseur' }]);
    const refused = planMeeting(
      { id: 'm-2', input: { ...MEETING_INPUT, location: '', thirdParties: 'geen rol' } },
      gemeenteAdmin(),
      PLANNED_AT,
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(Object.keys(refusalFieldErrors(refused, 'nl')).sort()).toEqual(['location', 'thirdParties']);
    expect(refusalFieldErrors(refused, 'en').thirdParties).toMatch(/^Invitee 1: write "name: role"/);
  });

  it('changing them is a calendar change (the agenda goes out again); an old meeting without them stays as it was', () => {
    const planned = meeting();
    const changed = must(
      updateMeeting(planned, { thirdParties: 'GGD: adviseur' }, gemeenteAdmin(), at('2027-02-01 10:00')),
    );
    expect(changed.meeting.sequence).toBe(planned.sequence + 1);
    expect(changed.events[0]).toMatchObject({ type: 'meeting.gewijzigd', changed: ['thirdParties'] });

    const { thirdParties: _dropped, ...stored } = planned;
    const old = { ...stored };
    const untouched = must(updateMeeting(old, { thirdParties: '' }, gemeenteAdmin(), at('2027-02-01 10:00')));
    expect(untouched.meeting).toBe(old);
    expect(untouched.events).toEqual([]);
  });
});
