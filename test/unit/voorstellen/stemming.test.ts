import fc from 'fast-check';
import { formatDutchDateTime } from '../../../src/domain/time/dutch';
import {
  castVote,
  closeStemming,
  currentVote,
  partiesWithoutVote,
  stemverhouding,
  voteHistory,
  KEUZES,
  SCHEDULER,
} from '../../../src/domain/voorstellen/stemming';
import type { Voorstel } from '../../../src/domain/voorstellen/voorstel';
import {
  at,
  contact,
  gemeenteAdmin,
  must,
  organisation,
  partyOf,
  UNKNOWN,
  voorstelInStemming,
  GEMEENTE_ORG,
} from './fixtures';

const ZORG_A = organisation('org-a', 'Zorg A');
const ZORG_B = organisation('org-b', 'Zorg B');
const OUTSIDER = organisation('org-x', 'Zorg X (geen lid)');
const PARTIES = [partyOf(GEMEENTE_ORG), partyOf(ZORG_A), partyOf(ZORG_B)];

const contactA = contact('p-a1', ZORG_A, 'contactpersoon');
const vervangerA = contact('p-a2', ZORG_A, 'vervanger');
const contactB = contact('p-b1', ZORG_B);

const DEADLINE = at('2027-03-01 17:00');

function vote(
  voorstel: Voorstel,
  actor = contactA,
  choice: unknown = 'voor',
  key = 'k1',
  now = at('2027-02-20 10:00'),
) {
  return castVote(voorstel, { partyId: 'org-a', choice, idempotencyKey: key }, actor, now);
}

