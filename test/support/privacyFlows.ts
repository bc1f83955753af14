import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { OTHER_TENANT, actionExecuteActivity } from './activities';
import { EMAILS, NAMES, ROLES, type SecurityWorld } from './securityWorld';

/**
 * The flows of test/e2e/logs.privacy.test.ts (issue 9), for the telemetry privacy test (issue 17): ordinary work,
 * refusals, tampering with personal data in it, a duplicate e-mail address, and the delivery worker and the
 * scheduler. The same steps as that test, which keeps its own copy.
 */

export const FLOWS_START = new Date('2027-03-10T09:00:00.000Z');
export const PHONE = '06-98765432';
const NEW_COLLEAGUE = { name: 'Nieuwe Collega', email: 'nieuwe.collega@gemeente.example' };

/** Runs the flows; answers every personal text they put in (names, addresses, a phone number). */
export async function runPrivacyFlows(world: SecurityWorld): Promise<string[]> {
  await world.invoke('gemeente', 'registry.person.save', {
    ...NEW_COLLEAGUE,
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
  await world.bot.post({ type: 'invoke', name: 'adaptiveCard/action', from: world.users.onbekend, value: 7 });
  const deliveries = new DeliveryRepository(world.bot.bot.db);
  for (let round = 0; round < 20 && (await deliveries.activeBroadcastIds()).length > 0; round++) {
    await world.bot.bot.deliveryWorker.runOnce();
    world.now = new Date(world.now.getTime() + 60_000);
  }
  await world.bot.bot.services.scheduler.runDue();

  return [
    ...Object.values(EMAILS),
    ...Object.values(NAMES),
    NEW_COLLEAGUE.email,
    NEW_COLLEAGUE.name,
    PHONE,
    // The display names Teams sends with every activity.
    ...ROLES.map((role) => world.users[role].name),
  ];
}
