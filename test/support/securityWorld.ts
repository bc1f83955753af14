import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../src/domain/registry/actor';
import type { ContactRole, Organisation } from '../../src/domain/registry/registry';
import { defaultOpenRoundInput } from '../../src/cards/views/inschrijvingViews';
import { validateOpenRound, type Round } from '../../src/domain/inschrijving';
import { CONTAINERS, type ContainerName } from '../../src/storage/containers';
import {
  actionExecuteActivity,
  DEFAULT_TENANT,
  installActivity,
  messageActivity,
  OTHER_TENANT,
  teamsUser,
  type TeamsUser,
} from './activities';
import { attachmentCard, cardText, startTestBot, type TestBot, type TestBotOptions } from './botHarness';

/**
 * The region the security tests (authorization matrix, fuzzing) act in: one person per role, each with a Teams
 * account, and a helper that snapshots every container of the test database so "nothing changed" is checked on
 * all stored data, including containers added by features after these tests were written.
 */

export const ROLES = [
  'gemeente',
  'lid-contactpersoon',
  'lid-vervanger',
  'niet-lid-aanbieder',
  'trekker-deze-tafel',
  'trekker-andere-tafel',
  'onbekend',
  'andere-tenant',
] as const;
export type Role = (typeof ROLES)[number];

/** Everyone the registry knows (they resolve to a person). */
export const PEOPLE: readonly Role[] = [
  'gemeente',
  'lid-contactpersoon',
  'lid-vervanger',
  'niet-lid-aanbieder',
  'trekker-deze-tafel',
  'trekker-andere-tafel',
];
/** Contacts of a contracted aanbieder. */
export const AANBIEDER_CONTACTS: readonly Role[] = [
  'lid-contactpersoon',
  'lid-vervanger',
  'niet-lid-aanbieder',
];
/** Contacts of a party at this year's Overlegtafel. */
export const MEMBER_CONTACTS: readonly Role[] = ['lid-contactpersoon', 'lid-vervanger'];
/** Everyone with a role at a gemeente or an organisation (the trekkers here lead a table and nothing else). */
export const WITH_ORGANISATION_ROLE: readonly Role[] = ['gemeente', ...AANBIEDER_CONTACTS];

const aanbieder = (id: string, name: string, percelen: Organisation['percelen']): Organisation => ({
  id,
  name,
  type: 'aanbieder',
  percelen,
  grootte: 'klein',
  herkomst: 'lokaal',
  kvkNumber: null,
  contracted: true,
});

export const ORGANISATIONS = {
  gemeente: {
    ...aanbieder('org-gemeente', 'Gemeente Rivierstad', []),
    type: 'gemeente',
    grootte: null,
    herkomst: null,
  },
  toegang: {
    ...aanbieder('org-toegang', 'Sociaal Team Rivierland', []),
    type: 'lokale-toegang',
    grootte: null,
    herkomst: null,
  },
  /** At the Overlegtafel this year. */
  alfa: aanbieder('org-alfa', 'Alfa Zorg', [1, 3]),
  /** Contracted, not at the Overlegtafel. */
  gamma: { ...aanbieder('org-gamma', 'Gamma GGZ', [4]), grootte: 'middel' },
} satisfies Record<string, Organisation>;

export const EMAILS: Record<Exclude<Role, 'andere-tenant'>, string> = {
  gemeente: 'beheer@gemeente.example',
  'lid-contactpersoon': 'anna@alfa.example',
  'lid-vervanger': 'victor@alfa.example',
  'niet-lid-aanbieder': 'gijs@gamma.example',
  'trekker-deze-tafel': 'tineke@tafels.example',
  'trekker-andere-tafel': 'otto@tafels.example',
  onbekend: 'niemand@elders.example',
};

export const NAMES: Record<Exclude<Role, 'andere-tenant' | 'onbekend' | 'gemeente'>, string> = {
  'lid-contactpersoon': 'Anna Alfa',
  'lid-vervanger': 'Victor Alfa',
  'niet-lid-aanbieder': 'Gijs Gamma',
  'trekker-deze-tafel': 'Tineke Trekker',
  'trekker-andere-tafel': 'Otto Trekker',
};

const MEMBERSHIPS: Partial<Record<Role, { organisationId: string; role: ContactRole }>> = {
  'lid-contactpersoon': { organisationId: 'org-alfa', role: 'contactpersoon' },
  'lid-vervanger': { organisationId: 'org-alfa', role: 'vervanger' },
  'niet-lid-aanbieder': { organisationId: 'org-gamma', role: 'contactpersoon' },
};

