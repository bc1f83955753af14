import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import {
  emptyVoorstelForm,
  exportParts,
  voorstelCardView,
  voorstelExportView,
  voorstelFormView,
  voorstelListView,
  voorstelAddendumView,
  voorstelOutcomeView,
  voorstelOverviewView,
  voorstelReactionsView,
  voteCardView,
} from '../../src/cards/views/voorstellenViews';
import {
  addendumCsv,
  addendumTally,
  answerAddendum,
  castVote,
  closeStemming,
  decideVoorstel,
  recordAdoption,
  reportOntwikkeling,
  publicView,
  reactionsCsv,
  SCHEDULER,
  votesCsv,
  type Voorstel,
} from '../../src/domain/voorstellen';
import {
  at,
  conceptVoorstel,
  contact,
  gemeenteAdmin,
  GEMEENTE_ORG,
  must,
  organisation,
  partyOf,
  voorstelInStemming,
} from '../unit/voorstellen/fixtures';

/** Sample data for the voorstel card templates (see cardSamples.ts), with hostile user text throughout. */

const HOSTILE_TEXT =
  '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

function samples(): Record<string, Voorstel> {
  const alfa = organisation('org-alfa', 'Alfa Zorg');
  const beta = organisation('org-beta', HOSTILE_TEXT);
  const parties = [partyOf(GEMEENTE_ORG), partyOf(alfa), partyOf(beta)];
  const deadline = at('2027-03-01 12:00');
  const concept = conceptVoorstel(at('2027-02-01 09:00'), {
    title: HOSTILE_TEXT,
    summary: HOSTILE_TEXT,
    text: `${HOSTILE_TEXT}\n- lijst\n1. nummer`,
    link: 'https://example.org/voorstel.pdf',
    type: 'werkafspraak',
    percelen: [1, 3],
    origin: { ontwikkeltafelId: 'ot-1' },
    confidentialParts: [{ title: 'Kostprijs', text: HOSTILE_TEXT }],
  });
  const stemming = voorstelInStemming(parties, deadline);
  const withReaction: Voorstel = {
    ...stemming,
    reactions: [
      {
        organisationId: beta.id,
        organisationName: HOSTILE_TEXT,
        text: HOSTILE_TEXT,
        submittedAt: '2027-02-02T09:00:00.000Z',
        submittedBy: {
          personId: 'p-beta',
          personName: HOSTILE_TEXT,
          organisationId: beta.id,
          organisationName: beta.name,
          capacity: 'vervanger',
        },
        updatedAt: '2027-02-03T09:00:00.000Z',
        updatedBy: {
          personId: 'p-beta',
          personName: HOSTILE_TEXT,
          organisationId: beta.id,
          organisationName: beta.name,
          capacity: 'vervanger',
        },
        revision: 2,
      },
    ],
  };
  let voted = must(
    castVote(
      withReaction,
      { partyId: alfa.id, choice: 'voor', idempotencyKey: 'k1' },
      contact('p-alfa', alfa),
      at('2027-02-20 10:00'),
    ),
  ).voorstel;
  voted = must(
    castVote(
      voted,
      { partyId: alfa.id, choice: 'tegen', idempotencyKey: 'k2' },
      contact('p-alfa2', alfa, 'vervanger'),
      at('2027-02-21 10:00'),
    ),
  ).voorstel;
  voted = must(
    castVote(
      voted,
      { partyId: beta.id, choice: 'onthouding', idempotencyKey: 'k3' },
      contact('p-beta', beta),
      at('2027-02-21 11:00'),
    ),
  ).voorstel;
  const closed = must(closeStemming(voted, SCHEDULER, at('2027-03-01 12:01'))).voorstel;
  const decided = must(
    decideVoorstel(
      closed,
      { decision: 'aannemen', reason: `${HOSTILE_TEXT} met een onderbouwing` },
      gemeenteAdmin(),
      at('2027-03-02 09:00'),
    ),
  ).voorstel;
  const adoption = {
    reason: `${HOSTILE_TEXT} besluit van het college`,
    decisionDate: '2027-03-09',
    addendumDeadline: '2027-04-01',
    organisations: [alfa, beta],
  };
  const adoptedOnly = must(
    recordAdoption(decided, { ...adoption, outcome: 'vastgesteld' }, gemeenteAdmin(), at('2027-03-10 09:00')),
  ).voorstel;
  const adopted = must(
    reportOntwikkeling(
      adoptedOnly,
      { id: 'ow-1', text: HOSTILE_TEXT, organisationId: alfa.id },
      contact('p-alfa', alfa),
      at('2027-03-12 09:00'),
    ),
  ).voorstel;
  const declined = must(
    recordAdoption(decided, { ...adoption, outcome: 'afgewezen' }, gemeenteAdmin(), at('2027-03-10 09:00')),
  ).voorstel;
  return { concept, voted, closed, decided, adopted, declined };
}