describe('castVote', () => {
  const open = voorstelInStemming(PARTIES, DEADLINE);

  it('records a vote with who and when, as the party’s current vote', () => {
    const change = must(vote(open));
    const stemming = change.voorstel.stemming!;
    expect(currentVote(stemming, 'org-a')).toMatchObject({
      choice: 'voor',
      castBy: { personId: 'p-a1', organisationId: 'org-a', capacity: 'contactpersoon' },
      castAt: '2027-02-20T09:00:00.000Z',
    });
    expect(change.events).toEqual([
      {
        type: 'stem.uitgebracht',
        voorstelId: 'vs-1',
        partyId: 'org-a',
        choice: 'voor',
        previousChoice: null,
      },
    ]);
  });

  it('lets the vervanger change the party’s vote before the deadline and keeps both in history', () => {
    const first = must(vote(open, contactA, 'voor', 'k1', at('2027-02-20 10:00'))).voorstel;
    const second = must(vote(first, vervangerA, 'tegen', 'k2', at('2027-02-21 10:00')));
    const stemming = second.voorstel.stemming!;
    expect(currentVote(stemming, 'org-a')?.choice).toBe('tegen');
    expect(voteHistory(stemming, 'org-a').map((b) => [b.castBy.personId, b.choice])).toEqual([
      ['p-a1', 'voor'],
      ['p-a2', 'tegen'],
    ]);
    expect(second.events[0]).toMatchObject({ previousChoice: 'voor', choice: 'tegen' });
    expect(stemverhouding(stemming)).toMatchObject({ voor: 0, tegen: 1, onthouding: 0, nietGestemd: 2 });
  });

  it('accepts a vote in the last second before the deadline and refuses one a second later, naming the deadline', () => {
    const lastSecond = new Date(DEADLINE.getTime() + 999);
    expect(vote(open, contactA, 'voor', 'k1', lastSecond).ok).toBe(true);
    const late = vote(open, contactA, 'voor', 'k1', new Date(DEADLINE.getTime() + 1000));
    expect(late).toMatchObject({ ok: false, code: 'vote.closed' });
    if (!late.ok)
      expect(late.messages[0]).toBe('De stemming is gesloten sinds maandag 1 maart 2027 om 17:00.');
  });

  it('refuses a vote for an organisation that is not a party (tampered card data)', () => {
    const outsider = contact('p-x', OUTSIDER);
    const result = castVote(
      open,
      { partyId: 'org-x', choice: 'voor', idempotencyKey: 'k9' },
      outsider,
      at('2027-02-20 10:00'),
    );
    expect(result).toMatchObject({ ok: false, code: 'vote.not-a-party' });
  });

  it('refuses a vote for another party’s id, even by a contact of a real party', () => {
    const result = castVote(
      open,
      { partyId: 'org-a', choice: 'tegen', idempotencyKey: 'k9' },
      contactB,
      at('2027-02-20 10:00'),
    );
    expect(result).toMatchObject({ ok: false, code: 'vote.not-your-party' });
    if (!result.ok) expect(result.messages[0]).toContain('Zorg A');
  });

  it('refuses an unknown user and a gemeente admin voting for an aanbieder', () => {
    expect(vote(open, UNKNOWN)).toMatchObject({ ok: false, code: 'auth.unknown-user' });
    expect(vote(open, gemeenteAdmin())).toMatchObject({ ok: false, code: 'vote.not-your-party' });
  });

  it.each(['ja', 'VOOR', '', null, 1, 'nietGestemd'])('refuses the unknown choice %j', (choice) => {
    const result = vote(open, contactA, choice);
    expect(result).toMatchObject({
      ok: false,
      code: 'vote.unknown-choice',
      messages: ['Kies voor, tegen of onthouding.'],
    });
  });

  it('refuses votes on a closed voorstel, also before its deadline', () => {
    let v = open;
    for (const [actor, party, key] of [
      [gemeenteAdmin(), GEMEENTE_ORG.id, 'g'],
      [contactA, 'org-a', 'a'],
      [contactB, 'org-b', 'b'],
    ] as const) {
      v = must(
        castVote(v, { partyId: party, choice: 'tegen', idempotencyKey: key }, actor, at('2027-02-20 10:00')),
      ).voorstel;
    }
    const closed = must(closeStemming(v, gemeenteAdmin(), at('2027-02-22 12:00'))).voorstel;
    const result = vote(closed, contactA, 'voor', 'k-new', at('2027-02-23 10:00'));
    expect(result).toMatchObject({ ok: false, code: 'vote.closed' });
    if (!result.ok)
      expect(result.messages[0]).toBe('De stemming is gesloten sinds maandag 22 februari 2027 om 12:00.');
  });

  it('refuses a vote when no stemming is open, and a missing idempotency key', () => {
    const { stemming: _s, ...rest } = open;
    expect(vote({ ...rest, stemming: null, status: 'reactieperiode' })).toMatchObject({
      ok: false,
      code: 'vote.not-open',
    });
    expect(vote(open, contactA, 'voor', '   ')).toMatchObject({ ok: false, code: 'vote.invalid-request' });
  });
});

describe('a replayed vote after the voter lost their role', () => {
  const open = voorstelInStemming(PARTIES, DEADLINE);
  const cast = { partyId: 'org-a', choice: 'voor', idempotencyKey: 'invoke-1' } as const;
  const recorded = must(castVote(open, cast, contactA, at('2027-02-20 10:00'))).voorstel;
  const revoked: typeof contactA = {
    ...contactA,
    roles: [],
    ...(contactA.kind === 'person' ? { person: { ...contactA.person, memberships: [] } } : {}),
  } as typeof contactA;

  it('is confirmed as unchanged while the voter still holds the role', () => {
    const replay = must(castVote(recorded, cast, contactA, at('2027-02-20 10:05')));
    expect(replay.events).toEqual([]);
  });

  it('gets the same refusal as any vote of theirs, never a confirmation', () => {
    const replay = castVote(recorded, cast, revoked, at('2027-02-20 10:05'));
    const fresh = castVote(
      recorded,
      { ...cast, idempotencyKey: 'invoke-2' },
      revoked,
      at('2027-02-20 10:05'),
    );
    expect(replay).toEqual(fresh);
    expect(replay).toMatchObject({ ok: false, code: 'vote.not-your-party' });
  });

  it('from someone who never held it, is refused too (a stolen invoke)', () => {
    const replay = castVote(recorded, cast, contactB, at('2027-02-20 10:05'));
    expect(replay).toMatchObject({ ok: false, code: 'vote.not-your-party' });
  });
});

