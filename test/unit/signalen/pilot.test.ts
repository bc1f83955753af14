import {
  decidePilot,
  isResultDue,
  linkPilotReport,
  maySeePilot,
  periodText,
  PILOT_LIMITS,
  publicPilot,
  requestPilot,
  trackPilot,
  type PilotAanvraag,
  type PilotInput,
} from '../../../src/domain/signalen';
import type { Organisation } from '../../../src/domain/registry/registry';
import {
  aanbieder,
  at,
  BRUG,
  contact,
  gemeenteAdmin,
  GEMEENTE,
  KOMPAS,
  must,
  ORGANISATIONS,
  OUD,
  pilot,
  PILOT_INPUT,
  UNKNOWN,
} from './fixtures';

const NOW = at('2027-03-10 10:00');
const brug = contact('p-brug', [BRUG]);
const admin = gemeenteAdmin();

function fieldErrors(input: Partial<PilotInput>, organisations: Organisation[] = ORGANISATIONS) {
  const result = requestPilot(
    { id: 'pl-x', input: { ...PILOT_INPUT, ...input }, onBehalfOfOrganisationId: BRUG.id, organisations },
    brug,
    NOW,
  );
  if (result.ok) throw new Error('expected a refusal');
  return result.fieldErrors ?? {};
}

function approved(): PilotAanvraag {
  return must(decidePilot(pilot(), { kind: 'instemming', reason: '' }, admin, NOW));
}

describe('requesting a pilot (art. 10.2, 10.3)', () => {
  it('records the plan with the requester first and the other participants after it', () => {
    const requested = pilot();
    expect(requested).toMatchObject({
      title: PILOT_INPUT.title,
      start: '2027-04-01',
      end: '2027-12-31',
      status: 'aangevraagd',
      decision: null,
      tracking: null,
      reportLinks: [],
      organisations: [
        { organisationId: BRUG.id, name: BRUG.name },
        { organisationId: KOMPAS.id, name: KOMPAS.name },
      ],
    });
    expect(requested.requestedBy).toMatchObject({ personId: 'p-brug', organisationId: BRUG.id });
    expect(periodText(requested)).toBe('1 april 2027 t/m 31 december 2027');
  });

  it('refuses a pilot without a research question or a period', () => {
    expect(fieldErrors({ researchQuestion: '', start: '', end: '' })).toEqual({
      researchQuestion: 'De onderzoeksvraag is verplicht.',
      start: 'Vul de startdatum van de pilot in.',
      end: 'Vul de einddatum van de pilot in.',
    });
  });

  it('refuses missing innovation, expected result and title', () => {
    expect(fieldErrors({ innovation: ' ', expectedResult: '', title: 'ab' })).toEqual({
      title: 'De titel is te kort (minstens 3 tekens).',
      innovation: 'De relatie tot innovatie is verplicht.',
      expectedResult: 'Het verwachte onderzoeksresultaat is verplicht.',
    });
  });

  it('wants a bounded period: an end after the start, at most two years, not starting in the past', () => {
    expect(fieldErrors({ start: '2027-06-01', end: '2027-06-01' }).end).toBe(
      'De einddatum ligt na de startdatum: een pilot heeft een afgebakende periode.',
    );
    expect(fieldErrors({ start: '2027-04-01', end: '2029-04-02' }).end).toBe(
      'Een pilot duurt maximaal twee jaar: kies een eerdere einddatum.',
    );
    expect(
      requestPilot(
        {
          id: 'p',
          input: { ...PILOT_INPUT, start: '2027-04-01', end: '2029-04-01' },
          onBehalfOfOrganisationId: BRUG.id,
          organisations: ORGANISATIONS,
        },
        brug,
        NOW,
      ).ok,
    ).toBe(true);
    expect(fieldErrors({ start: '2027-03-09' }).start).toBe(
      'De startdatum van een nieuwe pilot ligt niet in het verleden.',
    );
    expect(fieldErrors({ start: '1 april 2027' }).start).toBe(
      'De startdatum: Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-06-30.',
    );
  });

  it('limits the participants to five aanbieders, the requester included', () => {
    const others = [1, 2, 3, 4, 5].map((i) => aanbieder(`org-${i}`, `Aanbieder ${i}`));
    const organisations = [...ORGANISATIONS, ...others];
    const four = others.slice(0, 4).map((o) => o.id);
    expect(
      requestPilot(
        {
          id: 'p',
          input: { ...PILOT_INPUT, participantIds: four },
          onBehalfOfOrganisationId: BRUG.id,
          organisations,
        },
        brug,
        NOW,
      ).ok,
    ).toBe(true);
    expect(
      fieldErrors({ participantIds: others.map((o) => o.id).join(',') }, organisations).participantIds,
    ).toBe(
      'Een pilot heeft een beperkt aantal deelnemers: maximaal 5 aanbieders, uw eigen organisatie meegeteld (nu 6).',
    );
  });

  it('counts the requester and a repeated participant once', () => {
    const requested = pilot({ participantIds: [BRUG.id, KOMPAS.id, KOMPAS.id] });
    expect(requested.organisations.map((o) => o.organisationId)).toEqual([BRUG.id, KOMPAS.id]);
    expect(pilot({ participantIds: '' }).organisations).toHaveLength(1);
  });

  it('takes only contracted aanbieders as participants', () => {
    for (const id of [OUD.id, GEMEENTE.id, 'org-bestaat-niet']) {
      expect(fieldErrors({ participantIds: id }).participantIds).toBe(
        'Alleen gecontracteerde aanbieders kunnen deelnemen aan een pilot.',
      );
    }
    expect(fieldErrors({ participantIds: [{ id: 'x' }] as unknown as string[] }).participantIds).toContain(
      'niet leesbaar',
    );
  });

  it('refuses oversized fields with the count', () => {
    const errors = fieldErrors({
      innovation: 'i'.repeat(PILOT_LIMITS.innovationMax + 1),
      researchQuestion: 'v'.repeat(PILOT_LIMITS.researchQuestionMax + 1),
      title: 't'.repeat(201),
    });
    expect(errors.innovation).toBe('De relatie tot innovatie is te lang: 4001 tekens, maximaal 4000.');
    expect(errors.researchQuestion).toBe('De onderzoeksvraag is te lang: 2001 tekens, maximaal 2000.');
    expect(errors.title).toBe('De titel is te lang: 201 tekens, maximaal 200.');
  });

  it('is requested by a contact of a contracted aanbieder only', () => {
    const cases = [
      { actor: UNKNOWN, org: BRUG.id, code: 'auth.unknown-user' },
      { actor: admin, org: undefined, code: 'pilot.organisation-required' },
      { actor: admin, org: GEMEENTE.id, code: 'pilot.not-allowed' },
      { actor: brug, org: KOMPAS.id, code: 'pilot.not-allowed' },
      { actor: contact('p-oud', [OUD]), org: OUD.id, code: 'pilot.not-allowed' },
    ];
    for (const { actor, org, code } of cases) {
      const result = requestPilot(
        { id: 'p', input: PILOT_INPUT, onBehalfOfOrganisationId: org, organisations: ORGANISATIONS },
        actor,
        NOW,
      );
      expect(result.ok ? 'ok' : result.code).toBe(code);
    }
  });
});

