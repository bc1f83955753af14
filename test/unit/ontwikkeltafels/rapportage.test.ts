import {
  correctReport,
  currentPublishedVersion,
  decisionAsVoorstelInput,
  linkDecisionToVoorstel,
  publishReport,
  saveDraft,
  startReport,
  validateRapportContent,
  type Voortgangsrapportage,
} from '../../../src/domain/ontwikkeltafels/rapportage';
import { endOntwikkeltafel } from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import { validateVoorstelInput } from '../../../src/domain/voorstellen/voorstel';
import { at, contact, gemeenteAdmin, must, UNKNOWN } from '../voorstellen/fixtures';
import { otherTafel, tafel, trekker, otherTrekker, TREKKER_ORG } from './fixtures';

const NOW = at('2027-01-10 10:00');
const COMPLETE = {
  status: 'aandacht nodig',
  progress: 'Twee sessies gehouden.',
  results: 'Wachtlijst per aanbieder in beeld.',
  problems: 'Data van twee aanbieders ontbreekt.',
  nextSteps: 'Analyse afronden.',
  pilots: [
    {
      name: 'Bulkindicatie',
      start: '2027-01-01',
      end: '2027-06-30',
      researchQuestion: 'Daalt de doorlooptijd?',
      status: 'lopend',
    },
  ],
  decisionsRequested: [
    { title: 'Wachtlijstdefinitie vastleggen', explanation: 'Binnen 14 werkdagen starten.' },
  ],
};

function draft(t = tafel(), content: object = COMPLETE): Voortgangsrapportage {
  return must(startReport(t, [], { id: 'r-1', periodId: '2026-12-31', content }, trekker, NOW)).report;
}

describe('who may write reports', () => {
  const t = tafel();

  it.each([
    ['a trekker of another table', otherTrekker, 'rapportage.not-trekker'],
    ['an aanbieder of the table', contact('p-aanbieder', TREKKER_ORG), 'rapportage.not-trekker'],
    ['a gemeente admin', gemeenteAdmin(), 'rapportage.not-trekker'],
    ['an unknown user', UNKNOWN, 'auth.unknown-user'],
  ])('%s cannot start, save, publish or correct', (_who, actor, code) => {
    expect(startReport(t, [], { id: 'r', periodId: '2026-12-31' }, actor, NOW)).toMatchObject({
      ok: false,
      code,
    });
    const d = draft(t);
    expect(saveDraft(d, t, COMPLETE, actor, NOW)).toMatchObject({ ok: false, code });
    expect(publishReport(d, t, actor, NOW)).toMatchObject({ ok: false, code });
    const published = must(publishReport(d, t, trekker, NOW)).report;
    expect(
      correctReport(published, t, { content: COMPLETE, reason: 'Cijfers aangevuld.' }, actor, NOW),
    ).toMatchObject({ ok: false, code });
  });

  it('names the table in the refusal', () => {
    const result = startReport(t, [], { id: 'r', periodId: '2026-12-31' }, otherTrekker, NOW);
    expect(result).toMatchObject({
      messages: [
        'Alleen de trekkers van Ontwikkeltafel Wachtlijsten Jeugd kunnen de rapportages van deze tafel schrijven.',
      ],
    });
  });

  it('a trekker of another table cannot use its own table to write into this one', () => {
    const d = draft(tafel());
    expect(publishReport(d, otherTafel(), otherTrekker, NOW)).toMatchObject({
      code: 'rapportage.wrong-table',
    });
  });
});

