import { drawSelection, type Registration } from '../../../src/domain/lottery';
import { framework, registration } from './support';

/** Two of different grootte, one of them lokaal: a perceel that meets every perceel rule. */
const complete = (perceel: 1 | 2 | 3 | 4 | 5): Registration[] => [
  registration(`p${perceel}-a`, perceel, 'klein', 'lokaal'),
  registration(`p${perceel}-b`, perceel, 'groot', 'regionaal'),
];

const messages = (registrations: Registration[], overrides = {}) =>
  drawSelection(registrations, framework(overrides), 'onvervuld').unmetRules.map((rule) => rule.message);

describe('unmet rules are named with their reason', () => {
  it('meets everything when every perceel has a lokale and a differently sized aanbieder', () => {
    const all = [...complete(1), ...complete(2), ...complete(3), ...complete(4), ...complete(5)];
    expect(drawSelection(all, framework(), 'alles').unmetRules).toEqual([]);
  });

  it('perceel without registrations: minimum, grootte rule and lokale rule all unmet, each with the reason', () => {
    const outcome = drawSelection(
      [...complete(1), ...complete(2), ...complete(3), ...complete(4)],
      framework(),
      's',
    );
    expect(outcome.unmetRules).toEqual([
      {
        rule: 'perceelminimum',
        code: 'geen-inschrijvingen',
        perceel: 5,
        required: 1,
        achieved: 0,
        message: 'Perceel 5: minimaal 1 aanbieder vereist, maar er is geen inschrijving voor dit perceel',
      },
      {
        rule: 'lokale-aanbieder',
        code: 'geen-lokale-inschrijving',
        perceel: 5,
        required: 1,
        achieved: 0,
        message: 'Perceel 5: geen lokale aanbieder ingeschreven',
      },
    ]);
  });

  it('perceel with fewer registrations than its minimum', () => {
    const registrations = [
      ...complete(1),
      registration('p2-a', 2, 'klein', 'lokaal'),
      ...complete(3),
      ...complete(4),
      ...complete(5),
    ];
    expect(messages(registrations)).toEqual([
      'Perceel 2: minimaal 2 aanbieders vereist, maar er is maar 1 inschrijving voor dit perceel',
      "Perceel 2: geen twee aanbieders van verschillende grootte beschikbaar (er is maar één inschrijving, van grootte 'klein')",
    ]);
  });

  it("perceel where every registrant has the same grootte: 'alle inschrijvers zijn groot'", () => {
    const allGroot = [
      registration('p2-a', 2, 'groot', 'lokaal'),
      registration('p2-b', 2, 'groot'),
      registration('p2-c', 2, 'groot'),
    ];
    const outcome = drawSelection(
      [...complete(1), ...allGroot, ...complete(3), ...complete(4), ...complete(5)],
      framework(),
      's',
    );
    expect(outcome.unmetRules).toEqual([
      {
        rule: 'verschillende-grootte',
        code: 'een-grootte',
        perceel: 2,
        required: 2,
        achieved: 1,
        message:
          "Perceel 2: geen twee aanbieders van verschillende grootte beschikbaar (alle inschrijvers zijn 'groot')",
      },
    ]);
    expect(
      outcome.selected.filter((entry) => entry.perceel === 2 && entry.reason !== 'vrije-loting'),
    ).toHaveLength(2);
  });

  it('perceel without a lokale aanbieder', () => {
    const regional = [registration('p3-a', 3, 'klein'), registration('p3-b', 3, 'middel')];
    expect(messages([...complete(1), ...complete(2), ...regional, ...complete(4), ...complete(5)])).toEqual([
      'Perceel 3: geen lokale aanbieder ingeschreven',
    ]);
  });

  it('reports nothing for a rule the gemeente switched off', () => {
    const regional = [registration('p3-a', 3, 'klein'), registration('p3-b', 3, 'klein')];
    const registrations = [...complete(1), ...complete(2), ...regional, ...complete(4), ...complete(5)];
    expect(
      messages(registrations, { atLeastOneLokaalPerPerceel: false, differentGrootteWithinPerceel: false }),
    ).toEqual([]);
  });

  it('continuity: too few aanbieders that sat at the table last year registered', () => {
    const registrations = [...complete(1), ...complete(2), ...complete(3), ...complete(4), ...complete(5)];
    registrations[0] = { ...(registrations[0] as Registration), previouslySeated: true };
    expect(messages(registrations, { continuity: { minimumReturning: 3 } })).toEqual([
      'Continuïteit: minimaal 3 aanbieders gevraagd die vorig jaar aan tafel zaten, 1 gekozen: er is maar 1 inschrijving van een aanbieder die vorig jaar aan tafel zat',
    ]);
    expect(
      messages(
        registrations.map((r) => ({ ...r, previouslySeated: false })),
        { continuity: { minimumReturning: 2 } },
      ),
    ).toEqual([
      'Continuïteit: minimaal 2 aanbieders gevraagd die vorig jaar aan tafel zaten, 0 gekozen: er is geen inschrijving van een aanbieder die vorig jaar aan tafel zat',
    ]);
  });

  it('continuity: candidates exist but the perceel minimums left too few seats', () => {
    const newcomers = [
      ...complete(1),
      ...complete(2),
      ...complete(3),
      ...complete(4),
      registration('p5-a', 5, 'klein', 'lokaal'),
    ];
    const returning = ['x', 'y', 'z', 'w'].map((id) =>
      registration(`terug-${id}`, 1, 'middel', 'regionaal', true),
    );
    const outcome = drawSelection(
      [...newcomers, ...returning],
      framework({ seats: 10, continuity: { minimumReturning: 3 } }),
      'krap',
    );
    const returningSeated = outcome.selected.filter((e) => e.registrationId.startsWith('terug-')).length;
    expect(outcome.unmetRules).toEqual([
      {
        rule: 'continuiteit',
        code: 'geen-zetels-over',
        required: 3,
        achieved: returningSeated,
        message: `Continuïteit: minimaal 3 aanbieders gevraagd die vorig jaar aan tafel zaten, ${returningSeated} gekozen: na de perceelminima waren nog maar 1 zetel vrij`,
      },
    ]);
  });

  it('inflow: too few new aanbieders registered', () => {
    const registrations = [
      ...complete(1),
      ...complete(2),
      ...complete(3),
      ...complete(4),
      ...complete(5),
    ].map((r, i) => ({ ...r, previouslySeated: i !== 0 }));
    expect(messages(registrations, { inflow: { minimumNewcomers: 2 } })).toEqual([
      'Instroom: minimaal 2 aanbieders gevraagd die vorig jaar niet aan tafel zaten, 1 gekozen: er is maar 1 inschrijving van een nieuwe aanbieder',
    ]);
  });

  it('fills continuity and inflow minimums from the seats left when candidates exist', () => {
    const base = [
      ...complete(1),
      ...complete(2),
      ...complete(3),
      ...complete(4),
      registration('p5-a', 5, 'klein', 'lokaal'),
    ];
    const returning = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      registration(`terug-${id}`, 2, 'middel', 'regionaal', true),
    );
    const outcome = drawSelection(
      [...base, ...returning],
      framework({ continuity: { minimumReturning: 3 }, inflow: { minimumNewcomers: 9 } }),
      'ruim',
    );
    expect(outcome.unmetRules).toEqual([]);
    // Perceel 2 may already seat a returning aanbieder; continuity tops up to three, inflow keeps nine new.
    expect(outcome.selected.filter((e) => e.registrationId.startsWith('terug-'))).toHaveLength(3);
    expect(outcome.selected.filter((e) => e.reason === 'continuiteit').length).toBeGreaterThanOrEqual(2);
  });

  it('an empty registration round names every perceel', () => {
    const outcome = drawSelection([], framework(), 'leeg');
    expect(outcome.selected).toEqual([]);
    expect(outcome.reserve).toEqual([]);
    expect(
      outcome.unmetRules.filter((rule) => rule.rule === 'perceelminimum').map((rule) => rule.perceel),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(outcome.unmetRules.find((rule) => rule.rule === 'verschillende-grootte')?.message).toBe(
      'Perceel 1: geen twee aanbieders van verschillende grootte beschikbaar (er is geen inschrijving voor dit perceel)',
    );
  });
});
