import { EmailDeferred, EmailChannel } from '../../../src/delivery/email/emailChannel';
import type { EmailRateDocument, EmailRateStore } from '../../../src/delivery/email/emailRateStore';
import type { EmailTransport } from '../../../src/delivery/email/emailTransport';
import { StaleDocumentError } from '../../../src/storage/documentStore';
import type { RegistryRepository } from '../../../src/storage/registryRepository';

/** The e-mail window per sending slot in a store: continued by the next holder, never more than the limit. */

function memoryStore(): EmailRateStore & { writes: number } {
  const docs = new Map<string, { value: EmailRateDocument; etag: string }>();
  let version = 0;
  const store = {
    writes: 0,
    async load(slot: string) {
      await Promise.resolve();
      return docs.get(slot);
    },
    async save(document: EmailRateDocument, etag: string | undefined) {
      await Promise.resolve();
      const current = docs.get(document.slot);
      if ((current?.etag ?? undefined) !== etag) throw new StaleDocumentError(document.id);
      const saved = { value: structuredClone(document), etag: `v${++version}` };
      docs.set(document.slot, saved);
      store.writes++;
      return saved;
    },
  };
  return store as unknown as EmailRateStore & { writes: number };
}

const registry = {
  async getPerson(id: string) {
    return { value: { id, name: id, email: `${id}@zorg.example`, aadObjectId: null }, etag: 'x' };
  },
  async getTeamsUser() {
    return undefined;
  },
} as unknown as RegistryRepository;

function channel(store: EmailRateStore, clock: { now: number }, sent: Array<{ to: string; at: number }>) {
  const transport: EmailTransport = {
    name: 'smtp',
    async send(email) {
      sent.push({ to: email.to, at: clock.now });
      await Promise.resolve();
      return { messageId: email.idempotencyKey };
    },
    async close() {},
  };
  return new EmailChannel({
    transport,
    registry,
    windows: [{ limit: 5, windowMs: 60_000 }],
    botAppId: undefined,
    publicBaseUrl: undefined,
    rateStore: store,
    maxWaitMs: 10_000,
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
  });
}

const delivery = (personId: string) => ({
  broadcastId: 'b',
  personId,
  title: 'Agenda',
  submittedAt: new Date('2026-12-05T10:00:00Z'),
  message: { card: { type: 'AdaptiveCard', version: '1.5', body: [] }, text: 'Agenda' },
});

async function outcome(c: EmailChannel, personId: string): Promise<'sent' | number> {
  try {
    await c.deliver(delivery(personId));
    return 'sent';
  } catch (error) {
    if (error instanceof EmailDeferred) return error.untilMs;
    throw error;
  }
}

describe('e-mail rate window in the store', () => {
  it('lets the next holder of the slot continue the window and reuse a deferred recipient’s reservation', async () => {
    const store = memoryStore();
    const clock = { now: 1_000_000 };
    const sent: Array<{ to: string; at: number }> = [];
    const first = channel(store, clock, sent);
    await first.bindSlot('delivery-slot-0');
    const results = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => outcome(first, p)));
    expect(results.filter((r) => r === 'sent')).toHaveLength(5);
    const reservedFor6 = results[5];
    expect(typeof reservedFor6).toBe('number');
    // Writes were grouped: fewer than one per reservation.
    expect(store.writes).toBeLessThan(6);

    // A new instance with an empty memory takes the slot over.
    clock.now += 1_000;
    const second = channel(store, clock, sent);
    await second.bindSlot('delivery-slot-0');
    expect(await outcome(second, 'p6')).toBe(reservedFor6);
    const p7 = await outcome(second, 'p7');
    expect(typeof p7).toBe('number');
    expect(p7 as number).toBeGreaterThanOrEqual(reservedFor6 as number);
    expect(sent).toHaveLength(5);
  });

  it('never exceeds the limit when the slot is taken back while lanes are reserving', async () => {
    const store = memoryStore();
    const clock = { now: 5_000_000 };
    const sent: Array<{ to: string; at: number }> = [];
    const c = channel(store, clock, sent);
    await c.bindSlot('delivery-slot-0');
    await Promise.all([
      ...['a1', 'a2', 'a3'].map((p) => outcome(c, p)),
      c.bindSlot('delivery-slot-0'),
      ...['a4', 'a5', 'a6', 'a7'].map((p) => outcome(c, p)),
    ]);
    const inWindow = sent.filter((s) => s.at < 5_000_000 + 60_000);
    expect(inWindow.length).toBeLessThanOrEqual(5);
  });
});
