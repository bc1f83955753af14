import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AcsTransport, operationIdFor } from '../../../src/delivery/email/acsTransport';
import { EmailSendError } from '../../../src/delivery/email/emailTransport';

/**
 * The ACS transport against a fake Azure Communication Services e-mail API on 127.0.0.1: the request it sends
 * (sender, recipient, content, headers, the deterministic operation id, no engagement tracking), the
 * long-running operation it follows to the end, and how 429 and a failed operation are classified. The fake
 * takes a key credential (HMAC) because the SDK allows bearer tokens over https only; the bot itself always
 * uses its managed identity.
 */

interface Received {
  readonly operationId: string | undefined;
  readonly body: {
    senderAddress: string;
    recipients: { to: Array<{ address: string }> };
    content: { subject: string; plainText: string; html: string };
    headers?: Record<string, string>;
    userEngagementTrackingDisabled?: boolean;
  };
}

async function startFakeAcs(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const outcome = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/emails:send') {
        if (!req.headers.authorization?.startsWith('HMAC-SHA256'))
          return json(401, { error: { code: 'Denied' } });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
        const operationId = req.headers['operation-id'] as string | undefined;
        received.push({ operationId, body });
        const to = body.recipients.to[0]?.address ?? '';
        if (to.startsWith('druk'))
          return json(
            429,
            { error: { code: 'TooManyRequests', message: 'slow down' } },
            { 'retry-after': '30' },
          );
        const id = operationId ?? 'op';
        outcome.set(id, to.startsWith('weg') ? 'Failed' : 'Succeeded');
        return json(
          202,
          { id, status: 'Running' },
          {
            'operation-location': `http://${req.headers.host}/emails/operations/${id}?api-version=2025-09-01`,
          },
        );
      }
      const poll = /^\/emails\/operations\/(.+)$/.exec(url.pathname);
      if (req.method === 'GET' && poll) {
        const id = poll[1]!;
        const status = outcome.get(id) ?? 'Failed';
        return json(200, {
          id,
          status,
          ...(status === 'Failed'
            ? {
                error: {
                  code: 'EmailDroppedAllRecipientsSuppressed',
                  message: 'weg@zorg.example is suppressed',
                },
              }
            : {}),
        });
      }
      json(404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the Azure Communication Services transport', () => {
  let acs: Awaited<ReturnType<typeof startFakeAcs>>;
  let transport: AcsTransport;
  const email = (to: string) => ({
    to,
    subject: 'Uitnodiging',
    text: 'Hallo',
    html: '<p>Hallo</p>',
    lang: 'nl' as const,
    idempotencyKey: `ronde-2027.${to}`,
    submittedAt: new Date('2026-12-05T10:00:00Z'),
  });

  beforeAll(async () => {
    acs = await startFakeAcs();
    transport = new AcsTransport(
      {
        endpoint: acs.url,
        from: 'DoNotReply@abc.azurecomm.net',
        managedIdentityClientId: undefined,
        pollIntervalMs: 5,
      },
      { key: Buffer.from('test-key').toString('base64') },
    );
  });
  afterAll(() => acs.close());

  it('sends one message to one recipient from the domain sender, and follows the operation to Succeeded', async () => {
    const sent = await transport.send(email('anna@zorg.example'));
    const request = acs.received.at(-1)!;
    expect(request.operationId).toBe(operationIdFor('ronde-2027.anna@zorg.example'));
    expect(request.operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent.messageId).toBe(request.operationId);
    expect(request.body).toMatchObject({
      senderAddress: 'DoNotReply@abc.azurecomm.net',
      recipients: { to: [{ address: 'anna@zorg.example' }] },
      content: { subject: 'Uitnodiging', plainText: 'Hallo', html: '<p>Hallo</p>' },
      headers: { 'Content-Language': 'nl' },
      userEngagementTrackingDisabled: true,
    });
    // The same recipient of the same broadcast is the same operation (a resend after a crash).
    expect(operationIdFor('ronde-2027.anna@zorg.example')).toBe(request.operationId);
  });

  it('classifies 429 as throttling with its Retry-After, without retrying inside the SDK', async () => {
    const before = acs.received.length;
    const error = await transport.send(email('druk@zorg.example')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailSendError);
    expect((error as EmailSendError).failure).toMatchObject({
      code: 'throttled',
      status: 429,
      retryAfterMs: 30_000,
    });
    expect(acs.received.length - before).toBe(1);
  });

  it('records an operation that ends Failed as a refusal, without the address', async () => {
    const error = (await transport
      .send(email('weg@zorg.example'))
      .catch((e: unknown) => e)) as EmailSendError;
    expect(error.failure.code).toBe('rejected');
    expect(error.failure.detail).toContain('EmailDroppedAllRecipientsSuppressed');
    expect(error.failure.detail).not.toContain('@');
  });
});
