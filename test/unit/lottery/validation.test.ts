import {
  defaultFramework,
  drawSelection,
  LotteryInputError,
  validateFramework,
  validateRegistrations,
  type DistributionFramework,
  type Registration,
} from '../../../src/domain/lottery';
import { framework, registration } from './support';

const messagesOf = (value: unknown): string[] =>
  validateFramework(value).map((problem) => problem.message.nl);

describe('defaultFramework', () => {
  it('holds the Verdelingskader of Bijlage 9 §3 and is valid', () => {
    const defaults = defaultFramework();
    expect(defaults.seats).toBe(12);
    expect(defaults.minimumPerPerceel).toEqual({ 1: 2, 2: 2, 3: 2, 4: 2, 5: 1 });
    expect(defaults.differentGrootteWithinPerceel).toBe(true);
    expect(defaults.atLeastOneLokaalPerPerceel).toBe(true);
    expect(defaults.continuity.minimumReturning + defaults.inflow.minimumNewcomers).toBeLessThanOrEqual(12);
    expect(validateFramework(defaults)).toEqual([]);
  });

  it('returns a fresh object each time, so editing one round does not change the next', () => {
    const first = defaultFramework() as { seats: number };
    first.seats = 3;
    expect(defaultFramework().seats).toBe(12);
  });
});

describe('validateFramework', () => {
  it('refuses a number of seats outside 1..50 or not whole', () => {
    expect(messagesOf(framework({ seats: 0, minimumPerPerceel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } }))).toEqual([
      'Het aantal zetels moet tussen 1 en 50 liggen (een geheel getal); nu: 0',
    ]);
    expect(messagesOf(framework({ seats: 51 }))[0]).toBe(
      'Het aantal zetels moet tussen 1 en 50 liggen (een geheel getal); nu: 51',
    );
    expect(validateFramework(framework({ seats: 12.5 })).map((p) => p.code)).toEqual(['zetels-ongeldig']);
  });

  it('refuses minimums per perceel that add up to more than the seats', () => {
    expect(messagesOf(framework({ seats: 8 }))).toEqual([
      'De minimumaantallen per perceel tellen op tot 9, meer dan de 8 zetels',
    ]);
    expect(validateFramework(framework({ seats: 9 }))).toEqual([]);
  });

  it('refuses a negative, fractional, missing or unknown perceel minimum', () => {
    const bad = {
      ...framework(),
      minimumPerPerceel: { 1: -1, 2: 1.5, 3: 2, 4: 2, 6: 1 },
    } as unknown as DistributionFramework;
    expect(messagesOf(bad)).toEqual([
      'Het minimum voor perceel 1 moet een geheel getal van 0 t/m 10 zijn; nu: -1',
      'Het minimum voor perceel 2 moet een geheel getal van 0 t/m 10 zijn; nu: 1.5',
      'Het minimum voor perceel 5 moet een geheel getal van 0 t/m 10 zijn; nu: ontbreekt',
      'Onbekend perceel in de minimumaantallen: 6 (toegestaan: 1 t/m 5)',
    ]);
  });

  it('refuses continuity and inflow minimums that together exceed the seats', () => {
    expect(
      messagesOf(framework({ continuity: { minimumReturning: 7 }, inflow: { minimumNewcomers: 6 } })),
    ).toEqual([
      'Het minimum aantal terugkerende (7) en nieuwe aanbieders (6) samen is meer dan de 12 zetels',
    ]);
    expect(messagesOf(framework({ continuity: { minimumReturning: 13 } }))).toEqual([
      'Het minimum aantal terugkerende aanbieders (continuïteit) moet een geheel getal van 0 t/m 12 zijn; nu: 13',
    ]);
  });

  it('requires the two rules to be switched on or off explicitly', () => {
    const bad = {
      ...framework(),
      differentGrootteWithinPerceel: 'ja',
      atLeastOneLokaalPerPerceel: undefined,
    };
    expect(validateFramework(bad).map((p) => p.code)).toEqual([
      'regel-grootte-ongeldig',
      'regel-lokaal-ongeldig',
    ]);
  });

  it('reports a missing framework and missing parts without throwing', () => {
    expect(messagesOf(null)).toEqual(['Het verdelingskader ontbreekt of is geen object']);
    expect(validateFramework({}).map((p) => p.code)).toEqual([
      'zetels-ongeldig',
      'perceelminima-ontbreken',
      'regel-grootte-ongeldig',
      'regel-lokaal-ongeldig',
      'continuiteit-ongeldig',
      'instroom-ongeldig',
    ]);
  });
});

