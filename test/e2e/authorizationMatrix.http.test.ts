import { readFileSync } from 'node:fs';
import { messageCard } from '../../src/bot/turn';
import { meetingsServiceFor } from '../../src/meetings/meetingsService';
import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import { MANIFEST_COMMANDS } from '../../src/bot/commands';
import type { Result } from '../../src/domain/shared/result';
import { reportIdFor } from '../../src/storage/ontwikkeltafelsRepository';
import { SignalenRepository } from '../../src/storage/signalenRepository';
import {
  AANBIEDER_CONTACTS,
  MEMBER_CONTACTS,
  ORGANISATIONS,
  PEOPLE,
  ROLES,
  changedContainers,
  registeredVerbs,
  startSecurityWorld,
  WITH_ORGANISATION_ROLE,
  type Reply,
  type Role,
  type SecurityWorld,
} from '../support/securityWorld';

/**
 * The authorization matrix (issue 9): every Action.Execute verb and every command of every feature, sent over
 * HTTP through the real bot by every role. The data of each cell is realistic and valid for the role that is
 * allowed, so a refusal is about permission and not about bad data. Allowed cells must succeed (and, where the
 * action writes, change the store); refused cells must get a clear refusal and change nothing in any container.
 *
 * Adding a feature's action = adding a row. A last test discovers every verb the running bot answers and every
 * manifest command, and fails for any without a row.
 */

type Data = Record<string, unknown>;

interface Row {
  /** An Action.Execute verb (with an optional "(case)" suffix), or `command <text>` for a typed command. */
  readonly action: string;
  /** The roles that may do this, from /work/shared/domain.md "who may do what" and the feature's own rules. */
  readonly allowed: readonly Role[];
  /**
   * Fresh state for the row: built once for all refused cells and once more for each allowed cell (an allowed
   * action may consume it, e.g. end a table), always before the "before" snapshot.
   */
  readonly fixture?: (role: Role | undefined) => Promise<Data>;
  /** The card data of a cell (default: the fixture). */
  readonly data?: (role: Role, fixture: Data) => Data | Promise<Data>;
  /** What an allowed cell's answer says. */
  readonly success?: RegExp;
  /** What a refused cell's answer says (default: the not-allowed card). */
  readonly refusal?: RegExp;
  /** Allowed cells write to the store (checked); read-only actions never do. */
  readonly writes?: boolean;
  /** Runs once before the row (moves the clock, prepares shared state). */
  readonly before?: () => Promise<void>;
}

const NOT_ALLOWED = /U heeft geen toestemming voor deze actie/;
const UNKNOWN_USER = /niet bekend bij Tafelbot/;
const OTHER_TENANT = /Tafelbot is niet beschikbaar voor uw organisatie/;
const DEMO_ONLY = /Van rol wisselen kan alleen in de lokale demo/;
const NOT_TREKKER = /U heeft geen toestemming|Alleen de trekkers van|bestaat niet \(meer\)/;
const NO_SIGNAL = /U heeft geen toestemming|Signalen afgeven kan de gemeente en de contactpersoon/;
const NO_PILOT =
  /U heeft geen toestemming|Een pilot vraagt de contactpersoon of vervanger van een gecontracteerde aanbieder/;
const NO_PILOT_HERE =
  /U heeft geen toestemming|Deze pilot bestaat niet \(meer\), of u mag hem niet inzien|Alleen de gemeente en de contactpersonen van de deelnemende/;
const NOT_AN_ATTENDEE = /U heeft geen toestemming|Uw organisatie hoort daar niet bij/;
const NOT_CONTACT = /U heeft geen toestemming|U bent geen contactpersoon of vervanger/;
/** Never in any cell: the data is valid, so an error or an "invalid card" answer is a bug. */
const BROKEN = /Er ging iets mis|Deze kaart is niet \(meer\) geldig|Deze actie bestaat niet \(meer\)/;

const day = 24 * 3600_000;
/** Wednesday 10 March 2027, 10:00 in Amsterdam. */
const BASE = new Date('2027-03-10T09:00:00.000Z');
const plusDays = (days: number, from = BASE) => new Date(from.getTime() + days * day);
const localDate = (date: Date) => date.toISOString().slice(0, 10);

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

let world: SecurityWorld;
let sequence = 0;
const next = () => ++sequence;
const key = (label: string) => `matrix-${label}-${next()}`;

// Fixtures ------------------------------------------------------------------------------------------------------

const voorstellen = () => voorstellenServiceFor(world.bot.bot.services);
const tafels = () => ontwikkeltafelsServiceFor(world.bot.bot.services);
const meetings = () => meetingsServiceFor(world.bot.bot.services);

const VOORSTEL = {
  title: 'Reistijd expliciet declarabel',
  summary: 'Reistijd bij individuele begeleiding wordt apart gedeclareerd.',
  text: 'Artikel 12 lid 3 wordt aangevuld.',
  link: '',
  type: 'contractwijziging',
  percelen: '1,3',
  origin: 'overlegtafel',
};

/** A voorstel of Alfa's contactpersoon, submitted at `at` (concept). */
async function submittedVoorstel(at = world.now): Promise<string> {
  return world.at(at, async () => {
    const actor = await world.actor('lid-contactpersoon');
    return must(
      await voorstellen().submit(actor, { ...VOORSTEL, confidentialParts: [] }, 'org-alfa', key('v')),
    ).id;
  });
}

async function voorstelInReactieperiode(openedAt = world.now): Promise<string> {
  const id = await submittedVoorstel(openedAt);
  await world.at(openedAt, async () =>
    must(await voorstellen().openReactieperiode(await world.actor('gemeente'), id, 14)),
  );
  return id;
}

/** Reaction window opened 30 days ago (so ended); the vote opened 10 days ago with `deadline`. */
async function voorstelInStemming(deadline: Date): Promise<string> {
  const id = await voorstelInReactieperiode(plusDays(-30, world.now));
  await world.at(plusDays(-10, world.now), async () =>
    must(await voorstellen().openStemming(await world.actor('gemeente'), id, deadline)),
  );
  return id;
}

async function voorstelGesloten(): Promise<string> {
  const id = await voorstelInStemming(plusDays(-1, world.now));
  must(await voorstellen().closeStemming(await world.actor('gemeente'), id));
  return id;
}

const TAFEL_FORM = {
  opdracht: 'Breng de wachttijden in kaart.',
  doel: 'Start binnen 14 werkdagen.',
  start: '2026-11-15',
  expectedEnd: '2028-06-30',
  periodEnds: '30-06, 31-12',
  graceDays: '30',
  reminderDays: '14, 3',
  reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
};

const tafelIds = { deze: '', andere: '' };
/** The period whose report is published (ended 31 December), and the current one (a draft may be written). */
const PUBLISHED_PERIOD = '2026-12-31';
const CURRENT_PERIOD = '2027-06-30';
let publishedReportId = '';

async function newTafel(name: string, percelen: string, trekker: Role): Promise<string> {
  const admin = await world.actor('gemeente');
  const created = await tafels().createTafel(
    admin,
    { ...TAFEL_FORM, name, percelen, trekkerIds: [world.personId(trekker)] },
    key('tafel'),
  );
  return must(created).tafel.id;
}

