import type { Organisation } from '../../../src/domain/registry/registry';
import { refusalFieldErrors, refusalMessages } from '../../../src/domain/shared/result';
import { publicView } from '../../../src/domain/voorstellen/publicView';
import {
  DEFAULT_REACTION_DAYS,
  openReactieperiode,
  SHORT_WINDOW_REASON_MAX,
  SHORT_WINDOW_REASON_MIN,
} from '../../../src/domain/voorstellen/reacties';
import { castVote, closeStemming, decideVoorstel, SCHEDULER } from '../../../src/domain/voorstellen/stemming';
import {
  addendumCsv,
  addendumOrganisations,
  addendumOrganisationsOf,
  addendumTally,
  answerAddendum,
  awaitsAdoption,
  isAddendumOpen,
  recordAdoption,
  reportOntwikkeling,
  VASTSTELLING_LIMITS,
  type AddendumAnswer,
  type RecordAdoption,
} from '../../../src/domain/voorstellen/vaststelling';
import { VOORSTEL_STATUSES, type Voorstel } from '../../../src/domain/voorstellen/voorstel';
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
  voorstelInStemming,
} from './fixtures';

/**
 * Adoption after the vote [002 art. 9.1-9.4]: an uitgewerkt voorstel waits for the bestuur, which adopts or
 * declines it with a reason and a date; an adopted contractwijziging asks the aanbieders of its percelen to
 * join; developments after adoption are reported. And the reason a reaction window under two weeks needs.
 */

function aanbieder(
  id: string,
  name: string,
  percelen: Organisation['percelen'],
  contracted = true,
): Organisation {
  return { ...organisation(id, name, 'aanbieder', contracted), percelen };
}

// VALID_INPUT is a contractwijziging for percelen 2 and 3.
const ALFA = aanbieder('org-alfa', 'Alfa Zorg', [2]);
const BETA = aanbieder('org-beta', 'Beta Begeleiding', [3, 4]);
const GAMMA = aanbieder('org-gamma', 'Gamma GGZ', [4]); // not in the percelen
const OUD = aanbieder('org-oud', 'Oud Zorg', [2], false); // no longer contracted
const TOEGANG = organisation('org-lt', 'Sociaal Team', 'lokale-toegang');
const REGISTRY = [GEMEENTE_ORG, TOEGANG, ALFA, BETA, GAMMA, OUD];

const DEADLINE = at('2027-03-01 17:00');
const CLOSED_AT = at('2027-03-01 17:01');
const NOW = at('2027-03-10 10:00');
const REASON = 'Het college heeft het voorstel op 9 maart besproken en stemt ermee in.';

/** A voorstel that every party voted voor: uitgewerkt (unanimous), not yet adopted. */
function uitgewerkt(input = VALID_INPUT): Voorstel {
  const parties = [GEMEENTE_ORG, ALFA].map(partyOf);
  let voorstel = voorstelInStemming(parties, DEADLINE);
  voorstel = { ...voorstel, type: (input.type as Voorstel['type']) ?? voorstel.type };
  voorstel = must(
    castVote(
      voorstel,
      { partyId: GEMEENTE_ORG.id, choice: 'voor', idempotencyKey: 'k-g' },
      gemeenteAdmin(),
      at('2027-02-20 10:00'),
    ),
  ).voorstel;
  voorstel = must(
    castVote(
      voorstel,
      { partyId: ALFA.id, choice: 'voor', idempotencyKey: 'k-a' },
      contact('p-alfa', ALFA),
      at('2027-02-20 11:00'),
    ),
  ).voorstel;
  return must(closeStemming(voorstel, SCHEDULER, CLOSED_AT)).voorstel;
}

const ADOPT: RecordAdoption = {
  outcome: 'vastgesteld',
  reason: REASON,
  decisionDate: '2027-03-09',
  addendumDeadline: '2027-04-15',
  organisations: REGISTRY,
};

function adopted(): Voorstel {
  return must(recordAdoption(uitgewerkt(), ADOPT, gemeenteAdmin(), NOW)).voorstel;
}

