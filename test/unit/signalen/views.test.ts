import fc from 'fast-check';
import { renderCard } from '../../../src/cards/renderCard';
import { elapsedPercent, pilotBerichtView } from '../../../src/cards/views/pilotViews';
import { signaalBerichtView, signaalInboxView, stackedBar } from '../../../src/cards/views/signalenViews';
import { MAX_CARD_BYTES } from '../../../src/domain/delivery/broadcast';
import { decidePilot, publicPilot, publicSignaal, summarise } from '../../../src/domain/signalen';
import { at, BRUG, contact, gemeenteAdmin, must, pilot, PILOT_INPUT, signaal } from './fixtures';

const SECRET = 'Onze kostprijs per uur is EUR 71,43.';

describe('the stacked bars of the inbox', () => {
  it('always fills exactly the width, keeps every non-zero part visible and the largest row full', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(500), { minLength: 3, maxLength: 3 }), fc.nat(500), (parts, extra) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const largest = total + extra;
        const widths = stackedBar(parts, largest);
        expect(widths).toHaveLength(4);
        expect(widths.reduce((a, b) => a + b, 0)).toBe(20);
        widths.forEach((w) => expect(w).toBeGreaterThanOrEqual(0));
        parts.forEach((p, i) => expect(widths[i]! > 0).toBe(p > 0));
        if (total > 0 && extra === 0) expect(widths[3]).toBe(0);
      }),
    );
  });

  it('shows proportions within a row', () => {
    expect(stackedBar([10, 0, 10], 20)).toEqual([10, 0, 10, 0]);
    expect(stackedBar([1, 1, 2], 8)).toEqual([3, 2, 5, 10]);
    expect(stackedBar([0, 0, 0], 5)).toEqual([0, 0, 0, 20]);
  });
});

describe('card sizes', () => {
  it('keeps the gemeente’s inbox under the Teams limit with long signalen and hostile names', () => {
    const brug = contact('p-brug', [{ ...BRUG, name: '*'.repeat(120) }]);
    const many = Array.from({ length: 40 }, (_, i) =>
      signaal({ text: `<at>${'woord '.repeat(660)}</at>` }, brug, BRUG.id, at('2027-03-10 10:00'), `sg-${i}`),
    );
    const card = renderCard(
      'signaalInbox',
      'nl',
      signaalInboxView(
        summarise(many),
        many,
        { year: 2027, currentYear: 2027, onderwerp: null, agendaRequests: 40 },
        'nl',
      ),
    );
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
  });
});

describe('broadcast views', () => {
  it('never carry a confidential signaal’s text, only the gemeente’s answer', () => {
    const secret = publicSignaal(signaal({ confidential: 'true', text: SECRET }));
    for (const kind of ['antwoord', 'nieuw'] as const) {
      const card = JSON.stringify(
        renderCard('signaalBericht', 'nl', signaalBerichtView(kind, secret, 'Dank u.', 'nl')),
      );
      expect(card).not.toContain('71,43');
      expect(card).toContain('Vertrouwelijk signaal');
    }
    const open = publicSignaal(signaal({ text: 'Minder wachttijd in Oosterwijk.' }));
    expect(
      JSON.stringify(renderCard('signaalBericht', 'nl', signaalBerichtView('nieuw', open, null, 'nl'))),
    ).toContain('Minder wachttijd in Oosterwijk.');
  });

  it('never carry the pilot plan, and show the reason of a decision', () => {
    const declined = must(
      decidePilot(
        pilot(),
        { kind: 'afwijzing', reason: 'Geen budget.' },
        gemeenteAdmin(),
        at('2027-03-11 10:00'),
      ),
    );
    const card = JSON.stringify(
      renderCard('pilotBericht', 'nl', pilotBerichtView('afwijzing', publicPilot(declined), 'nl')),
    );
    expect(card).toContain('Geen budget.');
    expect(card).toContain('De gemeente stemt niet in met de pilot');
    for (const secret of [PILOT_INPUT.innovation, PILOT_INPUT.researchQuestion, PILOT_INPUT.deviation])
      expect(card).not.toContain(secret as string);
  });
});

describe('pilot progress', () => {
  it('is the share of the planned period that has passed, bounded to 0-100', () => {
    const period = { start: '2027-04-01', end: '2027-05-01' };
    expect(elapsedPercent(period, '2027-03-01')).toBe(0);
    expect(elapsedPercent(period, '2027-04-16')).toBe(50);
    expect(elapsedPercent(period, '2027-06-01')).toBe(100);
  });
});
