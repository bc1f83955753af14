import {
  knownOutsideTenant,
  planRecipients,
  type RecipientPerson,
} from '../../../src/domain/delivery/recipients';
import { withRecipientNote } from '../../../src/delivery/recipientNote';

const NOW = new Date('2026-12-05T12:00:00Z');
const ORGS = new Map([
  ['o-brug', 'De Brug'],
  ['o-kompas', 'Kompas & Co'],
  ['o-anker', 'Anker'],
]);

function person(id: string, extra: Partial<RecipientPerson> = {}): RecipientPerson {
  return { id, email: `${id}@zorg.example`, aadObjectId: null, memberships: [], ...extra };
}

describe('planRecipients: one message per person and per Teams account', () => {
  it('gives a contact of two organisations one message that carries both names', () => {
    const anna = person('anna', {
      memberships: [
        { organisationId: 'o-brug', role: 'contactpersoon' },
        { organisationId: 'o-kompas', role: 'vervanger' },
      ],
    });
    const plan = planRecipients([anna], ORGS, { organisationIds: ['o-brug', 'o-kompas'] }, NOW);
    expect(plan).toHaveLength(1);
    expect(plan[0]?.organisationNames).toEqual(['De Brug', 'Kompas & Co']);
  });

  it('merges people linked to the same Teams account into the first by id, with all their organisations', () => {
    const people = [
      person('p2', {
        aadObjectId: 'aad-1',
        memberships: [{ organisationId: 'o-kompas', role: 'contactpersoon' }],
      }),
      person('p1', {
        aadObjectId: 'aad-1',
        memberships: [{ organisationId: 'o-brug', role: 'contactpersoon' }],
      }),
      person('p3', {
        aadObjectId: 'aad-3',
        memberships: [{ organisationId: 'o-anker', role: 'contactpersoon' }],
      }),
    ];
    const plan = planRecipients(people, ORGS, { organisationIds: ['o-brug', 'o-kompas', 'o-anker'] }, NOW);
    expect(plan.map((r) => [r.person.id, r.alsoFor, r.organisationNames])).toEqual([
      ['p1', ['p2'], ['De Brug', 'Kompas & Co']],
      ['p3', [], ['Anker']],
    ]);
  });

  it('keeps people without a Teams account apart, and selects direct people and contacts once', () => {
    const people = [
      person('a', { memberships: [{ organisationId: 'o-brug', role: 'contactpersoon' }] }),
      person('b', { memberships: [{ organisationId: 'o-brug', role: 'vervanger' }] }),
    ];
    const plan = planRecipients(people, ORGS, { personIds: ['a'], organisationIds: ['o-brug'] }, NOW);
    expect(plan.map((r) => r.person.id)).toEqual(['a', 'b']);
    const onlyContacts = planRecipients(
      people,
      ORGS,
      { organisationIds: ['o-brug'], contactRoles: ['contactpersoon'] },
      NOW,
    );
    expect(onlyContacts.map((r) => r.person.id)).toEqual(['a']);
  });

  it('starts on e-mail only after a recent lookup that found nobody, and never for a linked person', () => {
    const lookup = (result: 'member' | 'not-found', hoursAgo: number) => ({
      result,
      objectId: result === 'member' ? 'x' : null,
      checkedAt: new Date(NOW.getTime() - hoursAgo * 3600_000).toISOString(),
    });
    expect(knownOutsideTenant(person('a', { tenantLookup: lookup('not-found', 2) }), NOW)).toBe(true);
    expect(knownOutsideTenant(person('a', { tenantLookup: lookup('not-found', 25) }), NOW)).toBe(false);
    expect(knownOutsideTenant(person('a', { tenantLookup: lookup('member', 2) }), NOW)).toBe(false);
    expect(knownOutsideTenant(person('a'), NOW)).toBe(false);
    expect(
      knownOutsideTenant(person('a', { aadObjectId: 'aad', tenantLookup: lookup('not-found', 2) }), NOW),
    ).toBe(false);
    expect(
      knownOutsideTenant(person('a', { email: 'geen-adres', tenantLookup: lookup('not-found', 2) }), NOW),
    ).toBe(false);
    const plan = planRecipients(
      [person('a', { tenantLookup: lookup('not-found', 1) })],
      ORGS,
      { personIds: ['a'] },
      NOW,
    );
    expect(plan[0]?.startsOnEmail).toBe(true);
  });
});

describe('withRecipientNote', () => {
  const message = {
    card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] },
    text: 'x',
  };

  it('names every organisation in the recipient language, escaped, only when there are several', () => {
    expect(withRecipientNote(message, ['De Brug'], 'nl')).toBe(message);
    const nl = withRecipientNote(message, ['De Brug', 'Kompas & Co', '[Anker](https://evil.example)'], 'nl');
    const note = (nl.card.body as Array<{ text: string }>)[1]?.text ?? '';
    expect(note).toContain('U ontvangt dit bericht voor De Brug, Kompas & Co en ');
    // Markdown in a name is shown as text, not as a link.
    expect(note).toContain('\\[Anker\\](https://evil.example)');
    const en = withRecipientNote(message, ['De Brug', 'Kompas & Co'], 'en');
    expect((en.card.body as Array<{ text: string }>)[1]?.text).toBe(
      'You receive this message for De Brug and Kompas & Co.',
    );
    expect(message.card.body).toHaveLength(1);
  });
});
