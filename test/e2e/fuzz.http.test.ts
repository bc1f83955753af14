import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import type { Result } from '../../src/domain/shared/result';
import { meetingsServiceFor } from '../../src/meetings/meetingsService';
import { SignalenRepository } from '../../src/storage/signalenRepository';
import { actionExecuteActivity, DEFAULT_TENANT, messageActivity, OTHER_TENANT } from '../support/activities';
import {
  changedContainers,
  registeredVerbs,
  replyOf,
  startSecurityWorld,
  type Reply,
  type Role,
  type SecurityWorld,
} from '../support/securityWorld';

/**
 * Issue 9: thousands of malformed and hostile card actions and messages against the running bot. Verbs come from
 * the bot's real verb list (and garbage), data from the real field names with hostile values: wrong types, nested
 * objects, prototype-pollution keys, huge strings, Markdown and mention injection, any Unicode. Every answer is a
 * clear message (a card or text) and never a 5xx or an error card (which would mean unchecked data reached the
 * domain); user text comes back escaped; the people who may not change anything change no container; the gemeente
 * changes something only with an answer that says it succeeded.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z');
const day = 24 * 3600_000;
const plusDays = (days: number) => new Date(BASE.getTime() + days * day);

/** Nothing these people send may change a stored record: they have nothing here they may change. */
const NO_WRITE_ROLES: readonly Role[] = [
  'onbekend',
  'andere-tenant',
  'niet-lid-aanbieder',
  'trekker-andere-tafel',
];
const ERROR = /Er ging iets mis|Something went wrong/;
const REFUSED_OR_INVALID =
  /Er ging iets mis|Deze kaart is niet \(meer\) geldig|Deze actie bestaat niet|U heeft geen toestemming|Niet gelukt|Niet gevonden|bestaat niet \(meer\)/;
const EVIL = 'evil.example';

/** Cases per batch (sent at once, one snapshot before and after) and batches per property. */
const BATCH = 30;
const RUNS = { noWrite: Number(process.env.FUZZ_RUNS ?? 50), contacts: 10, gemeente: 80 };

const counts = { invokes: 0, messages: 0, malformed: 0, admin: 0 };

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