describe('concurrency and redelivery', () => {
  const open = voorstelInStemming(PARTIES, DEADLINE);
  const sameMoment = at('2027-02-20 10:00');
  const byContact = { partyId: 'org-a', choice: 'voor', idempotencyKey: 'invoke-contact' } as const;
  const byVervanger = { partyId: 'org-a', choice: 'tegen', idempotencyKey: 'invoke-vervanger' } as const;

  it('contact and vervanger voting at the same moment, in either order, end in the same state: one current vote, both in history', () => {
    const contactFirst = must(
      castVote(
        must(castVote(open, byContact, contactA, sameMoment)).voorstel,
        byVervanger,
        vervangerA,
        sameMoment,
      ),
    );
    const vervangerFirst = must(
      castVote(
        must(castVote(open, byVervanger, vervangerA, sameMoment)).voorstel,
        byContact,
        contactA,
        sameMoment,
      ),
    );
    expect(contactFirst.voorstel).toEqual(vervangerFirst.voorstel);
    const stemming = contactFirst.voorstel.stemming!;
    expect(stemming.ballots).toHaveLength(2);
    expect(
      voteHistory(stemming, 'org-a')
        .map((b) => b.castBy.personId)
        .sort(),
    ).toEqual(['p-a1', 'p-a2']);
    expect(stemverhouding(stemming).voor + stemverhouding(stemming).tegen).toBe(1);
  });

  it('a later ballot wins over an earlier one regardless of application order (property)', () => {
    const voters = [contactA, vervangerA];
    const ballot = fc.record({
      voter: fc.integer({ min: 0, max: 1 }),
      choice: fc.constantFrom(...KEUZES),
      minute: fc.integer({ min: 0, max: 60 * 24 * 5 }),
    });
    const ballotsInSomeOrder = fc
      .uniqueArray(ballot, { minLength: 1, maxLength: 6, selector: (b) => b.minute })
      .chain((ballots) =>
        fc.tuple(
          fc.constant(ballots),
          fc.shuffledSubarray([...ballots.keys()], { minLength: ballots.length, maxLength: ballots.length }),
        ),
      );
    fc.assert(
      fc.property(ballotsInSomeOrder, ([ballots, order]) => {
        const commands = ballots.map((b, i) => ({
          actor: voters[b.voter]!,
          command: { partyId: 'org-a', choice: b.choice, idempotencyKey: `k-${i}` },
          now: new Date(at('2027-02-20 00:00').getTime() + b.minute * 60_000),
        }));
        const apply = (list: typeof commands) =>
          list.reduce((v, c) => must(castVote(v, c.command, c.actor, c.now)).voorstel, open);
        const inOrder = apply(commands);
        const reordered = apply(order.map((i) => commands[i]!));
        expect(reordered).toEqual(inOrder);
        const latest = [...commands].sort((x, y) => x.now.getTime() - y.now.getTime()).at(-1)!;
        expect(currentVote(inOrder.stemming!, 'org-a')?.choice).toBe(latest.command.choice);
        expect(inOrder.stemming!.ballots).toHaveLength(commands.length);
      }),
    );
  });

  it('a redelivered invoke (same voter, choice and key) changes nothing, even after the deadline', () => {
    const once = must(castVote(open, byContact, contactA, sameMoment)).voorstel;
    const again = must(castVote(once, byContact, contactA, at('2027-02-20 10:00')));
    expect(again.voorstel).toBe(once);
    expect(again.events).toEqual([]);
    const afterDeadline = must(castVote(once, byContact, contactA, new Date(DEADLINE.getTime() + 60_000)));
    expect(afterDeadline.voorstel).toBe(once);
  });

  it('a redelivered invoke does not undo a later change of vote', () => {
    const first = must(castVote(open, byContact, contactA, sameMoment)).voorstel;
    const changed = must(castVote(first, byVervanger, vervangerA, at('2027-02-21 10:00'))).voorstel;
    const redelivered = must(castVote(changed, byContact, contactA, at('2027-02-21 10:05')));
    expect(redelivered.voorstel).toBe(changed);
    expect(currentVote(changed.stemming!, 'org-a')?.choice).toBe('tegen');
  });

  it('refuses a reused key with a different choice or voter', () => {
    const once = must(castVote(open, byContact, contactA, sameMoment)).voorstel;
    expect(castVote(once, { ...byContact, choice: 'tegen' }, contactA, sameMoment)).toMatchObject({
      ok: false,
      code: 'vote.idempotency-conflict',
    });
    expect(castVote(once, byContact, vervangerA, sameMoment)).toMatchObject({
      ok: false,
      code: 'vote.idempotency-conflict',
    });
  });
});