function addendumSamples(adopted: Voorstel) {
  const round = adopted.adoption?.addendum;
  if (!round) throw new Error('the adopted sample has an addendum');
  const alfa = organisation('org-alfa', 'Alfa Zorg');
  const answer = must(
    answerAddendum(
      adopted,
      { organisationId: alfa.id, choice: 'doet-mee', current: null },
      contact('p-alfa', alfa),
      at('2027-03-11 09:00'),
    ),
  ).answer;
  return { round, answer, answers: [answer] };
}

export function voorstellenCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const { concept, voted, closed, decided, adopted, declined } = samples();
  const { round, answer, answers } = addendumSamples(adopted);
  const addendumInput = {
    title: adopted.title,
    voorstelId: adopted.id,
    round,
    tally: addendumTally(round, answers),
  };
  const tables = new Map([['ot-1', HOSTILE_TEXT]]);
  const parts = exportParts(votesCsv(decided), reactionsCsv(decided), 200);
  return {
    voorstelForm: [
      voorstelFormView(emptyVoorstelForm(), { organisations: [], ontwikkeltafels: [] }, [], locale),
      voorstelFormView(
        { ...emptyVoorstelForm('org-a'), title: HOSTILE_TEXT, percelen: '1,3', origin: 'ot:ot-1' },
        {
          organisations: [
            { id: 'org-a', name: HOSTILE_TEXT },
            { id: 'org-b', name: 'Beta' },
          ],
          ontwikkeltafels: [{ id: 'ot-1', name: HOSTILE_TEXT }],
          trekkers: [
            { id: 'p-1', name: HOSTILE_TEXT },
            { id: 'p-2', name: 'Tineke Trekker' },
          ],
        },
        [
          locale === 'en'
            ? 'The title is too long: 201 characters, at most 200.'
            : 'De titel is te lang: 201 tekens, maximaal 200.',
        ],
        locale,
      ),
    ],
    voorstelList: [
      voorstelListView([], { canSubmit: false, isGemeente: false }, locale),
      voorstelListView(
        [
          { voorstel: concept },
          { voorstel: voted, progress: { voted: 2, reactions: 1 } },
          { voorstel: decided, progress: { voted: 2, reactions: 1 } },
        ],
        { canSubmit: true, isGemeente: true },
        locale,
      ),
    ],
    voorstelCard: [
      voorstelCardView(
        publicView(concept),
        { mode: 'broadcast', reaction: { organisations: [], current: null } },
        locale,
      ),
      voorstelCardView(
        publicView(voted),
        {
          mode: 'detail',
          tableNames: tables,
          reaction: {
            organisations: [{ id: 'org-beta', name: HOSTILE_TEXT }],
            current: voted.reactions[0] ?? null,
          },
          confidentialParts: concept.confidentialParts,
          gemeente: {
            canOpenReactieperiode: true,
            canOpenStemming: true,
            partiesNote: HOSTILE_TEXT,
            defaultDeadlineDate: '2027-03-01',
          },
          canSeeReactions: true,
          canVote: true,
          notice: { title: 'Opgeslagen', text: HOSTILE_TEXT, style: 'good' },
        },
        locale,
      ),
      voorstelCardView(
        publicView(adopted),
        {
          mode: 'detail',
          afterAdoption: {
            addendumFor: [{ id: 'org-beta', name: HOSTILE_TEXT }],
            addendumAnswer: answer,
            ontwikkelingen: adopted.ontwikkelingen ?? [],
            reportFor: [
              { id: 'org-alfa', name: 'Alfa Zorg' },
              { id: 'org-beta', name: HOSTILE_TEXT },
            ],
          },
        },
        locale,
      ),
      voorstelCardView(publicView(declined), { mode: 'broadcast' }, locale),
      voorstelCardView(
        publicView({
          ...adopted,
          type: 'ontwikkeltafel',
          tafel: {
            opdracht: HOSTILE_TEXT,
            doel: HOSTILE_TEXT,
            trekkers: [{ personId: 'p-t', name: HOSTILE_TEXT, organisationId: null }],
          },
          source: { kind: 'pilot', pilotId: 'pilot-1', title: HOSTILE_TEXT, organisationIds: ['org-alfa'] },
        }),
        {
          mode: 'detail',
          createdTafel: { id: 'ot-1', name: HOSTILE_TEXT },
          sourcePilotId: 'pilot-1',
        },
        locale,
      ),
      voorstelCardView(
        publicView(voted),
        {
          mode: 'detail',
          reaction: {
            organisations: [
              { id: 'a', name: 'A' },
              { id: 'b', name: 'B' },
            ],
            current: null,
          },
        },
        locale,
      ),
    ],
    voorstelVote: [
      voteCardView(
        voted,
        publicView(voted),
        { mode: 'broadcast', refreshUserIds: ['29:user-1'], reminder: true },
        locale,
      ),
      voteCardView(
        voted,
        publicView(voted),
        {
          mode: 'personal',
          refreshUserIds: ['29:user-1'],
          viewerParties: [
            { partyId: 'org-alfa', name: 'Alfa Zorg' },
            { partyId: 'org-beta', name: HOSTILE_TEXT },
          ],
          notice: { text: HOSTILE_TEXT, style: 'attention' },
        },
        locale,
      ),
      voteCardView(voted, publicView(voted), { mode: 'personal', refreshUserIds: [] }, locale),
      voteCardView(closed, publicView(closed), { mode: 'broadcast', refreshUserIds: [] }, locale),
    ],
    voorstelOverview: [
      voorstelOverviewView(concept, { canCloseEarly: false, mustDecide: false }, locale),
      voorstelOverviewView(
        voted,
        { canCloseEarly: true, mustDecide: false, notice: { text: 'ok', style: 'good' } },
        locale,
      ),
      voorstelOverviewView(
        closed,
        {
          canCloseEarly: false,
          mustDecide: true,
          decisionInput: { decision: 'afwijzen', reason: HOSTILE_TEXT },
        },
        locale,
      ),
      voorstelOverviewView(decided, { canCloseEarly: false, mustDecide: false }, locale),
      voorstelOverviewView(
        decided,
        {
          canCloseEarly: false,
          mustDecide: false,
          today: '2027-03-05',
          adoptionInput: {
            outcome: 'vastgesteld',
            reason: HOSTILE_TEXT,
            decisionDate: '2027-03-04',
            addendumDeadline: '2027-04-01',
          },
        },
        locale,
      ),
      voorstelOverviewView(adopted, { canCloseEarly: false, mustDecide: false }, locale),
    ],
    voorstelAddendum: [
      voorstelAddendumView(addendumInput, null, locale),
      voorstelAddendumView(addendumInput, { text: addendumCsv(round, answers), part: 1, max: 60 }, locale),
    ],
    voorstelReactions: [voorstelReactionsView(concept, locale), voorstelReactionsView(voted, locale)],
    voorstelOutcome: [
      voorstelOutcomeView(publicView(decided), { addendum: true }, locale),
      voorstelOutcomeView(publicView(adopted), { addendum: true }, locale),
      voorstelOutcomeView(
        publicView(adopted),
        { addendum: true, answer, canAnswer: false, notice: { text: HOSTILE_TEXT, style: 'good' } },
        locale,
      ),
      voorstelOutcomeView(publicView(declined), { addendum: false }, locale),
      voorstelOutcomeView(
        publicView({
          ...closed,
          status: 'afgewezen',
          decision: { kind: 'afgewezen', at: closed.updatedAt, by: null, reason: HOSTILE_TEXT },
        }),
        { addendum: false },
        locale,
      ),
    ],
    voorstelExport: [
      voorstelExportView(decided, parts, 1, locale),
      voorstelExportView(decided, parts, parts.length, locale),
      voorstelExportView(concept, exportParts('', '', 1000), 1, locale),
    ],
  };
}