const REPORT = {
  status: 'aandacht nodig',
  progress: 'Wachtlijsten in kaart gebracht.',
  results: 'Gemiddeld 9 weken wachttijd.',
  problems: '',
  nextSteps: 'Pilot snelle intake.',
};
const REPORT_CONTENT = {
  ...REPORT,
  pilots: [],
  decisionsRequested: [
    { title: 'Budget voor een pilot snelle intake', explanation: 'Twee aanbieders, zes maanden.' },
  ],
};

async function reportEtag(tafelId: string, periodId: string): Promise<string> {
  return (await tafels().repo.getReport(tafelId, reportIdFor(tafelId, periodId)))?.etag ?? '';
}

/** A new draft for the current period of a fresh table led by "trekker-deze-tafel". */
async function tafelWithDraft(): Promise<string> {
  const id = await newTafel(`Tafel ${next()}`, '3', 'trekker-deze-tafel');
  must(
    await tafels().saveReport(await world.actor('trekker-deze-tafel'), {
      tafelId: id,
      periodId: CURRENT_PERIOD,
      content: REPORT_CONTENT,
      etag: '',
      publish: false,
    }),
  );
  return id;
}

/** A fresh table whose current-period report is published (with one requested decision). */
async function tafelWithPublishedReport(): Promise<string> {
  const tafelId = await tafelWithDraft();
  must(
    await tafels().saveReport(await world.actor('trekker-deze-tafel'), {
      tafelId,
      periodId: CURRENT_PERIOD,
      content: REPORT_CONTENT,
      etag: await reportEtag(tafelId, CURRENT_PERIOD),
      publish: true,
    }),
  );
  return tafelId;
}

const meetingIds = { upcoming: '', past: '' };
const nonce = () => next().toString(16).padStart(12, '0');

function meetingForm(date: Date, cutoff: Date) {
  return {
    table: 'overlegtafel',
    title: `Overlegtafel ${next()}`,
    date: localDate(date),
    startTime: '14:00',
    endTime: '16:00',
    location: 'Stadhuis, Rivierstad',
    cutoffDate: localDate(cutoff),
    cutoffTime: '12:00',
    rows: [{ id: '', title: 'Opening', owner: 'Voorzitter', description: '', link: '' }],
  };
}

async function plannedMeeting(date: Date, cutoff: Date, at = world.now): Promise<string> {
  return world.at(at, async () => {
    const planned = await meetings().plan(await world.actor('gemeente'), nonce(), meetingForm(date, cutoff));
    return must(planned).doc.value.id;
  });
}

async function proposal(meetingId: string): Promise<string> {
  const proposed = await meetings().propose(
    await world.actor('lid-contactpersoon'),
    meetingId,
    nonce(),
    'org-alfa',
    'Wachtlijsten jeugd',
    'Graag bespreken voor de zomer.',
  );
  return must(proposed).proposalId;
}

/** A meeting planned 40 days ago that took place 10 days ago. */
const pastMeeting = () => plannedMeeting(plusDays(-10), plusDays(-20), plusDays(-40));

/** A past meeting with the gemeente, the lokale toegang and Alfa present, and its concept verslag drafted. */
async function heldMeetingWithVerslag(): Promise<string> {
  const meetingId = await pastMeeting();
  await world.at(plusDays(-10, new Date(BASE.getTime() + 7 * 3600_000)), async () => {
    must(
      await meetings().recordAttendance(await world.actor('gemeente'), meetingId, {
        present: ['org-gemeente', 'org-toegang', 'org-alfa'],
        absenceReasons: [],
      }),
    );
    await meetings().draft(meetingId);
  });
  return meetingId;
}

/** A held meeting whose concept went to the attendees at `sentAt`, for comments until `deadline`. */
async function verslagTerInzage(deadline: Date, sentAt = BASE): Promise<string> {
  const meetingId = await heldMeetingWithVerslag();
  await world.at(sentAt, async () => {
    const markdown = (await meetings().get(meetingId))?.verslag?.markdown ?? '';
    must(
      await meetings().verslagReview.sendForComments(await world.actor('gemeente'), meetingId, {
        markdown,
        version: '',
        deadline: localDate(deadline),
      }),
    );
  });
  return meetingId;
}

const meetingFormData = (date: Date, cutoff: Date) => {
  const form = meetingForm(date, cutoff);
  return {
    nonce: nonce(),
    table: form.table,
    title: form.title,
    date: form.date,
    startTime: form.startTime,
    endTime: form.endTime,
    location: form.location,
    cutoffDate: form.cutoffDate,
    cutoffTime: form.cutoffTime,
    rowCount: '1',
    rowIds: '',
    row1Title: 'Opening',
    row1Owner: 'Voorzitter',
    row1Description: '',
    row1Link: '',
  };
};

let broadcastId = '';

const ROUND = 'ronde-2028';
const roundForm = (deadline: Date) => ({
  year: '2028',
  deadlineDate: localDate(deadline),
  deadlineTime: '12:00',
  seats: '12',
  minimum1: '2',
  minimum2: '2',
  minimum3: '2',
  minimum4: '2',
  minimum5: '1',
  differentGrootte: 'true',
  atLeastOneLokaal: 'true',
  minimumReturning: '3',
  minimumNewcomers: '3',
  seedSource: 'slotkoers AEX op de dag na de sluiting',
  publicValueDate: localDate(new Date(deadline.getTime() + 2 * 86_400_000)),
});
const ROUND_DEADLINE = plusDays(14);
const organisationOf = (role: Role) => (role === 'niet-lid-aanbieder' ? 'org-gamma' : 'org-alfa');
const registration = (role: Role, etag = '') => ({
  roundId: ROUND,
  organisationId: organisationOf(role),
  etag,
  perceel: role === 'niet-lid-aanbieder' ? '4' : '1',
  grootte: 'klein',
  herkomst: 'lokaal',
  contactpersoonName: 'Anna Alfa',
  contactpersoonEmail: 'anna@alfa.example',
  contactpersoonPhone: '',
  vervangerName: 'Victor Alfa',
  vervangerEmail: 'victor@alfa.example',
  vervangerPhone: '',
  motivation: 'Wij brengen de ervaring van een kleine lokale aanbieder mee.',
});
/** The stored registration of the role's organisation (with its ETag), if any. */
async function storedRegistration(role: Role) {
  const { resource } = await world.bot.bot.db
    .container('registrations')
    .item(organisationOf(role), ROUND)
    .read<{ _etag?: string; status?: string }>();
  return resource;
}

async function ensureRegistered(role: Role): Promise<void> {
  const stored = await storedRegistration(role);
  if (stored?.status === 'ingeschreven') return;
  const reply = await world.invoke(role, 'inschrijving.opslaan', registration(role, stored?._etag ?? ''));
  if (!/ingeschreven|gewijzigd/.test(reply.text))
    throw new Error(`fixture: registration refused: ${reply.text}`);
}

/** Decided aannemen by the gemeente after a vote without unanimity: uitgewerkt, waiting for the bestuur. */
async function voorstelUitgewerkt(): Promise<string> {
  const id = await voorstelGesloten();
  must(
    await voorstellen().decide(
      await world.actor('gemeente'),
      id,
      'aannemen',
      'Geen bezwaren ontvangen van de partijen die stemden.',
    ),
  );
  return id;
}

