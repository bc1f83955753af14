import fc from 'fast-check';
import { recordAttendance } from '../../../src/domain/meetings/attendance';
import type { Meeting } from '../../../src/domain/meetings/meeting';
import {
  attendeesOf,
  commentPeriodOpen,
  correctVerslag,
  isPublished,
  openComments,
  processComment,
  sendForComments,
  submitComment,
  vaststellen,
  versionsOf,
  VERSLAG_REVIEW_LIMITS,
  type Verslag,
} from '../../../src/domain/meetings/verslagReview';
import { refusalFieldErrors, refusalMessages, type Result } from '../../../src/domain/shared/result';
import { at, gemeenteAdmin, GEMEENTE_ORG, must, UNKNOWN } from '../voorstellen/fixtures';
import { AANBIEDERS, contactOf, LOKALE_TOEGANG, meeting } from './fixtures';

const AFTER = at('2027-03-31 10:00');
const GEMEENTE = gemeenteAdmin();

function concept(markdown = '# Concept verslag\n\nDe gemeente licht de verlenging toe.'): Verslag {
  return {
    markdown,
    status: 'concept',
    draftedAt: '2027-03-30T15:00:00.000Z',
    editedByPersonId: null,
    editedAt: null,
    publishedAt: null,
    publishedByPersonId: null,
    broadcastId: null,
  };
}

/** The meeting held on 30 March with the gemeente, the lokale toegang, A and B present. */
function held(present = [GEMEENTE_ORG.id, LOKALE_TOEGANG.id, 'org-a', 'org-b']): Meeting {
  return must(recordAttendance(meeting(), { present, absenceReasons: [] }, GEMEENTE, at('2027-03-30 17:00')))
    .meeting;
}

const inReview = (deadline = '2027-04-14') =>
  must(sendForComments(concept(), held(), { deadline }, GEMEENTE, AFTER));

function refusal<T>(result: Result<T>): { code: string; nl: string; en: string } {
  if (result.ok) throw new Error('expected a refusal');
  return {
    code: result.code,
    nl: refusalMessages(result, 'nl').join(' '),
    en: refusalMessages(result, 'en').join(' '),
  };
}

describe('sending the concept verslag to the attendees', () => {
  it('goes to the organisations that were present, not the gemeente, until the end of the chosen day', () => {
    const sent = inReview();
    expect(sent.status).toBe('ter-inzage');
    expect(sent.review?.attendees).toEqual([LOKALE_TOEGANG.id, 'org-a', 'org-b']);
    expect(sent.review?.deadline).toBe('2027-04-14T21:59:59.000Z');
    expect(sent.review?.sentBy.capacity).toBe('gemeente');
    expect(sent.review?.comments).toEqual([]);
    expect(attendeesOf(held())).toEqual([LOKALE_TOEGANG.id, 'org-a', 'org-b']);
  });

  it('is refused for anyone but the gemeente, in both languages', () => {
    for (const actor of [contactOf('A'), UNKNOWN]) {
      const r = refusal(sendForComments(concept(), held(), { deadline: '2027-04-14' }, actor, AFTER));
      expect(r.code).toMatch(/^auth\./);
    }
  });

  it('needs the attendance, and at least one attendee besides the gemeente', () => {
    expect(
      refusal(sendForComments(concept(), meeting(), { deadline: '2027-04-14' }, GEMEENTE, AFTER)),
    ).toEqual({
      code: 'verslag.no-attendance',
      nl: 'Leg eerst de aanwezigheid vast: het concept gaat naar wie aanwezig was.',
      en: 'Record the attendance first: the draft goes to those who attended.',
    });
    expect(
      refusal(
        sendForComments(concept(), held([GEMEENTE_ORG.id]), { deadline: '2027-04-14' }, GEMEENTE, AFTER),
      ).code,
    ).toBe('verslag.no-attendees');
  });

  it('takes a period from tomorrow up to six weeks, and explains a wrong date per field', () => {
    expect(must(sendForComments(concept(), held(), { deadline: '2027-04-01' }, GEMEENTE, AFTER)).status).toBe(
      'ter-inzage',
    );
    expect(must(sendForComments(concept(), held(), { deadline: '2027-05-12' }, GEMEENTE, AFTER)).status).toBe(
      'ter-inzage',
    );
    for (const deadline of [
      '2027-03-31',
      '2027-03-01',
      '2027-05-13',
      '2027-02-30',
      'volgende week',
      '',
      12,
      null,
    ]) {
      const result = sendForComments(concept(), held(), { deadline }, GEMEENTE, AFTER);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(refusalFieldErrors(result, 'nl').deadline).toMatch(/^De reactietermijn/);
      expect(refusalFieldErrors(result, 'en').deadline).toMatch(/^The comment period/);
    }
  });

  it('is refused when the verslag is already ter inzage or vastgesteld', () => {
    expect(
      refusal(sendForComments(inReview(), held(), { deadline: '2027-04-14' }, GEMEENTE, AFTER)).code,
    ).toBe('verslag.ter-inzage');
    const published = { ...concept(), status: 'gepubliceerd' as const };
    expect(
      refusal(sendForComments(published, held(), { deadline: '2027-04-14' }, GEMEENTE, AFTER)).code,
    ).toBe('verslag.published');
  });
});