describe('unanimity no longer makes a voorstel final', () => {
  it('a unanimous vote leaves it uitgewerkt, waiting for the bestuur', () => {
    const voorstel = uitgewerkt();
    expect(voorstel.status).toBe('uitgewerkt');
    expect(voorstel.decision?.kind).toBe('unaniem');
    expect(awaitsAdoption(voorstel)).toBe(true);
    expect(VOORSTEL_STATUSES).toContain('vastgesteld');
  });

  it('a voorstel stored before adoption existed (no adoption field) still reads as waiting', () => {
    const { adoption: _adoption, ontwikkelingen: _o, ...stored } = uitgewerkt();
    expect(awaitsAdoption(stored as Voorstel)).toBe(true);
    expect(publicView(stored as Voorstel).adoption).toBeNull();
    const recorded = must(recordAdoption(stored as Voorstel, ADOPT, gemeenteAdmin(), NOW));
    expect(recorded.voorstel.status).toBe('vastgesteld');
  });

  it('the gemeente cannot decide the vote again once it is uitgewerkt or vastgesteld', () => {
    for (const voorstel of [uitgewerkt(), adopted()]) {
      expect(
        decideVoorstel(voorstel, { decision: 'afwijzen', reason: REASON }, gemeenteAdmin(), NOW),
      ).toMatchObject({ ok: false, code: 'besluit.already-decided' });
    }
  });
});