const ADOPTION = {
  outcome: 'vastgesteld',
  reason: 'Het college heeft het voorstel vastgesteld in zijn vergadering.',
  decisionDate: localDate(BASE),
  addendumDeadline: localDate(plusDays(30)),
};

/** Adopted by the bestuur: a contractwijziging for percelen 1 and 3, so Alfa is asked to join the addendum. */
async function voorstelVastgesteld(): Promise<string> {
  const id = await voorstelUitgewerkt();
  must(await voorstellen().recordAdoption(await world.actor('gemeente'), id, ADOPTION));
  return id;
}

async function voorstelBesloten(): Promise<string> {
  const id = await voorstelGesloten();
  must(
    await voorstellen().decide(await world.actor('gemeente'), id, 'afwijzen', 'Geen unanimiteit bereikt.'),
  );
  return id;
}

const signaalForm = (organisationId: string) => ({
  organisationId,
  sentiment: 'negatief',
  onderwerp: 'bedrijfsvoering',
  perceel: 'geen',
  text: 'De tarieven dekken de reistijd niet.',
  confidential: 'false',
  allocationDate: '',
  expectedStartDate: '',
  clients: '',
});

/** A signaal raised by Alfa's contactpersoon, through the bot. */
async function signaalOfAlfa(): Promise<Data> {
  const raised = await world.invoke('lid-contactpersoon', 'signaal.indienen', signaalForm('org-alfa'));
  if (!/Signaal ontvangen/.test(raised.text)) throw new Error(`fixture: signaal refused: ${raised.text}`);
  const [latest] = await new SignalenRepository(world.bot.bot.db).signalenOf('org-alfa', 1);
  return { organisationId: 'org-alfa', signaalId: latest?.id ?? '' };
}

const pilotForm = (organisationId: string, start: Date, end: Date) => ({
  organisationId,
  title: 'Gezinscoach in de huisartsenpraktijk',
  start: localDate(start),
  end: localDate(end),
  participantIds: '',
  innovation: 'Een gezinscoach werkt in de praktijk van de huisarts.',
  researchQuestion: 'Daalt het aantal verwijzingen naar specialistische hulp?',
  expectedResult: 'Een vergelijking met dezelfde periode een jaar eerder.',
  deviation: '',
});

/** A pilot Alfa requested 30 days ago, starting 20 days ago; approved by the gemeente when `approved`. */
async function pilotOfAlfa(approved: boolean): Promise<string> {
  return world.at(plusDays(-30), async () => {
    const before = new Set((await new SignalenRepository(world.bot.bot.db).listPilots()).map((p) => p.id));
    const requested = await world.invoke(
      'lid-contactpersoon',
      'pilot.indienen',
      pilotForm('org-alfa', plusDays(-20), plusDays(90)),
    );
    const pilot = (await new SignalenRepository(world.bot.bot.db).listPilots()).find(
      (p) => !before.has(p.id),
    );
    if (!pilot) throw new Error(`fixture: pilot refused: ${requested.text}`);
    if (approved) {
      const decided = await world.invoke('gemeente', 'pilot.besluit', {
        pilotId: pilot.id,
        besluit: 'instemming',
        reason: 'Rapporteer halverwege.',
      });
      if (NOT_ALLOWED.test(decided.text) || BROKEN.test(decided.text))
        throw new Error(`fixture: pilot not approved: ${decided.text}`);
    }
    return pilot.id;
  });
}

/** An approved pilot of Alfa with a recorded result: ready to become a voorstel. */
async function pilotWithResult(): Promise<string> {
  const pilotId = await pilotOfAlfa(true);
  const tracked = await world.invoke('gemeente', 'pilot.voortgang', {
    pilotId,
    startedOn: localDate(plusDays(-20)),
    result: 'Het aantal verwijzingen daalde met een kwart ten opzichte van een jaar eerder.',
  });
  if (NOT_ALLOWED.test(tracked.text) || BROKEN.test(tracked.text))
    throw new Error(`fixture: pilot result not recorded: ${tracked.text}`);
  return pilotId;
}

// The rows -------------------------------------------------------------------------------------------------------

