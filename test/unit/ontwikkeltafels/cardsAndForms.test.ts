import { portfolioView, statusColour } from '../../../src/cards/views/ontwikkeltafelsViews';
import { exportParts, rapportFormValues, rapportFormView } from '../../../src/cards/views/rapportageViews';
import { publishReport, RAPPORT_LIMITS, startReport } from '../../../src/domain/ontwikkeltafels';
import { overdueReports } from '../../../src/domain/ontwikkeltafels/schedule';
import { parseScheduleFields } from '../../../src/ontwikkeltafels/tafelForm';
import { broadcastIdFor, tafelIdFor, voorstelIdForDecision } from '../../../src/ontwikkeltafels/tafelIds';
import { at, must } from '../voorstellen/fixtures';
import { tafel, trekker } from './fixtures';

/** The parts between a card and the domain: the schedule fields of the form, ids, the form slots and colours. */

describe('the schedule fields of the set-up form', () => {
  it('reads day-month period ends, the grace days and the reminders', () => {
    expect(
      parseScheduleFields({ periodEnds: '30-06, 31-12', graceDays: '30', reminderDays: '14; 3' }),
    ).toEqual({
      ok: true,
      value: {
        periodEnds: [
          { day: 30, month: 6 },
          { day: 31, month: 12 },
        ],
        graceDays: 30,
        reminderDaysBefore: [14, 3],
      },
    });
  });

  it('leaves empty fields to the defaults and an empty reminder list means no reminders', () => {
    expect(parseScheduleFields({ periodEnds: '', graceDays: '', reminderDays: '' })).toEqual({
      ok: true,
      value: { reminderDaysBefore: [] },
    });
  });

  it('explains every malformed field at once', () => {
    const result = parseScheduleFields({
      periodEnds: '30 juni',
      graceDays: 'dertig',
      reminderDays: '14, -3',
    });
    expect(result.ok ? {} : result.fieldErrors).toEqual({
      periodEnds: '"30" is geen dag-maand. Schrijf de rapportagemomenten als 30-06, 31-12.',
      graceDays: 'Het aantal dagen na een periode is een heel getal.',
      reminderDays: 'Herinneringen zijn hele getallen (dagen vooraf), bijvoorbeeld 14, 3.',
    });
  });
});

describe('deterministic ids', () => {
  it('gives a redelivered create the same table id, another invoke another one', () => {
    expect(tafelIdFor('aad:activity-1')).toBe(tafelIdFor('aad:activity-1'));
    expect(tafelIdFor('aad:activity-1')).not.toBe(tafelIdFor('aad:activity-2'));
    expect(tafelIdFor('x')).toMatch(/^ot-[0-9a-f]{12}$/);
  });

  it('makes one voorstel per requested decision', () => {
    expect(voorstelIdForDecision('r-1', 'besluit-1')).toBe(voorstelIdForDecision('r-1', 'besluit-1'));
    expect(voorstelIdForDecision('r-1', 'besluit-1')).not.toBe(voorstelIdForDecision('r-1', 'besluit-2'));
    expect(voorstelIdForDecision('r-1', 'besluit-1')).toMatch(/^vs-[0-9a-f]{12}$/);
  });

  it('builds broadcast ids the delivery accepts, hashing what would be too long or malformed', () => {
    expect(broadcastIdFor('ot-abc', '2026-12-31', 'herinnering', '14d')).toBe(
      'ot-abc-2026-12-31-herinnering-14d',
    );
    expect(broadcastIdFor('OT-ABC', 'v1')).toBe('ot-abc-v1');
    const long = broadcastIdFor('x'.repeat(120), 'v1');
    expect(long).toMatch(/^ot-[0-9a-f]{32}$/);
    expect(broadcastIdFor('x'.repeat(120), 'v1')).toBe(long);
    expect(broadcastIdFor('a/b', 'v1')).toMatch(/^ot-[0-9a-f]{32}$/);
  });
});