describe('drafts, publication and corrections', () => {
  const t = tafel();

  it('keeps an incomplete draft and refuses to publish it, listing what is missing', () => {
    const incomplete = must(
      startReport(t, [], { id: 'r', periodId: '2026-12-31', content: { progress: 'Half af' } }, trekker, NOW),
    ).report;
    const refused = publishReport(incomplete, t, trekker, NOW);
    expect(refused).toMatchObject({
      ok: false,
      code: 'rapportage.invalid',
      fieldErrors: {
        status: 'Kies de status: op schema, aandacht nodig of achter.',
        results: 'De resultaten zijn verplicht.',
        nextSteps: 'De volgende stappen zijn verplicht.',
      },
    });
  });

  it('publishes version 1 and refuses a second report for the same period', () => {
    const d = draft(t);
    const change = must(publishReport(d, t, trekker, at('2027-01-20 10:00')));
    expect(change.report).toMatchObject({
      publishedAt: '2027-01-20T09:00:00.000Z',
      versions: [{ version: 1, correctionReason: null }],
    });
    expect(change.events).toEqual([
      {
        type: 'rapportage.gepubliceerd',
        reportId: 'r-1',
        tafelId: 'ot-1',
        kind: 'voortgang',
        version: 1,
        correction: false,
      },
    ]);
    expect(change.report.versions[0]!.publishedBy).toMatchObject({
      personId: 'p-trekker',
      capacity: 'trekker',
      organisationName: 'Zorg Trek',
    });
    expect(
      startReport(t, [change.report], { id: 'r-2', periodId: '2026-12-31' }, trekker, NOW),
    ).toMatchObject({ code: 'rapportage.exists' });
    expect(publishReport(change.report, t, trekker, NOW)).toMatchObject({ code: 'rapportage.published' });
    expect(saveDraft(change.report, t, COMPLETE, trekker, NOW)).toMatchObject({
      code: 'rapportage.published',
    });
  });

  it('a correction adds a version with its reason and keeps the earlier ones', () => {
    const published = must(publishReport(draft(t), t, trekker, at('2027-01-20 10:00'))).report;
    const corrected = must(
      correctReport(
        published,
        t,
        { content: { ...COMPLETE, status: 'achter' }, reason: 'Status was te optimistisch.' },
        trekker,
        at('2027-02-01 10:00'),
      ),
    );
    expect(corrected.report.versions.map((v) => [v.version, v.content.status, v.correctionReason])).toEqual([
      [1, 'aandacht nodig', null],
      [2, 'achter', 'Status was te optimistisch.'],
    ]);
    expect(corrected.report.publishedAt).toBe('2027-01-20T09:00:00.000Z');
    expect(currentPublishedVersion(corrected.report)?.content.status).toBe('achter');
    expect(corrected.events[0]).toMatchObject({ version: 2, correction: true });
    expect(correctReport(published, t, { content: COMPLETE, reason: 'kort' }, trekker, NOW)).toMatchObject({
      fieldErrors: { reason: 'De reden van de correctie is te kort (minstens 10 tekens).' },
    });
    expect(
      correctReport(draft(t), t, { content: COMPLETE, reason: 'Een goede reden.' }, trekker, NOW),
    ).toMatchObject({
      code: 'rapportage.not-published',
    });
  });

  it('refuses a period that is not on the schedule or has not started yet', () => {
    expect(startReport(t, [], { id: 'r', periodId: '2027-03-31' }, trekker, NOW)).toMatchObject({
      code: 'rapportage.unknown-period',
    });
    expect(startReport(t, [], { id: 'r', periodId: '2027-12-31' }, trekker, NOW)).toMatchObject({
      code: 'rapportage.unknown-period',
    });
    expect(startReport(t, [], { id: 'r', periodId: '2027-06-30' }, trekker, NOW).ok).toBe(true);
  });
});

describe('an ended table', () => {
  const ended = must(endOntwikkeltafel(tafel(), '2027-03-15', gemeenteAdmin(), at('2027-03-20 10:00'))).tafel;
  const later = at('2027-03-25 10:00');

  it('takes no new voortgang report, naming the exception', () => {
    const result = startReport(ended, [], { id: 'r', periodId: '2026-12-31' }, trekker, later);
    expect(result).toMatchObject({
      ok: false,
      code: 'rapportage.table-ended',
      messages: [
        'Ontwikkeltafel Wachtlijsten Jeugd is beëindigd. Er kunnen geen voortgangsrapportages meer worden geschreven, alleen de eindevaluatie.',
      ],
    });
  });

  it('does not publish a draft left from before the end', () => {
    const before = draft(tafel());
    expect(publishReport(before, ended, trekker, later)).toMatchObject({ code: 'rapportage.table-ended' });
  });

  it('takes its eindevaluatie over the whole life of the table', () => {
    const started = must(
      startReport(ended, [], { id: 'eind', periodId: 'eindevaluatie', content: COMPLETE }, trekker, later),
    ).report;
    expect(started).toMatchObject({
      kind: 'eindevaluatie',
      periodStart: '2026-11-15',
      periodEnd: '2027-03-15',
    });
    expect(must(publishReport(started, ended, trekker, later)).events[0]).toMatchObject({
      kind: 'eindevaluatie',
    });
  });

  it('still allows a correction of what was already published', () => {
    const published = must(publishReport(draft(tafel()), tafel(), trekker, NOW)).report;
    expect(
      correctReport(
        published,
        ended,
        { content: COMPLETE, reason: 'Typfout in de resultaten.' },
        trekker,
        later,
      ).ok,
    ).toBe(true);
  });
});

