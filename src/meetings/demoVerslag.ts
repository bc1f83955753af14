import {
  draftVerslag,
  planMeeting,
  recordAttendance,
  sendForComments,
  submitComment,
  type Verslag,
} from '../domain/meetings';
import { personActor, type Actor } from '../domain/registry/actor';
import { organisationIdFor, personIdFor } from '../domain/registry/registry';
import { addDays, localDateOf } from '../domain/time';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError } from '../storage/documentStore';
import { MeetingsRepository, newMeetingDocument } from '../storage/meetingsRepository';
import { demoMeetingMembers } from './demoMeeting';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * The local demo's verslag in its comment period (issue 19), so a newcomer can try the way to vastgesteld: an
 * Overlegtafel meeting held two weeks before the first start, with the demo contactpersoon's organisation present,
 * its concept verslag sent to the attendees with ten days left to comment, and one comment already given. As the
 * contactpersoon: `vergaderingen`, open the meeting, "Commentaar op het concept verslag". As the gemeente: open the
 * meeting, "Verslag", process the comment; vaststellen waits for the end of the period. Built through the domain
 * like a real one and created once (fixed id), so a restart changes nothing.
 */

export const DEMO_VERSLAG_MEETING_ID = 'overleg-00000000de19';

const GEMEENTE_EMAIL = 'femke.gemeente@rivierstad.example';
const CONTACT_EMAIL = 'karim@zorggroepmaaswaal.example';
const PRESENT = ['Zorggroep Maas en Waal', 'Jeugdhulp De Brug', 'Leespraktijk Letterwijs'];
const ABSENT = ['Thuishulp De Waard'];

async function actorOf(registry: RegistryRepository, email: string): Promise<Actor | undefined> {
  const [person, organisations] = await Promise.all([
    registry.getPerson(personIdFor(email)),
    registry.listOrganisations(),
  ]);
  return person ? personActor(person.value, organisations) : undefined;
}

export async function seedDemoVerslagInReview(
  db: TafelbotDatabase,
  registry: RegistryRepository,
  now: Date,
  logger: Logger,
): Promise<void> {
  const repo = new MeetingsRepository(db);
  if (await repo.get(DEMO_VERSLAG_MEETING_ID)) return;
  const [gemeente, contact, organisations] = await Promise.all([
    actorOf(registry, GEMEENTE_EMAIL),
    actorOf(registry, CONTACT_EMAIL),
    registry.listOrganisations(),
  ]);
  if (!gemeente || !contact) return;
  const members = demoMeetingMembers(organisations, [...PRESENT, ...ABSENT]);
  const absent = new Set(ABSENT.map((name) => organisationIdFor(name, null)));

  // Planned five weeks ago for two weeks ago: the domain only plans meetings in the future of their planning.
  const day = addDays(localDateOf(now), -14);
  const plannedAt = new Date(now.getTime() - 35 * 86_400_000);
  const heldAt = new Date(now.getTime() - 14 * 86_400_000 + 6 * 3_600_000);
  const planned = planMeeting(
    {
      id: DEMO_VERSLAG_MEETING_ID,
      input: {
        table: 'overlegtafel',
        start: `${day} 14:00`,
        end: `${day} 16:00`,
        location: 'Stadhuis Rivierstad, Raadzaal',
        proposalCutoff: null,
        members,
        agenda: [
          { title: 'Opening en mededelingen', owner: 'Gemeente' },
          {
            title: 'Wachttijden jeugdhulp',
            owner: 'Gemeente',
            description:
              'De wachttijden in perceel 3 lopen op. Wat kunnen aanbieders en gemeente samen doen?',
          },
          { title: 'Rondvraag en sluiting', owner: 'Gemeente' },
        ],
      },
    },
    gemeente,
    plannedAt,
  );
  if (!planned.ok) {
    logger.warn('demo verslag meeting not planned', { code: planned.code });
    return;
  }
  const held = recordAttendance(
    planned.value.meeting,
    { present: members.filter((m) => !absent.has(m.organisationId)).map((m) => m.organisationId) },
    gemeente,
    heldAt,
  );
  if (!held.ok) {
    logger.warn('demo verslag attendance not recorded', { code: held.code });
    return;
  }
  const markdown = draftVerslag({
    meeting: held.value.meeting,
    previousMeeting: null,
    voorstellen: [],
    tafels: [],
    reports: [],
  }).replace(
    '_[Bespreking: in te vullen door de gemeente.]_',
    'De aanbieders herkennen de oplopende wachttijden. Afgesproken: de gemeente deelt de cijfers per aanbieder.',
  );
  const concept: Verslag = {
    markdown,
    status: 'concept',
    draftedAt: held.value.meeting.updatedAt,
    editedByPersonId: gemeente.kind === 'person' ? gemeente.person.id : null,
    editedAt: held.value.meeting.updatedAt,
    publishedAt: null,
    publishedByPersonId: null,
    broadcastId: null,
  };
  const sent = sendForComments(
    concept,
    held.value.meeting,
    { deadline: addDays(localDateOf(now), 10) },
    gemeente,
    heldAt,
  );
  if (!sent.ok) {
    logger.warn('demo verslag not sent for comments', { code: sent.code });
    return;
  }
  const commented = submitComment(
    sent.value,
    {
      organisationId: organisationIdFor('Zorggroep Maas en Waal', null),
      text: 'Graag toevoegen dat de aanbieders zelf ook hun wachtlijsten aanleveren.',
    },
    contact,
    new Date(heldAt.getTime() + 86_400_000),
  );
  if (!commented.ok) {
    logger.warn('demo verslag comment not added', { code: commented.code });
    return;
  }
  try {
    await repo.create({ ...newMeetingDocument(held.value.meeting), verslag: commented.value.verslag });
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
  }
}