describe('recordAdoption', () => {
  it('adopts: vastgesteld, with reason, date, who recorded it, and an addendum round for the percelen', () => {
    const change = must(recordAdoption(uitgewerkt(), ADOPT, gemeenteAdmin(), NOW));
    expect(change.voorstel.status).toBe('vastgesteld');
    expect(change.voorstel.adoption).toEqual({
      outcome: 'vastgesteld',
      reason: REASON,
      decisionDate: '2027-03-09',
      recordedAt: NOW.toISOString(),
      recordedBy: expect.objectContaining({ personId: 'p-gemeente', capacity: 'gemeente' }),
      addendum: {
        deadline: at('2027-04-15 23:59:59').toISOString(),
        organisations: [
          { organisationId: 'org-alfa', name: 'Alfa Zorg' },
          { organisationId: 'org-beta', name: 'Beta Begeleiding' },
        ],
      },
    });
    expect(change.events).toEqual([
      { type: 'voorstel.vastgesteld', voorstelId: 'vs-1', percelen: [2, 3], addendum: true },
    ]);
    expect(publicView(change.voorstel).adoption).toEqual({
      outcome: 'vastgesteld',
      reason: REASON,
      decisionDate: '2027-03-09',
      addendumDeadline: at('2027-04-15 23:59:59').toISOString(),
    });
  });

  it('declines: afgewezen, no addendum, and the providers are told', () => {
    const change = must(
      recordAdoption(uitgewerkt(), { ...ADOPT, outcome: 'afgewezen' }, gemeenteAdmin(), NOW),
    );
    expect(change.voorstel.status).toBe('afgewezen');
    expect(change.voorstel.adoption).toMatchObject({ outcome: 'afgewezen', addendum: null });
    expect(change.events).toEqual([{ type: 'voorstel.niet-vastgesteld', voorstelId: 'vs-1' }]);
  });

  it.each(['werkafspraak', 'pilot', 'overig'] as const)(
    'an adopted %s asks nobody to join an addendum and needs no answer date',
    (type) => {
      const voorstel = { ...uitgewerkt(), type };
      const change = must(recordAdoption(voorstel, { ...ADOPT, addendumDeadline: '' }, gemeenteAdmin(), NOW));
      expect(change.voorstel.adoption?.addendum).toBeNull();
      expect(change.events).toEqual([
        { type: 'voorstel.vastgesteld', voorstelId: 'vs-1', percelen: [2, 3], addendum: false },
      ]);
    },
  );

  it('a contractwijziging without aanbieders in its percelen is adopted with an empty round', () => {
    const change = must(
      recordAdoption(uitgewerkt(), { ...ADOPT, organisations: [GEMEENTE_ORG, GAMMA] }, gemeenteAdmin(), NOW),
    );
    expect(change.voorstel.adoption?.addendum?.organisations).toEqual([]);
    expect(change.events[0]).toMatchObject({ addendum: false });
  });

  it('only the gemeente records it', () => {
    expect(recordAdoption(uitgewerkt(), ADOPT, contact('p-alfa', ALFA), NOW)).toMatchObject({
      code: 'auth.gemeente-only',
    });
    expect(recordAdoption(uitgewerkt(), ADOPT, UNKNOWN, NOW)).toMatchObject({ code: 'auth.unknown-user' });
  });

  it.each(VOORSTEL_STATUSES.filter((s) => s !== 'uitgewerkt'))(
    'is refused for a voorstel that is %s',
    (status) => {
      const refusal = recordAdoption({ ...uitgewerkt(), status }, ADOPT, gemeenteAdmin(), NOW);
      expect(refusal.ok).toBe(false);
      expect(refusal).toMatchObject({
        code: status === 'vastgesteld' ? 'vaststelling.already-recorded' : 'vaststelling.not-uitgewerkt',
      });
    },
  );

  it('is recorded once', () => {
    expect(recordAdoption(adopted(), ADOPT, gemeenteAdmin(), NOW)).toMatchObject({
      code: 'vaststelling.already-recorded',
    });
    const declined = must(
      recordAdoption(uitgewerkt(), { ...ADOPT, outcome: 'afgewezen' }, gemeenteAdmin(), NOW),
    );
    expect(recordAdoption(declined.voorstel, ADOPT, gemeenteAdmin(), NOW)).toMatchObject({
      code: 'vaststelling.already-recorded',
    });
  });

  const invalid: Array<[string, Partial<RecordAdoption>, string]> = [
    ['no outcome', { outcome: '' }, 'outcome'],
    ['an unknown outcome', { outcome: 'aannemen' }, 'outcome'],
    ['no reason', { reason: '   ' }, 'reason'],
    ['a short reason', { reason: 'Akkoord.' }, 'reason'],
    ['a reason that is not text', { reason: 42 }, 'reason'],
    ['a long reason', { reason: 'x'.repeat(VASTSTELLING_LIMITS.reasonMax + 1) }, 'reason'],
    ['no decision date', { decisionDate: '' }, 'decisionDate'],
    ['an impossible decision date', { decisionDate: '2027-02-30' }, 'decisionDate'],
    ['a decision date in the future', { decisionDate: '2027-03-11' }, 'decisionDate'],
    ['a decision date before the voorstel was uitgewerkt', { decisionDate: '2027-02-28' }, 'decisionDate'],
    ['no answer date for the addendum', { addendumDeadline: undefined }, 'addendumDeadline'],
    ['an answer date of today', { addendumDeadline: '2027-03-10' }, 'addendumDeadline'],
    ['an answer date more than 180 days ahead', { addendumDeadline: '2027-09-07' }, 'addendumDeadline'],
  ];
  it.each(invalid)('refuses %s, in Dutch and English, per field', (_label, change, field) => {
    const refusal = recordAdoption(uitgewerkt(), { ...ADOPT, ...change }, gemeenteAdmin(), NOW);
    if (refusal.ok) throw new Error('expected a refusal');
    expect(refusal.code).toBe('vaststelling.invalid');
    expect(Object.keys(refusalFieldErrors(refusal, 'nl'))).toEqual([field]);
    expect(refusalFieldErrors(refusal, 'en')[field]).toBeTruthy();
    expect(refusalFieldErrors(refusal, 'en')[field]).not.toBe(refusalFieldErrors(refusal, 'nl')[field]);
  });

  it('accepts the boundaries: the decision today or on the day it was uitgewerkt, the answer date at 180 days', () => {
    for (const decisionDate of ['2027-03-10', '2027-03-01']) {
      expect(recordAdoption(uitgewerkt(), { ...ADOPT, decisionDate }, gemeenteAdmin(), NOW).ok).toBe(true);
    }
    for (const addendumDeadline of ['2027-03-11', '2027-09-06']) {
      expect(recordAdoption(uitgewerkt(), { ...ADOPT, addendumDeadline }, gemeenteAdmin(), NOW).ok).toBe(
        true,
      );
    }
  });

  it('an answer date is not asked when the bestuur declines', () => {
    const change = recordAdoption(
      uitgewerkt(),
      { ...ADOPT, outcome: 'afgewezen', addendumDeadline: 'onzin' },
      gemeenteAdmin(),
      NOW,
    );
    expect(change.ok).toBe(true);
  });
});

describe('addendumOrganisations', () => {
  it('takes the contracted aanbieders of any of the percelen, by name', () => {
    expect(addendumOrganisations({ percelen: [2, 3] }, REGISTRY).map((o) => o.organisationId)).toEqual([
      'org-alfa',
      'org-beta',
    ]);
    expect(addendumOrganisations({ percelen: [4] }, REGISTRY).map((o) => o.organisationId)).toEqual([
      'org-beta',
      'org-gamma',
    ]);
    expect(addendumOrganisations({ percelen: [5] }, REGISTRY)).toEqual([]);
  });
});