describe('content validation', () => {
  it('bounds every text field to 5000 characters', () => {
    const result = validateRapportContent({ ...COMPLETE, progress: 'x'.repeat(5001) }, { complete: false });
    expect(result).toMatchObject({
      fieldErrors: { progress: 'De voortgang is te lang: 5001 tekens, maximaal 5000.' },
    });
  });

  it('checks the status and each pilot', () => {
    expect(validateRapportContent({ status: 'prima' }, { complete: false })).toMatchObject({
      fieldErrors: { status: 'Kies de status: op schema, aandacht nodig of achter.' },
    });
    const pilot = COMPLETE.pilots[0]!;
    expect(
      validateRapportContent({ pilots: [{ ...pilot, end: '2026-12-31' }] }, { complete: false }),
    ).toMatchObject({
      fieldErrors: { pilots: 'De einddatum van pilot 1 ligt vóór de begindatum.' },
    });
    expect(
      validateRapportContent({ pilots: [{ ...pilot, researchQuestion: '' }] }, { complete: false }),
    ).toMatchObject({
      fieldErrors: { pilots: 'De onderzoeksvraag van pilot 1 is verplicht.' },
    });
    expect(
      validateRapportContent({ pilots: [{ ...pilot, status: 'klaar' }] }, { complete: false }),
    ).toMatchObject({
      fieldErrors: { pilots: 'Kies de status van pilot 1: gepland, lopend, afgerond of gestopt.' },
    });
    expect(validateRapportContent({ pilots: Array(21).fill(pilot) }, { complete: false })).toMatchObject({
      fieldErrors: { pilots: 'Maximaal 20 pilots.' },
    });
  });
});

describe('decisions asked of the Overlegtafel', () => {
  const t = tafel();

  it('get ids from the domain: a form cannot forge an id or a voorstel link', () => {
    const d = must(
      startReport(
        t,
        [],
        {
          id: 'r',
          periodId: '2026-12-31',
          content: { decisionsRequested: [{ id: 'x', title: 'Besluit A', voorstelId: 'vs-forged' }] },
        },
        trekker,
        NOW,
      ),
    ).report;
    expect(d.content.decisionsRequested).toEqual([
      { id: 'besluit-1', title: 'Besluit A', explanation: '', voorstelId: null },
    ]);
    const linked = must(linkDecisionToVoorstel(d, 'besluit-1', 'vs-9'));
    const resaved = must(
      saveDraft(
        linked,
        t,
        {
          decisionsRequested: [
            { id: 'besluit-2', title: 'Nieuw' },
            { id: 'besluit-1', title: 'Besluit A, herschreven' },
          ],
        },
        trekker,
        NOW,
      ),
    ).report;
    expect(resaved.content.decisionsRequested).toEqual([
      { id: 'besluit-2', title: 'Nieuw', explanation: '', voorstelId: null },
      { id: 'besluit-1', title: 'Besluit A, herschreven', explanation: '', voorstelId: 'vs-9' },
    ]);
  });

  it('become a valid voorstel input with the table as origin, once', () => {
    const published = must(publishReport(draft(t), t, trekker, NOW)).report;
    const input = must(decisionAsVoorstelInput(t, published, 'besluit-1'));
    expect(input).toMatchObject({
      title: 'Wachtlijstdefinitie vastleggen',
      percelen: [3, 4],
      origin: { ontwikkeltafelId: 'ot-1' },
    });
    expect(String(input.text)).toContain('15 november 2026 t/m 31 december 2026');
    expect(validateVoorstelInput(input).ok).toBe(true);
    const linked = must(linkDecisionToVoorstel(published, 'besluit-1', 'vs-7'));
    expect(currentPublishedVersion(linked)?.content.decisionsRequested[0]?.voorstelId).toBe('vs-7');
    expect(decisionAsVoorstelInput(t, linked, 'besluit-1')).toMatchObject({
      code: 'rapportage.decision-has-voorstel',
    });
    expect(decisionAsVoorstelInput(t, linked, 'besluit-99')).toMatchObject({
      code: 'rapportage.unknown-decision',
    });
  });
});
