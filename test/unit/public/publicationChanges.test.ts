import { CHANGES_KEPT, describeChange, withChange } from '../../../src/public/publicationChanges';
import { chooseEncoding } from '../../../src/server/publicResponses';
import { buildPublicSamples } from '../../support/publicSamples';

/** Issue 20: what "Gewijzigd op …: …" says per kind, and which encoding a client gets. */

const { views } = buildPublicSamples();

describe('describeChange', () => {
  const agenda = views.agenda.view;

  it('says nothing when a visitor would see no difference', () => {
    expect(describeChange('agenda', agenda, { ...agenda })).toBeUndefined();
  });

  it('names a new time, place, title, agenda and a cancellation of a meeting', () => {
    expect(
      describeChange('agenda', agenda, {
        ...agenda,
        start: '2027-03-30T13:00:00.000Z',
        end: '2027-03-30T15:00:00.000Z',
        location: 'Huis van de Wijk',
      }),
    ).toBe(
      'Tijd gewijzigd naar dinsdag 30 maart 2027 om 15:00 tot 17:00; locatie gewijzigd naar Huis van de Wijk',
    );
    expect(
      describeChange('agenda', agenda, { ...agenda, cancelled: true, cancellationReason: 'Ziekte' }),
    ).toBe('Geannuleerd (Ziekte)');
    expect(describeChange('agenda', { ...agenda, cancelled: true }, agenda)).toBe('Gaat toch door');
    expect(describeChange('agenda', agenda, { ...agenda, title: 'Nieuw', items: [] })).toBe(
      'Titel gewijzigd naar "Nieuw"; agenda gewijzigd (0 punten)',
    );
  });

  it('names who joined or left the table', () => {
    const before = views.samenstelling.view;
    const after = {
      ...before,
      version: before.version + 1,
      members: before.members.slice(1),
      changes: [
        ...before.changes,
        { at: '2027-04-01T10:00:00.000Z', removed: 'Zorg Oud', added: 'Zorg Nieuw', reason: 'Gestopt' },
      ],
    };
    expect(describeChange('samenstelling', before, after)).toBe(
      `Samenstelling gewijzigd (versie ${after.version}): Zorg Oud vervangen door Zorg Nieuw`,
    );
  });

  it('falls back to "Bijgewerkt" for other kinds', () => {
    const besluit = views.besluit.view;
    expect(describeChange('besluit', besluit, { ...besluit, summary: 'Anders' })).toBe('Bijgewerkt');
  });

  it('keeps the newest CHANGES_KEPT changes', () => {
    let changes = withChange(undefined, undefined);
    for (let i = 0; i < CHANGES_KEPT + 5; i++) changes = withChange(changes, { at: `t${i}`, note: `n${i}` });
    expect(changes).toHaveLength(CHANGES_KEPT);
    expect(changes.at(-1)?.note).toBe(`n${CHANGES_KEPT + 4}`);
  });
});

describe('chooseEncoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['BR', 'br'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['gzip;q=0, br;q=0', undefined],
  ])('%s gives %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