describe('validateRegistrations', () => {
  it('accepts well-formed registrations', () => {
    expect(
      validateRegistrations([registration('a', 1), registration('b', 5, 'klein', 'lokaal', true)]),
    ).toEqual([]);
  });

  it('refuses a second registration of the same organisation, naming both', () => {
    const second = { ...registration('b', 2), organisationId: 'org-a', organisationName: 'Zorgaanbieder a' };
    expect(validateRegistrations([registration('a', 1), second]).map((p) => p.message.nl)).toEqual([
      "Organisatie 'Zorgaanbieder a' (org-a) heeft 2 inschrijvingen (a, b); per organisatie is één inschrijving toegestaan",
    ]);
  });

  it('refuses a duplicate registration id', () => {
    const twin = { ...registration('a', 2), organisationId: 'org-other' };
    expect(validateRegistrations([registration('a', 1), twin]).map((p) => p.message.nl)).toEqual([
      "De inschrijvings-id 'a' komt 2 keer voor; elke inschrijving heeft een eigen id",
    ]);
  });

  it('names every invalid field of a registration in Dutch', () => {
    const bad = {
      registrationId: 'r 1',
      organisationId: '',
      organisationName: ' ',
      perceel: 6,
      grootte: 'reus',
      herkomst: 'landelijk',
      previouslySeated: 'ja',
      registeredAt: '10-01-2027',
    };
    expect(validateRegistrations([bad]).map((p) => p.message.nl)).toEqual([
      `Inschrijving 'r 1': de inschrijvings-id moet 1 tot 200 zichtbare ASCII-tekens zijn, zonder spaties; nu: "r 1"`,
      "Inschrijving 'r 1': de organisatie-id ontbreekt",
      "Inschrijving 'r 1': de naam van de organisatie ontbreekt",
      "Inschrijving 'r 1': onbekend perceel 6 (toegestaan: 1 t/m 5)",
      `Inschrijving 'r 1': onbekende grootte "reus" (toegestaan: klein, middel, groot)`,
      `Inschrijving 'r 1': onbekende herkomst "landelijk" (toegestaan: lokaal, regionaal)`,
      `Inschrijving 'r 1': of de organisatie vorig jaar aan tafel zat moet ja of nee zijn (true/false); nu: "ja"`,
      `Inschrijving 'r 1': het inschrijfmoment is geen geldig tijdstip (verwacht ISO 8601, bijv. 2027-01-10T09:30:00Z); nu: "10-01-2027"`,
    ]);
  });

  it('refuses an impossible calendar date', () => {
    const bad = { ...registration('a', 1), registeredAt: '2027-02-31T25:00:00Z' };
    expect(validateRegistrations([bad]).map((p) => p.code)).toEqual(['inschrijfmoment-ongeldig']);
  });

  it('reports a non-list and non-objects by position', () => {
    expect(validateRegistrations('geen lijst').map((p) => p.code)).toEqual(['inschrijvingen-ontbreken']);
    expect(validateRegistrations([42]).map((p) => p.message.nl)).toEqual([
      'Inschrijving nr. 1: geen geldige inschrijving',
    ]);
  });
});

describe('drawSelection refuses invalid input before drawing', () => {
  it('throws a LotteryInputError listing every problem', () => {
    const duplicate: Registration = { ...registration('b', 1), organisationId: 'org-a' };
    let caught: unknown;
    try {
      drawSelection([registration('a', 1), duplicate], framework({ seats: 5 }), '');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LotteryInputError);
    const codes = (caught as LotteryInputError).problems.map((problem) => problem.code);
    expect(codes).toEqual(['perceelminima-te-hoog', 'organisatie-dubbel-ingeschreven', 'seed-ontbreekt']);
    expect((caught as LotteryInputError).message).toContain('De loting kan niet worden uitgevoerd');
  });
});
