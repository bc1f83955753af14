import type { KnownActor } from '../../../src/domain/registry/actor';
import {
  maySeeConfidentialParts,
  mayView,
  organisationsToReactFor,
  organisationsToSubmitFor,
  partiesOfVoter,
  submitVoorstel,
  type Voorstel,
} from '../../../src/domain/voorstellen';
import {
  at,
  contact,
  gemeenteAdmin,
  must,
  organisation,
  partyOf,
  UNKNOWN,
  VALID_INPUT,
  voorstelInStemming,
} from './fixtures';

/** Who sees what of a voorstel, and for which organisations a person acts on it. */

const ALFA = organisation('org-alfa', 'Alfa Zorg');
const BETA = organisation('org-beta', 'Beta Zorg');
const UNCONTRACTED = organisation('org-gamma', 'Gamma Zorg', 'aanbieder', false);
const TOEGANG = organisation('org-toegang', 'Sociaal Team', 'lokale-toegang');

const known = (actor: ReturnType<typeof contact>): KnownActor => actor as KnownActor;
const ANNA = known(contact('p-anna', ALFA));
/** Anna's colleague: the vervanger of the same organisation. */
const ALI = known(contact('p-ali', ALFA, 'vervanger'));
const BRAM = known(contact('p-bram', BETA));
const GEMEENTE = known(gemeenteAdmin());

function conceptOfAlfa(): Voorstel {
  return must(
    submitVoorstel(
      { id: 'vs-1', input: VALID_INPUT, onBehalfOfOrganisationId: ALFA.id },
      ANNA,
      at('2027-02-01 09:00'),
    ),
  ).voorstel;
}

describe('who sees a voorstel', () => {
  it('shows a concept only to the gemeente and the submitter side', () => {
    const concept = conceptOfAlfa();
    expect(mayView(ANNA, concept)).toBe(true);
    expect(mayView(ALI, concept)).toBe(true);
    expect(mayView(GEMEENTE, concept)).toBe(true);
    expect(mayView(BRAM, concept)).toBe(false);
  });

  it('shows a shared voorstel to every registered person, its confidential parts still only to those two', () => {
    const shared: Voorstel = { ...conceptOfAlfa(), status: 'reactieperiode' };
    expect(mayView(BRAM, shared)).toBe(true);
    expect(maySeeConfidentialParts(BRAM, shared)).toBe(false);
    expect(maySeeConfidentialParts(ALI, shared)).toBe(true);
    expect(maySeeConfidentialParts(GEMEENTE, shared)).toBe(true);
  });
});

describe('for which organisations a person acts', () => {
  const multi: KnownActor = {
    ...ANNA,
    roles: [ALFA, UNCONTRACTED, TOEGANG].map((o) => ({ organisation: o, role: 'contactpersoon' as const })),
  };

  it('submits for contracted aanbieders, gemeenten and the lokale toegang', () => {
    expect(organisationsToSubmitFor(multi).map((o) => o.id)).toEqual([ALFA.id, TOEGANG.id]);
  });

  it('reacts for contracted aanbieders only', () => {
    expect(organisationsToReactFor(multi).map((o) => o.id)).toEqual([ALFA.id]);
    expect(organisationsToReactFor(GEMEENTE)).toEqual([]);
  });

  it('votes for the parties of the vote that are their own organisations', () => {
    const voorstel = voorstelInStemming([partyOf(ALFA), partyOf(BETA)], at('2027-03-01 12:00'));
    expect(partiesOfVoter(ANNA, voorstel)).toEqual([partyOf(ALFA)]);
    expect(partiesOfVoter(GEMEENTE, voorstel)).toEqual([]);
    expect(partiesOfVoter(UNKNOWN, voorstel)).toEqual([]);
    expect(partiesOfVoter(ANNA, conceptOfAlfa())).toEqual([]);
  });
});
