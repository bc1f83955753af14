import { decideAgendapunt, draftVerslag, proposeAgendapunt, type Meeting } from '../../src/domain/meetings';
import {
  publishReport,
  startReport,
  type Ontwikkeltafel,
  type Voortgangsrapportage,
} from '../../src/domain/ontwikkeltafels';
import {
  castVote,
  closeStemming,
  decideVoorstel,
  SCHEDULER,
  type Voorstel,
} from '../../src/domain/voorstellen';
import {
  agendaPublicView,
  besluitPublicView,
  compositionPublicView,
  drawRecordPublicView,
  ontwikkeltafelPublicView,
  sanitizePublicView,
  verslagPublicView,
  type PublicationKind,
  type PublicViewOf,
} from '../../src/public/publicViews';
import { describePublication } from '../../src/public/labels';
import type { PublicationDocument } from '../../src/storage/publicationsRepository';
import { contactOf, meeting, MEMBERS, AANBIEDERS } from '../unit/meetings/fixtures';
import { tafel, trekker, TREKKER_ORG } from '../unit/ontwikkeltafels/fixtures';
import {
  at,
  contact,
  gemeenteAdmin,
  must,
  voorstelInStemming,
  VALID_INPUT,
} from '../unit/voorstellen/fixtures';
import { buildSampleRound, HOSTILE_NAME, type SampleRound } from './inschrijvingSamples';

/**
 * Data for the virtuele overlegtafel tests, built through the domain functions the features use, with the
 * things that must never be published planted in it: a person's e-mail address and phone number, person names,
 * a confidential part of a voorstel, and a meeting whose agenda is not published.
 */

export const SECRET_EMAIL = 'jan.jansen@zorg-a.example';
export const SECRET_PHONE = '06-12345678';
export const PERSON_NAME = 'Jan Jansen';
/** The confidential part of VALID_INPUT (a kostprijs, art. 5.7). */
export const CONFIDENTIAL_TEXT = VALID_INPUT.confidentialParts
  ? String((VALID_INPUT.confidentialParts as Array<{ text: string }>)[0]?.text)
  : '';
export const UNPUBLISHED_AGENDA_TITLE = 'Nog niet openbaar: bezuinigingsronde';

export interface PublicSamples {
  readonly round: SampleRound;
  readonly meeting: Meeting;
  readonly unpublishedMeeting: Meeting;
  readonly verslagMarkdown: string;
  readonly voorstel: Voorstel;
  readonly tafel: Ontwikkeltafel;
  readonly report: Voortgangsrapportage;
  /** One public view per kind, as the features would publish them. */
  readonly views: {
    readonly [K in PublicationKind]: { readonly id: string; readonly view: PublicViewOf<K> };
  };
}

function sampleMeeting(): Meeting {
  const planned = meeting({
    title: 'Overlegtafel voorjaar 2027',
    agenda: [
      { title: 'Opening en mededelingen', owner: 'Gemeente' },
      {
        title: 'Wachtlijsten Jeugd',
        owner: PERSON_NAME,
        description: `Toelichting door ${PERSON_NAME}. Vragen vooraf: ${SECRET_EMAIL} of ${SECRET_PHONE}.`,
      },
      { title: `Inbreng ${HOSTILE_NAME}`, owner: 'Zorg B', description: '<script>alert(1)</script>' },
    ],
  });
  const proposed = must(
    proposeAgendapunt(
      planned,
      { id: 'ap-1', organisationId: AANBIEDERS[0]!.id, title: 'Reistijd', explanation: 'Graag bespreken.' },
      contactOf('A'),
      at('2027-03-01 10:00'),
    ),
  ).meeting;
  return must(
    decideAgendapunt(
      proposed,
      { proposalId: 'ap-1', decision: 'accepteren' },
      gemeenteAdmin(),
      at('2027-03-02 10:00'),
    ),
  ).meeting;
}

