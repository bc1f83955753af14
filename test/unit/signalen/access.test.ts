import type { Actor, KnownActor } from '../../../src/domain/registry/actor';
import { accessOf } from '../../../src/signalen/access';
import { aanbieder, BRUG, contact, GEMEENTE, gemeenteAdmin, OUD } from './fixtures';

/** Who may raise signalen and request or see pilots, from the roles the registry gives a person. */

function known(actor: Actor): KnownActor {
  if (actor.kind !== 'person') throw new Error('fixture: a known actor');
  return actor;
}

describe('signalen access', () => {
  it('the gemeente raises signalen (for itself or the gemeente it is a contact of) and sees every pilot', () => {
    expect(accessOf(known(gemeenteAdmin()))).toEqual({
      gemeente: true,
      signaalOrganisations: [GEMEENTE],
      pilotOrganisations: [],
      maySignal: true,
      maySeePilots: true,
    });
    expect(accessOf(known(gemeenteAdmin('p-beheer', false)))).toMatchObject({
      gemeente: true,
      signaalOrganisations: [],
      maySignal: true,
      maySeePilots: true,
    });
  });

  it('a contact of a contracted aanbieder raises signalen and requests pilots for it', () => {
    expect(accessOf(known(contact('p-brug', [BRUG], 'vervanger')))).toEqual({
      gemeente: false,
      signaalOrganisations: [BRUG],
      pilotOrganisations: [BRUG],
      maySignal: true,
      maySeePilots: true,
    });
  });

  it('a contact of an organisation without a contract raises nothing, but sees its pilots', () => {
    expect(accessOf(known(contact('p-oud', [OUD])))).toEqual({
      gemeente: false,
      signaalOrganisations: [],
      pilotOrganisations: [],
      maySignal: false,
      maySeePilots: true,
    });
  });

  it('a contact of a contracted gemeente raises signalen for it but requests no pilots', () => {
    const other = { ...aanbieder('org-buur', 'Gemeente Buurstad'), type: 'gemeente' as const };
    expect(accessOf(known(contact('p-buur', [other])))).toMatchObject({
      signaalOrganisations: [other],
      pilotOrganisations: [],
      maySignal: true,
    });
  });

  it('someone registered without any role may do nothing here', () => {
    expect(accessOf(known(contact('p-los', [])))).toMatchObject({ maySignal: false, maySeePilots: false });
  });
});
