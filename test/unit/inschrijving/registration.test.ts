import {
  checkMayRegisterFor,
  registrableOrganisations,
  registrationDefaults,
  registrationInputOf,
  validateRegistration,
  withdrawRegistration,
  type RegistrationContext,
} from '../../../src/domain/inschrijving';
import type { Organisation } from '../../../src/domain/registry/registry';
import { openSampleRound, sampleAanbieder } from '../../support/inschrijvingSamples';
import { actorFor, person, validInput } from './fixtures';

const round = openSampleRound(); // deadline 2027-01-15 12:00 Amsterdam (11:00:00Z)
const alfa = sampleAanbieder(1, [2, 3], 'klein', 'lokaal', 'Alfa Zorg');
const beta = sampleAanbieder(2, [1], 'groot', 'regionaal', 'Beta Thuiszorg');
const ended: Organisation = {
  ...sampleAanbieder(3, [2], 'middel', 'lokaal', 'Gamma (contract beëindigd)'),
  contracted: false,
};
const gemeente: Organisation = {
  ...sampleAanbieder(4, [], 'klein', 'lokaal', 'Gemeente Rivierstad'),
  type: 'gemeente',
  grootte: null,
  herkomst: null,
};
const before = new Date('2026-12-01T10:00:00Z');
const context = (changes: Partial<RegistrationContext> = {}): RegistrationContext => ({
  round,
  organisation: alfa,
  personId: 'person-karim',
  now: before,
  ...changes,
});

describe('who may register an organisation', () => {
  it('lets the contactpersoon and the vervanger of a contracted aanbieder register it', () => {
    expect(checkMayRegisterFor(actorFor(person('karim'), [[alfa, 'contactpersoon']]), alfa.id).ok).toBe(true);
    expect(checkMayRegisterFor(actorFor(person('vera'), [[alfa, 'vervanger']]), alfa.id).ok).toBe(true);
  });

  it('refuses a contact of another organisation, with a clear message', () => {
    const result = checkMayRegisterFor(actorFor(person('bert'), [[beta, 'contactpersoon']]), alfa.id);
    expect(result.ok).toBe(false);
    expect(result.ok || result.messages[0]).toContain(
      'U bent geen contactpersoon of vervanger van deze organisatie',
    );
  });

  it('refuses an unknown user, a gemeente admin without a role, a gemeente contact and an ended contract', () => {
    expect(checkMayRegisterFor({ kind: 'unknown' }, alfa.id).ok || 'refused').toBe('refused');
    expect(checkMayRegisterFor(actorFor(person('admin', true)), alfa.id).ok).toBe(false);
    expect(checkMayRegisterFor(actorFor(person('g'), [[gemeente, 'contactpersoon']]), gemeente.id).ok).toBe(
      false,
    );
    expect(checkMayRegisterFor(actorFor(person('c'), [[ended, 'contactpersoon']]), ended.id).ok).toBe(false);
  });

  it('offers every contracted aanbieder the person is a contact of, once, by name', () => {
    const actor = actorFor(person('multi'), [
      [beta, 'vervanger'],
      [alfa, 'contactpersoon'],
      [ended, 'contactpersoon'],
      [gemeente, 'contactpersoon'],
    ]);
    expect(registrableOrganisations(actor).map((o) => o.name)).toEqual(['Alfa Zorg', 'Beta Thuiszorg']);
    expect(registrableOrganisations({ kind: 'unknown' })).toEqual([]);
  });
});

describe('the deadline in Europe/Amsterdam time', () => {
  it.each([
    ['a minute before', '2027-01-15T10:59:00.000Z', true],
    ['at the deadline second', '2027-01-15T11:00:00.000Z', true],
    ['within the deadline second', '2027-01-15T11:00:00.999Z', true],
    ['one second after', '2027-01-15T11:00:01.000Z', false],
    ['a day after', '2027-01-16T11:00:00.000Z', false],
  ])('%s: registering %s', (_label, at, accepted) => {
    const result = validateRegistration(validInput, context({ now: new Date(at) }));
    expect(result.ok).toBe(accepted);
    if (!result.ok) {
      expect(result.code).toBe('inschrijving.gesloten');
      expect(result.messages[0]).toBe(
        'De inschrijving voor de Overlegtafel 2027 is gesloten sinds vrijdag 15 januari 2027 om 12:00. Inschrijven, wijzigen of intrekken kan niet meer. Neem bij vragen contact op met de gemeente.',
      );
    }
  });

  it('applies the summer offset for a deadline in summer time (23:59 Amsterdam = 21:59Z)', () => {
    const summer = { ...round, deadline: '2027-06-30T21:59:00.000Z' };
    expect(
      validateRegistration(validInput, context({ round: summer, now: new Date('2027-06-30T21:59:00.500Z') }))
        .ok,
    ).toBe(true);
    expect(
      validateRegistration(validInput, context({ round: summer, now: new Date('2027-06-30T21:59:01Z') })).ok,
    ).toBe(false);
  });

  it('refuses changes and withdrawal one second after the deadline, and everything once drawn', () => {
    const registered = validateRegistration(validInput, context());
    if (!registered.ok) throw new Error('setup');
    const late = new Date('2027-01-15T11:00:01Z');
    expect(
      validateRegistration(
        { ...validInput, perceel: '3' },
        context({ now: late, existing: registered.value }),
      ).ok,
    ).toBe(false);
    const withdrawal = withdrawRegistration(registered.value, round, 'person-karim', late);
    expect(withdrawal.ok || withdrawal.code).toBe('inschrijving.gesloten');
    const drawn = { ...round, status: 'geloot' as const };
    expect(withdrawRegistration(registered.value, drawn, 'person-karim', before).ok).toBe(false);
  });
});

