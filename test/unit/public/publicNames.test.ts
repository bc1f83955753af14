import {
  agendaPublicView,
  compositionPublicView,
  nameRedactor,
  ontwikkeltafelPublicView,
  REDACTED_NAME,
  sanitizePublicView,
  verslagPublicView,
} from '../../../src/public/publicViews';
import { tablePage } from '../../../src/public/pages';
import { meeting } from '../meetings/fixtures';
import { buildPublicSamples } from '../../support/publicSamples';

/**
 * Issue 20, names: organisations are named and only people are redacted; the agenda says who brought an item in;
 * the samenstelling names the gemeenten and the lokale toegang too.
 */

const OUTSIDE = 'Stichting Buitenaf';
const known = {
  organisations: [
    { name: OUTSIDE, type: 'aanbieder' },
    { name: 'Zorg Jan Jansen', type: 'aanbieder' },
    { name: 'Gemeente Zaltbommel', type: 'gemeente' },
    { name: 'Gemeente Maasdriel', type: 'gemeente' },
    { name: 'Sociaal Team', type: 'lokale-toegang' },
  ],
  organisationOfPerson: new Map([['petra pieters', 'Zorg C']]),
};

describe('names on the public pages', () => {
  it('redacts a person but keeps an organisation whose name contains that person', () => {
    const redact = nameRedactor(['Jan Jansen'], ['Zorg Jan Jansen']);
    expect(redact('Zorg Jan Jansen sprak; Jan Jansen zweeg.')).toBe(
      `Zorg Jan Jansen sprak; ${REDACTED_NAME} zweeg.`,
    );
    const view = sanitizePublicView(
      'verslag',
      {
        meetingId: 'm-1',
        tableName: 'Overlegtafel',
        title: 't',
        start: '2027-03-30T12:00:00.000Z',
        markdown: 'Zorg Jan Jansen en Jan Jansen',
      },
      { personNames: ['Jan Jansen'], organisationNames: ['Zorg Jan Jansen'] },
    );
    expect(view.markdown).toBe(`Zorg Jan Jansen en ${REDACTED_NAME}`);
  });

  const m = meeting({
    agenda: [
      { title: 'Opening', owner: 'Gemeente' },
      { title: 'Wachtlijsten buiten het netwerk', owner: OUTSIDE },
      { title: 'Vervoer', owner: 'Petra Pieters' },
      { title: 'Iets van iemand', owner: 'Onbekende Persoon' },
    ],
  });

  it('names who brought each item in: the gemeente, an organisation not at the table, a person by organisation', () => {
    const view = agendaPublicView(m, known);
    expect(view.items.map((i) => i.introducedBy)).toEqual(['gemeente', OUTSIDE, 'Zorg C', null]);
    expect(JSON.stringify(view)).not.toContain('Petra Pieters');
    expect(JSON.stringify(view)).not.toContain('Onbekende Persoon');
    // Without the registry the organisation outside the table is not known, and not claimed for the gemeente.
    expect(agendaPublicView(m).items[1]?.introducedBy).toBeNull();
  });

  it('keeps the organisation outside the table named in the verslag; people are still removed', () => {
    const text = `${OUTSIDE} lichtte het punt toe. Petra Pieters en Onbekende Persoon vroegen door.`;
    const view = verslagPublicView(m, text, [], known);
    expect(view.markdown).toContain(`${OUTSIDE} lichtte het punt toe.`);
    expect(view.markdown).not.toContain('Petra Pieters');
    expect(view.markdown).not.toContain('Onbekende Persoon');
    expect(view.markdown.split(REDACTED_NAME)).toHaveLength(3);
  });

  it('lists the gemeenten and the lokale toegang in the samenstelling', () => {
    const round = buildPublicSamples().round.changed;
    const view = compositionPublicView(round, known);
    expect(view.otherMembers).toEqual([
      { organisationName: 'Gemeente Maasdriel', type: 'gemeente' },
      { organisationName: 'Gemeente Zaltbommel', type: 'gemeente' },
      { organisationName: 'Sociaal Team', type: 'lokale-toegang' },
    ]);
    expect(sanitizePublicView('samenstelling', view).otherMembers).toEqual(view.otherMembers);
  });
});

describe('an ontwikkeltafel shows all its published reports', () => {
  it('keeps every earlier report, newest first, through the public boundary and on the page', () => {
    const samples = buildPublicSamples();
    const older = {
      ...samples.report,
      id: `${samples.report.id}-eerder`,
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
    };
    const oldest = {
      ...older,
      id: `${samples.report.id}-oudst`,
      periodStart: '2025-07-01',
      periodEnd: '2025-12-31',
    };
    const view = ontwikkeltafelPublicView(samples.tafel, [oldest, samples.report, older], new Map());
    expect(view.latestReport?.periodEnd).toBe(samples.report.periodEnd);
    expect(view.earlierReports?.map((r) => r.periodEnd)).toEqual(['2026-06-30', '2025-12-31']);
    const clean = sanitizePublicView('ontwikkeltafel', view);
    expect(clean.earlierReports?.map((r) => r.periodEnd)).toEqual(['2026-06-30', '2025-12-31']);
    // The boundary cleans earlier reports as it cleans the latest: no phone number.
    expect(JSON.stringify(clean.earlierReports)).not.toContain('06-98765432');
    const html = tablePage({
      id: `ontwikkeltafel:${samples.tafel.id}`,
      kind: 'ontwikkeltafel',
      sourceId: samples.tafel.id,
      title: samples.tafel.name,
      summary: '',
      sortKey: '',
      sourceVersion: '',
      version: 1,
      firstPublishedAt: '2027-01-12T09:00:00.000Z',
      updatedAt: '2027-01-12T09:00:00.000Z',
      view: clean,
    }).value;
    expect(html).toContain('<h2>Eerdere rapportages</h2>');
    expect(html).toContain('id="rapportage-2026-06-30"');
    expect(html).toContain('id="rapportage-2025-12-31"');
  });
});