describe('the gemeente decides (art. 10.4)', () => {
  it('consents, optionally with conditions, and a decision is final', () => {
    const yes = must(
      decidePilot(pilot(), { kind: 'instemming', reason: 'Rapporteer halverwege.' }, admin, NOW),
    );
    expect(yes).toMatchObject({
      status: 'goedgekeurd',
      decision: { kind: 'instemming', reason: 'Rapporteer halverwege.' },
    });
    expect(approved().decision?.reason).toBeNull();
    const again = decidePilot(yes, { kind: 'afwijzing', reason: 'Toch niet' }, admin, NOW);
    expect(again.ok ? 'ok' : again.messages[0]).toBe('Over deze pilot is al besloten (ingestemd).');
  });

  it('declines only with a reason', () => {
    const without = decidePilot(pilot(), { kind: 'afwijzing', reason: '  ' }, admin, NOW);
    expect(without.ok ? {} : without.fieldErrors).toEqual({
      reason: 'De reden van de afwijzing is verplicht.',
    });
    const declined = must(
      decidePilot(pilot(), { kind: 'afwijzing', reason: 'Past niet in het budget.' }, admin, NOW),
    );
    expect(declined).toMatchObject({
      status: 'afgewezen',
      decision: { kind: 'afwijzing', reason: 'Past niet in het budget.' },
    });
  });

  it('is the gemeente’s decision: a requester or a stranger is refused', () => {
    for (const actor of [brug, UNKNOWN, contact('p-kompas', [KOMPAS])]) {
      const result = decidePilot(pilot(), { kind: 'instemming', reason: '' }, actor, NOW);
      expect(result.ok).toBe(false);
    }
  });
});

