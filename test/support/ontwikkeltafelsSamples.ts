import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import {
  emptyTafelForm,
  invitationView,
  meldingView,
  portfolioView,
  tafelDetailView,
  tafelFormView,
} from '../../src/cards/views/ontwikkeltafelsViews';
import {
  exportParts,
  exportView,
  rapportCardView,
  rapportFormValues,
  rapportFormView,
  vraagView,
} from '../../src/cards/views/rapportageViews';
import {
  correctReport,
  endOntwikkeltafel,
  linkDecisionToVoorstel,
  nextDueReport,
  overdueReports,
  publishReport,
  reportSchedule,
  reportsMarkdown,
  startReport,
  type Ontwikkeltafel,
  type Voortgangsrapportage,
} from '../../src/domain/ontwikkeltafels';
import { tafel as buildTafel, trekker } from '../unit/ontwikkeltafels/fixtures';
import { at, gemeenteAdmin, must } from '../unit/voorstellen/fixtures';

/** Sample data for the ontwikkeltafel and rapportage card templates (see cardSamples.ts), with hostile user text. */

const HOSTILE_TEXT =
  '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

const when = at('2027-01-20 10:00');

function hostileTafel(): Ontwikkeltafel {
  return buildTafel({
    name: `Tafel ${HOSTILE_TEXT}`.slice(0, 120),
    opdracht: HOSTILE_TEXT,
    doel: `- ${HOSTILE_TEXT}\n1. tweede regel`,
  });
}

function publishedReport(tafel: Ontwikkeltafel): Voortgangsrapportage {
  const draft = must(
    startReport(
      tafel,
      [],
      {
        id: `${tafel.id}-2026-12-31`,
        periodId: '2026-12-31',
        content: {
          status: 'aandacht nodig',
          progress: HOSTILE_TEXT,
          results: 'Eerste analyse van de wachtlijsten.',
          problems: '',
          nextSteps: `Verdiepen ${HOSTILE_TEXT}`,
          pilots: [
            {
              name: HOSTILE_TEXT,
              start: '2027-02-01',
              end: '2027-06-30',
              researchQuestion: 'Helpt een intake binnen een week?',
              status: 'lopend',
            },
          ],
          decisionsRequested: [
            { title: `Besluit ${HOSTILE_TEXT}`.slice(0, 200), explanation: HOSTILE_TEXT },
            { title: 'Tweede besluit', explanation: '' },
          ],
        },
      },
      trekker,
      when,
    ),
  ).report;
  const published = must(publishReport(draft, tafel, trekker, when)).report;
  const corrected = must(
    correctReport(
      published,
      tafel,
      {
        content: { ...published.content, status: 'op schema' },
        reason: `Status verkeerd ingevuld ${HOSTILE_TEXT}`,
      },
      trekker,
      at('2027-01-25 10:00'),
    ),
  ).report;
  return must(linkDecisionToVoorstel(corrected, 'besluit-2', 'vs-0123456789ab'));
}

