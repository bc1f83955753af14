import fc from 'fast-check';
import { endOfLocalDay } from '../../../src/domain/time/amsterdam';
import { publicView } from '../../../src/domain/voorstellen/publicView';
import {
  isReactionWindowOpen,
  openReactieperiode,
  reactionWindowClosesAt,
  submitReaction,
} from '../../../src/domain/voorstellen/reacties';
import { castVote, closeStemming, openStemming, SCHEDULER } from '../../../src/domain/voorstellen/stemming';
import {
  reviseConcept,
  submitVoorstel,
  validateVoorstelInput,
  type VoorstelInput,
} from '../../../src/domain/voorstellen/voorstel';
import {
  at,
  conceptVoorstel,
  contact,
  gemeenteAdmin,
  GEMEENTE_ORG,
  must,
  organisation,
  partyOf,
  UNKNOWN,
  VALID_INPUT,
} from './fixtures';

const ZORG_A = organisation('org-a', 'Zorg A');
const ZORG_B = organisation('org-b', 'Zorg B');
const EX_AANBIEDER = organisation('org-old', 'Oud Zorg', 'aanbieder', false);
const LOKALE_TOEGANG = organisation('org-lt', 'Sociaal Team', 'lokale-toegang');

function fieldErrors(input: VoorstelInput): Record<string, string> {
  const result = validateVoorstelInput(input);
  if (result.ok) throw new Error('expected a refusal');
  return { ...result.fieldErrors };
}

