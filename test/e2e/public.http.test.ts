import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLotteryVerify } from '../../src/cli/lotteryVerify';
import { createPublicationService, type PublicationService } from '../../src/public/publicationService';
import { CACHE_CONTROL } from '../../src/server/publicRoutes';
import { InschrijvingRepository } from '../../src/storage/inschrijvingRepository';
import { toDocument, VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import { MeetingsRepository, newMeetingDocument } from '../../src/storage/meetingsRepository';
import {
  OntwikkeltafelsRepository,
  toRapportageDocument,
  toTafelDocument,
} from '../../src/storage/ontwikkeltafelsRepository';
import { actionExecuteActivity, messageActivity, teamsUser, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import {
  buildPublicSamples,
  CONFIDENTIAL_TEXT,
  PERSON_NAME,
  SECRET_EMAIL,
  SECRET_PHONE,
  UNPUBLISHED_AGENDA_TITLE,
} from '../support/publicSamples';
import { agendaPublicView } from '../../src/public/publicViews';

/**
 * Issue 11 over HTTP: the virtuele overlegtafel served by the bot's own restify server under /openbaar, reading
 * only what was published (through the publication service, as the features will), with security and caching
 * headers, Dutch 404s, query strings that change nothing, feeds, the verifiable draw record download, and the
 * gemeente's publicaties card that publishes and withdraws per item.
 */

const samples = buildPublicSamples();
const { views } = samples;

const PAGES = [
  '/openbaar',
  '/openbaar/samenstelling',
  '/openbaar/loting/ronde-2027',
  '/openbaar/vergaderingen',
  `/openbaar/vergaderingen/${views.agenda.id}`,
  `/openbaar/verslagen/${views.verslag.id}`,
  '/openbaar/besluiten',
  `/openbaar/besluiten/${views.besluit.id}`,
  '/openbaar/ontwikkeltafels',
  `/openbaar/ontwikkeltafels/${views.ontwikkeltafel.id}`,
];
const FEEDS = ['/openbaar/feed.xml', '/openbaar/agenda.ics', '/openbaar/loting/ronde-2027.json'];

/** What must never be on a public page or in a feed. */
const NEVER = [
  SECRET_EMAIL,
  SECRET_PHONE,
  PERSON_NAME,
  CONFIDENTIAL_TEXT,
  'Kostprijs',
  UNPUBLISHED_AGENDA_TITLE,
  'beheer@gemeente.example',
  'Beheerder Gemeente',
  'Tineke Trekker',
  'person-admin',
  'contact@org-aanbieder',
];

describe('the virtuele overlegtafel over HTTP', () => {
  let bot: TestBot;
  let service: PublicationService;
  /** The secret tokens of the meetings' .ics links: never on a public page. */
  const icsTokens: string[] = [];
  const clock = new Date('2027-03-15T10:00:00Z');
  const admin = teamsUser('110');
  const aanbieder = teamsUser('111');
  const stranger = teamsUser('112');

  const get = (url: string, init: RequestInit = {}) =>
    fetch(`${bot.url}${url}`, { redirect: 'manual', ...init });
  const text = async (url: string) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    return response.text();
  };
  const send = (user: TeamsUser, verb: string, data: unknown = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }));
  const cardOf = async (user: TeamsUser, verb: string, data: unknown = {}) =>
    cardText(invokeCard((await send(user, verb, data)).body));

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    bot.connector.members.set(aanbieder.id, { ...aanbieder, email: 'karim@zorg-a.example' });
    bot.connector.members.set(stranger.id, { ...stranger, email: 'onbekend@elders.example' });
    const registry = bot.bot.registry;
    // Trekkers and contacts are in the registry: their names are removed from every published text.
    await registry.createPerson(
      {
        name: 'Tineke Trekker',
        email: 'tineke@zorg-trek.example',
        phone: null,
        aadObjectId: null,
        memberships: [],
        isAdmin: false,
      },
      null,
    );
    await registry.createOrganisation(
      {
        id: 'org-a',
        name: 'Zorg A',
        type: 'aanbieder',
        percelen: [1],
        grootte: 'klein',
        herkomst: 'lokaal',
        kvkNumber: null,
        contracted: true,
      },
      null,
    );
    await registry.createPerson(
      {
        name: 'Karim Contact',
        email: 'karim@zorg-a.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'org-a', role: 'contactpersoon' }],
        isAdmin: false,
      },
      null,
    );
    // Someone the registry knows: their name must not be published even where no feature knew it was a person.
    await registry.createPerson(
      {
        name: PERSON_NAME,
        email: SECRET_EMAIL,
        phone: SECRET_PHONE,
        aadObjectId: null,
        memberships: [],
        isAdmin: false,
      },
      null,
    );
    // The features' own data, as issue 4 and issue 5 store it: the card publishes from these.
    const inschrijving = new InschrijvingRepository(bot.bot.db);
    await inschrijving.createRound(samples.round.changed);
    await inschrijving.createDrawRecord(samples.round.changed.id, samples.round.record);
    await new VoorstellenRepository(bot.bot.db).create(toDocument(samples.voorstel));
    // Issue 7 and issue 6: a meeting whose verslag was shared with the providers, one whose verslag is a
    // concept, and a table with a published report.
    const meetings = new MeetingsRepository(bot.bot.db);
    const sharedVerslag = {
      markdown: samples.verslagMarkdown,
      status: 'gepubliceerd' as const,
      draftedAt: '2027-03-31T08:00:00.000Z',
      editedByPersonId: 'person-admin',
      editedAt: '2027-03-31T09:00:00.000Z',
      publishedAt: '2027-03-31T10:00:00.000Z',
      publishedByPersonId: 'person-admin',
      broadcastId: null,
    };
    const meetingDoc = { ...newMeetingDocument(samples.meeting), verslag: sharedVerslag };
    icsTokens.push(meetingDoc.icsToken);
    await meetings.create(meetingDoc);
    const conceptDoc = {
      ...newMeetingDocument(samples.unpublishedMeeting),
      verslag: { ...sharedVerslag, status: 'concept' as const, markdown: 'Concept: nog niet gedeeld.' },
    };
    icsTokens.push(conceptDoc.icsToken);
    await meetings.create(conceptDoc);
    const tafels = new OntwikkeltafelsRepository(bot.bot.db);
    await tafels.createTafel(toTafelDocument(samples.tafel));
    await tafels.createReport(toRapportageDocument(samples.report));
    await registry.createOrganisation(
      {
        id: 'org-trek',
        name: 'Zorg Trek',
        type: 'aanbieder',
        percelen: [3],
        grootte: 'middel',
        herkomst: 'lokaal',
        kvkNumber: null,
        contracted: true,
      },
      null,
    );

    service = createPublicationService(bot.bot.db, registry, () => clock);
    await service.publish('samenstelling', views.samenstelling.id, views.samenstelling.view, {
      sourceVersion: 'versie 2',
    });
    await service.publish('loting', views.loting.id, views.loting.view, {
      sourceVersion: samples.round.record.recordSha256,
    });
    await service.publish('agenda', views.agenda.id, views.agenda.view);
    await service.publish('verslag', views.verslag.id, views.verslag.view);
    await service.publish('besluit', views.besluit.id, views.besluit.view, {
      sourceVersion: samples.voorstel.updatedAt,
    });
    await service.publish('ontwikkeltafel', views.ontwikkeltafel.id, views.ontwikkeltafel.view);
    // Published and withdrawn again: it must be gone everywhere.
    await service.publish(
      'agenda',
      samples.unpublishedMeeting.id,
      agendaPublicView(samples.unpublishedMeeting),
    );
    await service.withdraw('agenda', samples.unpublishedMeeting.id);
  });
  afterAll(() => bot.stop());

  it('serves every page with security and caching headers', async () => {
    for (const url of PAGES) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const h = response.headers;
      expect(h.get('content-type')).toBe('text/html; charset=utf-8');
      expect(h.get('content-security-policy')).toMatch(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self'$/,
      );
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('cache-control')).toBe(CACHE_CONTROL);
      expect(h.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}(-br|-gzip)?"$/);
      const body = await response.text();
      expect(Buffer.byteLength(body)).toBeLessThan(30 * 1024);
      expect(body).toContain('<html lang="nl">');
    }
  });

  it('answers a repeated request with 304 Not Modified when nothing changed', async () => {
    const first = await get('/openbaar/besluiten');
    const etag = first.headers.get('etag') ?? '';
    const again = await get('/openbaar/besluiten', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await get('/openbaar/besluiten', { headers: { 'if-none-match': '"anders"' } })).status).toBe(200);
  });

  it('shows what was published: composition, draw, meetings, verslag, decisions and tables', async () => {
    expect(await text('/openbaar')).toContain('Samenstelling Overlegtafel 2027');
    expect(await text('/openbaar/samenstelling')).toContain('Perceel 5: Jeugd - Ernstige Dyslexie');
    expect(await text('/openbaar/loting/ronde-2027')).toContain(
      'npm run lottery:verify -- lotingsverslag-ronde-2027.json',
    );
    expect(await text('/openbaar/vergaderingen')).toContain('Overlegtafel voorjaar 2027');
    expect(await text(`/openbaar/verslagen/${views.verslag.id}`)).toContain('Stemmingen over voorstellen');
    const besluit = await text(`/openbaar/besluiten/${views.besluit.id}`);
    expect(besluit).toContain('2 voor, 1 tegen, 0 onthouding, 1 niet gestemd');
    expect(besluit).toContain('Aangenomen na overleg met [naam verwijderd] ([e-mailadres verwijderd])');
    expect(await text('/openbaar/ontwikkeltafels')).toContain('Aandacht nodig');
  });

  it('never shows a confidential part, an unpublished agenda or a person, on any page or in any feed', async () => {
    for (const url of [...PAGES, ...FEEDS]) {
      const body = await text(url);
      for (const secret of NEVER)
        expect({ url, secret, found: body.includes(secret) }).toEqual({ url, secret, found: false });
    }
  });

  it('offers the draw record as a download that verifies', async () => {
    const response = await get('/openbaar/loting/ronde-2027.json');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="lotingsverslag-ronde-2027.json"',
    );
    const json = await response.text();
    expect(JSON.parse(json)).toEqual(samples.round.record);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'openbaar-')), 'lotingsverslag-ronde-2027.json');
    await writeFile(file, json);
    const out: string[] = [];
    expect(
      await runLotteryVerify([file, '--lang', 'nl'], { out: (l) => out.push(l), err: (l) => out.push(l) }),
    ).toBe(0);
    expect(out[0]).toMatch(/^Bevestigd/);
  });

  it('serves the feeds with their own types', async () => {
    const atom = await get('/openbaar/feed.xml');
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await atom.text();
    expect(xml.match(/<entry>/g)).toHaveLength(6);
    const ics = await get('/openbaar/agenda.ics');
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = await ics.text();
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(calendar).toContain(`UID:meeting-${views.agenda.id}@tafelbot`);
  });

  it('gives a Dutch 404 page for unknown ids and paths, without echoing them', async () => {
    for (const url of [
      '/openbaar/besluiten/vs-bestaatniet',
      '/openbaar/loting/ronde-1999',
      '/openbaar/loting/ronde-1999.json',
      '/openbaar/loting/ronde-2027.txt',
      `/openbaar/vergaderingen/${samples.unpublishedMeeting.id}`,
      `/openbaar/verslagen/${views.besluit.id}`,
      '/openbaar/ontwikkeltafels/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '/openbaar/besluiten/..%2F..%2Fetc%2Fpasswd',
      `/openbaar/besluiten/${'x'.repeat(300)}`,
      '/openbaar/onbekend',
      '/openbaar/besluiten/vs-1/extra',
    ]) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect({ url, cache: response.headers.get('cache-control') }).toEqual({ url, cache: 'no-store' });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await response.text();
      expect(body).toContain('<h1>Pagina niet gevonden</h1>');
      expect(body).not.toMatch(/<script|bestaatniet|passwd|xxxxxxxx/);
    }
  });

  it('ignores query strings: hostile ones change nothing and are not reflected', async () => {
    const hostile = [
      '?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '?id=..%2F..%2Fetc&kind=verslag',
      '?%22%3E%3Cimg%20src%3Dx%3E=1',
      `?${'a'.repeat(2000)}`,
    ];
    for (const url of [
      '/openbaar',
      '/openbaar/besluiten',
      `/openbaar/besluiten/${views.besluit.id}`,
      '/openbaar/feed.xml',
    ]) {
      const plain = await text(url);
      for (const query of hostile)
        expect({ url, query, same: (await text(`${url}${query}`)) === plain }).toEqual({
          url,
          query,
          same: true,
        });
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get('/openbaar/samenstelling', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await response.text()).toBe('');
  });

  it('shows an update and drops a withdrawn publication from pages and feeds', async () => {
    const updated = await service.publish('ontwikkeltafel', views.ontwikkeltafel.id, {
      ...views.ontwikkeltafel.view,
      name: 'Wachtlijsten Jeugd (bijgewerkt)',
    });
    expect(updated.version).toBe(2);
    expect(await text('/openbaar/ontwikkeltafels')).toContain('Wachtlijsten Jeugd (bijgewerkt)');
    expect(await service.withdraw('ontwikkeltafel', views.ontwikkeltafel.id)).toBe(true);
    expect((await get(`/openbaar/ontwikkeltafels/${views.ontwikkeltafel.id}`)).status).toBe(404);
    expect(await text('/openbaar/ontwikkeltafels')).toContain(
      'Er zijn nog geen ontwikkeltafels gepubliceerd.',
    );
    expect(await text('/openbaar/feed.xml')).not.toContain('Wachtlijsten Jeugd');
    expect(await service.withdraw('ontwikkeltafel', views.ontwikkeltafel.id)).toBe(false);
  });

  describe('the gemeente decides per item in the publicaties card', () => {
    it('lists what is published and what can be published, for the gemeente only', async () => {
      bot.connector.reset();
      await bot.post(
        messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'publicaties' }),
      );
      const card = cardText(attachmentCard(bot.connector.sentActivities()[0]));
      expect(card).toContain('Publicaties op de virtuele overlegtafel');
      expect(card).toContain('Samenstelling Overlegtafel 2027');
      expect(card).toContain('Intrekken');
      expect(card).toContain(`http://127.0.0.1:${bot.config.port}/openbaar`);
      for (const user of [aanbieder, stranger]) {
        bot.connector.reset();
        await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text: 'openbaar' }));
        expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).not.toContain('Intrekken');
      }
    });

    it('withdraws and publishes a decision again; the page follows', async () => {
      const id = views.besluit.id;
      const withdrawn = await cardOf(admin, 'publicaties.intrekken', { kind: 'besluit', sourceId: id });
      expect(withdrawn).toContain('staat niet meer op de openbare pagina');
      expect((await get(`/openbaar/besluiten/${id}`)).status).toBe(404);
      expect(withdrawn).toContain('Klaar om te publiceren');

      const published = await cardOf(admin, 'publicaties.publiceren', { kind: 'besluit', sourceId: id });
      expect(published).toContain('staat nu op de openbare pagina');
      const page = await text(`/openbaar/besluiten/${id}`);
      expect(page).toContain('Reistijd bij individuele begeleiding expliciet maken');
      // Built from the stored voorstel, which has the confidential part: it is not on the page.
      expect(page).not.toContain(CONFIDENTIAL_TEXT);
      expect(page).not.toContain(PERSON_NAME);
    });

    it('publishes agendas, shared verslagen and tables from their features, never a concept', async () => {
      const overview = await cardOf(admin, 'publicaties.overzicht');
      expect(overview).toContain(`Agenda: ${UNPUBLISHED_AGENDA_TITLE}`);
      expect(overview).not.toContain(`Verslag: ${UNPUBLISHED_AGENDA_TITLE}`);
      expect(overview).toContain('Ontwikkeltafel Wachtlijsten Jeugd');

      for (const [kind, sourceId] of [
        ['agenda', samples.meeting.id],
        ['verslag', samples.meeting.id],
        ['ontwikkeltafel', samples.tafel.id],
      ] as const) {
        expect(await cardOf(admin, 'publicaties.publiceren', { kind, sourceId })).toMatch(
          /staat nu op de openbare pagina|is bijgewerkt/,
        );
      }
      const tafel = await text(`/openbaar/ontwikkeltafels/${samples.tafel.id}`);
      expect(tafel).toContain('Zorg Trek');
      expect(tafel).toContain('<span class="label let">Aandacht nodig</span>');
      for (const url of [
        `/openbaar/vergaderingen/${samples.meeting.id}`,
        `/openbaar/verslagen/${samples.meeting.id}`,
        `/openbaar/ontwikkeltafels/${samples.tafel.id}`,
        '/openbaar/agenda.ics',
        '/openbaar/feed.xml',
      ]) {
        const body = await text(url);
        for (const secret of [...NEVER, ...icsTokens, 'Concept: nog niet gedeeld', 'vertrouwelijk overleg'])
          expect({ url, secret, found: body.includes(secret) }).toEqual({ url, secret, found: false });
      }
    });

    it('marks a publication whose source changed, and updates it with one action', async () => {
      const inschrijving = new InschrijvingRepository(bot.bot.db);
      await inschrijving.updateRound('ronde-2027', (round) => ({
        ...round,
        composition: round.composition && { ...round.composition, version: round.composition.version + 1 },
      }));
      expect(await cardOf(admin, 'publicaties.overzicht')).toContain('Gewijzigd sinds de publicatie');
      const updated = await cardOf(admin, 'publicaties.publiceren', {
        kind: 'samenstelling',
        sourceId: 'ronde-2027',
      });
      expect(updated).toContain('is bijgewerkt (versie 2)');
      expect(updated).not.toContain('Gewijzigd sinds de publicatie');
    });

    it('refuses everyone else and tampered data, and changes nothing', async () => {
      const before = JSON.stringify(await service.list());
      for (const user of [aanbieder, stranger]) {
        expect(
          await cardOf(user, 'publicaties.intrekken', { kind: 'besluit', sourceId: views.besluit.id }),
        ).toContain('U heeft geen toestemming voor deze actie.');
        expect(
          await cardOf(user, 'publicaties.publiceren', { kind: 'loting', sourceId: 'ronde-2027' }),
        ).toContain('U heeft geen toestemming voor deze actie.');
      }
      for (const data of [
        { kind: 'geheim', sourceId: 'ronde-2027' },
        { kind: 'besluit', sourceId: '../x' },
        { kind: ['besluit'], sourceId: 'ronde-2027' },
        {},
      ]) {
        expect(await cardOf(admin, 'publicaties.publiceren', data)).toContain(
          'De gegevens van deze kaart zijn onvolledig of verouderd.',
        );
      }
      expect(
        await cardOf(admin, 'publicaties.publiceren', { kind: 'besluit', sourceId: 'vs-bestaatniet' }),
      ).toContain('bestaat niet (meer)');
      expect(
        await cardOf(admin, 'publicaties.publiceren', { kind: 'agenda', sourceId: 'overleg-bestaatniet' }),
      ).toContain('bestaat niet (meer)');
      // A verslag that is still a concept cannot be published.
      expect(
        await cardOf(admin, 'publicaties.publiceren', {
          kind: 'verslag',
          sourceId: samples.unpublishedMeeting.id,
        }),
      ).toContain('bestaat niet (meer)');
      expect(JSON.stringify(await service.list())).toBe(before);
    });
  });
});