describe('comments of the attendees', () => {
  const during = at('2027-04-02 09:00');

  it('an attendee’s contactpersoon or vervanger comments within the period; ids count up', () => {
    const first = must(
      submitComment(
        inReview(),
        { organisationId: 'org-a', text: '  Punt 2 mist de toezegging. ' },
        contactOf('A'),
        during,
      ),
    );
    expect(first.comment).toMatchObject({
      id: 'commentaar-1',
      organisationId: 'org-a',
      text: 'Punt 2 mist de toezegging.',
      status: 'open',
      reason: null,
    });
    expect(first.comment.by).toMatchObject({ personId: 'p-a-contactpersoon', capacity: 'contactpersoon' });
    const second = must(
      submitComment(
        first.verslag,
        { organisationId: 'org-b', text: 'Graag mijn naam correct.' },
        contactOf('B', 'vervanger'),
        during,
      ),
    );
    expect(second.comment.id).toBe('commentaar-2');
    expect(openComments(second.verslag).map((c) => c.id)).toEqual(['commentaar-1', 'commentaar-2']);
  });

  it('a redelivered submission with the id of its form is stored once; another person cannot reuse the id', () => {
    const input = {
      organisationId: 'org-a',
      text: 'Punt 2 mist de toezegging.',
      id: 'commentaar-0123456789ab',
    };
    const first = must(submitComment(inReview(), input, contactOf('A'), during));
    expect(first.comment.id).toBe('commentaar-0123456789ab');
    const again = must(submitComment(first.verslag, input, contactOf('A'), at('2027-04-03 09:00')));
    expect(again.verslag).toBe(first.verslag);
    expect(again.comment).toEqual(first.comment);
    expect(refusal(submitComment(first.verslag, input, contactOf('A', 'vervanger'), during)).code).toBe(
      'verslag.comment-id-taken',
    );
  });

  it('is refused for an organisation that was absent, for someone else’s organisation and for strangers', () => {
    expect(
      refusal(
        submitComment(
          inReview(),
          { organisationId: 'org-c', text: 'Ik was er niet.' },
          contactOf('C'),
          during,
        ),
      ).code,
    ).toBe('verslag.not-an-attendee');
    expect(
      refusal(
        submitComment(
          inReview(),
          { organisationId: 'org-a', text: 'Namens een ander.' },
          contactOf('B'),
          during,
        ),
      ),
    ).toEqual({
      code: 'verslag.not-your-organisation',
      nl: 'Alleen de contactpersoon of vervanger van de organisatie geeft namens haar commentaar.',
      en: 'Only the contact person or deputy of the organisation comments on its behalf.',
    });
    expect(
      refusal(submitComment(inReview(), { organisationId: 'org-a', text: 'Onbekend.' }, UNKNOWN, during))
        .code,
    ).toBe('auth.unknown-user');
  });

  it('closes at the end of the deadline day, to the second', () => {
    const review = inReview('2027-04-14');
    expect(commentPeriodOpen(review, at('2027-04-14 23:59'))).toBe(true);
    expect(
      submitComment(
        review,
        { organisationId: 'org-a', text: 'Net op tijd.' },
        contactOf('A'),
        at('2027-04-14 23:59'),
      ).ok,
    ).toBe(true);
    expect(commentPeriodOpen(review, at('2027-04-15 00:00'))).toBe(false);
    const late = refusal(
      submitComment(
        review,
        { organisationId: 'org-a', text: 'Te laat.' },
        contactOf('A'),
        at('2027-04-15 00:00'),
      ),
    );
    expect(late.code).toBe('verslag.period-ended');
    expect(late.nl).toContain('14 april 2027');
  });

  it('only while ter inzage', () => {
    expect(
      refusal(
        submitComment(concept(), { organisationId: 'org-a', text: 'Te vroeg.' }, contactOf('A'), during),
      ).code,
    ).toBe('verslag.not-open');
    expect(commentPeriodOpen(concept(), during)).toBe(false);
  });

  it('checks the text length in both languages and limits the comments per organisation', () => {
    for (const text of ['', 'kort', 'x'.repeat(VERSLAG_REVIEW_LIMITS.commentMax + 1), 42]) {
      const result = submitComment(inReview(), { organisationId: 'org-a', text }, contactOf('A'), during);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(refusalFieldErrors(result, 'nl').comment).toMatch(/^Het commentaar/);
      expect(refusalFieldErrors(result, 'en').comment).toMatch(/^The comment/);
    }
    let verslag = inReview();
    for (let i = 0; i < VERSLAG_REVIEW_LIMITS.commentsPerOrganisation; i++)
      verslag = must(
        submitComment(verslag, { organisationId: 'org-a', text: `Opmerking ${i}` }, contactOf('A'), during),
      ).verslag;
    expect(
      refusal(submitComment(verslag, { organisationId: 'org-a', text: 'Nog een.' }, contactOf('A'), during))
        .code,
    ).toBe('verslag.too-many-comments');
    expect(
      submitComment(verslag, { organisationId: 'org-b', text: 'B mag nog.' }, contactOf('B'), during).ok,
    ).toBe(true);
  });
});