describe('answerAddendum', () => {
  const voorstel = adopted();
  const during = at('2027-03-20 10:00');

  it('an aanbieder of the percelen answers, and may change its answer until the deadline', () => {
    const first = must(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice: 'doet-mee', current: null },
        contact('p-alfa', ALFA),
        during,
      ),
    );
    expect(first.changed).toBe(true);
    expect(first.answer).toMatchObject({
      organisationId: 'org-alfa',
      organisationName: 'Alfa Zorg',
      choice: 'doet-mee',
      revision: 1,
      answeredBy: { personId: 'p-alfa', capacity: 'contactpersoon' },
    });
    expect(first.event).toEqual({
      type: 'addendum.beantwoord',
      voorstelId: 'vs-1',
      organisationId: 'org-alfa',
      choice: 'doet-mee',
      previousChoice: null,
    });
    const same = must(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice: 'doet-mee', current: first.answer },
        contact('p-alfa', ALFA),
        during,
      ),
    );
    expect(same.changed).toBe(false);
    expect(same.answer).toBe(first.answer);
    const changed = must(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice: 'doet-niet-mee', current: first.answer },
        contact('p-alfa-v', ALFA, 'vervanger'),
        at('2027-04-15 23:59:59'),
      ),
    );
    expect(changed.answer).toMatchObject({ choice: 'doet-niet-mee', revision: 2 });
    expect(changed.event.previousChoice).toBe('doet-mee');
  });

  it('is closed a second after the deadline', () => {
    const late = answerAddendum(
      voorstel,
      { organisationId: ALFA.id, choice: 'doet-mee', current: null },
      contact('p-alfa', ALFA),
      at('2027-04-16 00:00'),
    );
    if (late.ok) throw new Error('expected a refusal');
    expect(late.code).toBe('addendum.closed');
    expect(refusalMessages(late, 'en')[0]).toMatch(/until/);
    expect(isAddendumOpen(voorstel, at('2027-04-15 23:59:59'))).toBe(true);
    expect(isAddendumOpen(voorstel, at('2027-04-16 00:00'))).toBe(false);
  });

  it.each([
    ['an aanbieder outside the percelen', GAMMA, 'org-gamma'],
    ['an aanbieder answering for another', GAMMA, 'org-alfa'],
    ['a contact of the lokale toegang', TOEGANG, 'org-lt'],
  ])('refuses %s', (_label, org, organisationId) => {
    expect(
      answerAddendum(
        voorstel,
        { organisationId, choice: 'doet-mee', current: null },
        contact('p-x', org),
        during,
      ),
    ).toMatchObject({ code: 'addendum.not-yours' });
  });

  it('refuses the gemeente (it asks, it does not answer) and unknown people', () => {
    expect(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice: 'doet-mee', current: null },
        gemeenteAdmin(),
        during,
      ),
    ).toMatchObject({ code: 'addendum.not-yours' });
    expect(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice: 'doet-mee', current: null },
        UNKNOWN,
        during,
      ),
    ).toMatchObject({ code: 'auth.unknown-user' });
  });

  it.each(['', 'ja', 'voor', null])('refuses the choice %p', (choice) => {
    expect(
      answerAddendum(
        voorstel,
        { organisationId: ALFA.id, choice, current: null },
        contact('p-alfa', ALFA),
        during,
      ),
    ).toMatchObject({ code: 'addendum.invalid' });
  });

  it('there is nothing to answer before adoption, after a decline, or for an adopted werkafspraak', () => {
    const werkafspraak = must(
      recordAdoption({ ...uitgewerkt(), type: 'werkafspraak' }, ADOPT, gemeenteAdmin(), NOW),
    ).voorstel;
    const declined = must(
      recordAdoption(uitgewerkt(), { ...ADOPT, outcome: 'afgewezen' }, gemeenteAdmin(), NOW),
    ).voorstel;
    for (const v of [uitgewerkt(), declined, werkafspraak]) {
      expect(
        answerAddendum(
          v,
          { organisationId: ALFA.id, choice: 'doet-mee', current: null },
          contact('p-alfa', ALFA),
          during,
        ),
      ).toMatchObject({ code: 'addendum.none' });
      expect(isAddendumOpen(v, during)).toBe(false);
    }
  });

  it('knows for which of their organisations a person answers', () => {
    const both = contact('p-both', ALFA);
    if (both.kind !== 'person') throw new Error('person');
    const twoOrgs = { ...both, roles: [...both.roles, { organisation: BETA, role: 'vervanger' as const }] };
    expect(addendumOrganisationsOf(twoOrgs, voorstel).map((o) => o.organisationId)).toEqual([
      'org-alfa',
      'org-beta',
    ]);
    expect(addendumOrganisationsOf(contact('p-g', GAMMA), voorstel)).toEqual([]);
    expect(addendumOrganisationsOf(UNKNOWN, voorstel)).toEqual([]);
  });
});

