import {
  applyDraw,
  applyPublication,
  drawClassifications,
  drawRegistrations,
  publicationPlan,
  registrationDefaults,
  roundIdFor,
  validateOpenRound,
  validateRegistration,
  type Round,
  type RoundRegistration,
} from '../domain/inschrijving';
import { buildDrawRecord, defaultFramework, deviationsWithReason, MAX_SEATS } from '../domain/lottery';
import { personActor } from '../domain/registry/actor';
import { personIdFor, type Organisation, type Person, type Perceel } from '../domain/registry/registry';
import type { Result } from '../domain/shared/result';
import { localDateOf, localYearOf } from '../domain/time';
import {
  closeStemming,
  decideVoorstel,
  openReactieperiode,
  openStemming,
  SCHEDULER,
  submitVoorstel,
  type Voorstel,
  type VoorstelChange,
  type VoorstelInput,
} from '../domain/voorstellen';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError } from '../storage/documentStore';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import type { RegistryRepository } from '../storage/registryRepository';
import { toDocument, VoorstellenRepository } from '../storage/voorstellenRepository';

/**
 * The voting part of the local demo (issue 21): so that a newcomer can vote within a minute, the demo holds this
 * year's published composition of the Overlegtafel (a round with a registration of every demo aanbieder and its
 * draw) and four voorstellen, one in each step a person can try:
 *
 *   - in its reaction window (the contactpersoon reacts);
 *   - in stemming, deadline in four days (the contactpersoon votes, the gemeente sees the tally);
 *   - decided by the gemeente after the vote;
 *   - (the ontwikkeltafel with a report due is seeded by seedDemoData).
 *
 * A composition and a vote need time to pass (a registration deadline, a reaction window of at least a day), so
 * each state is built by the same domain rules the bot uses, applied at moments in the past (DAYS_AGO), and
 * written directly through the repositories. Nothing is sent: the seeded steps queue no broadcasts, so the
 * playground shows only what the person does. Deterministic ids: seeding again changes nothing; an existing round
 * of the year (a real one) is never touched.
 */

const DEMO_GEMEENTE_EMAIL = 'femke.gemeente@rivierstad.example';
/** The demo round's secret (commit-reveal, docs/lottery.md): fixed, so the demo record is the same on every start. */
const DEMO_SECRET = 'de30de30de30de30de30de30de30de30de30de30de30de30de30de30de30de30';
const DEMO_PUBLIC_VALUE = '912,37';
export const DEMO_VOORSTEL_IDS = {
  reactieperiode: 'vs-demo-reactieperiode',
  stemming: 'vs-demo-stemming',
  besloten: 'vs-demo-besloten',
} as const;

/** Days before now at which each seeded step happened. */
const DAYS_AGO = {
  roundOpened: 40,
  roundDeadline: 30,
  registered: 35,
  drawn: 29,
  published: 28,
  besluitSubmitted: 27,
  besluitVoteOpened: 20,
  besluitDeadline: 13,
  besluitDecided: 12,
  stemmingSubmitted: 9,
  stemmingVoteOpened: 1,
  reactieSubmitted: 2,
} as const;
const STEMMING_DEADLINE_DAYS = 4;

const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);

function unwrap<T>(what: string, result: Result<T>): T {
  if (!result.ok) throw new Error(`demo ${what}: ${result.code} ${result.messages.join(' ')}`);
  return result.value;
}