describe('processing the comments and vaststellen', () => {
  const during = at('2027-04-02 09:00');
  const afterPeriod = at('2027-04-20 10:00');
  const withComments = () => {
    let v = inReview();
    v = must(
      submitComment(
        v,
        { organisationId: 'org-a', text: 'Punt 2 mist de toezegging.' },
        contactOf('A'),
        during,
      ),
    ).verslag;
    v = must(
      submitComment(
        v,
        { organisationId: 'org-b', text: 'Graag het woord gemeente schrappen.' },
        contactOf('B'),
        during,
      ),
    ).verslag;
    return v;
  };

  it('the gemeente takes a comment over (explanation optional) or declines it with a reason', () => {
    const taken = must(
      processComment(
        withComments(),
        { commentId: 'commentaar-1', decision: 'overgenomen', reason: '' },
        GEMEENTE,
        during,
      ),
    );
    expect(taken.review?.comments[0]).toMatchObject({ status: 'overgenomen', reason: null });
    expect(taken.review?.comments[0]?.processedBy?.capacity).toBe('gemeente');
    const declined = must(
      processComment(
        taken,
        { commentId: 'commentaar-2', decision: 'niet-overgenomen', reason: 'Zo is het besproken.' },
        GEMEENTE,
        during,
      ),
    );
    expect(declined.review?.comments[1]).toMatchObject({
      status: 'niet-overgenomen',
      reason: 'Zo is het besproken.',
    });
    expect(openComments(declined)).toEqual([]);
    const reconsidered = must(
      processComment(
        declined,
        { commentId: 'commentaar-2', decision: 'overgenomen', reason: 'Toch aangepast.' },
        GEMEENTE,
        during,
      ),
    );
    expect(reconsidered.review?.comments[1]).toMatchObject({
      status: 'overgenomen',
      reason: 'Toch aangepast.',
    });
  });

  it('refuses a decline without a reason, an unknown decision or comment, and anyone but the gemeente', () => {
    const noReason = processComment(
      withComments(),
      { commentId: 'commentaar-2', decision: 'niet-overgenomen', reason: ' ' },
      GEMEENTE,
      during,
    );
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) {
      expect(refusalFieldErrors(noReason, 'nl')['reason_commentaar-2']).toBe('De reden is verplicht.');
      expect(refusalFieldErrors(noReason, 'en')['reason_commentaar-2']).toBe('The reason is required.');
    }
    expect(
      refusal(
        processComment(
          withComments(),
          { commentId: 'commentaar-1', decision: 'misschien', reason: '' },
          GEMEENTE,
          during,
        ),
      ).code,
    ).toBe('verslag.invalid');
    expect(
      refusal(
        processComment(
          withComments(),
          { commentId: 'commentaar-9', decision: 'overgenomen', reason: '' },
          GEMEENTE,
          during,
        ),
      ).code,
    ).toBe('verslag.comment-unknown');
    expect(
      refusal(
        processComment(
          withComments(),
          { commentId: 'commentaar-1', decision: 'overgenomen', reason: '' },
          contactOf('A'),
          during,
        ),
      ).code,
    ).toBe('auth.gemeente-only');
    expect(
      refusal(
        processComment(
          concept(),
          { commentId: 'commentaar-1', decision: 'overgenomen', reason: '' },
          GEMEENTE,
          during,
        ),
      ).code,
    ).toBe('verslag.not-open');
  });

  it('vaststellen waits for the end of the period and for every comment, then publishes version 1', () => {
    let v = withComments();
    expect(refusal(vaststellen(v, GEMEENTE, during)).code).toBe('verslag.period-running');
    const open = refusal(vaststellen(v, GEMEENTE, afterPeriod));
    expect(open).toEqual({
      code: 'verslag.comments-open',
      nl: 'Verwerk eerst al het commentaar: nog 2 opmerkingen open.',
      en: 'Process every comment first: 2 still open.',
    });
    v = must(
      processComment(
        v,
        { commentId: 'commentaar-1', decision: 'overgenomen', reason: '' },
        GEMEENTE,
        afterPeriod,
      ),
    );
    v = must(
      processComment(
        v,
        { commentId: 'commentaar-2', decision: 'niet-overgenomen', reason: 'Zo is het besproken.' },
        GEMEENTE,
        afterPeriod,
      ),
    );
    const done = must(vaststellen(v, GEMEENTE, afterPeriod));
    expect(done.status).toBe('gepubliceerd');
    expect(isPublished(done)).toBe(true);
    expect(done.markdown.startsWith('# Verslag\n')).toBe(true);
    expect(done.vastgesteldAt).toBe(afterPeriod.toISOString());
    expect(versionsOf(done)).toEqual([
      {
        number: 1,
        markdown: done.markdown,
        at: afterPeriod.toISOString(),
        byPersonId: 'p-gemeente',
        reason: null,
      },
    ]);
    expect(done.review?.comments).toHaveLength(2);
    expect(refusal(vaststellen(done, GEMEENTE, afterPeriod)).code).toBe('verslag.published');
  });

  it('a concept cannot skip the attendees, and only the gemeente vaststelt', () => {
    expect(refusal(vaststellen(concept(), GEMEENTE, afterPeriod))).toMatchObject({
      code: 'verslag.not-reviewed',
    });
    expect(refusal(vaststellen(inReview(), contactOf('A'), afterPeriod)).code).toBe('auth.gemeente-only');
  });
});

