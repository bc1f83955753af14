import type { Round } from '../../src/domain/inschrijving';
import type { Organisation } from '../../src/domain/registry/registry';
import { personIdFor } from '../../src/domain/registry/registry';
import { castVote, closeStemming, SCHEDULER } from '../../src/domain/voorstellen/stemming';
import type { Voorstel } from '../../src/domain/voorstellen/voorstel';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { DocumentStore } from '../../src/storage/documentStore';
import { toDocument, VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import { at, contact, must, organisation, partyOf, voorstelInStemming } from '../unit/voorstellen/fixtures';
import { installActivity, teamsUser, type TeamsUser } from './activities';
import type { TestBot } from './botHarness';

/**
 * A small region for the meeting tests: a gemeente, the lokale toegang, contracted aanbieders of which three sit
 * at the Overlegtafel (Alfa, Beta, Gamma), one contracted aanbieder that does not (Delta) and one that is not
 * contracted (Epsilon); a contact with a Teams account and a saved conversation for each.
 */

export const ORGS = {
  gemeente: organisation('org-gemeente', 'Gemeente Rivierstad', 'gemeente'),
  toegang: organisation('org-toegang', 'Sociaal Team Rivierland', 'lokale-toegang'),
  alfa: organisation('org-alfa', 'Alfa Zorg'),
  beta: organisation('org-beta', 'Beta Jeugdhulp'),
  gamma: organisation('org-gamma', 'Gamma Begeleiding'),
  delta: organisation('org-delta', 'Delta Thuiszorg'),
  epsilon: organisation('org-epsilon', 'Epsilon Zorg', 'aanbieder', false),
} satisfies Record<string, Organisation>;

export const ADMIN_EMAIL = 'beheer@gemeente.example';

export interface MeetingWorld {
  readonly admin: TeamsUser;
  readonly contacts: Record<
    'alfa' | 'alfaVervanger' | 'beta' | 'gamma' | 'delta' | 'epsilon' | 'toegang',
    TeamsUser
  >;
  readonly stranger: TeamsUser;
  /** Conversation id of a Teams user (where the fake Teams service records what the bot sent them). */
  conversationOf(user: TeamsUser): string;
}

const CONTACTS = [
  ['alfa', 'alfa', 'contactpersoon', 'anna@alfa.example'],
  ['alfaVervanger', 'alfa', 'vervanger', 'victor@alfa.example'],
  ['beta', 'beta', 'contactpersoon', 'bram@beta.example'],
  ['gamma', 'gamma', 'contactpersoon', 'gina@gamma.example'],
  ['delta', 'delta', 'contactpersoon', 'daan@delta.example'],
  ['epsilon', 'epsilon', 'contactpersoon', 'eva@epsilon.example'],
  ['toegang', 'toegang', 'contactpersoon', 'tim@toegang.example'],
] as const;

/** The published composition of `year` (issue 4's round document, only the fields its members function reads). */
export async function publishComposition(
  db: TafelbotDatabase,
  year: number,
  members: readonly Organisation[],
): Promise<void> {
  const rounds = new DocumentStore<Round>(db.container('rounds'), (d) => d.id);
  await rounds.upsert({
    id: `ronde-${year}`,
    year,
    status: 'gepubliceerd',
    composition: {
      version: 1,
      members: members.map((o) => ({
        organisationId: o.id,
        organisationName: o.name,
        perceel: o.percelen[0] ?? 1,
        via: 'loting',
      })),
      changes: [],
    },
  } as unknown as Round);
}

export async function seedMeetingWorld(bot: TestBot, prefix: string): Promise<MeetingWorld> {
  const registry = bot.bot.registry;
  for (const o of Object.values(ORGS)) await registry.createOrganisation(o, null);
  const admin = await registry.findPersonByEmail(ADMIN_EMAIL);
  if (!admin) throw new Error('the configured admin was not bootstrapped');
  await registry.replacePerson(
    admin,
    { ...admin.value, memberships: [{ organisationId: ORGS.gemeente.id, role: 'contactpersoon' }] },
    null,
  );
  const users: Array<[TeamsUser, string]> = [];
  const adminUser = teamsUser(`${prefix}00`);
  users.push([adminUser, ADMIN_EMAIL]);
  const contacts = {} as Record<(typeof CONTACTS)[number][0], TeamsUser>;
  CONTACTS.forEach(([key, , , email], i) => {
    const user = teamsUser(`${prefix}${String(i + 1).padStart(2, '0')}`);
    contacts[key] = user;
    users.push([user, email]);
  });
  for (const [key, org, role, email] of CONTACTS) {
    await registry.createPerson(
      {
        name: `Contact ${key}`,
        email,
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: ORGS[org].id, role }],
        isAdmin: false,
      },
      null,
    );
  }
  const stranger = teamsUser(`${prefix}99`);
  users.push([stranger, 'niemand@elders.example']);
  for (const [user, email] of users) {
    bot.connector.members.set(user.id, { ...user, email });
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user }));
  }
  return {
    admin: adminUser,
    contacts,
    stranger,
    conversationOf: (user) => `a:personal-${user.aadObjectId}`,
  };
}

export function personOf(email: string): string {
  return personIdFor(email);
}

/** A voorstel whose vote closed (by the scheduler at `closesAt`) with the given choices per party. */
export async function storeClosedVoorstel(
  db: TafelbotDatabase,
  id: string,
  title: string,
  choices: ReadonlyArray<readonly [Organisation, 'voor' | 'tegen' | 'onthouding' | undefined]>,
  deadline: string,
  origin: Voorstel['origin'] = 'overlegtafel',
): Promise<Voorstel> {
  const parties = choices.map(([o]) => partyOf(o));
  let voorstel: Voorstel = { ...voorstelInStemming(parties, at(deadline)), id, title, origin };
  choices.forEach(([o, choice], i) => {
    if (!choice) return;
    // Every party votes through its own contact, the gemeente too (one vote per organisation).
    const voter = contact(`p-${o.id}`, o);
    voorstel = must(
      castVote(
        voorstel,
        { partyId: o.id, choice, idempotencyKey: `${id}-${i}` },
        voter,
        at('2027-02-17 10:00'),
      ),
    ).voorstel;
  });
  voorstel = must(closeStemming(voorstel, SCHEDULER, new Date(at(deadline).getTime() + 60_000))).voorstel;
  await new VoorstellenRepository(db).create(toDocument(voorstel));
  return voorstel;
}