describe('deadlines on daylight-saving change days (Europe/Amsterdam)', () => {
  it('a deadline of 12:00 on Sunday 28 March 2027 (clocks forward) is 10:00 UTC', () => {
    const deadline = at('2027-03-28 12:00');
    expect(deadline.toISOString()).toBe('2027-03-28T10:00:00.000Z');
    const v = voorstelInStemming(PARTIES, deadline);
    expect(vote(v, contactA, 'voor', 'k', new Date('2027-03-28T10:00:00.500Z')).ok).toBe(true);
    // Still before 12:00 in winter time (11:00 UTC), but already after the summer-time deadline.
    const late = vote(v, contactA, 'voor', 'k', new Date('2027-03-28T10:30:00.000Z'));
    expect(late).toMatchObject({ ok: false, code: 'vote.closed' });
    if (!late.ok)
      expect(late.messages[0]).toBe(`De stemming is gesloten sinds ${formatDutchDateTime(deadline)}.`);
    expect(formatDutchDateTime(deadline)).toBe('zondag 28 maart 2027 om 12:00');
  });

  it('a deadline of 12:00 on Sunday 31 October 2027 (clocks back) is 11:00 UTC', () => {
    const deadline = at('2027-10-31 12:00');
    expect(deadline.toISOString()).toBe('2027-10-31T11:00:00.000Z');
    const v = voorstelInStemming(PARTIES, deadline);
    // 12:30 UTC+2 would have been past a summer-time deadline; in winter time it is 11:30 local, still open.
    expect(vote(v, contactA, 'voor', 'k', new Date('2027-10-31T10:30:00.000Z')).ok).toBe(true);
    expect(vote(v, contactA, 'voor', 'k', new Date('2027-10-31T11:00:01.000Z')).ok).toBe(false);
  });

  it('the scheduler closes a vote whose deadline was in the repeated hour only after the first 02:30', () => {
    const deadline = at('2027-10-31 02:30');
    const v = voorstelInStemming(PARTIES, deadline);
    expect(closeStemming(v, SCHEDULER, new Date('2027-10-31T00:30:00.000Z'))).toMatchObject({
      ok: false,
      code: 'stemming.deadline-not-reached',
    });
    expect(must(closeStemming(v, SCHEDULER, new Date('2027-10-31T00:30:01.000Z'))).voorstel.status).toBe(
      'gesloten',
    );
  });
});

describe('reminder targeting', () => {
  it('names only the parties that have not voted', () => {
    let v = voorstelInStemming(PARTIES, DEADLINE);
    expect(partiesWithoutVote(v).map((p) => p.organisationId)).toEqual([GEMEENTE_ORG.id, 'org-a', 'org-b']);
    v = must(vote(v, vervangerA, 'onthouding')).voorstel;
    expect(partiesWithoutVote(v).map((p) => p.organisationId)).toEqual([GEMEENTE_ORG.id, 'org-b']);
  });

  it('is empty once the vote is closed', () => {
    const v = voorstelInStemming(PARTIES, DEADLINE);
    const closed = must(closeStemming(v, SCHEDULER, new Date(DEADLINE.getTime() + 1000))).voorstel;
    expect(partiesWithoutVote(closed)).toEqual([]);
  });
});