describe('tracking an approved pilot', () => {
  const kompas = contact('p-kompas', [KOMPAS], 'vervanger');

  it('records the start, then the end with the result, after which it is closed', () => {
    const started = must(trackPilot(approved(), { startedOn: '2027-03-08' }, kompas, NOW));
    expect(started).toMatchObject({
      status: 'gestart',
      tracking: { startedOn: '2027-03-08', endedOn: null, result: null },
    });
    expect(started.tracking?.updatedBy).toMatchObject({ organisationId: KOMPAS.id, capacity: 'vervanger' });
    const later = at('2027-12-20 10:00');
    const ended = must(
      trackPilot(
        started,
        { startedOn: '2027-03-08', endedOn: '2027-12-17', result: '18% minder verwijzingen.' },
        admin,
        later,
      ),
    );
    expect(ended).toMatchObject({
      status: 'afgerond',
      tracking: { endedOn: '2027-12-17', result: '18% minder verwijzingen.' },
    });
    const more = trackPilot(ended, { startedOn: '2027-03-08' }, admin, later);
    expect(more.ok ? 'ok' : more.code).toBe('pilot.finished');
  });

  it('needs a result with an end, and dates that are not in the future or out of order', () => {
    const errors = (input: Record<string, string>): Record<string, string | undefined> => {
      const result = trackPilot(approved(), input, admin, NOW);
      return (result.ok ? undefined : result.fieldErrors) ?? {};
    };
    expect(errors({ startedOn: '2027-03-01', endedOn: '2027-03-05' })).toEqual({
      result: 'Beschrijf het resultaat van de pilot: dat hoort bij een afgeronde pilot.',
    });
    expect(errors({ startedOn: '2027-03-11' }).startedOn).toContain('niet in de toekomst');
    expect(errors({ startedOn: '' }).startedOn).toBe('Vul in op welke dag de pilot is gestart.');
    expect(errors({ startedOn: '2027-03-05', endedOn: '2027-03-01', result: 'x' }).endedOn).toBe(
      'De einddatum ligt niet vóór de startdatum.',
    );
    expect(errors({ startedOn: '2027-03-05', endedOn: '2027-03-11', result: 'x' }).endedOn).toBe(
      'De einddatum ligt niet in de toekomst.',
    );
  });

  it('tracks approved pilots only, by the gemeente or a participant', () => {
    const notYet = trackPilot(pilot(), { startedOn: '2027-03-08' }, admin, NOW);
    expect(notYet.ok ? 'ok' : notYet.code).toBe('pilot.not-approved');
    const outsider = trackPilot(
      approved(),
      { startedOn: '2027-03-08' },
      contact('p-x', [aanbieder('org-x', 'X')]),
      NOW,
    );
    expect(outsider.ok ? 'ok' : outsider.code).toBe('pilot.not-participant');
  });

  it('links it to voortgangsrapportages, each once, up to ten', () => {
    const linked = must(
      linkPilotReport(
        approved(),
        { reportId: 'rapportage-2027-h1', ontwikkeltafelId: 'tafel-1', title: '  Wachttijden   · H1 2027 ' },
        brug,
        NOW,
      ),
    );
    expect(linked.reportLinks).toEqual([
      expect.objectContaining({
        reportId: 'rapportage-2027-h1',
        ontwikkeltafelId: 'tafel-1',
        title: 'Wachttijden · H1 2027',
      }),
    ]);
    // Without a title the code stands in for it.
    expect(must(linkPilotReport(approved(), { reportId: 'r-9' }, admin, NOW)).reportLinks[0]?.title).toBe(
      'r-9',
    );
    expect(must(linkPilotReport(linked, { reportId: 'rapportage-2027-h1' }, brug, NOW))).toBe(linked);
    let many = linked;
    for (let i = 2; i <= PILOT_LIMITS.reportLinksMax; i++)
      many = must(linkPilotReport(many, { reportId: `r-${i}` }, admin, NOW));
    const eleventh = linkPilotReport(many, { reportId: 'r-11' }, admin, NOW);
    expect(eleventh.ok ? 'ok' : eleventh.code).toBe('pilot.too-many-links');
    const bad = linkPilotReport(approved(), { reportId: '../x', ontwikkeltafelId: 'a b' }, admin, NOW);
    expect(bad.ok ? {} : Object.keys(bad.fieldErrors ?? {})).toEqual(['reportId', 'ontwikkeltafelId']);
    const unapproved = linkPilotReport(pilot(), { reportId: 'r-1' }, admin, NOW);
    expect(unapproved.ok ? 'ok' : unapproved.code).toBe('pilot.not-approved');
  });

  it('is due for a result once the planned end has passed without one', () => {
    expect(isResultDue(approved(), at('2027-12-31 23:00'))).toBe(false);
    expect(isResultDue(approved(), at('2028-01-01 00:30'))).toBe(true);
    expect(isResultDue(pilot(), at('2028-01-01 00:30'))).toBe(false);
  });
});

describe('who sees a pilot, and what a broadcast may carry', () => {
  it('shows it to the gemeente and the participants’ contacts', () => {
    expect(maySeePilot(admin, pilot())).toBe(true);
    expect(maySeePilot(contact('p-kompas', [KOMPAS]), pilot())).toBe(true);
    expect(maySeePilot(contact('p-x', [aanbieder('org-x', 'X')]), pilot())).toBe(false);
    expect(maySeePilot(UNKNOWN, pilot())).toBe(false);
  });

  it('leaves the plan itself out of the public view', () => {
    const view = publicPilot(
      must(decidePilot(pilot(), { kind: 'afwijzing', reason: 'Geen budget.' }, admin, NOW)),
    );
    expect(view).toEqual({
      id: 'pl-1',
      title: PILOT_INPUT.title,
      organisationNames: [BRUG.name, KOMPAS.name],
      start: '2027-04-01',
      end: '2027-12-31',
      status: 'afgewezen',
      decision: { kind: 'afwijzing', reason: 'Geen budget.' },
    });
    const json = JSON.stringify(view);
    for (const secret of [PILOT_INPUT.innovation, PILOT_INPUT.researchQuestion, PILOT_INPUT.deviation])
      expect(json).not.toContain(secret as string);
  });
});
