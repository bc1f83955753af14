import { buildDrawRecord, verifyDrawRecord, type DrawRecord } from '../../../src/domain/lottery';
import {
  agendaPublicView,
  besluitPublicView,
  compositionPublicView,
  drawRecordPublicView,
  nameRedactor,
  PUBLICATION_KINDS,
  PublicViewError,
  REDACTED_EMAIL,
  REDACTED_NAME,
  REDACTED_PHONE,
  sanitizePublicView,
  withoutContactDetails,
  type PublicationKind,
} from '../../../src/public/publicViews';
import { conceptVoorstel, at } from '../voorstellen/fixtures';
import {
  buildPublicSamples,
  CONFIDENTIAL_TEXT,
  PERSON_NAME,
  SECRET_EMAIL,
  SECRET_PHONE,
} from '../../support/publicSamples';

const samples = buildPublicSamples();

/** Every key path of a JSON value, array indices collapsed: what a view can carry. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)]);
  return [];
}

describe('the public views carry only public fields', () => {
  it('a composition: organisations per perceel, changes with their reason, no people', () => {
    const view = samples.views.samenstelling.view;
    expect(keyPaths(view).sort()).toEqual(
      [
        '.year',
        '.version',
        '.members',
        '.members[].organisationName',
        '.members[].perceel',
        '.members[].via',
        '.otherMembers',
        '.changes',
        '.changes[].at',
        '.changes[].removed',
        '.changes[].added',
        '.changes[].reason',
        '.drawRecordId',
      ].sort(),
    );
    expect(view.members.map((m) => m.perceel)).toEqual([...view.members.map((m) => m.perceel)].sort());
    expect(JSON.stringify(view)).not.toContain('person-admin');
  });

  it('a draw record is published exactly as drawn, so the download verifies', () => {
    const view = samples.views.loting.view;
    expect(view.record).toEqual(samples.round.record);
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(view.record))).valid).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/contact@|vervanger@|Wij willen bijdragen/);
  });

  it('a draw record with an extra field, a change after drawing or an e-mail address is refused', () => {
    const record = samples.round.record;
    expect(() => drawRecordPublicView('ronde-2027', 2027, { ...record, contact: 'x' })).toThrow(
      /velden die niet openbaar horen: contact/,
    );
    const tampered = {
      ...record,
      outcome: { ...record.outcome, seatsFilled: record.outcome.seatsFilled + 1 },
    };
    expect(() => drawRecordPublicView('ronde-2027', 2027, tampered)).toThrow(/klopt niet/);
    const withEmail: DrawRecord = buildDrawRecord({
      registrations: record.registrations.map((r, i) =>
        i === 0 ? { ...r, organisationName: `Zorg (${SECRET_EMAIL})` } : r,
      ),
      framework: record.framework,
      seed: record.seed,
      seedSource: record.seedSource,
      createdAt: new Date(record.createdAt),
    });
    expect(() => drawRecordPublicView('ronde-2027', 2027, withEmail)).toThrow(/e-mailadres/);
    expect(() => drawRecordPublicView('ronde-2027', 2027, 'geen verslag')).toThrow(PublicViewError);
  });

  it('an agenda: items and who brought them in by organisation, no proposals, RSVPs or people', () => {
    const view = samples.views.agenda.view;
    expect(keyPaths(view)).not.toEqual(
      expect.arrayContaining(['.proposals', '.rsvps', '.members', '.createdBy']),
    );
    // The second item's owner is a person the builder cannot place at an organisation: not claimed for anyone.
    expect(view.items.map((i) => i.introducedBy)).toEqual(['gemeente', null, 'Zorg B', 'Zorg A']);
    expect(JSON.stringify(view)).not.toContain(PERSON_NAME);
    expect(JSON.stringify(view)).not.toContain('Beheerder Gemeente');
  });

  it('a verslag loses the names of the people the meeting knows', () => {
    const view = samples.views.verslag.view;
    expect(view.markdown).toContain('# Concept verslag');
    expect(view.markdown).not.toContain(PERSON_NAME);
    expect(view.markdown).not.toContain('Persoon p-a-contactpersoon');
    expect(view.markdown).toContain(REDACTED_NAME);
  });

  it('a decided voorstel: stemverhouding and outcome, never the confidential part, reactions or ballots', () => {
    const view = samples.views.besluit.view;
    const json = JSON.stringify(view);
    expect(json).not.toContain(CONFIDENTIAL_TEXT);
    expect(json).not.toContain('Kostprijs');
    expect(keyPaths(view)).not.toEqual(
      expect.arrayContaining(['.confidentialParts', '.reactions', '.stemming']),
    );
    expect(view.outcome).toBe('aangenomen');
    expect(view.stemverhouding?.counts).toEqual({ voor: 2, tegen: 1, onthouding: 0, nietGestemd: 1 });
    expect(view.stemverhouding?.parties.tegen).toEqual(['Zorg A']);
    expect(() => besluitPublicView(conceptVoorstel(at('2027-02-01 09:00')))).toThrow(/waarover besloten is/);
  });

  it('an ontwikkeltafel: trekkers by organisation, the latest report without its problems or authors', () => {
    const view = samples.views.ontwikkeltafel.view;
    const json = JSON.stringify(view);
    expect(view.trekkerOrganisations).toEqual(['Zorg Trek']);
    expect(json).not.toContain('Tineke Trekker');
    expect(json).not.toContain('vertrouwelijk overleg');
    expect(keyPaths(view)).not.toEqual(expect.arrayContaining(['.latestReport.problems', '.trekkers']));
    expect(view.latestReport).toMatchObject({
      status: 'aandacht nodig',
      version: 1,
      periodEnd: '2026-12-31',
    });
  });

  it('a meeting without people in it still builds (nothing to remove)', () => {
    expect(agendaPublicView({ ...samples.meeting, proposals: [], rsvps: [] }).items).toHaveLength(4);
    expect(compositionPublicView(samples.round.drawn).changes).toEqual([]);
  });
});

const CHOICES = new Set(['op schema', 'aandacht nodig']);

/** Appends contact details and a person's name to every free-looking string (with a space) of a view. */
function plant(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes(' ') && !CHOICES.has(value)
      ? `${value} ${PERSON_NAME} ${SECRET_EMAIL} ${SECRET_PHONE}`
      : value;
  if (Array.isArray(value)) return value.map(plant);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plant(v)]));
  return value;
}

