import { personActor, type Actor } from '../domain/registry/actor';
import { organisationIdFor, personIdFor, type Organisation } from '../domain/registry/registry';
import type { Result } from '../domain/shared/result';
import { daysAfter, daysBefore, localDateOf } from '../domain/time/amsterdam';
import {
  answerAddendum,
  closeStemming,
  decideVoorstel,
  openReactieperiode,
  openStemming,
  recordAdoption,
  SCHEDULER,
  submitVoorstel,
  type Voorstel,
  type VoorstelInput,
} from '../domain/voorstellen';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import { toDocument, VoorstellenRepository } from '../storage/voorstellenRepository';

/**
 * The local demo's examples of adoption (issue 19), kept apart from the other demo voorstellen: a contractwijziging
 * the bestuur adopted, whose addendum is open (one aanbieder answered, the demo contactpersoon has not), and a
 * voorstel "ontwikkeltafel instellen" that is uitgewerkt and waits for the bestuur, so the demo gemeente can
 * adopt it and see the table set up. Built through the domain's rules with the demo gemeente, dated in the past;
 * created once (fixed ids), so a restart changes nothing.
 */

export const DEMO_ADOPTED_ID = 'vs-demo-vastgesteld';
export const DEMO_TAFEL_VOORSTEL_ID = 'vs-demo-tafel';

const GEMEENTE_EMAIL = 'femke.gemeente@rivierstad.example';
const ANSWERING_EMAIL = 'tom@debrug.example';
const PARTIES = ['Zorggroep Maas en Waal', 'Jeugdhulp De Brug', 'Kinder- en Jeugdpsychiatrie Oost'];

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`demo voorstel refused: ${result.code}`);
  return result.value;
}

async function actorOf(registry: RegistryRepository, email: string, organisations: readonly Organisation[]) {
  const person = (await registry.getPerson(personIdFor(email)))?.value;
  return person ? personActor(person, organisations) : undefined;
}

/** Submitted 40 days ago, two weeks to react, a vote that closed 5 days ago without unanimity, adopted by the gemeente. */
function uitgewerkt(
  id: string,
  input: VoorstelInput,
  gemeente: Actor,
  organisations: readonly Organisation[],
  now: Date,
) {
  const parties = organisations
    .filter((o) => o.type === 'gemeente' || PARTIES.includes(o.name))
    .map((o) => ({ organisationId: o.id, name: o.name, type: o.type }));
  let voorstel: Voorstel = must(submitVoorstel({ id, input }, gemeente, daysBefore(now, 40))).voorstel;
  voorstel = must(openReactieperiode(voorstel, {}, gemeente, daysBefore(now, 40))).voorstel;
  voorstel = must(
    openStemming(voorstel, { deadline: daysBefore(now, 5), parties }, gemeente, daysBefore(now, 20)),
  ).voorstel;
  voorstel = must(closeStemming(voorstel, SCHEDULER, daysBefore(now, 4))).voorstel;
  return must(
    decideVoorstel(
      voorstel,
      {
        decision: 'aannemen',
        reason: 'Geen van de partijen stemde tegen; de gemeente legt het voorstel voor aan het college.',
      },
      gemeente,
      daysBefore(now, 4),
    ),
  ).voorstel;
}

export async function seedDemoAdoption(
  db: TafelbotDatabase,
  registry: RegistryRepository,
  now: Date,
  logger: Logger,
): Promise<void> {
  const repo = new VoorstellenRepository(db);
  if ((await repo.get(DEMO_ADOPTED_ID)) && (await repo.get(DEMO_TAFEL_VOORSTEL_ID))) return;
  const organisations = await registry.listOrganisations();
  const gemeente = await actorOf(registry, GEMEENTE_EMAIL, organisations);
  const answering = await actorOf(registry, ANSWERING_EMAIL, organisations);
  if (!gemeente || !answering) return;

  const contract = uitgewerkt(
    DEMO_ADOPTED_ID,
    {
      title: 'Reistijd bij individuele begeleiding apart declarabel',
      summary: 'Reistijd bij individuele begeleiding Jeugd wordt een apart declarabel product.',
      text: 'Artikel 12 lid 3 van de Raamovereenkomst wordt aangevuld: reistijd is declarabel per kwartier.',
      type: 'contractwijziging',
      percelen: [3, 4],
      origin: 'overlegtafel',
      confidentialParts: [],
    },
    gemeente,
    organisations,
    now,
  );
  const adopted = must(
    recordAdoption(
      contract,
      {
        outcome: 'vastgesteld',
        reason: 'Het college heeft de wijziging vastgesteld; de kosten passen binnen de begroting.',
        decisionDate: localDateOf(daysBefore(now, 3)),
        addendumDeadline: localDateOf(daysAfter(now, 21)),
        organisations,
      },
      gemeente,
      daysBefore(now, 2),
    ),
  ).voorstel;
  const jeugdhulp = organisationIdFor('Jeugdhulp De Brug', null);
  const answer = must(
    answerAddendum(
      adopted,
      { organisationId: jeugdhulp, choice: 'doet-mee', current: null },
      answering,
      daysBefore(now, 1),
    ),
  ).answer;

  const tafel = uitgewerkt(
    DEMO_TAFEL_VOORSTEL_ID,
    {
      title: 'Ontwikkeltafel Dyslexiezorg dichtbij',
      summary:
        'Een ontwikkeltafel die de wachttijd voor dyslexiezorg terugdringt en zorg dichter bij school brengt.',
      text: 'De Overlegtafel stelt een ontwikkeltafel in voor perceel 5 met de opdracht en het doel hieronder.',
      type: 'ontwikkeltafel',
      percelen: [5],
      origin: 'overlegtafel',
      confidentialParts: [],
      tafel: {
        opdracht:
          'Breng de wachttijden en de behandellocaties voor dyslexiezorg in kaart en doe voorstellen.',
        doel: 'Elke leerling start binnen acht weken met de behandeling, op of bij school.',
        trekkers: [
          {
            personId: personIdFor('lotte@letterwijs.example'),
            name: 'Lotte Letterwijs',
            organisationId: organisationIdFor('Leespraktijk Letterwijs', null),
          },
        ],
      },
    },
    gemeente,
    organisations,
    now,
  );

  let created = 0;
  for (const voorstel of [adopted, tafel]) {
    try {
      await repo.create(toDocument(voorstel));
      created++;
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
  }
  if (!(await repo.getAddendumAnswer(DEMO_ADOPTED_ID, jeugdhulp))) {
    await repo.saveAddendumAnswer(DEMO_ADOPTED_ID, answer, undefined).catch((error: unknown) => {
      if (!(error instanceof DocumentConflictError)) throw error;
    });
  }
  logger.info('demo adoption examples ready', { created });
}