export function ontwikkeltafelsCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const tafel = hostileTafel();
  const report = publishedReport(tafel);
  const ended = must(endOntwikkeltafel(tafel, '2027-03-01', gemeenteAdmin(), at('2027-03-02 10:00'))).tafel;
  const now = at('2027-08-15 10:00');
  const schedule = reportSchedule(tafel, [report], now).map((scheduled) => ({
    scheduled,
    report: scheduled.period.id === report.periodId ? report : null,
  }));
  const markdown = reportsMarkdown([tafel, ended], [report], { from: '2026-07-01', to: '2027-06-30' });
  const draft = must(startReport(tafel, [], { id: 'draft', periodId: '2027-06-30' }, trekker, now)).report;
  return {
    ontwikkeltafelPortfolio: [
      portfolioView(
        [
          {
            tafel,
            lastReport: report,
            next: nextDueReport(tafel, [report], now),
            overdue: overdueReports(tafel, [report], now),
            restricted: false,
            canJoin: true,
          },
          { tafel: ended, lastReport: null, next: null, overdue: [], restricted: false, canJoin: false },
        ],
        {
          full: true,
          isGemeente: true,
          canExport: true,
          notice: { title: 'Klaar', text: HOSTILE_TEXT, style: 'good' },
        },
        locale,
      ),
      portfolioView(
        [{ tafel, lastReport: null, next: null, overdue: [], restricted: true, canJoin: true }],
        { full: false, isGemeente: false, canExport: false },
        locale,
      ),
      portfolioView([], { full: true, isGemeente: false, canExport: false }, locale),
    ],
    ontwikkeltafelForm: [
      tafelFormView(emptyTafelForm('2027-01-01'), [{ id: 'p-1', label: HOSTILE_TEXT }], []),
      tafelFormView(
        { ...emptyTafelForm('2027-01-01'), name: HOSTILE_TEXT, percelen: '3,4', trekkers: 'p-1' },
        [{ id: 'p-1', label: 'Tineke Trekker (Zorg Trek)' }],
        [locale === 'en' ? 'The name is required.' : 'De naam is verplicht.', HOSTILE_TEXT],
      ),
    ],
    ontwikkeltafelDetail: [
      tafelDetailView(
        tafel,
        schedule,
        {
          canWrite: true,
          canRead: true,
          isGemeente: true,
          joinFor: [
            { id: 'org-a', name: HOSTILE_TEXT },
            { id: 'org-b', name: 'Zorg B' },
          ],
          notice: { title: 'Gelukt', text: HOSTILE_TEXT, style: 'good' },
          today: '2027-08-15',
        },
        locale,
      ),
      tafelDetailView(
        ended,
        [],
        { canWrite: false, canRead: false, isGemeente: false, joinFor: [], today: '2027-08-15' },
        locale,
      ),
      tafelDetailView(
        {
          ...tafel,
          guests: [
            {
              organisationId: 'org-w',
              name: HOSTILE_TEXT,
              addedAt: tafel.createdAt,
              addedBy: tafel.createdBy,
            },
          ],
        },
        schedule,
        {
          canWrite: false,
          canRead: true,
          isGemeente: true,
          joinFor: [],
          today: '2027-08-15',
          guestCandidates: [{ id: 'org-x', name: HOSTILE_TEXT }],
        },
        locale,
      ),
    ],
    ontwikkeltafelUitnodiging: [invitationView(tafel, locale), invitationView(tafel, locale)],
    ontwikkeltafelMelding: [
      meldingView(tafel, {
        title: locale === 'en' ? 'Reminder' : 'Herinnering',
        lines: [HOSTILE_TEXT, locale === 'en' ? 'Second line' : 'Tweede regel'],
        style: 'warning',
      }),
    ],
    rapportageForm: [
      rapportFormView(
        {
          tafel,
          kind: 'voortgang',
          periodId: '2027-06-30',
          periodStart: '2027-01-01',
          periodEnd: '2027-06-30',
          dueDate: '2027-07-30',
          reportId: draft.id,
          etag: '',
          mode: 'concept',
        },
        rapportFormValues(null),
        [],
        locale,
      ),
      rapportFormView(
        {
          tafel,
          kind: 'voortgang',
          periodId: report.periodId,
          periodStart: report.periodStart,
          periodEnd: report.periodEnd,
          dueDate: '2027-01-30',
          reportId: report.id,
          etag: 'etag-1',
          mode: 'correctie',
        },
        { ...rapportFormValues(report.content), reason: HOSTILE_TEXT },
        [
          locale === 'en'
            ? 'The reason for the correction is too short (at least 10 characters).'
            : 'De reden van de correctie is te kort (minstens 10 tekens).',
        ],
        locale,
        { title: 'Concept opgeslagen', text: HOSTILE_TEXT, style: 'good' },
      ),
    ],
    rapportageCard: [
      rapportCardView(tafel, report, { mode: 'broadcast', canAsk: true }, locale),
      rapportCardView(
        tafel,
        report,
        {
          mode: 'detail',
          canAsk: false,
          canCorrect: true,
          canMakeVoorstel: true,
          canShare: true,
          notice: { title: 'Gepubliceerd', text: HOSTILE_TEXT, style: 'good' },
        },
        locale,
      ),
    ],
    rapportageVraag: [
      vraagView(
        tafel,
        report,
        { text: HOSTILE_TEXT, askedBy: HOSTILE_TEXT, organisation: 'Zorg A', email: 'a@example.org' },
        locale,
      ),
    ],
    rapportageExport: [
      exportView(
        { from: '2026-07-01', to: '2027-06-30' },
        null,
        [locale === 'en' ? 'Enter two valid dates.' : 'Vul twee geldige data in.'],
        locale,
      ),
      exportView(
        { from: '2026-07-01', to: '2027-06-30' },
        { parts: exportParts(markdown, 400), part: 1, reports: 1 },
        [],
        locale,
      ),
    ],
  };
}
