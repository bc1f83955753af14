import { personActor } from '../domain/registry/actor';
import { planMeeting, type MeetingMember } from '../domain/meetings';
import { organisationIdFor, personIdFor, type Organisation } from '../domain/registry/registry';
import { addDays, localDateOf } from '../domain/time';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError } from '../storage/documentStore';
import { MeetingsRepository, newMeetingDocument } from '../storage/meetingsRepository';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * The local demo's Overlegtafel meeting, three weeks after the first start, so every demo role can try issue 7:
 * the gemeente sends the agenda and decides on agendapunten, the contactpersoon proposes one and answers whether
 * they come. Its members include the demo aanbieders, as a published composition would. Planned through the
 * domain like any other meeting; created once (fixed id), so a restart changes nothing.
 */

export const DEMO_MEETING_ID = 'overleg-00000000de30';

const DEMO_GEMEENTE_EMAIL = 'femke.gemeente@rivierstad.example';
const DEMO_AANBIEDERS = [
  'Zorggroep Maas en Waal',
  'Jeugdhulp De Brug',
  'Leespraktijk Letterwijs',
  'Thuishulp De Waard',
  'Kinder- en Jeugdpsychiatrie Oost',
];

/** The members of a demo meeting: the gemeente and lokale toegang, and the named demo aanbieders. */
export function demoMeetingMembers(
  organisations: readonly Organisation[],
  aanbiederNames: readonly string[],
): MeetingMember[] {
  const aanbiederIds = new Set(aanbiederNames.map((name) => organisationIdFor(name, null)));
  return organisations
    .filter((o) => o.type !== 'aanbieder' || aanbiederIds.has(o.id))
    .map((o) => ({ organisationId: o.id, name: o.name, type: o.type }));
}

export async function seedDemoMeeting(
  db: TafelbotDatabase,
  registry: RegistryRepository,
  now: Date,
  logger: Logger,
): Promise<void> {
  const repo = new MeetingsRepository(db);
  if (await repo.get(DEMO_MEETING_ID)) return;
  const [organisations, gemeente] = await Promise.all([
    registry.listOrganisations(),
    registry.getPerson(personIdFor(DEMO_GEMEENTE_EMAIL)),
  ]);
  if (!gemeente) return;
  const members = demoMeetingMembers(organisations, DEMO_AANBIEDERS);
  const actor = personActor(gemeente.value, organisations);
  const day = addDays(localDateOf(now), 21);
  const planned = planMeeting(
    {
      id: DEMO_MEETING_ID,
      input: {
        table: 'overlegtafel',
        start: `${day} 14:00`,
        end: `${day} 16:00`,
        location: 'Stadhuis Rivierstad, Raadzaal',
        proposalCutoff: `${addDays(day, -7)} 17:00`,
        members,
        agenda: [
          { title: 'Opening en mededelingen', owner: 'Gemeente' },
          {
            title: 'Verlengen overeenkomst: kostprijsonderzoek',
            owner: 'Gemeente',
            description:
              'De gemeente overweegt een kostprijsonderzoek bij de verlenging. Wat vinden de aanbieders?',
          },
          { title: 'Rondvraag en sluiting', owner: 'Gemeente' },
        ],
      },
    },
    actor,
    now,
  );
  if (!planned.ok) {
    logger.warn('demo meeting not planned', { code: planned.code });
    return;
  }
  try {
    await repo.create(newMeetingDocument(planned.value.meeting));
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
  }
}