describe('validateVoorstelInput', () => {
  it('accepts a complete voorstel and normalises it', () => {
    const result = must(
      validateVoorstelInput({ ...VALID_INPUT, title: '  Titel   met  spaties ', percelen: '3,2,3' }),
    );
    expect(result.title).toBe('Titel met spaties');
    expect(result.percelen).toEqual([2, 3]);
    expect(result.confidentialParts).toEqual([
      { id: 'vertrouwelijk-1', title: 'Kostprijs', text: 'Onze kostprijs per uur is EUR 71,43.' },
    ]);
  });

  it('reports every problem at once, in Dutch, per field', () => {
    expect(fieldErrors({ title: 'ab', summary: '', type: 'wens', percelen: [], origin: 'elders' })).toEqual({
      title: 'De titel is te kort (minstens 3 tekens).',
      summary: 'De samenvatting is verplicht.',
      text: 'Geef de tekst van het voorstel of een link naar het document.',
      type: 'Kies het soort voorstel: contractwijziging, werkafspraak, pilot of overig.',
      percelen: 'Kies minstens één perceel waarop het voorstel betrekking heeft.',
      origin: 'Kies de herkomst: de Overlegtafel of een ontwikkeltafel.',
    });
  });

  it('bounds title (3..200), summary (1000) and text (20,000) in characters', () => {
    const ok = (patch: Partial<VoorstelInput>) => validateVoorstelInput({ ...VALID_INPUT, ...patch }).ok;
    expect(ok({ title: 'abc' })).toBe(true);
    expect(ok({ title: 'é'.repeat(200) })).toBe(true);
    expect(fieldErrors({ ...VALID_INPUT, title: 'a'.repeat(201) }).title).toBe(
      'De titel is te lang: 201 tekens, maximaal 200.',
    );
    expect(ok({ summary: 's'.repeat(1000) })).toBe(true);
    expect(fieldErrors({ ...VALID_INPUT, summary: 's'.repeat(1001) }).summary).toContain('maximaal 1000');
    expect(ok({ text: 't'.repeat(20_000) })).toBe(true);
    expect(fieldErrors({ ...VALID_INPUT, text: 't'.repeat(20_001) }).text).toBe(
      'De tekst is te lang: 20001 tekens, maximaal 20000.',
    );
  });

  it('counts an emoji as one character', () => {
    expect(validateVoorstelInput({ ...VALID_INPUT, title: '🙂'.repeat(200) }).ok).toBe(true);
  });

  it('accepts a title of any length from 3 to 200 visible characters and refuses longer (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 260 }), (length) => {
        const accepted = validateVoorstelInput({ ...VALID_INPUT, title: 'x'.repeat(length) }).ok;
        expect(accepted).toBe(length >= 3 && length <= 200);
      }),
    );
  });

  it.each([
    ['http://intranet.gemeente.nl/voorstel.pdf', 'De link moet een beveiligde link zijn (https://).'],
    ['javascript:alert(1)', 'De link moet een beveiligde link zijn (https://).'],
    ['ftp://files.example.nl/a', 'De link moet een beveiligde link zijn (https://).'],
    ['geen link', 'De link is geen geldige link. Begin met https://.'],
    ['https://user:pw@example.nl/', 'De link mag geen gebruikersnaam of wachtwoord bevatten.'],
  ])('refuses the link %s', (link, message) => {
    expect(fieldErrors({ ...VALID_INPUT, text: '', link }).link).toBe(message);
  });

  it('accepts an https link instead of text', () => {
    const result = must(
      validateVoorstelInput({ ...VALID_INPUT, text: undefined, link: 'https://zaltbommel.nl/voorstel.pdf' }),
    );
    expect(result).toMatchObject({ text: null, link: 'https://zaltbommel.nl/voorstel.pdf' });
  });

  it('refuses percelen outside 1..5 and accepts an ontwikkeltafel as origin', () => {
    expect(fieldErrors({ ...VALID_INPUT, percelen: [0, 6] }).percelen).toBe(
      'Percelen moeten nummers van 1 tot en met 5 zijn.',
    );
    expect(fieldErrors({ ...VALID_INPUT, percelen: [2.5] }).percelen).toBeDefined();
    expect(
      must(validateVoorstelInput({ ...VALID_INPUT, origin: { ontwikkeltafelId: 'ot-1' } })).origin,
    ).toEqual({
      ontwikkeltafelId: 'ot-1',
    });
    expect(fieldErrors({ ...VALID_INPUT, origin: { ontwikkeltafelId: '  ' } }).origin).toBeDefined();
  });

  it('checks confidential parts', () => {
    expect(
      fieldErrors({ ...VALID_INPUT, confidentialParts: [{ title: '', text: 'x' }] }).confidentialParts,
    ).toBe('De titel van vertrouwelijk deel 1 is verplicht.');
    expect(fieldErrors({ ...VALID_INPUT, confidentialParts: 'geheim' }).confidentialParts).toBeDefined();
    const eleven = Array.from({ length: 11 }, () => ({ title: 't', text: 'x' }));
    expect(fieldErrors({ ...VALID_INPUT, confidentialParts: eleven }).confidentialParts).toBe(
      'Maximaal 10 vertrouwelijke delen.',
    );
  });

  it('refuses non-text where text is expected', () => {
    expect(fieldErrors({ ...VALID_INPUT, title: 12345 }).title).toBe('De titel moet tekst zijn.');
  });
});