const ROWS: Row[] = [
  // Welcome and profile
  { action: 'help.show', allowed: [...PEOPLE, 'onbekend'] },
  { action: 'profile.show', allowed: PEOPLE },

  // Local demo only: refused for everyone outside demo mode, whatever the card says.
  { action: 'demo.roles', allowed: [], refusal: DEMO_ONLY },
  { action: 'demo.switch', allowed: [], data: () => ({ role: 'gemeente' }), refusal: DEMO_ONLY },

  // The registry: the gemeente only
  { action: 'registry.overview', allowed: ['gemeente'], data: () => ({ query: 'alfa' }) },
  { action: 'registry.organisation.new', allowed: ['gemeente'] },
  {
    action: 'registry.organisation.edit',
    allowed: ['gemeente'],
    data: () => ({ organisationId: 'org-alfa' }),
  },
  {
    action: 'registry.organisation.save',
    allowed: ['gemeente'],
    writes: true,
    success: /is opgeslagen/,
    data: () => ({
      name: `Nieuwe Zorg ${next()}`,
      type: 'aanbieder',
      percelen: '2',
      grootte: 'middel',
      herkomst: 'regionaal',
      kvkNumber: '',
      contracted: 'ja',
    }),
  },
  { action: 'registry.person.new', allowed: ['gemeente'], data: () => ({ organisationId: 'org-gamma' }) },
  {
    action: 'registry.person.edit',
    allowed: ['gemeente'],
    data: () => ({ personId: world.personId('lid-vervanger') }),
  },
  {
    action: 'registry.person.save',
    allowed: ['gemeente'],
    writes: true,
    success: /is opgeslagen/,
    data: () => {
      const n = next();
      return {
        name: `Nieuwe Persoon ${n}`,
        email: `nieuw${n}@gemeente.example`,
        phone: '',
        organisationId: 'org-gemeente',
        role: 'vervanger',
        isAdmin: 'ja',
      };
    },
  },

  // Delivery reports: the gemeente only
  { action: 'delivery.report', allowed: ['gemeente'], data: () => ({ broadcastId }) },
  { action: 'delivery.resendFailed', allowed: ['gemeente'], data: () => ({ broadcastId }) },

  // Voorstellen
  { action: 'voorstellen.list', allowed: PEOPLE },
  { action: 'voorstel.new', allowed: ['gemeente', ...AANBIEDER_CONTACTS] },
  {
    action: 'voorstel.submit',
    allowed: ['gemeente', ...AANBIEDER_CONTACTS],
    writes: true,
    success: /Voorstel ingediend/,
    refusal: /U heeft geen toestemming|[Aa]lleen .*(contactpersoon|aanbieder|gemeente)/,
    data: (role) => ({
      ...VOORSTEL,
      organisationId: role === 'gemeente' ? '' : organisationOf(role),
      confidentialTitle: '',
      confidentialText: '',
    }),
  },
  {
    action: 'voorstel.show',
    allowed: PEOPLE,
    fixture: async () => ({ voorstelId: await voorstelInReactieperiode() }),
    success: /Reistijd expliciet declarabel/,
  },
  {
    // A concept is only visible to the gemeente and the submitter's organisation.
    action: 'voorstel.show (concept)',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    fixture: async () => ({ voorstelId: await submittedVoorstel() }),
    success: /Reistijd expliciet declarabel/,
    refusal: /Dit voorstel bestaat niet \(meer\)/,
  },
  {
    action: 'voorstel.reactie.save',
    allowed: AANBIEDER_CONTACTS,
    writes: true,
    refusal:
      /U heeft geen toestemming|Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder/,
    fixture: async () => ({ voorstelId: await voorstelInReactieperiode() }),
    data: (role, fixture) => ({
      ...fixture,
      organisationId: organisationOf(role),
      reactie: 'Wij steunen dit voorstel, mits de reistijd per kwartier wordt geregistreerd.',
    }),
  },
  {
    action: 'voorstel.reacties',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    fixture: async () => ({ voorstelId: await voorstelInReactieperiode() }),
  },
  {
    action: 'voorstel.reactieperiode.open',
    allowed: ['gemeente'],
    writes: true,
    refusal: /U heeft geen toestemming|Dit voorstel bestaat niet \(meer\)/,
    fixture: async () => ({ voorstelId: await submittedVoorstel(), days: '14' }),
  },
  {
    action: 'voorstel.stemming.open',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({
      voorstelId: await voorstelInReactieperiode(plusDays(-20, world.now)),
      deadlineDate: localDate(plusDays(7)),
      deadlineTime: '17:00',
    }),
  },
  {
    action: 'voorstel.stemkaart',
    allowed: PEOPLE,
    fixture: async () => ({ voorstelId: await voorstelInStemming(plusDays(7)) }),
  },
  {
    action: 'voorstel.stem',
    allowed: MEMBER_CONTACTS,
    writes: true,
    refusal:
      /U heeft geen toestemming|Alleen de contactpersoon of vervanger van Alfa Zorg kan namens Alfa Zorg stemmen/,
    fixture: async () => ({
      voorstelId: await voorstelInStemming(plusDays(7)),
      partyId: 'org-alfa',
      choice: 'voor',
    }),
  },
  {
    action: 'voorstel.overview',
    allowed: ['gemeente'],
    fixture: async () => ({ voorstelId: await voorstelInStemming(plusDays(7)) }),
  },
  {
    action: 'voorstel.stemming.close',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({ voorstelId: await voorstelInStemming(plusDays(-1)) }),
  },
  {
    action: 'voorstel.besluit',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({
      voorstelId: await voorstelGesloten(),
      decision: 'afwijzen',
      reason: 'Geen unanimiteit; de kosten zijn niet gedekt in de begroting.',
    }),
  },
  {
    action: 'voorstel.export',
    allowed: ['gemeente'],
    fixture: async () => ({ voorstelId: await voorstelGesloten(), part: '1' }),
  },
  {
    action: 'voorstel.vaststelling',
    allowed: ['gemeente'],
    writes: true,
    success: /Besluit van het bestuur vastgelegd/,
    fixture: async () => ({
      voorstelId: await voorstelUitgewerkt(),
      outcome: ADOPTION.outcome,
      adoptionReason: ADOPTION.reason,
      decisionDate: ADOPTION.decisionDate,
      addendumDeadline: ADOPTION.addendumDeadline,
    }),
  },
  {
    action: 'voorstel.addendum.antwoord',
    allowed: MEMBER_CONTACTS,
    writes: true,
    success: /Antwoord vastgelegd/,
    refusal:
      /U heeft geen toestemming|Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder in de percelen/,
    fixture: async () => ({ voorstelId: await voorstelVastgesteld(), choice: 'doet-mee' }),
  },
  {
    action: 'voorstel.addendum.overzicht',
    allowed: ['gemeente'],
    success: /Addendum: wie doet mee/,
    fixture: async () => ({ voorstelId: await voorstelVastgesteld() }),
  },
  {
    action: 'voorstel.addendum.export',
    allowed: ['gemeente'],
    success: /Aanbieder,Antwoord,Door/,
    fixture: async () => ({ voorstelId: await voorstelVastgesteld(), part: '1' }),
  },
  {
    action: 'voorstel.ontwikkeling.melden',
    allowed: ['gemeente', ...AANBIEDER_CONTACTS],
    writes: true,
    success: /Ontwikkeling gemeld/,
    fixture: async () => ({ voorstelId: await voorstelVastgesteld() }),
    data: (role, fixture) => ({
      ...fixture,
      ontwikkeling: 'De btw-regeling wijzigt per 1 juli; het tarief uit het addendum klopt dan niet meer.',
      ...(role === 'niet-lid-aanbieder'
        ? { organisationId: 'org-gamma' }
        : AANBIEDER_CONTACTS.includes(role)
          ? { organisationId: 'org-alfa' }
          : {}),
    }),
  },

  // Ontwikkeltafels
  { action: 'ontwikkeltafels.portfolio', allowed: PEOPLE },
  {
    // Seen by the gemeente, the Overlegtafel, its trekkers, participants and invited aanbieders (perceel 3).
    action: 'ontwikkeltafel.show',
    allowed: ['gemeente', ...MEMBER_CONTACTS, 'trekker-deze-tafel'],
    refusal: /Deze ontwikkeltafel bestaat niet \(meer\)/,
    data: () => ({ tafelId: tafelIds.deze }),
  },
  { action: 'ontwikkeltafel.new', allowed: ['gemeente'] },
  {
    action: 'ontwikkeltafel.create',
    allowed: ['gemeente'],
    writes: true,
    data: () => ({
      ...TAFEL_FORM,
      name: `Nieuwe tafel ${next()}`,
      percelen: '3',
      trekkers: world.personId('trekker-andere-tafel'),
    }),
  },
  {
    // Contracted aanbieders in a perceel of the table (Alfa: perceel 3) join it.
    action: 'ontwikkeltafel.join',
    allowed: MEMBER_CONTACTS,
    writes: true,
    refusal:
      /U heeft geen toestemming|U kunt alleen deelnemen namens een organisatie waarvan u contactpersoon of vervanger bent|is niet gecontracteerd voor de percelen van/,
    fixture: async () => ({ tafelId: await newTafel(`Tafel ${next()}`, '3', 'trekker-deze-tafel') }),
    data: (role, fixture) => ({ ...fixture, organisationId: organisationOf(role) }),
  },
  {
    action: 'ontwikkeltafel.end',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({
      tafelId: await newTafel(`Tafel ${next()}`, '3', 'trekker-deze-tafel'),
      endedOn: localDate(world.now),
    }),
  },
  {
    action: 'rapportage.edit',
    allowed: ['trekker-deze-tafel'],
    refusal: NOT_TREKKER,
    data: () => ({ tafelId: tafelIds.deze, periodId: CURRENT_PERIOD }),
  },
  ...(['rapportage.save', 'rapportage.publish'] as const).map(
    (action): Row => ({
      action,
      allowed: ['trekker-deze-tafel'],
      writes: true,
      refusal: NOT_TREKKER,
      fixture: async () => {
        const tafelId = await tafelWithDraft();
        return { tafelId, etag: await reportEtag(tafelId, CURRENT_PERIOD) };
      },
      data: (_role, fixture) => ({
        ...fixture,
        periodId: CURRENT_PERIOD,
        ...REPORT,
        progress: `Bijgewerkt ${next()}.`,
        pilotCount: '0',
        decisionCount: '1',
        decisionIds: '',
        decision0Title: 'Budget voor een pilot snelle intake',
        decision0Explanation: 'Twee aanbieders, zes maanden.',
      }),
    }),
  ),
  {
    action: 'rapportage.correct',
    allowed: ['trekker-deze-tafel'],
    writes: true,
    refusal: NOT_TREKKER,
    fixture: async () => {
      const tafelId = await tafelWithPublishedReport();
      const report = (await tafels().repo.getReport(tafelId, reportIdFor(tafelId, CURRENT_PERIOD)))?.value;
      return {
        tafelId,
        reportId: reportIdFor(tafelId, CURRENT_PERIOD),
        etag: await reportEtag(tafelId, CURRENT_PERIOD),
        decisionIds: report?.content.decisionsRequested.map((d) => d.id).join(',') ?? '',
      };
    },
    data: (_role, fixture) => ({
      ...fixture,
      periodId: CURRENT_PERIOD,
      ...REPORT,
      results: 'Gemiddeld 8 weken wachttijd (gecorrigeerd).',
      pilotCount: '0',
      decisionCount: '1',
      decision0Title: 'Budget voor een pilot snelle intake',
      decision0Explanation: 'Twee aanbieders, zes maanden.',
      reason: 'Een rekenfout in de wachttijd.',
    }),
  },
  {
    // Readers: the gemeente, the Overlegtafel, the table's trekkers.
    action: 'rapportage.show',
    allowed: ['gemeente', ...MEMBER_CONTACTS, 'trekker-deze-tafel'],
    refusal: /Deze rapportage bestaat niet \(meer\)/,
    data: () => ({ tafelId: tafelIds.deze, reportId: publishedReportId }),
  },
  {
    action: 'rapportage.share',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const tafelId = await tafelWithPublishedReport();
      return { tafelId, reportId: reportIdFor(tafelId, CURRENT_PERIOD) };
    },
  },
  {
    action: 'rapportage.vraag',
    allowed: ['gemeente', ...MEMBER_CONTACTS, 'trekker-deze-tafel'],
    writes: true,
    refusal:
      /U heeft geen toestemming|U kunt alleen een vraag stellen over een rapportage die met uw organisatie is gedeeld|bestaat niet \(meer\)/,
    data: () => ({
      tafelId: tafelIds.deze,
      reportId: publishedReportId,
      question: `Hoe meten jullie de wachttijd (vraag ${next()})?`,
    }),
  },
  {
    // The gemeente, or a trekker acting for an organisation (these trekkers have none: refused with a reason).
    action: 'rapportage.voorstel',
    allowed: ['gemeente'],
    writes: true,
    refusal:
      /U heeft geen toestemming|Alleen de gemeente en de trekkers|U bent geen contactpersoon of vervanger van een organisatie|bestaat niet \(meer\)/,
    fixture: async () => {
      const tafelId = await tafelWithPublishedReport();
      const reportId = reportIdFor(tafelId, CURRENT_PERIOD);
      const report = (await tafels().repo.getReport(tafelId, reportId))?.value;
      return { tafelId, reportId, decisionId: report?.content.decisionsRequested[0]?.id ?? '' };
    },
  },
  {
    action: 'rapportage.export',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    refusal: /U heeft geen toestemming|De export van de rapportages is voor de gemeente en de leden/,
    data: () => ({ from: '2026-07-01', to: '2026-12-31' }),
  },

  // Meetings
  { action: 'meeting.lijst', allowed: WITH_ORGANISATION_ROLE },
  { action: 'meeting.nieuw', allowed: ['gemeente'] },
  {
    action: 'meeting.plannen',
    allowed: ['gemeente'],
    writes: true,
    data: () => meetingFormData(plusDays(40), plusDays(30)),
  },
  { action: 'meeting.open', allowed: ['gemeente'], data: () => ({ meetingId: meetingIds.upcoming }) },
  { action: 'meeting.bewerken', allowed: ['gemeente'], data: () => ({ meetingId: meetingIds.upcoming }) },
  {
    action: 'meeting.wijzigen',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await plannedMeeting(plusDays(40), plusDays(30));
      return { meetingId, etag: (await meetings().repo.get(meetingId))?.etag ?? '' };
    },
    data: (_role, fixture) => {
      const { nonce: _nonce, table: _table, ...form } = meetingFormData(plusDays(41), plusDays(30));
      return { ...fixture, ...form, location: 'Gemeentehuis, zaal 2' };
    },
  },
  {
    action: 'meeting.annuleren',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({
      meetingId: await plannedMeeting(plusDays(40), plusDays(30)),
      cancelReason: 'De zaal is niet beschikbaar.',
    }),
  },
  {
    action: 'meeting.agenda.versturen',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({ meetingId: await plannedMeeting(plusDays(40), plusDays(30)) }),
  },
  {
    action: 'meeting.agendapunt.besluiten',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await plannedMeeting(plusDays(40), plusDays(30));
      const proposalId = await proposal(meetingId);
      return {
        meetingId,
        proposalId,
        decision: 'accepteren',
        [`accept_${proposalId}`]: 'Past goed bij het thema van dit overleg.',
      };
    },
  },
  {
    action: 'meeting.aanwezigheid.formulier',
    allowed: ['gemeente'],
    data: () => ({ meetingId: meetingIds.past }),
  },
  {
    action: 'meeting.aanwezigheid.vastleggen',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({
      meetingId: await pastMeeting(),
      present: 'org-gemeente,org-toegang,org-alfa',
    }),
  },
  {
    action: 'meeting.aanwezigheid.overzicht',
    allowed: ['gemeente'],
    data: () => ({ year: '2027', table: 'overlegtafel' }),
  },
  {
    action: 'meeting.verslag',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({ meetingId: await pastMeeting() }),
  },
  {
    action: 'meeting.verslag.opslaan',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await pastMeeting();
      const drafted = await meetings().draft(meetingId);
      return { meetingId, etag: drafted?.etag ?? '' };
    },
    data: (_role, fixture) => ({
      ...fixture,
      markdown: '# Verslag\n\nAanwezig: gemeente, lokale toegang en Alfa Zorg.',
    }),
  },
  {
    action: 'meeting.verslag.inzage',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({ meetingId: await heldMeetingWithVerslag() }),
    data: (_role, fixture) => ({
      ...fixture,
      version: '',
      markdown: '# Concept verslag\n\nAanwezig: gemeente, lokale toegang en Alfa Zorg.',
      deadline: localDate(plusDays(14)),
    }),
  },
  {
    action: 'meeting.verslag.commentaar',
    allowed: MEMBER_CONTACTS,
    refusal: NOT_AN_ATTENDEE,
    fixture: async () => ({ meetingId: await verslagTerInzage(plusDays(14)) }),
  },
  {
    action: 'meeting.verslag.commentaar.indienen',
    allowed: MEMBER_CONTACTS,
    writes: true,
    refusal: NOT_AN_ATTENDEE,
    fixture: async () => ({ meetingId: await verslagTerInzage(plusDays(14)) }),
    data: (_role, fixture) => ({
      ...fixture,
      nonce: nonce(),
      organisationId: 'org-alfa',
      comment: 'Bij punt 1 ontbreekt de toezegging van de gemeente.',
    }),
  },
  {
    action: 'meeting.verslag.commentaar.verwerken',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await verslagTerInzage(plusDays(14));
      const comment = must(
        await meetings().verslagReview.submitComment(await world.actor('lid-contactpersoon'), meetingId, {
          organisationId: 'org-alfa',
          text: 'Bij punt 1 ontbreekt de toezegging.',
          nonce: nonce(),
        }),
      ).comment;
      return {
        meetingId,
        commentId: comment.id,
        decision: 'niet-overgenomen',
        [`reason_${comment.id}`]: 'Zo is het in het overleg niet besproken.',
      };
    },
  },
  {
    action: 'meeting.verslag.vaststellen',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      // Sent for comments nine days ago with a period that ended two days ago, without comments.
      const meetingId = await verslagTerInzage(plusDays(-2), plusDays(-9));
      const markdown = (await meetings().get(meetingId))?.verslag?.markdown ?? '';
      return { meetingId, version: '', markdown };
    },
  },
  {
    action: 'meeting.verslag.corrigeren',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await verslagTerInzage(plusDays(-2), plusDays(-9));
      const markdown = (await meetings().get(meetingId))?.verslag?.markdown ?? '';
      must(
        await meetings().verslagReview.vaststellen(await world.actor('gemeente'), meetingId, {
          markdown,
          version: '',
        }),
      );
      return {
        meetingId,
        markdown: `${markdown}\nNaschrift: de datum van het volgende overleg is 12 mei.`,
        reason: 'De datum van het volgende overleg ontbrak.',
      };
    },
  },
  {
    action: 'meeting.verslag.opnieuw',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const meetingId = await pastMeeting();
      await meetings().draft(meetingId);
      return { meetingId };
    },
  },
  {
    action: 'meeting.agenda',
    allowed: WITH_ORGANISATION_ROLE,
    data: () => ({ meetingId: meetingIds.upcoming }),
  },
  {
    action: 'meeting.agendapunt.formulier',
    allowed: AANBIEDER_CONTACTS,
    refusal:
      /U heeft geen toestemming|Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder/,
    data: () => ({ meetingId: meetingIds.upcoming }),
  },
  {
    action: 'meeting.agendapunt.indienen',
    allowed: AANBIEDER_CONTACTS,
    writes: true,
    refusal:
      /U heeft geen toestemming|Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder/,
    data: (role) => ({
      meetingId: meetingIds.upcoming,
      nonce: nonce(),
      organisationId: organisationOf(role),
      title: `Wachtlijsten jeugd ${next()}`,
      explanation: 'Graag bespreken voor de zomer.',
    }),
  },
  {
    action: 'meeting.aanwezigheid.melden',
    allowed: MEMBER_CONTACTS,
    refusal: /U heeft geen toestemming|Uw organisatie is geen lid van deze tafel/,
    data: () => ({ meetingId: meetingIds.upcoming }),
  },
  {
    action: 'meeting.aanwezigheid.antwoord',
    allowed: MEMBER_CONTACTS,
    writes: true,
    refusal:
      /U heeft geen toestemming|geen lid van deze tafel|Alleen de contactpersoon of vervanger van de organisatie kan aanwezigheid doorgeven/,
    fixture: async () => ({ meetingId: await plannedMeeting(plusDays(40), plusDays(30)) }),
    data: (role, fixture) => ({ ...fixture, organisationId: organisationOf(role), attending: 'ja' }),
  },

  // Signalen (art. 5.5): the gemeente and contacts of contracted organisations raise them.
  { action: 'signalen.home', allowed: WITH_ORGANISATION_ROLE, refusal: NO_SIGNAL },
  { action: 'signaal.nieuw', allowed: WITH_ORGANISATION_ROLE, refusal: NO_SIGNAL },
  {
    action: 'signaal.indienen',
    allowed: WITH_ORGANISATION_ROLE,
    writes: true,
    refusal: NO_SIGNAL,
    data: (role) => signaalForm(role === 'gemeente' ? 'gemeente' : organisationOf(role)),
  },
  {
    // Only the gemeente and the sender's organisation (Alfa) read a signaal.
    action: 'signaal.open',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    refusal: /U heeft geen toestemming|Dit signaal bestaat niet \(meer\), of u mag het niet inzien/,
    fixture: () => signaalOfAlfa(),
  },
  { action: 'signaal.inbox', allowed: ['gemeente'], data: () => ({ year: '2027' }) },
  {
    action: 'signaal.beantwoorden',
    allowed: ['gemeente'],
    writes: true,
    fixture: () => signaalOfAlfa(),
    data: (_role, fixture) => ({ ...fixture, answer: 'We bespreken de tarieven in het voorjaar.' }),
  },
  { action: 'signaal.agenda', allowed: ['gemeente'], writes: true, fixture: () => signaalOfAlfa() },
  { action: 'signaal.voorstel', allowed: ['gemeente'], writes: true, fixture: () => signaalOfAlfa() },
  { action: 'signaal.wachtlijst', allowed: ['gemeente'], data: () => ({ year: '2027' }) },

  // Pilots (art. 10): requested by an aanbieder's contacts, decided by the gemeente, tracked by the participants.
  { action: 'pilot.overzicht', allowed: WITH_ORGANISATION_ROLE, refusal: NO_SIGNAL },
  { action: 'pilot.nieuw', allowed: AANBIEDER_CONTACTS, refusal: NO_PILOT },
  {
    action: 'pilot.indienen',
    allowed: AANBIEDER_CONTACTS,
    writes: true,
    refusal: NO_PILOT,
    data: (role) => pilotForm(organisationOf(role), plusDays(10), plusDays(120)),
  },
  {
    action: 'pilot.open',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    refusal: NO_PILOT_HERE,
    fixture: async () => ({ pilotId: await pilotOfAlfa(false) }),
  },
  {
    action: 'pilot.besluit',
    allowed: ['gemeente'],
    writes: true,
    refusal: NO_PILOT_HERE,
    fixture: async () => ({ pilotId: await pilotOfAlfa(false) }),
    data: (_role, fixture) => ({ ...fixture, besluit: 'instemming', reason: 'Rapporteer halverwege.' }),
  },
  {
    action: 'pilot.voortgang',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    writes: true,
    refusal: NO_PILOT_HERE,
    fixture: async () => ({ pilotId: await pilotOfAlfa(true) }),
    data: (_role, fixture) => ({ ...fixture, startedOn: localDate(plusDays(-20)) }),
  },
  {
    action: 'pilot.koppelen',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    writes: true,
    refusal: NO_PILOT_HERE,
    fixture: async () => ({ pilotId: await pilotOfAlfa(true) }),
    data: (_role, fixture) => ({
      ...fixture,
      report: `${tafelIds.deze}|${publishedReportId}`,
      ontwikkeltafelId: tafelIds.deze,
      reportId: publishedReportId,
    }),
  },

  {
    action: 'ontwikkeltafel.gast.toevoegen',
    allowed: ['gemeente'],
    writes: true,
    success: /Gast toegevoegd/,
    fixture: async () => {
      // A partner from the voorliggend veld: in the registry, without a contract.
      if (!(await world.bot.bot.registry.getOrganisation('org-welzijn'))) {
        await world.bot.bot.registry.createOrganisation(
          {
            ...ORGANISATIONS.gamma,
            id: 'org-welzijn',
            name: 'Welzijn Rivierland',
            percelen: [],
            contracted: false,
          },
          null,
        );
      }
      return {
        tafelId: await newTafel('Eenzaamheid', '2', 'trekker-deze-tafel'),
        guestOrganisationId: 'org-welzijn',
      };
    },
  },
  {
    action: 'pilot.voorstel',
    allowed: ['gemeente', ...MEMBER_CONTACTS],
    writes: true,
    success: /Voorstel gemaakt van de pilot/,
    refusal: NO_PILOT_HERE,
    fixture: async () => ({ pilotId: await pilotWithResult() }),
  },

  // The public pages: what the gemeente publishes
  { action: 'publicaties.overzicht', allowed: ['gemeente'] },
  {
    action: 'publicaties.publiceren',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => ({ kind: 'besluit', sourceId: await voorstelBesloten() }),
  },
  {
    action: 'publicaties.intrekken',
    allowed: ['gemeente'],
    writes: true,
    fixture: async () => {
      const sourceId = await voorstelBesloten();
      const published = await world.invoke('gemeente', 'publicaties.publiceren', {
        kind: 'besluit',
        sourceId,
      });
      if (!/openbare pagina/.test(published.text))
        throw new Error(`fixture: not published: ${published.text}`);
      return { kind: 'besluit', sourceId };
    },
  },

  // The audit trail: the gemeente reads it; nobody can change it
  { action: 'audit.show', allowed: ['gemeente'], data: () => ({ stream: '' }), success: /Audittrail/ },
  { action: 'audit.show (stream)', allowed: ['gemeente'], data: () => ({ stream: 'registry' }) },
  // Reach per contact (issue 15): the gemeente's overview and CSV
  { action: 'reach.overview', allowed: ['gemeente'], success: /Bereik per organisatie/ },
  {
    action: 'reach.csv',
    allowed: ['gemeente'],
    data: () => ({ part: 1 }),
    success: /Bereik per contactpersoon/,
  },

  // The registration round, in order: open, register, after the deadline draw, change and publish.
  {
    action: 'ronde.openen',
    allowed: ['gemeente'],
    writes: true,
    success: /Inschrijving Overlegtafel 2028/,
    data: () => roundForm(ROUND_DEADLINE),
  },
  { action: 'ronde.overzicht', allowed: ['gemeente'], data: () => ({ roundId: ROUND }) },
  { action: 'ronde.nieuw', allowed: ['gemeente'] },
  { action: 'ronde.uitnodiging', allowed: ['gemeente'], data: () => ({ roundId: ROUND }) },
  {
    action: 'inschrijving.status',
    allowed: AANBIEDER_CONTACTS,
    refusal: NOT_CONTACT,
    data: () => ({ roundId: ROUND, show: 'status' }),
  },
  {
    action: 'inschrijving.formulier',
    allowed: AANBIEDER_CONTACTS,
    refusal: NOT_CONTACT,
    data: (role) => ({ roundId: ROUND, organisationId: organisationOf(role) }),
  },
  {
    // The vervanger changes what the contactpersoon registered, from a form with its ETag.
    action: 'inschrijving.opslaan',
    allowed: AANBIEDER_CONTACTS,
    writes: true,
    success: /ingeschreven|gewijzigd/,
    refusal: NOT_CONTACT,
    data: async (role) => registration(role, (await storedRegistration(role))?._etag ?? ''),
  },
  {
    action: 'inschrijving.intrekken',
    allowed: AANBIEDER_CONTACTS,
    writes: true,
    refusal: NOT_CONTACT,
    // Each allowed cell withdraws an active registration: register again where an earlier cell withdrew.
    fixture: async (role) => {
      if (role) await ensureRegistered(role);
      return {};
    },
    data: async (role) => ({
      roundId: ROUND,
      organisationId: organisationOf(role),
      etag: (await storedRegistration(role))?._etag ?? '',
    }),
  },
  {
    action: 'ronde.loting.formulier',
    allowed: ['gemeente'],
    data: () => ({ roundId: ROUND }),
    before: async () => {
      for (const role of AANBIEDER_CONTACTS.slice(1)) await ensureRegistered(role);
      world.now = plusDays(1, ROUND_DEADLINE);
    },
  },
  {
    // Gamma registered as klein; the registry says middel: the gemeente confirms the registry before the draw.
    action: 'ronde.classificatie',
    allowed: ['gemeente'],
    writes: true,
    success: /Inschrijving Overlegtafel 2028/,
    data: () => ({
      roundId: ROUND,
      organisationId: 'org-gamma',
      'besluit-org-gamma': 'register-bevestigd',
      'reden-org-gamma': 'Het UEA-document zegt middel.',
    }),
  },
  {
    action: 'ronde.loting',
    allowed: ['gemeente'],
    writes: true,
    data: () => ({ roundId: ROUND, seed: '912,37' }),
  },
  { action: 'ronde.uitkomst', allowed: ['gemeente'], data: () => ({ roundId: ROUND }) },
  { action: 'ronde.samenstelling.formulier', allowed: ['gemeente'], data: () => ({ roundId: ROUND }) },
  {
    action: 'ronde.samenstelling.wijzigen',
    allowed: ['gemeente'],
    writes: true,
    data: async () => {
      const round = (await world.bot.bot.db.container('rounds').item(ROUND, ROUND).read()).resource as {
        _etag: string;
        composition?: { members: Array<{ organisationId: string }> };
      };
      const inIt = round.composition?.members.some((m) => m.organisationId === 'org-gamma');
      return {
        roundId: ROUND,
        etag: round._etag,
        ...(inIt ? { remove: 'org-gamma' } : { add: 'org-gamma' }),
        reason: 'Gamma kan dit jaar niet fysiek deelnemen.',
      };
    },
  },
  { action: 'ronde.publiceren', allowed: ['gemeente'], writes: true, data: () => ({ roundId: ROUND }) },

  // Typed commands
  { action: 'command help', allowed: [...PEOPLE, 'onbekend'] },
  { action: 'command profiel', allowed: PEOPLE },
  { action: 'command organisaties', allowed: ['gemeente'] },
  { action: 'command rol', allowed: [], refusal: DEMO_ONLY },
  { action: 'command taal nl', allowed: [...PEOPLE, 'onbekend'], success: /De taal is nu Nederlands/ },
  { action: 'command ronde', allowed: ['gemeente'] },
  { action: 'command inschrijven', allowed: AANBIEDER_CONTACTS, refusal: NOT_CONTACT },
  { action: 'command voorstellen', allowed: PEOPLE },
  { action: 'command tafels', allowed: PEOPLE },
  { action: 'command vergaderingen', allowed: WITH_ORGANISATION_ROLE },
  { action: 'command signalen', allowed: WITH_ORGANISATION_ROLE, refusal: NO_SIGNAL },
  { action: 'command pilot', allowed: WITH_ORGANISATION_ROLE, refusal: NO_SIGNAL },
  { action: 'command publicaties', allowed: ['gemeente'] },
  { action: 'command audit', allowed: ['gemeente'] },
  { action: 'command bereik', allowed: ['gemeente'] },
];

