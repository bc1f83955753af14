import { createLogger } from '../../src/observability/logger';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { EMAILS, NAMES, ROLES, startSecurityWorld, type SecurityWorld } from '../support/securityWorld';
import { OTHER_TENANT, actionExecuteActivity } from '../support/activities';

/**
 * Issue 9: logs carry ids, never names, e-mail addresses or phone numbers. The real bot runs a few ordinary and
 * a few failing flows with a logger that keeps every line; none of them may contain personal data from the
 * registry, from the forms, or the names Teams gives its users.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z');
const PHONE = '06-98765432';

describe('logs without personal data', () => {
  let world: SecurityWorld;
  const lines: string[] = [];

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '0', {
      logger: createLogger('debug', { service: 'tafelbot' }, (line) => lines.push(line)),
    });
  });
  afterAll(() => world.stop());

  it('logs ids only, through ordinary flows, refusals, tampering and failures', async () => {
    // Ordinary work: the registry, a voorstel, a signaal, help and profile for everyone.
    await world.invoke('gemeente', 'registry.person.save', {
      name: 'Nieuwe Collega',
      email: 'nieuwe.collega@gemeente.example',
      phone: PHONE,
      organisationId: 'org-gemeente',
      role: 'vervanger',
      isAdmin: 'nee',
    });
    await world.invoke('lid-contactpersoon', 'voorstel.submit', {
      title: 'Reistijd declarabel',
      summary: 'Reistijd wordt apart gedeclareerd.',
      text: `Bel mij: ${PHONE} of mail ${EMAILS['lid-contactpersoon']}.`,
      link: '',
      type: 'contractwijziging',
      percelen: '1',
      origin: 'overlegtafel',
      organisationId: 'org-alfa',
    });
    await world.invoke('niet-lid-aanbieder', 'signaal.indienen', {
      organisationId: 'org-gamma',
      sentiment: 'negatief',
      onderwerp: 'bedrijfsvoering',
      perceel: 'geen',
      text: `Namens ${NAMES['niet-lid-aanbieder']}: de tarieven dekken de reistijd niet.`,
      confidential: 'true',
    });
    for (const role of ROLES) {
      await world.say(role, 'help');
      await world.say(role, 'profiel');
    }
    // Refusals, tampering and a duplicate e-mail address (a conflict on the identity document, named by address).
    await world.invoke('lid-vervanger', 'registry.overview', {});
    await world.invoke('gemeente', 'registry.person.save', {
      name: 'Dubbel',
      email: EMAILS['lid-vervanger'],
      organisationId: 'org-alfa',
      role: 'contactpersoon',
      isAdmin: 'nee',
    });
    await world.invoke('lid-contactpersoon', 'voorstel.show', { voorstelId: EMAILS['lid-contactpersoon'] });
    await world.invoke('lid-contactpersoon', `verb.of.${EMAILS['lid-contactpersoon']}`, {});
    await world.bot.post(
      actionExecuteActivity({
        serviceUrl: world.bot.connector.serviceUrl,
        user: world.users['lid-contactpersoon'],
        tenantId: OTHER_TENANT,
        verb: 'help.show',
      }),
    );
    await world.bot.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      from: world.users.onbekend,
      value: 7,
    });
    // Delivery: the gemeente is told of the signaal; someone without a Teams conversation cannot be reached.
    const deliveries = new DeliveryRepository(world.bot.bot.db);
    for (let round = 0; round < 20 && (await deliveries.activeBroadcastIds()).length > 0; round++) {
      await world.bot.bot.deliveryWorker.runOnce();
      world.now = new Date(world.now.getTime() + 60_000);
    }
    await world.bot.bot.services.scheduler.runDue();

    expect(lines.length).toBeGreaterThan(5);
    const personal = [
      ...Object.values(EMAILS),
      ...Object.values(NAMES),
      'nieuwe.collega@gemeente.example',
      'Nieuwe Collega',
      PHONE,
      // The display names Teams sends with every activity.
      ...ROLES.map((role) => world.users[role].name),
    ];
    const leaks = lines.filter((line) => personal.some((p) => line.includes(p)));
    expect(leaks).toEqual([]);
    // The tampered verb with an e-mail address in it was logged, with the address masked.
    expect(lines.some((line) => line.includes('unknown card action') && line.includes('[e-mail]'))).toBe(true);
  });
});