describe('submitting and revising', () => {
  const now = at('2027-02-01 09:00');

  it('a contact submits on behalf of their contracted organisation', () => {
    const change = must(
      submitVoorstel(
        { id: 'vs-2', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-a' },
        contact('p-a', ZORG_A),
        now,
      ),
    );
    expect(change.voorstel).toMatchObject({
      status: 'concept',
      submittedBy: {
        personId: 'p-a',
        organisationId: 'org-a',
        organisationName: 'Zorg A',
        capacity: 'contactpersoon',
      },
      submittedAt: '2027-02-01T08:00:00.000Z',
    });
    expect(change.events).toEqual([{ type: 'voorstel.ingediend', voorstelId: 'vs-2' }]);
    expect(JSON.parse(JSON.stringify(change.voorstel))).toEqual(change.voorstel);
  });

  it('the lokale toegang may submit too; the gemeente needs no organisation', () => {
    expect(
      submitVoorstel(
        { id: 'v', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-lt' },
        contact('p', LOKALE_TOEGANG),
        now,
      ).ok,
    ).toBe(true);
    expect(
      must(submitVoorstel({ id: 'v', input: VALID_INPUT }, gemeenteAdmin(), now)).voorstel.submittedBy
        .capacity,
    ).toBe('gemeente');
  });

  it('refuses unknown users, other organisations and ended contracts', () => {
    expect(
      submitVoorstel({ id: 'v', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-a' }, UNKNOWN, now),
    ).toMatchObject({
      code: 'auth.unknown-user',
    });
    expect(
      submitVoorstel(
        { id: 'v', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-b' },
        contact('p-a', ZORG_A),
        now,
      ),
    ).toMatchObject({
      code: 'voorstel.not-your-organisation',
    });
    expect(submitVoorstel({ id: 'v', input: VALID_INPUT }, contact('p-a', ZORG_A), now)).toMatchObject({
      code: 'voorstel.organisation-required',
    });
    expect(
      submitVoorstel(
        { id: 'v', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-old' },
        contact('p-o', EX_AANBIEDER),
        now,
      ),
    ).toMatchObject({ code: 'voorstel.not-contracted' });
  });

  it('only the submitter and the gemeente revise a concept; a shared voorstel is fixed', () => {
    const mine = must(
      submitVoorstel(
        { id: 'v', input: VALID_INPUT, onBehalfOfOrganisationId: 'org-a' },
        contact('p-a', ZORG_A),
        now,
      ),
    ).voorstel;
    const revised = must(
      reviseConcept(mine, { ...VALID_INPUT, title: 'Nieuwe titel' }, contact('p-a', ZORG_A), now),
    );
    expect(revised.voorstel.title).toBe('Nieuwe titel');
    expect(reviseConcept(mine, VALID_INPUT, contact('p-b', ZORG_B), now)).toMatchObject({
      code: 'voorstel.not-submitter',
    });
    expect(reviseConcept(mine, VALID_INPUT, gemeenteAdmin(), now).ok).toBe(true);
    const shared = must(openReactieperiode(mine, {}, gemeenteAdmin(), now)).voorstel;
    expect(reviseConcept(shared, VALID_INPUT, contact('p-a', ZORG_A), now)).toMatchObject({
      code: 'voorstel.not-concept',
    });
  });
});

describe('the reaction window', () => {
  const opened = at('2027-03-20 15:45');
  const concept = conceptVoorstel(opened);

  it('opens for 14 days by default, until the end of the Dutch day, across the change to summer time', () => {
    const change = must(openReactieperiode(concept, {}, gemeenteAdmin(), opened));
    expect(change.voorstel.reactionWindow?.closesAt).toBe(endOfLocalDay('2027-04-03').toISOString());
    expect(change.voorstel.reactionWindow?.closesAt).toBe('2027-04-03T21:59:59.000Z');
    expect(change.events).toEqual([
      {
        type: 'reactieperiode.geopend',
        voorstelId: 'vs-1',
        closesAt: '2027-04-03T21:59:59.000Z',
        percelen: [2, 3],
      },
    ]);
    expect(reactionWindowClosesAt(at('2027-12-24 23:30'), 14).toISOString()).toBe('2028-01-07T22:59:59.000Z');
  });

  it('only the gemeente opens it, for 1 to 90 days, once', () => {
    expect(openReactieperiode(concept, {}, contact('p-a', ZORG_A), opened)).toMatchObject({
      code: 'auth.gemeente-only',
    });
    expect(openReactieperiode(concept, { days: 0 }, gemeenteAdmin(), opened)).toMatchObject({
      code: 'reactieperiode.invalid-days',
    });
    expect(openReactieperiode(concept, { days: 91 }, gemeenteAdmin(), opened)).toMatchObject({
      code: 'reactieperiode.invalid-days',
    });
    const open = must(
      openReactieperiode(
        concept,
        { days: 7, shortReason: 'Spoed: de aanbesteding start in mei.' },
        gemeenteAdmin(),
        opened,
      ),
    ).voorstel;
    expect(openReactieperiode(open, {}, gemeenteAdmin(), opened)).toMatchObject({
      code: 'reactieperiode.not-concept',
    });
  });

  const open = must(openReactieperiode(concept, {}, gemeenteAdmin(), opened)).voorstel;
  const closesAt = new Date(open.reactionWindow!.closesAt);

  it('takes one reaction per organisation, editable by its contacts until the window closes', () => {
    const first = must(
      submitReaction(
        open,
        { organisationId: 'org-a', text: 'Eens.' },
        contact('p-a', ZORG_A),
        at('2027-03-21 10:00'),
      ),
    );
    expect(first.events).toEqual([
      { type: 'reactie.geplaatst', voorstelId: 'vs-1', organisationId: 'org-a', edited: false },
    ]);
    const edited = must(
      submitReaction(
        first.voorstel,
        { organisationId: 'org-a', text: 'Eens, mits per 2028.' },
        contact('p-a2', ZORG_A, 'vervanger'),
        closesAt,
      ),
    );
    expect(edited.voorstel.reactions).toHaveLength(1);
    expect(edited.voorstel.reactions[0]).toMatchObject({
      text: 'Eens, mits per 2028.',
      revision: 2,
      submittedBy: { personId: 'p-a' },
      updatedBy: { personId: 'p-a2', capacity: 'vervanger' },
    });
    expect(edited.events[0]).toMatchObject({ edited: true });
    const unchanged = must(
      submitReaction(
        edited.voorstel,
        { organisationId: 'org-a', text: ' Eens, mits per 2028. ' },
        contact('p-a', ZORG_A),
        closesAt,
      ),
    );
    expect(unchanged.voorstel).toBe(edited.voorstel);
  });

  it('refuses a reaction one second after the window closes, with the closing time', () => {
    const late = submitReaction(
      open,
      { organisationId: 'org-a', text: 'Te laat' },
      contact('p-a', ZORG_A),
      new Date(closesAt.getTime() + 1000),
    );
    expect(late).toMatchObject({
      ok: false,
      code: 'reactie.window-closed',
      messages: ['De reactieperiode is gesloten sinds zaterdag 3 april 2027 om 23:59.'],
    });
    expect(isReactionWindowOpen(open, closesAt)).toBe(true);
    expect(isReactionWindowOpen(open, new Date(closesAt.getTime() + 1000))).toBe(false);
  });

  it('refuses reactions from non-aanbieders, other organisations, ended contracts, and on a concept', () => {
    const t = at('2027-03-21 10:00');
    expect(
      submitReaction(open, { organisationId: 'org-lt', text: 'x' }, contact('p-lt', LOKALE_TOEGANG), t),
    ).toMatchObject({ code: 'reactie.not-allowed' });
    expect(
      submitReaction(open, { organisationId: 'org-b', text: 'x' }, contact('p-a', ZORG_A), t),
    ).toMatchObject({ code: 'reactie.not-allowed' });
    expect(
      submitReaction(open, { organisationId: 'org-old', text: 'x' }, contact('p-o', EX_AANBIEDER), t),
    ).toMatchObject({ code: 'reactie.not-allowed' });
    expect(
      submitReaction(concept, { organisationId: 'org-a', text: 'x' }, contact('p-a', ZORG_A), t),
    ).toMatchObject({ code: 'reactie.window-not-open' });
  });

  it('refuses an empty or oversized reaction', () => {
    const t = at('2027-03-21 10:00');
    expect(
      submitReaction(open, { organisationId: 'org-a', text: '   ' }, contact('p-a', ZORG_A), t),
    ).toMatchObject({
      fieldErrors: { text: 'Uw reactie is verplicht.' },
    });
    expect(
      submitReaction(open, { organisationId: 'org-a', text: 'x'.repeat(5001) }, contact('p-a', ZORG_A), t),
    ).toMatchObject({
      fieldErrors: { text: 'Uw reactie is te lang: 5001 tekens, maximaal 5000.' },
    });
  });
});

describe('opening the vote', () => {
  const opened = at('2027-02-01 09:00');
  const reacting = must(openReactieperiode(conceptVoorstel(opened), {}, gemeenteAdmin(), opened)).voorstel;
  const parties = [partyOf(GEMEENTE_ORG), partyOf(ZORG_A)];
  const afterWindow = at('2027-02-16 00:00');

  it('waits for the reaction window to end', () => {
    const early = openStemming(
      reacting,
      { deadline: at('2027-03-01 17:00'), parties },
      gemeenteAdmin(),
      at('2027-02-15 23:59'),
    );
    expect(early).toMatchObject({
      code: 'stemming.reactieperiode-running',
      messages: [
        'De reactieperiode loopt nog tot maandag 15 februari 2027 om 23:59. Open de stemming daarna.',
      ],
    });
    expect(
      openStemming(
        conceptVoorstel(opened),
        { deadline: at('2027-03-01 17:00'), parties },
        gemeenteAdmin(),
        afterWindow,
      ),
    ).toMatchObject({
      code: 'stemming.reactieperiode-first',
    });
  });

  it('snapshots the parties and refuses a deadline in the past, no parties or duplicates', () => {
    const change = must(
      openStemming(reacting, { deadline: at('2027-03-01 17:00'), parties }, gemeenteAdmin(), afterWindow),
    );
    expect(change.voorstel.status).toBe('stemming');
    expect(change.voorstel.stemming?.parties).toEqual(parties);
    expect(change.events[0]).toEqual({
      type: 'stemming.geopend',
      voorstelId: 'vs-1',
      deadline: '2027-03-01T16:00:00.000Z',
      partyIds: [GEMEENTE_ORG.id, 'org-a'],
    });
    expect(
      openStemming(reacting, { deadline: afterWindow, parties }, gemeenteAdmin(), afterWindow),
    ).toMatchObject({
      code: 'stemming.deadline-in-past',
    });
    expect(
      openStemming(reacting, { deadline: at('2027-03-01 17:00'), parties: [] }, gemeenteAdmin(), afterWindow),
    ).toMatchObject({
      code: 'stemming.no-parties',
    });
    expect(
      openStemming(
        reacting,
        { deadline: at('2027-03-01 17:00'), parties: [...parties, parties[1]!] },
        gemeenteAdmin(),
        afterWindow,
      ),
    ).toMatchObject({ code: 'stemming.duplicate-party' });
    expect(
      openStemming(
        change.voorstel,
        { deadline: at('2027-03-01 17:00'), parties },
        gemeenteAdmin(),
        afterWindow,
      ),
    ).toMatchObject({
      code: 'stemming.already-opened',
    });
    expect(
      openStemming(
        reacting,
        { deadline: at('2027-03-01 17:00'), parties },
        contact('p-a', ZORG_A),
        afterWindow,
      ),
    ).toMatchObject({
      code: 'auth.gemeente-only',
    });
  });
});

describe('publicView', () => {
  it('never contains the confidential parts, reactions or who voted what', () => {
    const opened = at('2027-02-01 09:00');
    let voorstel = must(openReactieperiode(conceptVoorstel(opened), {}, gemeenteAdmin(), opened)).voorstel;
    voorstel = must(
      submitReaction(
        voorstel,
        { organisationId: 'org-a', text: 'Interne reactie' },
        contact('p-a', ZORG_A),
        opened,
      ),
    ).voorstel;
    voorstel = must(
      openStemming(
        voorstel,
        { deadline: at('2027-03-01 17:00'), parties: [partyOf(ZORG_A)] },
        gemeenteAdmin(),
        at('2027-02-16 09:00'),
      ),
    ).voorstel;
    voorstel = must(
      castVote(
        voorstel,
        { partyId: 'org-a', choice: 'voor', idempotencyKey: 'k' },
        contact('p-a', ZORG_A),
        at('2027-02-17 09:00'),
      ),
    ).voorstel;
    voorstel = must(closeStemming(voorstel, SCHEDULER, at('2027-03-02 09:00'))).voorstel;

    const view = publicView(voorstel);
    const json = JSON.stringify(view);
    expect(json).not.toContain('71,43');
    expect(json).not.toContain('Kostprijs');
    expect(json).not.toContain('Interne reactie');
    expect(json).not.toContain('p-a');
    expect(view).toMatchObject({
      title: VALID_INPUT.title,
      status: 'uitgewerkt',
      decision: { kind: 'unaniem', reason: null },
    });
    expect(view.stemverhouding).toMatchObject({ voor: 1, tegen: 0, onthouding: 0, nietGestemd: 0 });
  });
});