function decidedVoorstel(): Voorstel {
  const parties = MEMBERS.slice(0, 4).map((m) => ({
    organisationId: m.organisationId,
    name: m.name,
    type: m.type,
  }));
  const deadline = at('2027-03-01 17:00');
  let voorstel = voorstelInStemming(parties, deadline);
  parties.slice(0, 3).forEach((party, i) => {
    const org = {
      id: party.organisationId,
      name: party.name,
      type: party.type,
      percelen: [],
      grootte: null,
      herkomst: null,
      kvkNumber: null,
      contracted: true,
    } as const;
    voorstel = must(
      castVote(
        voorstel,
        { partyId: party.organisationId, choice: i === 2 ? 'tegen' : 'voor', idempotencyKey: `k-${i}` },
        contact(`p-${i}`, org),
        at('2027-02-20 10:00'),
      ),
    ).voorstel;
  });
  voorstel = must(closeStemming(voorstel, SCHEDULER, at('2027-03-01 17:01'))).voorstel;
  return must(
    decideVoorstel(
      voorstel,
      {
        decision: 'aannemen',
        reason: `Aangenomen na overleg met ${PERSON_NAME} (${SECRET_EMAIL}): de reistijd is een knelpunt voor alle aanbieders.`,
      },
      gemeenteAdmin(),
      at('2027-03-10 10:00'),
    ),
  ).voorstel;
}

function publishedReport(t: Ontwikkeltafel): Voortgangsrapportage {
  const draft = must(
    startReport(
      t,
      [],
      {
        id: 'r-1',
        periodId: '2026-12-31',
        content: {
          status: 'aandacht nodig',
          progress: 'Tineke Trekker hield twee sessies; bel 06-98765432 voor de stukken.',
          results: 'Wachtlijst per aanbieder in beeld.',
          problems: 'Data van twee aanbieders ontbreekt (vertrouwelijk overleg).',
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
          decisionsRequested: [],
        },
      },
      trekker,
      at('2027-01-10 10:00'),
    ),
  ).report;
  return must(publishReport(draft, t, trekker, at('2027-01-12 10:00'))).report;
}

export function buildPublicSamples(): PublicSamples {
  const round = buildSampleRound();
  const planned = sampleMeeting();
  const unpublishedMeeting = meeting(
    { title: UNPUBLISHED_AGENDA_TITLE, start: '2027-05-11 14:00', end: '2027-05-11 16:00' },
    'm-2',
  );
  const voorstel = decidedVoorstel();
  const t = tafel();
  const report = publishedReport(t);
  const verslagMarkdown = `${draftVerslag({ meeting: planned, previousMeeting: null, voorstellen: [voorstel], tafels: [t], reports: [report] })}
Besproken met ${PERSON_NAME}; bereikbaar via ${SECRET_EMAIL}.
`;
  const names = new Map([[TREKKER_ORG.id, TREKKER_ORG.name]]);
  return {
    round,
    meeting: planned,
    unpublishedMeeting,
    verslagMarkdown,
    voorstel,
    tafel: t,
    report,
    views: {
      samenstelling: { id: round.changed.id, view: compositionPublicView(round.changed) },
      loting: {
        id: round.changed.id,
        view: drawRecordPublicView(round.changed.id, round.changed.year, round.record),
      },
      agenda: { id: planned.id, view: agendaPublicView(planned) },
      verslag: { id: planned.id, view: verslagPublicView(planned, verslagMarkdown) },
      besluit: { id: voorstel.id, view: besluitPublicView(voorstel) },
      ontwikkeltafel: { id: t.id, view: ontwikkeltafelPublicView(t, [report], names) },
    },
  };
}

/** A stored publication as the service writes it, for rendering tests without a store. */
export function publicationDoc<K extends PublicationKind>(
  kind: K,
  sourceId: string,
  view: PublicViewOf<K>,
  at = '2027-03-15T10:00:00.000Z',
  version = 1,
): PublicationDocument<K> {
  const clean = sanitizePublicView(kind, view);
  return {
    id: `${kind}:${sourceId}`,
    kind,
    sourceId,
    ...describePublication(kind, clean),
    sourceVersion: '',
    version,
    firstPublishedAt: at,
    updatedAt: at,
    view: clean,
  };
}

/** One publication of every kind from the samples. */
export function sampleDocs(samples: PublicSamples = buildPublicSamples()): {
  [K in PublicationKind]: PublicationDocument<K>;
} {
  const v = samples.views;
  return {
    samenstelling: publicationDoc('samenstelling', v.samenstelling.id, v.samenstelling.view),
    loting: publicationDoc('loting', v.loting.id, v.loting.view),
    agenda: publicationDoc('agenda', v.agenda.id, v.agenda.view),
    verslag: publicationDoc('verslag', v.verslag.id, v.verslag.view),
    besluit: publicationDoc('besluit', v.besluit.id, v.besluit.view),
    ontwikkeltafel: publicationDoc('ontwikkeltafel', v.ontwikkeltafel.id, v.ontwikkeltafel.view),
  };
}