export interface Reply {
  readonly status: number;
  /** The Adaptive Card answered (invoke) or sent (message), if any. */
  readonly card: Record<string, unknown> | undefined;
  /** Every text of the answer: the card's texts, a plain text reply, an invoke error body. */
  readonly text: string;
  /** The text messages sent (Teams renders their Markdown). */
  readonly plainTexts: string[];
}

export interface SecurityWorld {
  readonly bot: TestBot;
  readonly users: Readonly<Record<Role, TeamsUser>>;
  /** The bot's clock. */
  now: Date;
  personId(role: Role): string;
  /** The actor as the resolver builds it, for fixtures made through the services. */
  actor(role: Role): Promise<Actor>;
  invoke(role: Role, verb: string, data?: unknown, activityId?: string): Promise<Reply>;
  say(role: Role, text: string): Promise<Reply>;
  /** Every stored document of every declared container except teams-ai turn state. */
  snapshot(): Promise<string>;
  /** Runs `work` with the clock at `at`, then puts it back. */
  at<T>(at: Date, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** Turn state (language preference, conversation state) is written by teams-ai on every turn by design. */
const NOT_RECORDS = new Set(['botState']);

/**
 * Every container's documents as `id etag` lines: any write (create, replace, upsert, delete) changes them. The
 * containers are read in parallel; one section per container, so a difference names the container.
 */
export async function snapshotAll(bot: TestBot): Promise<string> {
  const containers = CONTAINERS.map((c) => c.id as ContainerName).filter((id) => !NOT_RECORDS.has(id));
  const parts = await Promise.all(
    containers.map(async (id) => {
      // A read feed is about twice as fast as a query here (no query plan), on the bot's cached handles.
      const { resources } = await bot.bot.db
        .container(id)
        .items.readAll<{ id: string; _etag?: string }>()
        .fetchAll();
      return `## ${id}\n${resources
        .map((d) => `${d.id} ${d._etag ?? ''}`)
        .sort()
        .join('\n')}`;
    }),
  );
  return parts.join('\n');
}

/** The containers whose documents differ between two snapshots. */
export function changedContainers(before: string, after: string): string[] {
  const sections = (snapshot: string) =>
    new Map(
      snapshot
        .split(/^## /m)
        .filter(Boolean)
        .map((part) => [part.split('\n')[0] ?? '', part] as const),
    );
  const a = sections(before);
  const b = sections(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((name) => a.get(name) !== b.get(name));
}

/** Text of an invoke response or of the activities the bot sent since the connector was reset. */
export function replyOf(status: number, body: unknown, sent: Array<Record<string, unknown>> = []): Reply {
  const value = (body as { value?: unknown; type?: string } | undefined)?.value;
  let card =
    (body as { type?: string } | undefined)?.type === 'application/vnd.microsoft.card.adaptive' &&
    value &&
    typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  const texts: string[] = [];
  const plainTexts: string[] = [];
  if (!card && body !== undefined) texts.push(typeof body === 'string' ? body : JSON.stringify(body));
  for (const activity of sent) {
    const attached = attachmentCard(activity);
    card ??= attached;
    if (attached) texts.push(cardText(attached));
    if (typeof activity.text === 'string') {
      texts.push(activity.text);
      plainTexts.push(activity.text);
    }
  }
  if (card) texts.unshift(cardText(card));
  return { status, card, text: texts.join('\n'), plainTexts };
}

/**
 * Issue 4's published composition of `year` with one aanbieder: a complete round document (opened the November
 * before, deadline in January), so every feature that reads rounds finds what it expects.
 */
async function publishComposition(bot: TestBot, year: number, organisationId: string): Promise<void> {
  const openedAt = new Date(`${year - 1}-11-01T09:00:00.000Z`);
  const opened = validateOpenRound(
    {
      ...defaultOpenRoundInput(openedAt),
      year: String(year),
      deadlineDate: `${year}-01-15`,
      seedSource: `slotkoers AEX op 16 januari ${year}`,
      publicValueDate: `${year}-01-16`,
    },
    { now: openedAt, personId: 'p-bootstrap', secret: '0123456789abcdef'.repeat(4) },
  );
  if (!opened.ok) throw new Error(`fixture round refused: ${opened.messages.join(' ')}`);
  const at = `${year}-01-20T09:00:00.000Z`;
  const organisation = (await bot.bot.registry.getOrganisation(organisationId))?.value;
  const round: Round = {
    ...opened.value,
    status: 'gepubliceerd',
    composition: {
      version: 1,
      members: [
        { organisationId, organisationName: organisation?.name ?? organisationId, perceel: 1, via: 'loting' },
      ],
      changes: [],
    },
    publications: [
      { version: 1, at, byPersonId: 'p-bootstrap', memberIds: [organisationId], broadcastIds: [] },
    ],
  };
  await bot.bot.db.container('rounds').items.upsert(round);
}

export async function startSecurityWorld(
  start: Date,
  userPrefix: string,
  options: Omit<TestBotOptions, 'now'> = {},
): Promise<SecurityWorld> {
  const state = { now: start };
  const bot = await startTestBot(
    { ALLOWED_TENANT_IDS: DEFAULT_TENANT },
    { ...options, now: () => state.now },
  );
  const registry = bot.bot.registry;
  for (const organisation of Object.values(ORGANISATIONS))
    await registry.createOrganisation(organisation, null);
  for (const role of ROLES) {
    const membership = MEMBERSHIPS[role];
    if (role === 'gemeente' || role === 'onbekend' || role === 'andere-tenant') continue;
    await registry.createPerson(
      {
        name: NAMES[role],
        email: EMAILS[role],
        phone: null,
        aadObjectId: null,
        memberships: membership ? [membership] : [],
        isAdmin: false,
      },
      null,
    );
  }
  // This year's Overlegtafel (issue 4's published composition): Alfa sits at it, Gamma does not.
  await publishComposition(bot, Number(start.toISOString().slice(0, 4)), 'org-alfa');

  const users = {} as Record<Role, TeamsUser>;
  ROLES.forEach((role, i) => {
    users[role] = teamsUser(`${userPrefix}${String(i).padStart(2, '0')}`);
  });
  // The other tenant is the gemeente's own account arriving from a tenant that is not allowed: the strongest case.
  users['andere-tenant'] = users.gemeente;
  for (const role of ROLES) {
    if (role === 'andere-tenant') continue;
    bot.connector.members.set(users[role].id, { ...users[role], email: EMAILS[role] });
  }

  const tenantOf = (role: Role) => (role === 'andere-tenant' ? OTHER_TENANT : DEFAULT_TENANT);
  const people = new Map<Role, string>();

  const world: SecurityWorld = {
    bot,
    users,
    get now() {
      return state.now;
    },
    set now(value: Date) {
      state.now = value;
    },
    personId(role) {
      const id = people.get(role);
      if (!id) throw new Error(`No person for role ${role}`);
      return id;
    },
    async actor(role) {
      const person = (await registry.getPerson(world.personId(role)))?.value;
      if (!person) throw new Error(`No person for role ${role}`);
      const roles = [];
      for (const m of person.memberships) {
        const organisation = (await registry.getOrganisation(m.organisationId))?.value;
        if (organisation) roles.push({ organisation, role: m.role });
      }
      return { kind: 'person', person, roles, trekkerOf: [] };
    },
    async invoke(role, verb, data = {}, activityId) {
      const activity = actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: users[role],
        tenantId: tenantOf(role),
        verb,
        data,
      });
      const response = await bot.post(activityId ? { ...activity, id: activityId } : activity);
      return replyOf(response.status, response.body);
    },
    async say(role, text) {
      bot.connector.reset();
      const response = await bot.post(
        messageActivity({
          serviceUrl: bot.connector.serviceUrl,
          user: users[role],
          tenantId: tenantOf(role),
          text,
        }),
      );
      return replyOf(response.status, undefined, bot.connector.sentActivities());
    },
    snapshot: () => snapshotAll(bot),
    async at(at, work) {
      const before = state.now;
      state.now = at;
      try {
        return await work();
      } finally {
        state.now = before;
      }
    },
    stop: () => bot.stop(),
  };

  // First contact links each Teams account to its person and saves the conversation reference, so later turns
  // write nothing of their own.
  for (const role of ROLES) {
    if (role === 'andere-tenant') continue;
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: users[role] }));
    const teams = await registry.getTeamsUser(users[role].aadObjectId);
    if (teams?.value.personId) people.set(role, teams.value.personId);
  }
  return world;
}

/** Strings in the handlers, views and templates that look like card verbs ("feature.action"). */
export function candidateVerbs(): string[] {
  const candidates = new Set<string>();
  const literal = /['"`]([a-z]+(?:\.[a-zA-Z]+)+)['"`]/g;
  for (const root of ['src/bot/handlers', 'src/cards/views', 'src/cards/templates']) {
    for (const file of readdirSync(root)) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const match of text.matchAll(literal)) if (match[1]) candidates.add(match[1]);
    }
  }
  return [...candidates].sort();
}

/**
 * The verbs the running bot answers: the catch-all route answers every verb no feature registered with
 * "Deze actie bestaat niet (meer)", so whatever else answers an unknown user is a registered route.
 */
export async function registeredVerbs(world: SecurityWorld): Promise<string[]> {
  const answered: string[] = [];
  for (const verb of candidateVerbs()) {
    const reply = await world.invoke('onbekend', verb, {});
    if (!/Deze actie bestaat niet \(meer\)/.test(reply.text)) answered.push(verb);
  }
  return answered;
}