// Running a cell -----------------------------------------------------------------------------------------------

async function send(row: Row, role: Role, data: Data): Promise<Reply> {
  if (row.action.startsWith('command ')) return world.say(role, row.action.slice('command '.length));
  return world.invoke(role, row.action.replace(/ \(.*\)$/, ''), data);
}

/** Checks one cell against the snapshot taken before it; returns what is wrong (empty when right). */
async function runCell(
  row: Row,
  role: Role,
  data: Data,
  before: string,
): Promise<{ problems: string[]; after: string }> {
  const reply = await send(row, role, data);
  const after = await world.snapshot();
  const changed = after !== before;
  const problems: string[] = [];
  const where = `${row.action} × ${role}`;
  const allowed = row.allowed.includes(role);
  const excerpt = reply.text.replace(/\s+/g, ' ').slice(0, 300);

  if (reply.status >= 500) problems.push(`${where}: HTTP ${reply.status}`);
  if (role === 'andere-tenant') {
    const expected = row.action.startsWith('command ') ? 200 : 403;
    if (reply.status !== expected) problems.push(`${where}: expected ${expected}, got ${reply.status}`);
    if (!OTHER_TENANT.test(reply.text)) problems.push(`${where}: no tenant refusal: ${excerpt}`);
  } else if (allowed) {
    if (!reply.card && !row.success) problems.push(`${where}: no card: ${excerpt}`);
    if (NOT_ALLOWED.test(reply.text) || BROKEN.test(reply.text))
      problems.push(`${where}: refused or broken although allowed: ${excerpt}`);
    if (row.success && !row.success.test(reply.text))
      problems.push(`${where}: missing ${row.success}: ${excerpt}`);
    if (row.writes && !changed) problems.push(`${where}: allowed, but nothing was stored`);
  } else {
    const refusal = row.refusal ?? NOT_ALLOWED;
    // An unknown user is refused before any feature rule: the not-allowed card or the "who are you" card.
    const clear =
      refusal.test(reply.text) ||
      (role === 'onbekend' && (NOT_ALLOWED.test(reply.text) || UNKNOWN_USER.test(reply.text)));
    if (!clear) problems.push(`${where}: no clear refusal (${refusal}): ${excerpt}`);
    if (BROKEN.test(reply.text)) problems.push(`${where}: broken answer: ${excerpt}`);
    if (changed)
      problems.push(`${where}: refused, but ${changedContainers(before, after).join(', ')} changed`);
  }
  return { problems, after };
}

