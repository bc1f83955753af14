import fc from 'fast-check';
import type { Organisation } from '../../../src/domain/registry/registry';
import {
  canCloseEarly,
  castVote,
  closeStemming,
  decideVoorstel,
  isDueForAutomaticClose,
  KEUZES,
  SCHEDULER,
  type Keuze,
} from '../../../src/domain/voorstellen/stemming';
import type { Voorstel } from '../../../src/domain/voorstellen/voorstel';
import { at, contact, gemeenteAdmin, must, organisation, partyOf, voorstelInStemming } from './fixtures';

type Cast = Keuze | 'niet';
const CASTS: readonly Cast[] = [...KEUZES, 'niet'];
const DEADLINE = at('2027-03-01 17:00');
const AFTER_DEADLINE = new Date(DEADLINE.getTime() + 1000);
const BEFORE_DEADLINE = at('2027-02-25 12:00');

function allCombinations(size: number): Cast[][] {
  if (size === 0) return [[]];
  return allCombinations(size - 1).flatMap((rest) => CASTS.map((c) => [c, ...rest]));
}

function table(size: number): Organisation[] {
  return Array.from({ length: size }, (_, i) =>
    organisation(`org-${i}`, `Partij ${i}`, i === 0 ? 'gemeente' : 'aanbieder'),
  );
}

function withVotes(orgs: readonly Organisation[], casts: readonly Cast[]): Voorstel {
  let voorstel = voorstelInStemming(orgs.map(partyOf), DEADLINE);
  casts.forEach((cast, i) => {
    if (cast === 'niet') return;
    const org = orgs[i]!;
    voorstel = must(
      castVote(
        voorstel,
        { partyId: org.id, choice: cast, idempotencyKey: `k-${i}` },
        contact(`p-${i}`, org),
        at('2027-02-20 10:00'),
      ),
    ).voorstel;
  });
  return voorstel;
}

describe.each([3, 4])('the outcome rule, every combination of votes of %i parties', (size) => {
  const orgs = table(size);
  const combinations = allCombinations(size);

  it(`covers all ${4 ** size} combinations`, () => {
    expect(new Set(combinations.map((c) => c.join())).size).toBe(4 ** size);
  });

  it.each(combinations.map((c) => [c.join(' '), c] as const))('%s', (_label, casts) => {
    const voorstel = withVotes(orgs, casts);
    const everyPartyVoted = !casts.includes('niet');
    expect(canCloseEarly(voorstel)).toBe(everyPartyVoted);

    const closed = must(closeStemming(voorstel, SCHEDULER, AFTER_DEADLINE)).voorstel;
    const count = (c: Cast) => casts.filter((x) => x === c).length;
    const result = closed.stemming!.result!;
    expect([result.voor, result.tegen, result.onthouding, result.nietGestemd]).toEqual([
      count('voor'),
      count('tegen'),
      count('onthouding'),
      count('niet'),
    ]);
    expect(result.partijen.voor.map((p) => p.organisationId)).toEqual(
      orgs.filter((_, i) => casts[i] === 'voor').map((o) => o.id),
    );
    expect(result.partijen.nietGestemd.map((p) => p.organisationId)).toEqual(
      orgs.filter((_, i) => casts[i] === 'niet').map((o) => o.id),
    );

    const unanimous = casts.every((c) => c === 'voor');
    expect(closed.status).toBe(unanimous ? 'uitgewerkt' : 'gesloten');
    expect(closed.decision?.kind ?? null).toBe(unanimous ? 'unaniem' : null);
  });
});

describe('closing the vote', () => {
  const orgs = table(3);

  it('the scheduler closes only after the deadline; a second close changes nothing', () => {
    const voorstel = withVotes(orgs, ['voor', 'tegen', 'niet']);
    expect(isDueForAutomaticClose(voorstel, DEADLINE)).toBe(false);
    expect(closeStemming(voorstel, SCHEDULER, DEADLINE)).toMatchObject({
      ok: false,
      code: 'stemming.deadline-not-reached',
    });
    expect(isDueForAutomaticClose(voorstel, AFTER_DEADLINE)).toBe(true);
    const closed = must(closeStemming(voorstel, SCHEDULER, AFTER_DEADLINE));
    expect(closed.voorstel.stemming!.closure).toEqual({
      at: AFTER_DEADLINE.toISOString(),
      reason: 'deadline',
      by: null,
    });
    expect(closed.events).toEqual([
      { type: 'stemming.gesloten', voorstelId: 'vs-1', reason: 'deadline', unanimous: false },
    ]);
    const again = must(closeStemming(closed.voorstel, SCHEDULER, new Date(AFTER_DEADLINE.getTime() + 5000)));
    expect(again.voorstel).toBe(closed.voorstel);
    expect(again.events).toEqual([]);
  });

  it('the gemeente closes early only when every party voted, and is told who is missing', () => {
    const incomplete = withVotes(orgs, ['voor', 'niet', 'voor']);
    const refused = closeStemming(incomplete, gemeenteAdmin(), BEFORE_DEADLINE);
    expect(refused).toMatchObject({ ok: false, code: 'stemming.not-all-voted' });
    if (!refused.ok) expect(refused.messages[0]).toContain('Nog niet gestemd: Partij 1.');

    const complete = withVotes(orgs, ['voor', 'voor', 'voor']);
    const closed = must(closeStemming(complete, gemeenteAdmin(), BEFORE_DEADLINE));
    expect(closed.voorstel.status).toBe('uitgewerkt');
    expect(closed.voorstel.stemming!.closure).toMatchObject({
      reason: 'alle-partijen-gestemd',
      by: { capacity: 'gemeente' },
    });
    expect(closed.events.map((e) => e.type)).toEqual(['stemming.gesloten', 'voorstel.uitgewerkt']);
    expect(closed.events[1]).toMatchObject({ basis: 'unaniem', percelen: [2, 3] });
  });

  it('only the gemeente closes a vote by hand', () => {
    const complete = withVotes(orgs, ['voor', 'voor', 'voor']);
    expect(closeStemming(complete, contact('p-1', orgs[1]!), BEFORE_DEADLINE)).toMatchObject({
      ok: false,
      code: 'auth.gemeente-only',
    });
  });
});