describe('the gate into the publications container', () => {
  const kinds = PUBLICATION_KINDS.filter((k) => k !== 'loting');

  it.each(kinds)('%s: drops fields it does not know, at every level', (kind) => {
    const view = samples.views[kind].view as unknown as Record<string, unknown>;
    const withExtras = JSON.parse(
      JSON.stringify({ ...view, secret: 'geheim' }).replace(
        /"(title|name|organisationName)":/g,
        '"extra":"geheim","$1":',
      ),
    );
    const sanitized = sanitizePublicView(kind, withExtras);
    expect(JSON.stringify(sanitized)).not.toContain('geheim');
    expect(keyPaths(sanitized).sort()).toEqual(keyPaths(sanitizePublicView(kind, view)).sort());
  });

  it.each(kinds)(
    '%s: no e-mail address or phone number survives in any text; names only in free text',
    (kind) => {
      const sanitized = sanitizePublicView(kind as PublicationKind, plant(samples.views[kind].view), {
        personNames: [PERSON_NAME],
      });
      const json = JSON.stringify(sanitized);
      expect(json).not.toContain(SECRET_EMAIL);
      expect(json).not.toContain(SECRET_PHONE);
      expect(json).toContain(REDACTED_EMAIL);
      if (kind !== 'samenstelling' || samples.views.samenstelling.view.changes.length > 0)
        expect(json).toContain(REDACTED_NAME);
    },
  );

  it('keeps a person-like name that is an organisation name, and redacts it from free text', () => {
    const view = {
      ...samples.views.besluit.view,
      submittedByOrganisation: `Zorg ${PERSON_NAME}`,
      summary: `Ingediend door ${PERSON_NAME}.`,
    };
    const sanitized = sanitizePublicView('besluit', view, { personNames: [PERSON_NAME] });
    expect(sanitized.submittedByOrganisation).toBe(`Zorg ${PERSON_NAME}`);
    expect(sanitized.summary).toBe(`Ingediend door ${REDACTED_NAME}.`);
  });

  it('refuses wrong types, sizes and values with a Dutch message, and drops a link that is not https', () => {
    const view = samples.views.besluit.view;
    expect(() => sanitizePublicView('besluit', { ...view, title: 42 })).toThrow(
      'Het veld title ontbreekt of is ongeldig.',
    );
    expect(() => sanitizePublicView('besluit', { ...view, summary: 'x'.repeat(2001) })).toThrow(
      /langer dan 2000 tekens/,
    );
    expect(() => sanitizePublicView('besluit', { ...view, outcome: 'misschien' })).toThrow(PublicViewError);
    expect(() => sanitizePublicView('besluit', { ...view, voorstelId: '../etc/passwd' })).toThrow(
      PublicViewError,
    );
    expect(() => sanitizePublicView('besluit', { ...view, percelen: [9] })).toThrow(PublicViewError);
    expect(() => sanitizePublicView('besluit', null)).toThrow(PublicViewError);
    expect(sanitizePublicView('besluit', { ...view, link: 'javascript:alert(1)' }).link).toBeNull();
    expect(sanitizePublicView('besluit', { ...view, link: 'https://gemeente.example/stuk.pdf' }).link).toBe(
      'https://gemeente.example/stuk.pdf',
    );
  });

  it('lets a draw record through only whole and verified', () => {
    const { view } = samples.views.loting;
    expect(sanitizePublicView('loting', view).record).toEqual(view.record);
    expect(() =>
      sanitizePublicView('loting', { ...view, record: { ...view.record, seed: 'anders' } }),
    ).toThrow(/klopt niet/);
  });
});

describe('removing personal data from text', () => {
  it.each([
    ['Mail jan.jansen@zorg-a.example.', `Mail ${REDACTED_EMAIL}.`],
    ['Bel 06-12345678 of 020 123 4567.', `Bel ${REDACTED_PHONE} of ${REDACTED_PHONE}.`],
    ['Bel +31 6 12345678 of 0031612345678', `Bel ${REDACTED_PHONE} of ${REDACTED_PHONE}`],
    ['Kenmerk 2027-01-15, KvK 12345678, EUR 1.234.567', 'Kenmerk 2027-01-15, KvK 12345678, EUR 1.234.567'],
  ])('%s', (input, expected) => {
    expect(withoutContactDetails(input)).toBe(expected);
  });

  it('removes full names in any case and spacing, as whole words only; single words are left alone', () => {
    const redact = nameRedactor(['Jan Jansen', 'Ander', '  ']);
    expect(redact('JAN  JANSEN en jan jansen, Jan Jansens en ander werk')).toBe(
      `${REDACTED_NAME} en ${REDACTED_NAME}, Jan Jansens en ander werk`,
    );
    expect(nameRedactor([])('Jan Jansen')).toBe('Jan Jansen');
    expect(nameRedactor(['A. (Ab) de Vries'])('Met A. (Ab) de Vries.')).toBe(`Met ${REDACTED_NAME}.`);
  });
});