describe('correcting a vastgesteld verslag', () => {
  const later = at('2027-05-01 10:00');
  const vastgesteld = () => must(vaststellen(inReview(), GEMEENTE, at('2027-04-20 10:00')));

  it('makes a new version with its reason and keeps the earlier ones', () => {
    const first = vastgesteld();
    const corrected = must(
      correctVerslag(
        first,
        { markdown: `${first.markdown}\nNaschrift: datum hersteld.`, reason: 'Verkeerde datum bij punt 2.' },
        GEMEENTE,
        later,
      ),
    );
    expect(corrected.version).toMatchObject({
      number: 2,
      reason: 'Verkeerde datum bij punt 2.',
      byPersonId: 'p-gemeente',
    });
    expect(corrected.verslag.markdown).toContain('Naschrift');
    expect(versionsOf(corrected.verslag).map((v) => [v.number, v.reason])).toEqual([
      [1, null],
      [2, 'Verkeerde datum bij punt 2.'],
    ]);
    expect(versionsOf(corrected.verslag)[0]?.markdown).toBe(first.markdown);
  });

  it('needs a reason and a changed text, is refused on a concept and for anyone but the gemeente', () => {
    const first = vastgesteld();
    const noReason = correctVerslag(
      first,
      { markdown: `${first.markdown} extra`, reason: '' },
      GEMEENTE,
      later,
    );
    expect(noReason.ok || refusalFieldErrors(noReason, 'en').reason).toBe(
      'The reason for the correction is required.',
    );
    const same = correctVerslag(
      first,
      { markdown: first.markdown, reason: 'Geen wijziging.' },
      GEMEENTE,
      later,
    );
    expect(same.ok || same.code).toBe('verslag.unchanged');
    const short = correctVerslag(first, { markdown: 'kort', reason: 'Ingekort verslag.' }, GEMEENTE, later);
    expect(short.ok || refusalFieldErrors(short, 'nl').markdown).toBe(
      'Het verslag is te kort (minstens 20 tekens).',
    );
    expect(
      refusal(correctVerslag(concept(), { markdown: 'x'.repeat(30), reason: 'Correctie.' }, GEMEENTE, later))
        .code,
    ).toBe('verslag.not-published');
    expect(
      refusal(
        correctVerslag(first, { markdown: 'x'.repeat(30), reason: 'Correctie.' }, contactOf('A'), later),
      ).code,
    ).toBe('auth.gemeente-only');
  });

  it('a verslag published before versions were kept loads as version 1, and a correction follows it', () => {
    const legacy: Verslag = {
      ...concept('# Verslag\n\nOud gepubliceerd verslag.'),
      status: 'gepubliceerd',
      publishedAt: '2026-11-02T10:00:00.000Z',
      publishedByPersonId: 'p-oud',
    };
    expect(versionsOf(legacy)).toEqual([
      {
        number: 1,
        markdown: legacy.markdown,
        at: '2026-11-02T10:00:00.000Z',
        byPersonId: 'p-oud',
        reason: null,
      },
    ]);
    expect(versionsOf(concept())).toEqual([]);
    const corrected = must(
      correctVerslag(
        legacy,
        { markdown: `${legacy.markdown} Aangevuld.`, reason: 'Aanvulling.' },
        GEMEENTE,
        later,
      ),
    );
    expect(versionsOf(corrected.verslag).map((v) => v.number)).toEqual([1, 2]);
  });

  it('version numbers always count up by one, whatever the sequence of corrections', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 8 }), (edits) => {
        let v = vastgesteld();
        let expected = 1;
        for (const edit of edits) {
          const next = correctVerslag(
            v,
            { markdown: `${v.markdown}\n${edit}`, reason: 'Een correctie.' },
            GEMEENTE,
            later,
          );
          if (!next.ok) continue;
          expected += 1;
          v = next.value.verslag;
        }
        const numbers = versionsOf(v).map((x) => x.number);
        expect(numbers).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      }),
      { numRuns: 50 },
    );
  });
});

it('the fixture members are what the tests assume', () => {
  expect(AANBIEDERS.map((a) => a.id)).toContain('org-a');
});