/** This year's round: opened, every demo aanbieder registered, drawn (all seated: as many seats) and published. */
function publishedRound(
  now: Date,
  aanbieders: readonly Organisation[],
  people: readonly Person[],
  gemeenteId: string,
): { round: Round; registrations: RoundRegistration[]; record: ReturnType<typeof buildDrawRecord> } {
  const framework = defaultFramework();
  const m = framework.minimumPerPerceel;
  const openedAt = daysBefore(now, DAYS_AGO.roundOpened);
  const open = unwrap(
    'round',
    validateOpenRound(
      {
        year: String(localYearOf(now)),
        deadlineDate: localDateOf(daysBefore(now, DAYS_AGO.roundDeadline)),
        deadlineTime: '12:00',
        // As many seats as registrations (at most the maximum), so every demo aanbieder is seated and may vote.
        seats: String(Math.min(MAX_SEATS, Math.max(1, aanbieders.length))),
        minimum1: String(m[1]),
        minimum2: String(m[2]),
        minimum3: String(m[3]),
        minimum4: String(m[4]),
        minimum5: String(m[5]),
        differentGrootte: String(framework.differentGrootteWithinPerceel),
        atLeastOneLokaal: String(framework.atLeastOneLokaalPerPerceel),
        minimumReturning: '0',
        minimumNewcomers: '0',
        seedSource: 'slotkoers AEX op de dag na de sluiting (demo)',
        publicValueDate: localDateOf(daysBefore(now, DAYS_AGO.roundDeadline - 1)),
        deviationReason:
          'Demo: evenveel zetels als demo-aanbieders, zodat iedereen de stemming kan proberen.',
      },
      { now: openedAt, personId: gemeenteId, secret: DEMO_SECRET },
    ),
  );
  const registeredAt = daysBefore(now, DAYS_AGO.registered);
  const registrations = aanbieders.map((organisation) => {
    const defaults = registrationDefaults(organisation, people);
    const slug = organisation.id.replace(/[^a-z0-9]/gi, '').slice(-12);
    return unwrap(
      `registration of ${organisation.name}`,
      validateRegistration(
        {
          ...defaults,
          perceel: String(organisation.percelen[0] as Perceel),
          contactpersoonName: defaults.contactpersoonName || `Contactpersoon ${organisation.name}`,
          contactpersoonEmail: defaults.contactpersoonEmail || `contact@${slug}.example`,
          vervangerName: defaults.vervangerName || `Vervanger ${organisation.name}`,
          vervangerEmail: defaults.vervangerEmail || `vervanger@${slug}.example`,
          motivation: `${organisation.name} denkt graag mee over de uitvoering van het contract.`,
        },
        { round: open, organisation, personId: gemeenteId, now: registeredAt },
      ),
    );
  });
  const drawnAt = daysBefore(now, DAYS_AGO.drawn);
  const classified = unwrap(
    'classification',
    drawClassifications(
      registrations,
      new Map(aanbieders.map((o) => [o.id, { grootte: o.grootte, herkomst: o.herkomst }])),
    ),
  );
  if (open.seed.mode !== 'toezegging') throw new Error('demo round: expected a commit-reveal seed');
  const record = buildDrawRecord({
    registrations: drawRegistrations(classified.registrations, new Set()),
    framework: open.framework,
    seedCommitment: {
      commitment: open.seed.commitment,
      secret: DEMO_SECRET,
      publicValue: DEMO_PUBLIC_VALUE,
      publicValueSource: open.seed.source,
      publicValueDate: open.seed.publicValueDate,
      registrationDeadline: open.deadline,
      committedAt: open.seed.announcedAt,
    },
    classifications: classified.classifications,
    deviations: deviationsWithReason(open.framework, open.deviationReason ?? ''),
    seedSource: `toezegging: ${open.seed.source} = ${DEMO_PUBLIC_VALUE}`,
    title: `Loting Overlegtafel ${open.year}`,
    createdAt: drawnAt,
  });
  const drawn = unwrap('draw', applyDraw(open, record, gemeenteId, drawnAt));
  const plan = unwrap('publication', publicationPlan(drawn, registrations));
  // Published without broadcasts (none queued): the demo people were never sent the composition.
  const round = applyPublication(drawn, plan, [], gemeenteId, daysBefore(now, DAYS_AGO.published));
  return { round, registrations, record };
}

function voorstelInput(title: string, summary: string, percelen: Perceel[]): VoorstelInput {
  return {
    title,
    summary,
    text: `${summary}\n\nDit is een voorbeeldvoorstel van de demo.`,
    type: 'werkafspraak',
    percelen,
    origin: 'overlegtafel',
  };
}

