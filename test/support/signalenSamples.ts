import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import {
  emptyPilotForm,
  pilotBerichtView,
  pilotDetailView,
  pilotFormView,
  pilotOverzichtView,
} from '../../src/cards/views/pilotViews';
import {
  emptySignaalForm,
  signaalBerichtView,
  signaalDetailView,
  signaalFormView,
  signaalInboxView,
  signaalStartView,
  signaalWachtlijstView,
} from '../../src/cards/views/signalenViews';
import {
  answerSignaal,
  decidePilot,
  linkPilotReport,
  linkVoorstel,
  publicPilot,
  publicSignaal,
  requestAgenda,
  summarise,
  trackPilot,
  wachtlijstPerPerceel,
  type Signaal,
} from '../../src/domain/signalen';
import { at, BRUG, contact, gemeenteAdmin, must, pilot, signaal } from '../unit/signalen/fixtures';

/** Card samples for the signalen and pilot templates, with hostile user text where people can type. */

const HOSTILE = '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';
const NOW = at('2027-05-20 10:00');

function samples(): { signalen: Signaal[]; wachtlijst: Signaal[] } {
  const brug = contact('p-brug', [{ ...BRUG, name: HOSTILE }]);
  const admin = gemeenteAdmin();
  const plain = signaal({ text: HOSTILE, perceel: '3' }, brug, BRUG.id, NOW, 'sg-1');
  const answered = must(answerSignaal(plain, { id: 'a1', text: HOSTILE }, admin, NOW)).signaal;
  const onAgenda = must(
    requestAgenda(answered, admin, NOW, {
      meetingId: 'mt-1',
      title: HOSTILE,
      start: '2027-06-01T12:00:00.000Z',
      agendaItemId: 'agendapunt-2',
    }),
  );
  const secret = signaal(
    { confidential: 'true', sentiment: 'positief', onderwerp: 'bedrijfsvoering' },
    brug,
    BRUG.id,
    NOW,
    'sg-2',
  );
  const voorstel = must(linkVoorstel(secret, 'vs-1', admin, NOW));
  const wachtlijst = signaal(
    {
      onderwerp: 'wachtlijst',
      perceel: '4',
      allocationDate: '2027-04-20',
      expectedStartDate: '2027-06-03',
      clients: '3',
    },
    brug,
    BRUG.id,
    NOW,
    'sg-3',
  );
  const unknownStart = signaal(
    { onderwerp: 'wachtlijst', perceel: '3', allocationDate: '2027-05-01' },
    brug,
    BRUG.id,
    NOW,
    'sg-4',
  );
  return { signalen: [onAgenda, voorstel, wachtlijst, unknownStart], wachtlijst: [wachtlijst, unknownStart] };
}