describe('the gemeente’s decision without unanimity', () => {
  const orgs = table(3);
  const closed = must(
    closeStemming(withVotes(orgs, ['voor', 'tegen', 'onthouding']), SCHEDULER, AFTER_DEADLINE),
  ).voorstel;
  const reason = 'Het voorstel verlaagt de administratieve lasten voor alle aanbieders.';

  it('adopting makes the voorstel uitgewerkt and announces it as an addendum for its percelen', () => {
    const decided = must(
      decideVoorstel(
        closed,
        { decision: 'aannemen', reason: `  ${reason}  ` },
        gemeenteAdmin(),
        AFTER_DEADLINE,
      ),
    );
    expect(decided.voorstel.status).toBe('uitgewerkt');
    expect(decided.voorstel.decision).toMatchObject({ kind: 'aangenomen', reason });
    expect(decided.events).toEqual([
      { type: 'voorstel.uitgewerkt', voorstelId: 'vs-1', basis: 'besluit-gemeente', percelen: [2, 3] },
    ]);
  });

  it('rejecting makes it afgewezen; deciding twice is refused', () => {
    const decided = must(
      decideVoorstel(closed, { decision: 'afwijzen', reason }, gemeenteAdmin(), AFTER_DEADLINE),
    ).voorstel;
    expect(decided.status).toBe('afgewezen');
    expect(
      decideVoorstel(decided, { decision: 'aannemen', reason }, gemeenteAdmin(), AFTER_DEADLINE),
    ).toMatchObject({
      ok: false,
      code: 'besluit.already-decided',
    });
  });

  it('requires a reason of at least 20 characters after trimming', () => {
    const short = decideVoorstel(
      closed,
      { decision: 'afwijzen', reason: `   ${'x'.repeat(19)}      ` },
      gemeenteAdmin(),
      AFTER_DEADLINE,
    );
    expect(short).toMatchObject({
      ok: false,
      code: 'besluit.invalid',
      fieldErrors: { reason: 'De onderbouwing van het besluit is te kort (minstens 20 tekens).' },
    });
    expect(
      decideVoorstel(closed, { decision: 'afwijzen', reason: '' }, gemeenteAdmin(), AFTER_DEADLINE),
    ).toMatchObject({
      fieldErrors: { reason: 'De onderbouwing van het besluit is verplicht.' },
    });
    expect(
      decideVoorstel(
        closed,
        { decision: 'afwijzen', reason: 'x'.repeat(20) },
        gemeenteAdmin(),
        AFTER_DEADLINE,
      ).ok,
    ).toBe(true);
  });

  it('refuses an unknown decision, a non-gemeente, and a decision while the vote is open or unanimous', () => {
    expect(
      decideVoorstel(closed, { decision: 'misschien', reason }, gemeenteAdmin(), AFTER_DEADLINE),
    ).toMatchObject({
      fieldErrors: { decision: 'Kies aannemen of afwijzen.' },
    });
    expect(
      decideVoorstel(closed, { decision: 'aannemen', reason }, contact('p-1', orgs[1]!), AFTER_DEADLINE),
    ).toMatchObject({
      code: 'auth.gemeente-only',
    });
    const open = withVotes(orgs, ['voor', 'niet', 'niet']);
    expect(
      decideVoorstel(open, { decision: 'aannemen', reason }, gemeenteAdmin(), BEFORE_DEADLINE),
    ).toMatchObject({
      code: 'besluit.vote-not-closed',
    });
    const unanimous = must(
      closeStemming(withVotes(orgs, ['voor', 'voor', 'voor']), SCHEDULER, AFTER_DEADLINE),
    ).voorstel;
    expect(
      decideVoorstel(unanimous, { decision: 'afwijzen', reason }, gemeenteAdmin(), AFTER_DEADLINE),
    ).toMatchObject({
      code: 'besluit.already-decided',
    });
  });
});

describe('stemverhouding (property)', () => {
  it('counts every party exactly once, for any sequence of votes and changes', () => {
    const orgs = table(5);
    const step = fc.record({ party: fc.integer({ min: 0, max: 4 }), choice: fc.constantFrom(...KEUZES) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 15 }), (steps) => {
        let voorstel = voorstelInStemming(orgs.map(partyOf), DEADLINE);
        steps.forEach((s, i) => {
          const org = orgs[s.party]!;
          const now = new Date(at('2027-02-20 10:00').getTime() + i * 1000);
          voorstel = must(
            castVote(
              voorstel,
              { partyId: org.id, choice: s.choice, idempotencyKey: `k${i}` },
              contact(`p${s.party}`, org),
              now,
            ),
          ).voorstel;
        });
        const result = must(closeStemming(voorstel, SCHEDULER, AFTER_DEADLINE)).voorstel.stemming!.result!;
        expect(result.voor + result.tegen + result.onthouding + result.nietGestemd).toBe(5);
        const lastChoice = new Map(steps.map((s) => [s.party, s.choice]));
        expect(result.voor).toBe([...lastChoice.values()].filter((c) => c === 'voor').length);
        expect(result.nietGestemd).toBe(5 - lastChoice.size);
      }),
    );
  });
});