export async function seedDemoVoting(
  db: TafelbotDatabase,
  registry: RegistryRepository,
  now: Date,
  logger: Logger,
): Promise<void> {
  const [organisations, gemeenteDoc] = await Promise.all([
    registry.listOrganisations(),
    registry.getPerson(personIdFor(DEMO_GEMEENTE_EMAIL)),
  ]);
  if (!gemeenteDoc) return;
  const gemeente = gemeenteDoc.value;
  const inschrijving = new InschrijvingRepository(db);
  let created = 0;

  // The composition, unless this year already has a round (the person's own, or the demo's of an earlier start).
  if (!(await inschrijving.getRoundOfYear(localYearOf(now)))) {
    const aanbieders = organisations.filter((o) => o.type === 'aanbieder' && o.contracted);
    const people = (
      await Promise.all(
        ['karim@zorggroepmaaswaal.example', 'vera@zorggroepmaaswaal.example', 'tom@debrug.example'].map(
          (email) => registry.getPerson(personIdFor(email)),
        ),
      )
    )
      .filter((p) => p !== undefined)
      .map((p) => p.value);
    const { round, registrations, record } = publishedRound(now, aanbieders, people, gemeente.id);
    try {
      for (const registration of registrations) await inschrijving.createRegistration(registration);
      await inschrijving.createDrawRecord(round.id, record);
      await inschrijving.createRound(round);
      created++;
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
  }
  const seated = await new VoorstellenRepository(db).overlegtafelParties(localYearOf(now), organisations);
  if (seated.aanbieders === 0) {
    logger.warn('demo voorstellen not seeded: no composition of this year or the last', {
      roundId: roundIdFor(localYearOf(now)),
    });
    return;
  }

  const actor = personActor(gemeente, organisations);
  const at = (days: number) => daysBefore(now, days);
  const step = (what: string, _from: Voorstel, change: Result<VoorstelChange>): Voorstel =>
    unwrap(what, change).voorstel;
  const submit = (id: string, input: VoorstelInput, days: number): Voorstel =>
    unwrap(
      `submit ${id}`,
      submitVoorstel({ id, input, onBehalfOfOrganisationId: undefined }, actor, at(days)),
    ).voorstel;

  // 1. In its reaction window (fourteen days from two days ago).
  const reactieConcept = submit(
    DEMO_VOORSTEL_IDS.reactieperiode,
    voorstelInput(
      'Eén aanmeldformulier voor alle percelen',
      'Aanbieders vragen één gezamenlijk aanmeldformulier in plaats van een formulier per perceel.',
      [1, 2, 3],
    ),
    DAYS_AGO.reactieSubmitted,
  );
  const reactie = step(
    'reactieperiode',
    reactieConcept,
    openReactieperiode(reactieConcept, { days: 14 }, actor, at(DAYS_AGO.reactieSubmitted)),
  );

  // 2. In stemming: the reaction window (one day) ended, the vote opened yesterday, deadline in a few days.
  const stemmingInput = voorstelInput(
    'Reistijd declareren bij huisbezoeken',
    'Voorstel om reistijd bij huisbezoeken buiten de kern apart te mogen declareren.',
    [1, 2],
  );
  let stemming = submit(DEMO_VOORSTEL_IDS.stemming, stemmingInput, DAYS_AGO.stemmingSubmitted);
  stemming = step(
    'reactieperiode',
    stemming,
    openReactieperiode(
      stemming,
      { days: 1, shortReason: 'Demo: kort, zodat de stemming meteen open kan.' },
      actor,
      at(DAYS_AGO.stemmingSubmitted),
    ),
  );
  stemming = step(
    'stemming',
    stemming,
    openStemming(
      stemming,
      { deadline: new Date(now.getTime() + STEMMING_DEADLINE_DAYS * 86_400_000), parties: seated.parties },
      actor,
      at(DAYS_AGO.stemmingVoteOpened),
    ),
  );

  // 3. Decided: voted on, closed at its deadline, adopted by the gemeente with a reason.
  let besloten = submit(
    DEMO_VOORSTEL_IDS.besloten,
    voorstelInput(
      'Vaste contactdag per wijkteam',
      'Elk wijkteam krijgt een vaste dag waarop aanbieders het team kunnen bereiken.',
      [2, 3],
    ),
    DAYS_AGO.besluitSubmitted,
  );
  besloten = step(
    'reactieperiode',
    besloten,
    openReactieperiode(
      besloten,
      { days: 5, shortReason: 'Demo: kort, zodat dit voorstel al besloten is.' },
      actor,
      at(DAYS_AGO.besluitSubmitted),
    ),
  );
  besloten = step(
    'stemming',
    besloten,
    openStemming(
      besloten,
      { deadline: at(DAYS_AGO.besluitDeadline), parties: seated.parties },
      actor,
      at(DAYS_AGO.besluitVoteOpened),
    ),
  );
  besloten = step('close', besloten, closeStemming(besloten, SCHEDULER, at(DAYS_AGO.besluitDecided)));
  besloten = step(
    'besluit',
    besloten,
    decideVoorstel(
      besloten,
      {
        decision: 'aannemen',
        reason: 'Aangenomen: de wijkteams zijn er klaar voor en de aanbieders vroegen erom in hun reacties.',
      },
      actor,
      at(DAYS_AGO.besluitDecided),
    ),
  );

  const repo = new VoorstellenRepository(db);
  for (const voorstel of [reactie, stemming, besloten]) {
    if (await repo.get(voorstel.id)) continue;
    try {
      await repo.create({ ...toDocument(voorstel), outbox: [] });
      created++;
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
  }
  logger.info('demo voting ready', { created });
}