/** Every field name a handler reads from card data. */
function fieldNames(): string[] {
  const names = new Set<string>();
  const read = /(?:optionalText|optionalId|requireId|requireChoice|count)\(\s*data,\s*[`'"]([A-Za-z0-9_]+)/g;
  for (const file of readdirSync('src/bot/handlers')) {
    const text = readFileSync(path.join('src/bot/handlers', file), 'utf8');
    for (const match of text.matchAll(read)) if (match[1]) names.add(match[1]);
  }
  return [...names].sort();
}

const FIELDS = fieldNames();

const HOSTILE_TEXTS = [
  '__proto__',
  'constructor',
  'prototype',
  `[klik hier](https://${EVIL}/phish)`,
  `[klik](https://${EVIL}/phish)`,
  `<https://${EVIL}/auto>`,
  `![beeld](https://${EVIL}/pixel.png)`,
  `<at>Tafelbot</at> <at>Iedereen</at>`,
  '**vet** _schuin_ `code` # kop\n- lijst\n1. een',
  '${$root.form.etag}',
  '{{user.name}}',
  "'; DROP TABLE c; --",
  'SELECT * FROM c WHERE 1=1',
  '../../../etc/passwd',
  '\u0000\u0001\u0002',
  '\u202eetlaaf\u202c',
  '\ud800',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  ' ',
  '',
  '9999-99-99',
  '2027-02-30',
  '-1',
  'NaN',
  'true',
];

/** The first Adaptive Card texts that render Markdown: TextBlocks, text runs and facts. */
function renderedTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const element = node as Record<string, unknown>;
      if ((element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.text === 'string')
        texts.push(element.text);
      if (element.type === 'FactSet' && Array.isArray(element.facts))
        for (const fact of element.facts as Array<{ title?: unknown; value?: unknown }>)
          texts.push(String(fact.title ?? ''), String(fact.value ?? ''));
      Object.values(element).forEach(walk);
    }
  };
  walk(card);
  return texts;
}

/** What is wrong with an answer, whoever sent what. */
function problemsOf(label: string, role: Role, reply: Reply, expectCard: boolean): string[] {
  const problems: string[] = [];
  const excerpt = reply.text.replace(/\s+/g, ' ').slice(0, 200);
  if (reply.status >= 500) problems.push(`${label}: HTTP ${reply.status}`);
  if (role === 'andere-tenant') {
    if (!/Tafelbot is niet beschikbaar voor uw organisatie/.test(reply.text))
      problems.push(`${label}: no tenant refusal: ${excerpt}`);
    return problems;
  }
  // Over the server's body limit (256 KB) restify answers 413 with a message before any turn starts: clear enough.
  if (reply.status === 413 && /Request body size exceeds/.test(reply.text)) return problems;
  if (expectCard && !reply.card) problems.push(`${label}: no card (HTTP ${reply.status}): ${excerpt}`);
  if (!reply.text.trim()) problems.push(`${label}: no message at all`);
  if (ERROR.test(reply.text)) problems.push(`${label}: an error card (unchecked data reached the domain?)`);
  // Link injection: a Markdown link to the hostile host in rendered text must arrive escaped ("\[").
  const link = new RegExp(`(^|[^\\\\])\\[[^\\]]*\\]\\(https://${EVIL}|(^|[^\\\\])<https://${EVIL}`);
  const injected = [...renderedTexts(reply.card), ...reply.plainTexts].find((t) => link.test(t));
  if (injected) problems.push(`${label}: unescaped link in the answer: ${injected.slice(0, 120)}`);
  const entities = (reply.card?.msteams as { entities?: unknown[] } | undefined)?.entities;
  if (entities?.length) problems.push(`${label}: the card mentions someone`);
  return problems;
}

/** fast-check's report, without megabytes of counterexample. */
function shortReport<T>(): { reporter: (details: fc.RunDetails<T>) => void } {
  return {
    reporter: (details) => {
      if (!details.failed) return;
      const example = fc.stringify(details.counterexample).slice(0, 3000);
      const cause = (details.errorInstance as Error | undefined)?.message ?? '';
      throw new Error(
        `Property failed (seed ${details.seed}). Counterexample: ${example}\nCause: ${cause.slice(0, 4000)}`,
      );
    },
  };
}

describe('fuzzing the bot with malformed and hostile invokes and messages', () => {
  jest.setTimeout(180_000);
  let world: SecurityWorld;
  let verbs: string[] = [];
  let ids: string[] = [];
  let sequence = 0;

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '6');
    const services = world.bot.bot.services;
    const admin = await world.actor('gemeente');
    // A few real records, so that hostile data can point at them: a table with a published report (led by
    // "trekker-deze-tafel", perceel 3), a concept voorstel of Alfa, a meeting that took place, a signaal of Alfa.
    const tafel = must(
      await ontwikkeltafelsServiceFor(services).createTafel(
        admin,
        {
          name: 'Wachttijden Jeugd',
          opdracht: 'Breng de wachttijden in kaart.',
          doel: 'Start binnen 14 werkdagen.',
          percelen: '3',
          trekkerIds: [world.personId('trekker-deze-tafel')],
          start: '2026-11-15',
          expectedEnd: '2028-06-30',
          periodEnds: '30-06, 31-12',
          graceDays: '30',
          reminderDays: '14, 3',
          reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
        },
        'fuzz-tafel',
      ),
    ).tafel;
    const report = must(
      await ontwikkeltafelsServiceFor(services).saveReport(await world.actor('trekker-deze-tafel'), {
        tafelId: tafel.id,
        periodId: '2026-12-31',
        content: {
          status: 'op schema',
          progress: 'Wachtlijsten in kaart gebracht.',
          results: 'Gemiddeld 9 weken.',
          problems: '',
          nextSteps: 'Een pilot.',
          pilots: [],
          decisionsRequested: [{ title: 'Budget voor een pilot', explanation: 'Zes maanden.' }],
        },
        etag: '',
        publish: true,
      }),
    ).report;
    const voorstel = must(
      await voorstellenServiceFor(services).submit(
        await world.actor('lid-contactpersoon'),
        {
          title: 'Reistijd declarabel',
          summary: 'Reistijd wordt apart gedeclareerd.',
          text: 'Artikel 12.',
          link: '',
          type: 'contractwijziging',
          percelen: '1',
          origin: 'overlegtafel',
          confidentialParts: [],
        },
        'org-alfa',
        'fuzz-voorstel',
      ),
    );
    const meeting = await world.at(plusDays(-40), async () =>
      must(
        await meetingsServiceFor(services).plan(admin, 'abcdef012345', {
          table: 'overlegtafel',
          title: 'Overlegtafel voorjaar',
          date: plusDays(-10).toISOString().slice(0, 10),
          startTime: '14:00',
          endTime: '16:00',
          location: 'Stadhuis',
          cutoffDate: plusDays(-20).toISOString().slice(0, 10),
          cutoffTime: '12:00',
          rows: [{ id: '', title: 'Opening', owner: 'Voorzitter', description: '', link: '' }],
        }),
      ),
    );
    await world.invoke('lid-contactpersoon', 'signaal.indienen', {
      organisationId: 'org-alfa',
      sentiment: 'neutraal',
      onderwerp: 'bedrijfsvoering',
      perceel: 'geen',
      text: 'De tarieven dekken de reistijd niet.',
      confidential: 'false',
    });
    const [signaal] = await new SignalenRepository(world.bot.bot.db).signalenOf('org-alfa', 1);
    verbs = await registeredVerbs(world);
    ids = [
      tafel.id,
      report.id,
      voorstel.id,
      meeting.doc.value.id,
      signaal?.id ?? 'sg-x',
      'org-alfa',
      'org-gamma',
      'org-gemeente',
      'ronde-2027',
      '2026-12-31',
      'eindevaluatie',
      world.personId('lid-contactpersoon'),
      world.personId('trekker-deze-tafel'),
    ];
  });

  afterAll(async () => {
    console.log(
      `fuzz: ${counts.invokes} card actions, ${counts.malformed} malformed invokes, ${counts.messages} messages, ` +
        `${counts.admin} gemeente actions; ${counts.invokes + counts.malformed + counts.messages + counts.admin} cases`,
    );
    await world?.stop();
  });

  const hostileText = (): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('x', 'é', '😀', '[', '\n', '<at>'), fc.integer({ min: 2_001, max: 30_000 }))
          .map(([unit, n]) => unit.repeat(n)),
      },
    );
  const realId = () => fc.constantFrom(...ids);
  const leaf = () =>
    fc.oneof(
      { weight: 5, arbitrary: hostileText() },
      { weight: 3, arbitrary: realId() },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: fc.double() },
      { weight: 1, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  const key = () =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FIELDS) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'roles') },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    );
  const value = (): fc.Arbitrary<unknown> =>
    fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key(), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
  /** Card data: mostly an object of real field names, sometimes anything at all. */
  const data = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.dictionary(key(), fc.oneof({ weight: 4, arbitrary: leaf() }, value()), { maxKeys: 12 }),
      },
      { weight: 1, arbitrary: value() },
    );
  const verb = () =>
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...verbs) }, { weight: 1, arbitrary: hostileText() });

  async function sendInvoke(
    role: Role,
    verbValue: string,
    dataValue: unknown,
    raw?: unknown,
  ): Promise<Reply> {
    const activity = actionExecuteActivity({
      serviceUrl: world.bot.connector.serviceUrl,
      user: world.users[role],
      tenantId: role === 'andere-tenant' ? OTHER_TENANT : DEFAULT_TENANT,
      verb: verbValue,
      data: dataValue,
    });
    const response = await world.bot.post(raw === undefined ? activity : { ...activity, value: raw });
    return replyOf(response.status, response.body);
  }

  /** A message with any text (also not a string) and sometimes a submitted value, as a tampering client may send. */
  async function sendMessage(role: Role, text: unknown, value?: unknown): Promise<Reply> {
    const activity = {
      ...messageActivity({
        serviceUrl: world.bot.connector.serviceUrl,
        user: world.users[role],
        tenantId: role === 'andere-tenant' ? OTHER_TENANT : DEFAULT_TENANT,
        text: '',
      }),
      text,
      ...(value === undefined ? {} : { value }),
      id: `fuzz-message-${++sequence}`,
    };
    const response = await world.bot.post(activity);
    // Replies are matched by the id of the activity they answer: cases run concurrently.
    const sent = world.bot.connector.calls
      .filter((c) => c.method === 'POST' && c.status < 300 && c.path.endsWith(`/activities/${activity.id}`))
      .map((c) => c.body as Record<string, unknown>);
    return replyOf(response.status, undefined, sent);
  }

  type Case =
    | { kind: 'invoke'; role: Role; verb: string; data: unknown }
    | { kind: 'malformed'; role: Role; value: unknown }
    | { kind: 'message'; role: Role; text: unknown; value?: unknown };

  const caseOf = (roles: readonly Role[]): fc.Arbitrary<Case> =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('invoke' as const),
          role: fc.constantFrom(...roles),
          verb: verb(),
          data: data(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('malformed' as const),
          role: fc.constantFrom(...roles),
          value: fc.oneof(
            value(),
            fc.record({ action: value() }),
            fc.record({
              action: fc.record({ type: fc.constant('Action.Execute'), verb: value(), data: value() }),
            }),
          ),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('message' as const),
          role: fc.constantFrom(...roles),
          text: fc.oneof(
            { weight: 4, arbitrary: hostileText() },
            {
              weight: 4,
              arbitrary: fc
                .tuple(fc.constantFrom(...COMMAND_WORDS), hostileText())
                .map(([word, rest]) => `${word} ${rest}`),
            },
            // A tampering client may send any JSON as the text.
            { weight: 1, arbitrary: value() },
          ),
          value: fc.option(value(), { nil: undefined, freq: 4 }),
        }),
      },
    );

  async function run(c: Case): Promise<string[]> {
    if (c.kind === 'invoke') {
      counts.invokes += 1;
      const label = `invoke ${c.verb.slice(0, 40)} by ${c.role} with ${JSON.stringify(c.data)?.slice(0, 120)}`;
      return problemsOf(label, c.role, await sendInvoke(c.role, c.verb, c.data), true);
    }
    if (c.kind === 'malformed') {
      counts.malformed += 1;
      const label = `malformed invoke by ${c.role}: ${JSON.stringify(c.value)?.slice(0, 120)}`;
      return problemsOf(label, c.role, await sendInvoke(c.role, 'help.show', {}, c.value), true);
    }
    counts.messages += 1;
    const label = `message by ${c.role}: ${JSON.stringify(c.text)?.slice(0, 80)} ${JSON.stringify(c.value)?.slice(0, 80)}`;
    const reply = await sendMessage(c.role, c.text, c.value);
    return problemsOf(label, c.role, reply, false);
  }

  it('answers every hostile case from people who may change nothing clearly, and changes no container', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseOf(NO_WRITE_ROLES), { minLength: BATCH, maxLength: BATCH }),
        async (cases) => {
          const before = await world.snapshot();
          const problems = (await Promise.all(cases.map(run))).flat();
          const after = await world.snapshot();
          if (after !== before)
            problems.push(`the store changed: ${changedContainers(before, after).join(', ')}`);
          expect(problems).toEqual([]);
          // The bot runs in this process: a polluted prototype would show here.
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
          expect(Object.prototype).toEqual({});
        },
      ),
      { numRuns: RUNS.noWrite, seed: 20270310, ...shortReport() },
    );
  });

  it('answers hostile data from contacts and trekkers clearly, never with an error', async () => {
    const roles: Role[] = ['lid-contactpersoon', 'lid-vervanger', 'trekker-deze-tafel'];
    await fc.assert(
      fc.asyncProperty(fc.array(caseOf(roles), { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        expect((await Promise.all(cases.map(run))).flat()).toEqual([]);
      }),
      { numRuns: RUNS.contacts, seed: 20270311, ...shortReport() },
    );
  });

  it('lets the gemeente change something only with an answer that says it worked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...verbs), data(), async (verbValue, dataValue) => {
        counts.admin += 1;
        const before = await world.snapshot();
        const reply = await sendInvoke('gemeente', verbValue, dataValue);
        const after = await world.snapshot();
        const label = `gemeente ${verbValue} with ${JSON.stringify(dataValue)?.slice(0, 160)}`;
        const problems = problemsOf(label, 'gemeente', reply, true);
        if (after !== before && REFUSED_OR_INVALID.test(reply.text))
          problems.push(`${label}: refused, but ${changedContainers(before, after).join(', ')} changed`);
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS.gemeente, seed: 20270312, ...shortReport() },
    );
  });
});

const COMMAND_WORDS = [
  'help',
  'profiel',
  'organisaties',
  'rol',
  'taal',
  'ronde',
  'inschrijven',
  'voorstellen',
  'tafels',
  'vergaderingen',
  'signalen',
  'publicaties',
  '/help',
  'HELP',
];
