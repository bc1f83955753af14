import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import type { DeliveryWorker } from '../../src/delivery/deliveryWorker';
import { personIdFor } from '../../src/domain/registry/registry';
import type { RegistryRepository } from '../../src/storage/registryRepository';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { DEFAULT_TENANT } from './activities';

/** People with saved 1:1 conversations on the fake Teams service, for delivery tests and benches. */
export async function createRecipients(
  registry: RegistryRepository,
  serviceUrl: string,
  count: number,
  options: {
    prefix?: string;
    withConversation?: (i: number) => boolean;
    withAadObjectId?: (i: number) => boolean;
  } = {},
): Promise<string[]> {
  const prefix = options.prefix ?? 'ontvanger';
  const ids: string[] = [];
  const batch = 25;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
        const i = start + k;
        const email = `${prefix}-${i}@aanbieder.example`;
        const aadObjectId = options.withAadObjectId?.(i) === false ? null : `aad-${prefix}-${i}`;
        await registry.createPerson(
          { name: `Ontvanger ${i}`, email, phone: null, aadObjectId, memberships: [], isAdmin: false },
          null,
        );
        if (aadObjectId && options.withConversation?.(i) !== false) {
          await registry.saveTeamsUser(aadObjectId, undefined, {
            personId: personIdFor(email),
            tenantId: DEFAULT_TENANT,
            reference: {
              channelId: 'msteams',
              serviceUrl,
              conversation: {
                id: `a:conv-${prefix}-${i}`,
                conversationType: 'personal',
                tenantId: DEFAULT_TENANT,
              },
              user: { id: `29:${aadObjectId}`, aadObjectId },
              bot: { id: '28:tafelbot' },
            },
          });
        }
        ids[i] = personIdFor(email);
      }),
    );
  }
  return ids;
}

/** Runs the worker until the broadcast is done (or the time runs out). */
export async function drain(
  worker: DeliveryWorker,
  db: TafelbotDatabase,
  broadcastId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deliveries = new DeliveryRepository(db);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await worker.runOnce();
    if ((await deliveries.getJob(broadcastId))?.value.status === 'done') return;
  }
  throw new Error(`Broadcast ${broadcastId} did not finish within ${timeoutMs} ms`);
}

export const simpleCard = (text: string) => ({
  card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] },
  text,
});