describe('what a registration contains', () => {
  it('records organisation, perceel, grootte, herkomst, both contacts and the motivation; its id is the organisation', () => {
    const result = validateRegistration(validInput, context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      id: alfa.id,
      roundId: 'ronde-2027',
      organisationId: alfa.id,
      organisationName: 'Alfa Zorg',
      perceel: 2,
      grootte: 'klein',
      herkomst: 'lokaal',
      contactpersoon: { name: 'Karim Contact', email: 'karim@alfa.example', phone: '06 1234 5678' },
      vervanger: { name: 'Vera Vervanger', email: 'vera@alfa.example', phone: null },
      motivation: 'Wij willen bijdragen aan de ontwikkeling van het contract.',
      status: 'ingeschreven',
      registeredAt: before.toISOString(),
      updatedAt: before.toISOString(),
      registeredByPersonId: 'person-karim',
      updatedByPersonId: 'person-karim',
    });
  });

  it('gives the same id whoever registers, so an organisation has one registration per round', () => {
    const byContact = validateRegistration(validInput, context({ personId: 'person-karim' }));
    const byVervanger = validateRegistration(
      { ...validInput, perceel: '3' },
      context({ personId: 'person-vera' }),
    );
    expect(byContact.ok && byVervanger.ok && byContact.value.id === byVervanger.value.id).toBe(true);
  });

  it('refuses an unknown perceel and one the organisation is not contracted for', () => {
    for (const [perceel, message] of [
      ['7', "Perceel '7' bestaat niet. Kies perceel 1 tot en met 5."],
      ['abc', "Perceel 'abc' bestaat niet. Kies perceel 1 tot en met 5."],
      ['', 'Kies het perceel dat uw organisatie aan tafel vertegenwoordigt.'],
      [
        '5',
        'Alfa Zorg is niet gecontracteerd voor perceel 5 (Jeugd - Ernstige Dyslexie). Kies een van de percelen: 2, 3.',
      ],
    ] as const) {
      const result = validateRegistration({ ...validInput, perceel }, context());
      expect(result.ok).toBe(false);
      expect(result.ok || result.fieldErrors?.perceel).toBe(message);
    }
  });

  it('names every missing or malformed field', () => {
    const result = validateRegistration(
      {
        ...validInput,
        grootte: 'reusachtig',
        herkomst: '',
        contactpersoonName: 'K',
        contactpersoonEmail: 'geen-adres',
        vervangerPhone: 'bel maar',
        motivation: '   ',
      },
      context(),
    );
    expect(result.ok).toBe(false);
    expect(Object.keys((!result.ok && result.fieldErrors) || {}).sort()).toEqual([
      'contactpersoonEmail',
      'contactpersoonName',
      'grootte',
      'herkomst',
      'motivation',
      'vervangerPhone',
    ]);
  });

  it('limits the motivation to 1000 characters and wants two different people', () => {
    expect(validateRegistration({ ...validInput, motivation: 'x'.repeat(1000) }, context()).ok).toBe(true);
    const long = validateRegistration({ ...validInput, motivation: 'x'.repeat(1001) }, context());
    expect(long.ok || long.fieldErrors?.motivation).toBe(
      'De motivatie is te lang: 1001 tekens, maximaal 1000.',
    );
    const same = validateRegistration({ ...validInput, vervangerEmail: 'KARIM@alfa.example' }, context());
    expect(same.ok || same.fieldErrors?.vervangerEmail).toContain('andere persoon');
  });

  it('keeps the first registration moment and registrant through an edit and a withdrawal', () => {
    const first = validateRegistration(validInput, context());
    if (!first.ok) throw new Error('setup');
    const later = new Date('2026-12-20T10:00:00Z');
    const edited = validateRegistration(
      { ...validInput, perceel: '3' },
      context({ now: later, personId: 'person-vera', existing: first.value }),
    );
    expect(edited.ok && edited.value).toMatchObject({
      perceel: 3,
      registeredAt: before.toISOString(),
      registeredByPersonId: 'person-karim',
      updatedAt: later.toISOString(),
      updatedByPersonId: 'person-vera',
    });
    const withdrawn = withdrawRegistration(first.value, round, 'person-vera', later);
    expect(withdrawn.ok && withdrawn.value.status).toBe('ingetrokken');
    if (!withdrawn.ok) return;
    const again = withdrawRegistration(withdrawn.value, round, 'person-vera', later);
    expect(again.ok || again.code).toBe('inschrijving.al-ingetrokken');
    expect(registrationInputOf(first.value)).toEqual(validInput);
  });

  it('pre-fills from the registry: grootte, herkomst, the only perceel and the two contacts', () => {
    const karim = {
      ...person('karim'),
      name: 'Karim',
      email: 'karim@alfa.example',
      phone: '0612345678',
      memberships: [{ organisationId: beta.id, role: 'contactpersoon' as const }],
    };
    const vera = {
      ...person('vera'),
      name: 'Vera',
      memberships: [{ organisationId: beta.id, role: 'vervanger' as const }],
    };
    expect(registrationDefaults(beta, [karim, vera, person('other')])).toEqual({
      perceel: '1',
      grootte: 'groot',
      herkomst: 'regionaal',
      contactpersoonName: 'Karim',
      contactpersoonEmail: 'karim@alfa.example',
      contactpersoonPhone: '0612345678',
      vervangerName: 'Vera',
      vervangerEmail: 'vera@example.org',
      vervangerPhone: '',
      motivation: '',
    });
    expect(registrationDefaults(alfa, []).perceel).toBe('');
  });
});
