import {
  addGuest,
  guestOrganisationIds,
  isGuestOf,
  isVoorliggendVeld,
} from '../../../src/domain/ontwikkeltafels/gasten';
import { endOntwikkeltafel } from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import { refusalMessages } from '../../../src/domain/shared/result';
import { organisationsToReactFor, organisationsToSubmitFor } from '../../../src/domain/voorstellen/access';
import {
  at,
  contact,
  gemeenteAdmin,
  GEMEENTE_ORG,
  must,
  organisation,
  UNKNOWN,
} from '../voorstellen/fixtures';
import { tafel, trekker } from './fixtures';

/** Guests of an ontwikkeltafel: partners from the voorliggend veld, who take part but have no vote [000 §2]. */

const WELZIJN = organisation('org-welzijn', 'Welzijn Rivierland', 'aanbieder', false);
const CONTRACTED = organisation('org-zorg', 'Zorg Contract');
const TOEGANG = organisation('org-lt', 'Sociaal Team', 'lokale-toegang');
const NOW = at('2027-02-01 10:00');

describe('guests from the voorliggend veld', () => {
  it('are organisations without a contract', () => {
    expect(isVoorliggendVeld(WELZIJN)).toBe(true);
    for (const o of [CONTRACTED, TOEGANG, GEMEENTE_ORG]) expect(isVoorliggendVeld(o)).toBe(false);
  });

  it('the gemeente adds one; adding it again changes nothing', () => {
    const added = must(addGuest(tafel(), WELZIJN, gemeenteAdmin(), NOW));
    expect(added.tafel.guests).toEqual([
      {
        organisationId: 'org-welzijn',
        name: 'Welzijn Rivierland',
        addedAt: NOW.toISOString(),
        addedBy: expect.objectContaining({ capacity: 'gemeente' }),
      },
    ]);
    expect(added.events).toHaveLength(1);
    expect(guestOrganisationIds(added.tafel)).toEqual(['org-welzijn']);
    const again = must(addGuest(added.tafel, WELZIJN, gemeenteAdmin(), NOW));
    expect(again.events).toEqual([]);
    expect(again.tafel).toBe(added.tafel);
  });

  it('only the gemeente adds guests, only partners without a contract, only to an active table', () => {
    expect(addGuest(tafel(), WELZIJN, trekker, NOW)).toMatchObject({ code: 'auth.gemeente-only' });
    expect(addGuest(tafel(), WELZIJN, UNKNOWN, NOW)).toMatchObject({ code: 'auth.unknown-user' });
    for (const o of [CONTRACTED, TOEGANG, GEMEENTE_ORG]) {
      const refusal = addGuest(tafel(), o, gemeenteAdmin(), NOW);
      if (refusal.ok) throw new Error('expected a refusal');
      expect(refusal.code).toBe('ontwikkeltafel.guest-contracted');
      expect(refusalMessages(refusal, 'en')[0]).toMatch(/not a partner from the voorliggend veld/);
    }
    const ended = must(endOntwikkeltafel(tafel(), '2027-01-31', gemeenteAdmin(), NOW)).tafel;
    expect(addGuest(ended, WELZIJN, gemeenteAdmin(), NOW)).toMatchObject({ code: 'ontwikkeltafel.ended' });
  });

  it('a contact of a guest is recognised at that table only', () => {
    const withGuest = must(addGuest(tafel(), WELZIJN, gemeenteAdmin(), NOW)).tafel;
    const guest = contact('p-w', WELZIJN);
    expect(isGuestOf(guest, withGuest)).toBe(true);
    expect(isGuestOf(guest, tafel())).toBe(false);
    expect(isGuestOf(contact('p-z', CONTRACTED), withGuest)).toBe(false);
    expect(isGuestOf(UNKNOWN, withGuest)).toBe(false);
  });

  it('a guest neither reacts to nor submits voorstellen: those need a contract', () => {
    const guest = contact('p-w', WELZIJN);
    if (guest.kind !== 'person') throw new Error('person');
    expect(organisationsToReactFor(guest)).toEqual([]);
    expect(organisationsToSubmitFor(guest)).toEqual([]);
  });
});