/** Every cell of a row: the refused ones first on one shared fixture, then each allowed one on its own. */
async function runRow(row: Row): Promise<string[]> {
  const problems: string[] = [];
  const refused = ROLES.filter((r) => !row.allowed.includes(r));
  const shared = (await row.fixture?.(undefined)) ?? {};
  const cells: Array<{ role: Role; data: Data }> = [];
  for (const role of refused) cells.push({ role, data: (await row.data?.(role, shared)) ?? shared });
  let before = await world.snapshot();
  for (const { role, data } of cells) {
    const result = await runCell(row, role, data, before);
    problems.push(...result.problems);
    before = result.after;
  }
  for (const role of row.allowed) {
    const fixture = (await row.fixture?.(role)) ?? {};
    const data = (await row.data?.(role, fixture)) ?? fixture;
    const result = await runCell(row, role, data, await world.snapshot());
    problems.push(...result.problems);
  }
  matrix.cells += ROLES.length;
  matrix.allowedCells += row.allowed.length;
  return problems;
}

const matrix = { cells: 0, allowedCells: 0 };

describe('the authorization matrix: every action of every feature × every role, over HTTP', () => {
  jest.setTimeout(120_000);

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '9');
    tafelIds.deze = await newTafel('Wachttijden Jeugd', '3', 'trekker-deze-tafel');
    tafelIds.andere = await newTafel('Huishoudelijke hulp', '1', 'trekker-andere-tafel');
    const published = await tafels().saveReport(await world.actor('trekker-deze-tafel'), {
      tafelId: tafelIds.deze,
      periodId: PUBLISHED_PERIOD,
      content: REPORT_CONTENT,
      etag: '',
      publish: true,
    });
    publishedReportId = must(published).report.id;
    meetingIds.upcoming = await plannedMeeting(plusDays(30), plusDays(20));
    meetingIds.past = await plannedMeeting(plusDays(-10), plusDays(-20), plusDays(-40));
    broadcastId = 'matrix-bericht-1';
    must(
      await world.bot.bot.services.delivery.enqueue({
        broadcastId,
        title: { nl: 'Bericht aan Alfa', en: 'Message to Alfa' },
        topic: 'matrix',
        message: { card: messageCard('nl', 'Bericht', ['Een bericht aan Alfa Zorg.']), text: 'Bericht' },
        audience: { personIds: [world.personId('lid-contactpersoon')] },
        requestedByPersonId: world.personId('gemeente'),
      }),
    );
  });
  afterAll(async () => {
    console.log(
      `authorization matrix: ${ROWS.length} actions × ${ROLES.length} roles = ${matrix.cells} cells, ${matrix.allowedCells} allowed`,
    );
    await world?.stop();
  });

  for (const row of ROWS) {
    it(`${row.action}: allowed for ${row.allowed.length ? row.allowed.join(', ') : 'nobody'}`, async () => {
      // The registration round moves the clock past its deadline; everything else happens at BASE.
      if (!/^(ronde|inschrijving)\./.test(row.action)) world.now = BASE;
      await row.before?.();
      const problems = await runRow(row);
      expect(problems).toEqual([]);
    });
  }

  it('has a row for every verb the bot answers and for every manifest command', async () => {
    const answered = await registeredVerbs(world);
    const rows = new Set(ROWS.map((r) => r.action.replace(/ \(.*\)$/, '')));
    expect(answered.filter((verb) => !rows.has(verb))).toEqual([]);
    expect(answered.length).toBeGreaterThan(60);
    // Every command word: the CommandName union (typed-only commands too, not just the manifest's ten).
    const commands = new Set(
      ROWS.filter((r) => r.action.startsWith('command ')).map((r) => r.action.split(' ')[1]),
    );
    const union =
      /export type CommandName =([^;]*);/.exec(readFileSync('src/bot/commands.ts', 'utf8'))?.[1] ?? '';
    const names = [...union.matchAll(/'([a-z]+)'/g)].map((m) => m[1] ?? '');
    expect(names.length).toBeGreaterThanOrEqual(MANIFEST_COMMANDS.length);
    expect(names.filter((name) => !commands.has(name))).toEqual([]);
  });
});
