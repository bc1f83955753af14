/**
 * The fake Teams service in a process of its own, so its clock and event loop are not shared with the sender
 * (as with the real service): the delivery bench measures against it. Controlled over IPC:
 *   { type: 'faults', share429, share503, retryAfterSeconds, seed } | { type: 'stats' } | { type: 'reset' }
 */
import { seededRandom, startFakeConnector } from './fakeConnector';

async function main(): Promise<void> {
  const connector = await startFakeConnector();
  connector.enforceLimits = true;
  process.on(
    'message',
    (message: {
      type: string;
      share429?: number;
      share503?: number;
      retryAfterSeconds?: number;
      seed?: number;
    }) => {
      if (message.type === 'faults') {
        connector.faults = {
          share429: message.share429,
          share503: message.share503,
          retryAfterSeconds: message.retryAfterSeconds,
          random: seededRandom(message.seed ?? 1),
        };
      } else if (message.type === 'reset') {
        connector.reset();
      } else if (message.type === 'stats') {
        const delivered = connector.delivered();
        const times = connector.calls.map((c) => c.at);
        process.send?.({
          type: 'stats',
          calls: connector.calls.length,
          violations: connector.violations.length,
          deliveredConversations: delivered.size,
          deliveredIds: [...delivered.keys()],
          duplicates: [...delivered.values()].filter((n) => n > 1).length,
          first: times.length ? Math.min(...times) : 0,
          last: times.length ? Math.max(...times) : 0,
        });
      }
    },
  );
  process.send?.({ type: 'ready', serviceUrl: connector.serviceUrl });
  process.on('disconnect', () => process.exit(0));
}

void main();
