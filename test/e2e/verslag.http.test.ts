import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { meetingsServiceFor } from '../../src/meetings/meetingsService';
import { MeetingsRepository } from '../../src/storage/meetingsRepository';
import { actionExecuteActivity, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import { ORGS, publishComposition, seedMeetingWorld, type MeetingWorld } from '../support/meetingsFixtures';
import { actionData, cardNodes, inputsOf, type Card } from '../support/cardQueries';
import { at } from '../unit/voorstellen/fixtures';

/**
 * Issue 19 over HTTP, with the real bot, the embedded store and a fake Teams service: the concept verslag goes to
 * the attendees for comments within a period, they comment, the gemeente takes a comment over and declines another
 * with a reason, marks the verslag vastgesteld (shared with every provider), publishes it on the public page, and
 * corrects it later: a new version with its reason, shown in the history of the public page.
 */

describe('verslag: concept → comments → vastgesteld → published → corrected, over HTTP', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  let clock = at('2027-01-10 10:00');
  let meetingId = '';

  const send = async (
    user: TeamsUser,
    verb: string,
    data: Record<string, unknown> = {},
    locale?: string,
  ): Promise<Card> =>
    invokeCard(
      (
        await bot.post(
          actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data, locale }),
        )
      ).body,
    );
  const stored = async () => (await new MeetingsRepository(bot.bot.db).get(meetingId))!.value;
  const postsTo = (user: TeamsUser) =>
    bot.connector.calls.filter(
      (c) => c.method === 'POST' && c.path.includes(encodeURIComponent(world.conversationOf(user))),
    );
  const lastCardTo = (user: TeamsUser): Card => {
    const card = attachmentCard(postsTo(user).at(-1)?.body);
    if (!card) throw new Error('nothing was sent to this user');
    return card;
  };
  const page = async (path: string) => {
    const response = await fetch(`${bot.url}${path}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '19');
    await publishComposition(bot.bot.db, 2027, [ORGS.alfa, ORGS.beta, ORGS.gamma]);
    // A meeting on 30 March, held with the gemeente, the lokale toegang, Alfa and Beta present (not Gamma).
    const service = meetingsServiceFor(bot.bot.services);
    const form = await send(world.admin, 'meeting.nieuw');
    const planned = await send(world.admin, 'meeting.plannen', {
      ...actionData(form, 'meeting.plannen'),
      table: 'overlegtafel',
      title: '',
      date: '2027-03-30',
      startTime: '14:00',
      endTime: '16:00',
      location: 'Stadhuis Rivierstad, Raadzaal',
      cutoffDate: '',
      cutoffTime: '',
      row1Title: 'Verlengen overeenkomst',
      row1Owner: 'Gemeente',
    });
    meetingId = String(actionData(planned, 'meeting.agenda.versturen').meetingId);
    clock = at('2027-03-30 17:00');
    const attendance = await send(world.admin, 'meeting.aanwezigheid.formulier', { meetingId });
    await send(world.admin, 'meeting.aanwezigheid.vastleggen', {
      ...actionData(attendance, 'meeting.aanwezigheid.vastleggen'),
      present: [ORGS.gemeente.id, ORGS.toegang.id, ORGS.alfa.id, ORGS.beta.id].join(','),
    });
    expect((await service.get(meetingId))?.attendance?.present).toHaveLength(4);
  });
  afterAll(() => bot.stop());

  it('cannot be vastgesteld or shared before the attendees saw it', async () => {
    const form = await send(world.admin, 'meeting.verslag', { meetingId });
    expect(cardNodes(form).some((n) => n.verb === 'meeting.verslag.publiceren')).toBe(false);
    const early = await send(world.admin, 'meeting.verslag.vaststellen', {
      meetingId,
      version: actionData(form, 'meeting.verslag.opslaan').version,
      markdown: String(inputsOf(form).markdown),
    });
    expect(cardText(early)).toContain('Stuur het concept eerst ter inzage naar de aanwezigen');
    expect((await stored()).verslag?.status).toBe('concept');
  });

  it('sends the concept to the attendees only, with the comment period; a wrong period is refused per field', async () => {
    const form = await send(world.admin, 'meeting.verslag', { meetingId });
    const data = actionData(form, 'meeting.verslag.inzage');
    const markdown = String(inputsOf(form).markdown).replace(
      '_[Bespreking: in te vullen door de gemeente.]_',
      'Besproken: verlenging met een jaar. Toezegging: de gemeente deelt het kostprijsonderzoek.',
    );
    expect(inputsOf(form).deadline).toBe('2027-04-13');

    const tooLong = await send(world.admin, 'meeting.verslag.inzage', {
      ...data,
      markdown,
      deadline: '2027-06-30',
    });
    expect(cardText(tooLong)).toContain(
      'De reactietermijn loopt tot een datum van 2027-03-31 tot en met 2027-05-11.',
    );
    const refusedEn = await send(
      world.admin,
      'meeting.verslag.inzage',
      { ...data, markdown, deadline: 'morgen' },
      'en-US',
    );
    expect(cardText(refusedEn)).toContain('The comment period: enter a date as YYYY-MM-DD');
    expect((await stored()).verslag?.status).toBe('concept');
    for (const user of [world.contacts.alfa, world.stranger]) {
      expect(
        cardText(await send(user, 'meeting.verslag.inzage', { ...data, markdown, deadline: '2027-04-13' })),
      ).toContain('U heeft geen toestemming');
    }

    bot.connector.reset();
    const sent = await send(world.admin, 'meeting.verslag.inzage', {
      ...data,
      markdown,
      deadline: '2027-04-13',
    });
    expect(cardText(sent)).toContain(
      'Het concept gaat naar de contactpersonen en vervangers van de aanwezige organisaties (aantal: 3).',
    );
    expect(cardText(sent)).toContain(
      'Ter inzage bij de aanwezige organisaties (aantal: 3); commentaar tot dinsdag 13 april 2027 om 23:59.',
    );
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-verslag-inzage`);
    for (const user of [
      world.contacts.alfa,
      world.contacts.alfaVervanger,
      world.contacts.beta,
      world.contacts.toegang,
    ]) {
      const text = cardText(lastCardTo(user));
      expect(text).toContain('Concept verslag ter inzage');
      expect(text).toContain('Toezegging: de gemeente deelt het kostprijsonderzoek.');
    }
    for (const user of [world.contacts.gamma, world.contacts.delta, world.contacts.epsilon])
      expect(postsTo(user)).toEqual([]);

    // Sending again is refused and sends nothing twice.
    const again = await send(world.admin, 'meeting.verslag.inzage', {
      ...data,
      markdown,
      deadline: '2027-04-13',
    });
    expect(cardText(again)).toContain('Het concept verslag ligt al ter inzage bij de aanwezigen.');
  });

  it('lets the attendees’ contacts comment within the period, once per form, and nobody else', async () => {
    clock = at('2027-04-02 10:00');
    const form = await send(world.contacts.alfa, 'meeting.verslag.commentaar', { meetingId });
    expect(cardText(form)).toContain('Commentaar kan tot dinsdag 13 april 2027 om 23:59.');
    const data = actionData(form, 'meeting.verslag.commentaar.indienen');
    expect(data.organisationId).toBe(ORGS.alfa.id);

    const empty = await send(world.contacts.alfa, 'meeting.verslag.commentaar.indienen', {
      ...data,
      comment: '',
    });
    expect(cardText(empty)).toContain('Het commentaar is verplicht.');
    const comment = 'Bij punt 1 ontbreekt dat Alfa de cijfers aanlevert.';
    const given = await send(world.contacts.alfa, 'meeting.verslag.commentaar.indienen', {
      ...data,
      comment,
    });
    expect(cardText(given)).toContain('Uw commentaar is doorgegeven aan de gemeente.');
    expect(cardText(given)).toContain(comment);
    // The same form sent again (a retried request) stores the comment once.
    await send(world.contacts.alfa, 'meeting.verslag.commentaar.indienen', { ...data, comment });

    const betaForm = await send(world.contacts.beta, 'meeting.verslag.commentaar', { meetingId });
    await send(world.contacts.beta, 'meeting.verslag.commentaar.indienen', {
      ...actionData(betaForm, 'meeting.verslag.commentaar.indienen'),
      comment: 'Graag de naam van onze organisatie voluit.',
    });

    expect(cardText(await send(world.contacts.gamma, 'meeting.verslag.commentaar', { meetingId }))).toContain(
      'Uw organisatie hoort daar niet bij',
    );
    const forAlfa = await send(world.contacts.gamma, 'meeting.verslag.commentaar.indienen', {
      ...data,
      nonce: 'abcdefabcdef',
      comment: 'Ik was er niet bij.',
    });
    expect(cardText(forAlfa)).toContain('Uw organisatie hoort daar niet bij');
    const comments = (await stored()).verslag?.review?.comments ?? [];
    expect(comments.map((c) => [c.organisationId, c.status])).toEqual([
      [ORGS.alfa.id, 'open'],
      [ORGS.beta.id, 'open'],
    ]);
  });

  it('the gemeente takes one comment over and declines the other with a reason; vaststellen waits for both', async () => {
    let form = await send(world.admin, 'meeting.verslag', { meetingId });
    expect(cardText(form)).toContain('Bij punt 1 ontbreekt dat Alfa de cijfers aanlevert.');
    const [first, second] = (await stored()).verslag!.review!.comments;
    const decline = actionData(
      form,
      'meeting.verslag.commentaar.verwerken',
      (d) => d.commentId === second!.id && d.decision === 'niet-overgenomen',
    );
    const noReason = await send(world.admin, 'meeting.verslag.commentaar.verwerken', decline);
    expect(cardText(noReason)).toContain('De reden is verplicht.');
    expect(
      cardText(await send(world.contacts.alfa, 'meeting.verslag.commentaar.verwerken', decline)),
    ).toContain('U heeft geen toestemming');

    const declined = await send(world.admin, 'meeting.verslag.commentaar.verwerken', {
      ...decline,
      [`reason_${second!.id}`]: 'De naam staat al voluit in de aanwezigheidslijst.',
    });
    expect(cardText(declined)).toContain('Het commentaar is niet overgenomen');

    const period = await send(world.admin, 'meeting.verslag.vaststellen', {
      ...actionData(declined, 'meeting.verslag.vaststellen'),
      markdown: String(inputsOf(declined).markdown),
    });
    expect(cardText(period)).toContain('De reactietermijn loopt nog tot dinsdag 13 april 2027 om 23:59.');

    clock = at('2027-04-14 09:00');
    form = await send(world.admin, 'meeting.verslag', { meetingId });
    const open = await send(world.admin, 'meeting.verslag.vaststellen', {
      ...actionData(form, 'meeting.verslag.vaststellen'),
      markdown: String(inputsOf(form).markdown),
    });
    expect(cardText(open)).toContain('Verwerk eerst al het commentaar: nog 1 opmerking open.');

    const late = await send(world.contacts.beta, 'meeting.verslag.commentaar', { meetingId });
    expect(cardText(late)).toContain('De reactietermijn is voorbij');
    expect(cardNodes(late).some((n) => n.verb === 'meeting.verslag.commentaar.indienen')).toBe(false);

    const taken = await send(
      world.admin,
      'meeting.verslag.commentaar.verwerken',
      actionData(
        form,
        'meeting.verslag.commentaar.verwerken',
        (d) => d.commentId === first!.id && d.decision === 'overgenomen',
      ),
    );
    expect(cardText(taken)).toContain('Het commentaar is overgenomen');
    const alfaView = await send(world.contacts.alfa, 'meeting.verslag.commentaar', { meetingId });
    expect(cardText(alfaView)).toContain('Overgenomen.');
  });

  it('vastgesteld, the verslag goes to every provider and can be published on the public page', async () => {
    const form = await send(world.admin, 'meeting.verslag', { meetingId });
    const markdown = `${String(inputsOf(form).markdown)}\nAlfa levert de cijfers aan.\n`;
    bot.connector.reset();
    const done = await send(world.admin, 'meeting.verslag.vaststellen', {
      ...actionData(form, 'meeting.verslag.vaststellen'),
      markdown,
    });
    expect(cardText(done)).toContain('Verslag vastgesteld');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-verslag`);
    // Someone without Teams gets it by e-mail, with a link to the public verslag once that is published.
    const shared = await new DeliveryRepository(bot.bot.db).getJob(`${meetingId}-verslag`);
    expect(shared?.value.message.publication).toEqual({ kind: 'verslag', sourceId: meetingId });
    for (const user of [world.contacts.alfa, world.contacts.gamma, world.contacts.delta]) {
      const text = cardText(lastCardTo(user));
      expect(text).toContain('Alfa levert de cijfers aan.');
      expect(text).not.toContain('Concept verslag');
    }
    expect(postsTo(world.contacts.epsilon)).toEqual([]);
    const verslag = (await stored()).verslag!;
    expect(verslag).toMatchObject({
      status: 'gepubliceerd',
      vastgesteldAt: at('2027-04-14 09:00').toISOString(),
    });
    expect(verslag.versions?.map((v) => v.number)).toEqual([1]);

    const published = await send(world.admin, 'publicaties.publiceren', {
      kind: 'verslag',
      sourceId: meetingId,
    });
    expect(cardText(published)).not.toContain('Niet gelukt');
    const html = await page(`/openbaar/verslagen/${meetingId}`);
    expect(html).toContain('Alfa levert de cijfers aan.');
    expect(html).toContain('Versie 1: vastgesteld op woensdag 14 april 2027 om 09:00.');
  });

  it('a correction is a new version with its reason, sent to all; the public page shows the history', async () => {
    clock = at('2027-05-02 10:00');
    const card = await send(world.admin, 'meeting.verslag', { meetingId });
    expect(cardText(card)).toContain('Versie 1: vastgesteld op woensdag 14 april 2027 om 09:00.');
    const data = actionData(card, 'meeting.verslag.corrigeren');
    const markdown = String(inputsOf(card).markdown).replace(
      'Alfa levert de cijfers aan.',
      'Alfa en Beta leveren de cijfers aan.',
    );

    const noReason = await send(world.admin, 'meeting.verslag.corrigeren', { ...data, markdown, reason: '' });
    expect(cardText(noReason)).toContain('De reden van de correctie is verplicht.');
    expect(
      cardText(
        await send(world.contacts.alfa, 'meeting.verslag.corrigeren', {
          ...data,
          markdown,
          reason: 'Beta vergeten.',
        }),
      ),
    ).toContain('U heeft geen toestemming');

    bot.connector.reset();
    const corrected = await send(world.admin, 'meeting.verslag.corrigeren', {
      ...data,
      markdown,
      reason: 'Beta levert ook cijfers aan; dat ontbrak.',
    });
    expect(cardText(corrected)).toContain('Versie 2 van het verslag is vastgelegd');
    expect(cardText(corrected)).toContain('Versie 2: gecorrigeerd op zondag 2 mei 2027 om 10:00.');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-verslag-v2`);
    const sent = cardText(lastCardTo(world.contacts.delta));
    expect(sent).toContain('Gecorrigeerde versie 2. Reden: Beta levert ook cijfers aan; dat ontbrak.');
    expect(sent).toContain('Alfa en Beta leveren de cijfers aan.');

    await send(world.admin, 'publicaties.publiceren', { kind: 'verslag', sourceId: meetingId });
    const html = await page(`/openbaar/verslagen/${meetingId}`);
    expect(html).toContain('Alfa en Beta leveren de cijfers aan.');
    expect(html).toContain('Versie 1: vastgesteld op woensdag 14 april 2027 om 09:00.');
    expect(html).toMatch(
      /Versie 2: gecorrigeerd op [^<]*2 mei 2027[^<]*\.\s*Reden: Beta levert ook cijfers aan; dat ontbrak\./,
    );
  });

  it('records every step in the audit trail, with ids and no names', async () => {
    const entries = await bot.bot.registry.audit.stream(`meeting-${meetingId}`);
    expect(entries.map((e) => e.action)).toEqual([
      'verslag.ter-inzage',
      'verslag.commentaar',
      'verslag.commentaar',
      'verslag.commentaar-verwerkt',
      'verslag.commentaar-verwerkt',
      'verslag.vastgesteld',
      'verslag.gecorrigeerd',
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Contact alfa|anna@alfa/);
  });
});