describe('the report form', () => {
  const t = tafel();
  const context = {
    tafel: t,
    kind: 'voortgang' as const,
    periodId: '2026-12-31',
    periodStart: '2026-11-15',
    periodEnd: '2026-12-31',
    dueDate: '2027-01-30',
    reportId: 'r',
    etag: '',
    mode: 'concept' as const,
  };
  const slots = (values = rapportFormValues(null)) => {
    const form = rapportFormView(context, values, [], 'nl').form as Record<string, unknown>;
    return {
      pilots: (form.pilotSlots as Array<{ nameId: string }>).map((p) => p.nameId),
      decisions: (form.decisionSlots as Array<{ titleId: string }>).map((d) => d.titleId),
      decisionIds: form.decisionIds,
    };
  };

  it('offers one empty slot for a new pilot and a new decision below what is filled in', () => {
    expect(slots()).toEqual({ pilots: ['pilot0Name'], decisions: ['decision0Title'], decisionIds: '' });
    const values = {
      ...rapportFormValues(null),
      pilots: [
        { name: 'A', start: '2027-01-01', end: '2027-02-01', researchQuestion: 'Q', status: 'lopend' },
      ],
      decisions: [{ id: 'besluit-3', title: 'Besluit', explanation: '' }],
    };
    expect(slots(values)).toEqual({
      pilots: ['pilot0Name', 'pilot1Name'],
      decisions: ['decision0Title', 'decision1Title'],
      decisionIds: 'besluit-3,',
    });
  });

  it('offers no slot beyond the limits', () => {
    const pilot = {
      name: 'A',
      start: '2027-01-01',
      end: '2027-02-01',
      researchQuestion: 'Q',
      status: 'lopend',
    };
    const values = {
      ...rapportFormValues(null),
      pilots: Array.from({ length: RAPPORT_LIMITS.pilots }, () => pilot),
      decisions: Array.from({ length: RAPPORT_LIMITS.decisions }, (_, i) => ({
        id: `besluit-${i + 1}`,
        title: 'B',
        explanation: '',
      })),
    };
    const { pilots, decisions } = slots(values);
    expect(pilots).toHaveLength(RAPPORT_LIMITS.pilots);
    expect(decisions).toHaveLength(RAPPORT_LIMITS.decisions);
  });
});

describe('portfolio colours', () => {
  it('maps the statuses to green, amber and red', () => {
    expect(['op schema', 'aandacht nodig', 'achter', null].map((s) => statusColour(s as never))).toEqual([
      'Good',
      'Warning',
      'Attention',
      'Default',
    ]);
  });

  it('shows a table with an overdue report in red, whatever its last status', () => {
    const t = tafel();
    const when = at('2027-01-20 10:00');
    const draft = must(
      startReport(
        t,
        [],
        {
          id: 'r',
          periodId: '2026-12-31',
          content: { status: 'op schema', progress: 'p', results: 'r', nextSteps: 'n' },
        },
        trekker,
        when,
      ),
    ).report;
    const report = must(publishReport(draft, t, trekker, when)).report;
    const row = (now: Date, reports = [report]) =>
      (
        portfolioView(
          [
            {
              tafel: t,
              lastReport: report,
              next: null,
              overdue: overdueReports(t, reports, now),
              restricted: false,
              canJoin: false,
            },
          ],
          { full: true, isGemeente: true, canExport: true },
          'nl',
        ).view as { rows: Array<{ style: string; statusColour: string; overdue: boolean }> }
      ).rows[0]!;
    expect(row(at('2027-03-01 10:00'))).toMatchObject({
      style: 'good',
      statusColour: 'Good',
      overdue: false,
    });
    // 30 July 2027: the first half of 2027 is overdue.
    expect(row(at('2027-07-31 10:00'))).toMatchObject({
      style: 'attention',
      statusColour: 'Good',
      overdue: true,
    });
  });
});

describe('the Markdown export in parts', () => {
  it('splits at line ends and loses nothing', () => {
    const markdown = Array.from({ length: 50 }, (_, i) => `regel ${i} ${'x'.repeat(30)}`).join('\n') + '\n';
    const parts = exportParts(markdown, 200);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.every((p) => p.length <= 200 && p.endsWith('\n'))).toBe(true);
    expect(parts.join('')).toBe(markdown);
  });

  it('cuts a line longer than a part, and gives one empty part for nothing', () => {
    expect(exportParts('y'.repeat(450) + '\n', 200).map((p) => p.length)).toEqual([200, 200, 51]);
    expect(exportParts('', 200)).toEqual(['']);
  });
});
