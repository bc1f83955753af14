import { ontwikkeltafelInvitees } from '../../../src/domain/inschrijving';
import type { Organisation } from '../../../src/domain/registry/registry';
import { sampleAanbieder } from '../../support/inschrijvingSamples';

describe('targeted Ontwikkeltafel invitations', () => {
  const organisations: Organisation[] = [
    sampleAanbieder(1, [1], 'klein', 'lokaal', 'Huishoudhulp Noord'),
    sampleAanbieder(2, [3, 4], 'groot', 'regionaal', 'Jeugdzorg Rivierenland'),
    sampleAanbieder(3, [4], 'middel', 'lokaal', 'GGZ Kind en Gezin'),
    { ...sampleAanbieder(4, [4], 'klein', 'lokaal', 'Oud GGZ (contract beëindigd)'), contracted: false },
    { ...sampleAanbieder(5, [], 'klein', 'lokaal', 'Gemeente Zaltbommel'), type: 'gemeente' },
    { ...sampleAanbieder(6, [], 'klein', 'lokaal', 'Lokale toegang'), type: 'lokale-toegang' },
    sampleAanbieder(7, [5], 'klein', 'lokaal', 'Dyslexiezorg'),
  ];

  it('invites only the aanbieders contracted in the percelen of the table', () => {
    expect(ontwikkeltafelInvitees(organisations, [4]).map((o) => o.name)).toEqual([
      'GGZ Kind en Gezin',
      'Jeugdzorg Rivierenland',
    ]);
    expect(ontwikkeltafelInvitees(organisations, [1, 5]).map((o) => o.name)).toEqual([
      'Dyslexiezorg',
      'Huishoudhulp Noord',
    ]);
  });

  it('invites no one for a table without percelen, and never gemeenten, lokale toegang or ended contracts', () => {
    expect(ontwikkeltafelInvitees(organisations, [])).toEqual([]);
    const all = ontwikkeltafelInvitees(organisations, [1, 2, 3, 4, 5]);
    expect(all.every((o) => o.type === 'aanbieder' && o.contracted)).toBe(true);
    expect(all).toHaveLength(4);
  });
});