export function signalenCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const { signalen, wachtlijst } = samples();
  const admin = gemeenteAdmin();
  const requested = pilot({ title: HOSTILE, innovation: HOSTILE }, at('2027-03-10 10:00'));
  const approved = must(
    decidePilot(requested, { kind: 'instemming', reason: HOSTILE }, admin, at('2027-03-11 10:00')),
  );
  const started = must(trackPilot(approved, { startedOn: '2027-04-01' }, admin, at('2027-04-02 10:00')));
  const linked = must(
    linkPilotReport(
      started,
      { reportId: 'rapportage-1', ontwikkeltafelId: 'tafel-1', title: HOSTILE },
      admin,
      NOW,
    ),
  );
  const finished = must(
    trackPilot(linked, { startedOn: '2027-04-01', endedOn: '2027-05-19', result: HOSTILE }, admin, NOW),
  );
  const declined = must(decidePilot(pilot(), { kind: 'afwijzing', reason: HOSTILE }, admin, NOW));
  const notice = {
    title: locale === 'en' ? 'Signal received' : 'Signaal ontvangen',
    messages: [HOSTILE],
    style: 'good' as const,
  };
  return {
    signaalStart: [
      signaalStartView(signalen, { canRequestPilot: true }, locale, notice),
      signaalStartView([], { canRequestPilot: false }, locale),
    ],
    signaalForm: [
      signaalFormView(emptySignaalForm('org-brug'), [{ title: HOSTILE, value: 'org-brug' }], [], locale),
      signaalFormView(
        { ...emptySignaalForm(), text: HOSTILE, confidential: 'true', clients: 'veel' },
        [],
        [
          locale === 'en' ? 'The text of the signal is required.' : 'De tekst van het signaal is verplicht.',
          HOSTILE,
        ],
        locale,
      ),
    ],
    signaalInbox: [
      signaalInboxView(
        summarise(signalen),
        signalen,
        { year: 2027, currentYear: 2027, onderwerp: null, agendaRequests: 1 },
        locale,
        notice,
      ),
      signaalInboxView(
        summarise([]),
        [],
        { year: 2026, currentYear: 2027, onderwerp: 'wachtlijst', agendaRequests: 0 },
        locale,
      ),
    ],
    signaalDetail: signalen.flatMap((s, i) => [
      signaalDetailView(s, { canManage: i % 2 === 0 }, locale, i === 0 ? notice : undefined),
      signaalDetailView(s, { canManage: i % 2 === 1 }, locale),
    ]),
    signaalWachtlijst: [
      signaalWachtlijstView(wachtlijstPerPerceel(wachtlijst, '2027-05-20'), wachtlijst, 2027, locale),
      signaalWachtlijstView(wachtlijstPerPerceel([], '2027-05-20'), [], 2026, locale),
    ],
    signaalBericht: [
      signaalBerichtView('antwoord', publicSignaal(signalen[0]!), HOSTILE, locale),
      signaalBerichtView('nieuw', publicSignaal(signalen[1]!), null, locale),
      signaalBerichtView('nieuw', publicSignaal(signalen[2]!), null, locale),
    ],
    pilotForm: [
      pilotFormView(
        emptyPilotForm('org-brug'),
        [{ title: HOSTILE, value: 'org-brug' }],
        [{ title: 'Kompas', value: 'org-kompas' }],
        [],
      ),
      pilotFormView({ ...emptyPilotForm(), title: HOSTILE, participantIds: 'org-kompas' }, [], [], [HOSTILE]),
    ],
    pilotOverzicht: [
      pilotOverzichtView(
        [requested, approved, finished, declined],
        { canRequest: true, isGemeente: true },
        locale,
        notice,
      ),
      pilotOverzichtView([], { canRequest: false, isGemeente: false }, locale),
    ],
    pilotDetail: [
      pilotDetailView(requested, { canDecide: true, canTrack: true }, '2027-03-10', locale, notice),
      pilotDetailView(
        linked,
        {
          canDecide: true,
          canTrack: true,
          reportChoices: [{ title: HOSTILE, value: 'tafel-1|rapportage-2' }],
        },
        '2027-08-01',
        locale,
      ),
      pilotDetailView(started, { canDecide: true, canTrack: true }, '2027-08-01', locale),
      pilotDetailView(finished, { canDecide: false, canTrack: true }, '2027-05-20', locale),
      pilotDetailView(
        finished,
        { canDecide: false, canTrack: true, canMakeVoorstel: true },
        '2027-05-20',
        locale,
      ),
      pilotDetailView(
        { ...finished, voorstelId: 'vs-1' },
        { canDecide: true, canTrack: true },
        '2027-05-20',
        locale,
      ),
      pilotDetailView(declined, { canDecide: false, canTrack: false }, '2027-05-20', locale),
    ],
    pilotBericht: [
      pilotBerichtView('aanvraag', publicPilot(requested), locale),
      pilotBerichtView('instemming', publicPilot(approved), locale),
      pilotBerichtView('afwijzing', publicPilot(declined), locale),
      pilotBerichtView('resultaat', publicPilot(started), locale),
    ],
  };
}