describe('the tally and its export', () => {
  const voorstel = adopted();
  const round = voorstel.adoption!.addendum!;
  const answer = (org: Organisation, choice: AddendumAnswer['choice']): AddendumAnswer =>
    must(
      answerAddendum(
        voorstel,
        { organisationId: org.id, choice, current: null },
        contact(`p-${org.id}`, org),
        NOW,
      ),
    ).answer;

  it('counts joins, declines and the aanbieders without an answer; answers of others are ignored', () => {
    expect(addendumTally(round, [])).toEqual({
      doetMee: [],
      doetNietMee: [],
      geenAntwoord: round.organisations,
    });
    const stray: AddendumAnswer = { ...answer(ALFA, 'doet-mee'), organisationId: 'org-gamma' };
    const tally = addendumTally(round, [answer(BETA, 'doet-niet-mee'), stray]);
    expect(tally.doetNietMee.map((o) => o.organisationId)).toEqual(['org-beta']);
    expect(tally.geenAntwoord.map((o) => o.organisationId)).toEqual(['org-alfa']);
    expect(addendumTally(round, [answer(ALFA, 'doet-mee')]).doetMee.map((o) => o.name)).toEqual([
      'Alfa Zorg',
    ]);
  });

  it('exports one line per aanbieder asked, also those without an answer', () => {
    const csv = addendumCsv(round, [answer(ALFA, 'doet-mee')]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Aanbieder,Antwoord,Door,Rol,Tijdstip (Amsterdam),Versie');
    expect(lines[1]).toMatch(/^Alfa Zorg,doet mee,Persoon p-org-alfa,contactpersoon,.+,1$/);
    expect(lines[2]).toBe('Beta Begeleiding,geen antwoord,,,,');
    expect(lines).toHaveLength(4);
  });
});

describe('reportOntwikkeling', () => {
  const voorstel = adopted();
  const text = 'De btw-regeling wijzigt per 1 juli; het tarief uit het addendum klopt dan niet meer.';

  it('the gemeente or a contact of a party reports; redelivering the same id adds nothing', () => {
    const byGemeente = must(reportOntwikkeling(voorstel, { id: 'ow-1', text }, gemeenteAdmin(), NOW));
    expect(byGemeente.voorstel.ontwikkelingen).toEqual([
      {
        id: 'ow-1',
        text,
        reportedAt: NOW.toISOString(),
        reportedBy: expect.objectContaining({ capacity: 'gemeente' }),
      },
    ]);
    expect(byGemeente.events).toEqual([
      { type: 'ontwikkeling.gemeld', voorstelId: 'vs-1', ontwikkelingId: 'ow-1' },
    ]);
    const again = must(reportOntwikkeling(byGemeente.voorstel, { id: 'ow-1', text }, gemeenteAdmin(), NOW));
    expect(again.events).toEqual([]);
    for (const [actor, org] of [
      [contact('p-gamma', GAMMA), GAMMA],
      [contact('p-lt', TOEGANG), TOEGANG],
    ] as const) {
      const change = must(
        reportOntwikkeling(voorstel, { id: 'ow-2', text, organisationId: org.id }, actor, NOW),
      );
      expect(change.voorstel.ontwikkelingen?.[0]?.reportedBy).toMatchObject({ organisationId: org.id });
    }
  });

  it('refuses a former aanbieder, someone for another organisation, and unknown people', () => {
    expect(
      reportOntwikkeling(voorstel, { id: 'x', text, organisationId: OUD.id }, contact('p-oud', OUD), NOW),
    ).toMatchObject({ code: 'ontwikkeling.not-allowed' });
    expect(
      reportOntwikkeling(voorstel, { id: 'x', text, organisationId: ALFA.id }, contact('p-g', GAMMA), NOW),
    ).toMatchObject({ code: 'ontwikkeling.not-allowed' });
    expect(reportOntwikkeling(voorstel, { id: 'x', text }, contact('p-g', GAMMA), NOW)).toMatchObject({
      code: 'ontwikkeling.not-allowed',
    });
    expect(reportOntwikkeling(voorstel, { id: 'x', text }, UNKNOWN, NOW)).toMatchObject({
      code: 'auth.unknown-user',
    });
  });

  it.each(VOORSTEL_STATUSES.filter((s) => s !== 'vastgesteld'))(
    'is refused while the voorstel is %s',
    (status) => {
      expect(
        reportOntwikkeling({ ...voorstel, status }, { id: 'x', text }, gemeenteAdmin(), NOW),
      ).toMatchObject({
        code: 'ontwikkeling.not-adopted',
      });
    },
  );

  it.each([
    ['empty', ''],
    ['too short', 'Kort.'],
    ['too long', 'x'.repeat(VASTSTELLING_LIMITS.ontwikkelingMax + 1)],
  ])('refuses a text that is %s', (_label, value) => {
    const refusal = reportOntwikkeling(voorstel, { id: 'x', text: value }, gemeenteAdmin(), NOW);
    if (refusal.ok) throw new Error('expected a refusal');
    expect(refusal.code).toBe('ontwikkeling.invalid');
    expect(refusalFieldErrors(refusal, 'en').text).toBeTruthy();
  });

  it(`keeps at most ${VASTSTELLING_LIMITS.ontwikkelingen} reports`, () => {
    let v = voorstel;
    for (let i = 0; i < VASTSTELLING_LIMITS.ontwikkelingen; i++) {
      v = must(reportOntwikkeling(v, { id: `ow-${i}`, text }, gemeenteAdmin(), NOW)).voorstel;
    }
    expect(reportOntwikkeling(v, { id: 'ow-x', text }, gemeenteAdmin(), NOW)).toMatchObject({
      code: 'ontwikkeling.too-many',
    });
  });
});

describe('a reaction window shorter than two weeks needs a reason [002 art. 5.6]', () => {
  const opened = at('2027-03-20 10:00');
  const concept = conceptVoorstel(opened);
  const reason = 'Spoed: het contract loopt per 1 mei af.';

  it.each([1, 7, DEFAULT_REACTION_DAYS - 1])(
    '%i days without a reason is refused, in both languages',
    (days) => {
      for (const shortReason of [undefined, '', '   ', 'x'.repeat(SHORT_WINDOW_REASON_MIN - 1), 12]) {
        const refusal = openReactieperiode(concept, { days, shortReason }, gemeenteAdmin(), opened);
        if (refusal.ok) throw new Error('expected a refusal');
        expect(refusal.code).toBe('reactieperiode.short-without-reason');
        expect(refusalFieldErrors(refusal, 'nl').shortReason).toMatch(/reden/);
        expect(refusalFieldErrors(refusal, 'en').shortReason).toMatch(/reason/);
      }
    },
  );

  it('a reason that is too long is refused', () => {
    expect(
      openReactieperiode(
        concept,
        { days: 7, shortReason: 'x'.repeat(SHORT_WINDOW_REASON_MAX + 1) },
        gemeenteAdmin(),
        opened,
      ),
    ).toMatchObject({ code: 'reactieperiode.short-reason-too-long' });
  });

  it('with a reason it opens, and the reason is kept and shown publicly', () => {
    const open = must(openReactieperiode(concept, { days: 7, shortReason: reason }, gemeenteAdmin(), opened));
    expect(open.voorstel.reactionWindow?.shortReason).toBe(reason);
    expect(publicView(open.voorstel).reactionWindowShortReason).toBe(reason);
  });

  it.each([DEFAULT_REACTION_DAYS, 30, undefined])('%p days needs no reason and keeps none', (days) => {
    const open = must(openReactieperiode(concept, { days, shortReason: reason }, gemeenteAdmin(), opened));
    expect(open.voorstel.reactionWindow).not.toHaveProperty('shortReason');
    expect(publicView(open.voorstel).reactionWindowShortReason).toBeNull();
  });
});
