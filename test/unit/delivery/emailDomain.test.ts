import { renderCard } from '../../../src/cards/renderCard';
import { escapeCardText } from '../../../src/cards/renderCard';
import { afterTeamsFailure, channelForAttempt } from '../../../src/domain/delivery/channel';
import {
  cardBlocks,
  composeEmail,
  parseCardMarkdown,
  subjectOf,
  teamsChatUrl,
  type EmailStrings,
} from '../../../src/domain/delivery/emailContent';
import {
  addressProblem,
  classifyAcsFailure,
  classifySmtpReply,
  isRetriableEmailFailure,
  stripAddresses,
} from '../../../src/domain/delivery/emailFailure';
import { EmailDeferred } from '../../../src/delivery/email/emailChannel';
import { settleEmail } from '../../../src/delivery/email/emailOutcome';
import { EmailSendError } from '../../../src/delivery/email/emailTransport';
import { cardSamples } from '../../support/cardSamples';

const strings: EmailStrings = {
  greeting: 'Beste {name},',
  intro: 'Intro.',
  openInTeams: 'Open in Teams',
  openPublic: 'Openbaar',
  whyEmail: 'Waarom.',
  footer: 'Vragen?',
};

describe('the channel decision', () => {
  const context = { attempts: 1, maxAttempts: 6, emailEnabled: true };
  it('starts on Teams and stays on e-mail once chosen', () => {
    expect(channelForAttempt(undefined)).toBe('teams');
    expect(channelForAttempt(null)).toBe('teams');
    expect(channelForAttempt('email')).toBe('email');
  });
  it('falls back to e-mail when Teams has no route or refuses for good', () => {
    for (const status of [0, 400, 403, 404])
      expect(afterTeamsFailure({ status, retryAfterMs: undefined, reason: '' }, context)).toEqual({
        next: 'email',
      });
  });
  it('retries Teams for throttling and outages, and goes to e-mail when the attempts run out', () => {
    for (const status of [429, 412, 502, 503, 504, undefined])
      expect(afterTeamsFailure({ status, retryAfterMs: undefined, reason: '' }, context)).toEqual({
        next: 'retry',
      });
    expect(
      afterTeamsFailure({ status: 503, retryAfterMs: undefined, reason: '' }, { ...context, attempts: 6 }),
    ).toEqual({ next: 'email' });
  });
  it('fails as before when e-mail is off', () => {
    expect(
      afterTeamsFailure(
        { status: 0, retryAfterMs: undefined, reason: '' },
        { ...context, emailEnabled: false },
      ),
    ).toEqual({ next: 'fail' });
  });
});

describe('e-mail failures', () => {
  it('treats SMTP 4xx as temporary and 5xx as permanent, and forgets the quoted address', () => {
    const deferred = classifySmtpReply(451, '4.7.1 <anna@alfa.example> greylisted');
    expect(deferred).toMatchObject({ code: 'temporary', status: 451 });
    expect(isRetriableEmailFailure(deferred)).toBe(true);
    const refused = classifySmtpReply(550, '5.1.1 <anna@alfa.example>: User unknown');
    expect(refused).toMatchObject({ code: 'rejected', status: 550 });
    expect(refused.detail).not.toContain('@');
    expect(isRetriableEmailFailure(refused)).toBe(false);
    expect(classifySmtpReply(undefined, 'ECONNREFUSED').code).toBe('unreachable');
  });
  it('retries ACS throttling and outages, not a refusal', () => {
    expect(classifyAcsFailure(429, 'TooManyRequests', 60_000)).toMatchObject({
      code: 'throttled',
      retryAfterMs: 60_000,
    });
    expect(classifyAcsFailure(503, 'x', undefined).code).toBe('unreachable');
    expect(classifyAcsFailure(400, 'Failed: EmailDroppedAllRecipientsSuppressed', undefined).code).toBe(
      'rejected',
    );
  });
  it('checks addresses plainly', () => {
    expect(addressProblem('')?.code).toBe('no-address');
    expect(addressProblem(null)?.code).toBe('no-address');
    for (const bad of [
      'anna',
      'anna@',
      '@alfa.nl',
      'anna@@alfa.nl',
      'anna@alfa',
      'an na@alfa.nl',
      'a@b.c',
      'x@y.nl\r\nBcc: z@q.nl',
    ])
      expect(addressProblem(bad)?.code).toBe('malformed-address');
    for (const good of ['anna@alfa.nl', 'a.b+c@zorg-x.example.org', "o'brien@zorg.ie"])
      expect(addressProblem(good)).toBeUndefined();
    expect(stripAddresses('mailbox anna@alfa.nl full')).toBe('mailbox … full');
  });
});

describe('the e-mail made from a card', () => {
  const hostile =
    '<script>alert(1)</script> **vet** [klik](https://evil.example) <img src=x onerror=alert(1)>';
  const card = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: `Uitnodiging van ${escapeCardText(hostile)}`, wrap: true },
      {
        type: 'TextBlock',
        text: 'Lees **dit** op [de site](https://tafelbot.example/openbaar).',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: [
          { title: 'Deadline', value: 'vrijdag 15 januari 2027, 17:00' },
          { title: 'Perceel', value: escapeCardText('3 & 4 <b>') },
        ],
      },
      { type: 'Input.Text', id: 'motivatie', placeholder: 'INPUT-PLACEHOLDER' },
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'ACTION-TITLE' }] },
      { type: 'Container', id: 'vertrouwelijk-1', items: [{ type: 'TextBlock', text: 'GEHEIM-KOSTPRIJS' }] },
      { type: 'TextBlock', text: 'HIDDEN-TEXT', isVisible: false },
      {
        type: 'ColumnSet',
        columns: [{ type: 'Column', items: [{ type: 'TextBlock', text: 'In een kolom' }] }],
      },
    ],
    actions: [{ type: 'Action.Submit', title: 'SUBMIT-TITLE' }],
  };

  const email = composeEmail({
    title: 'Uitnodiging Overlegtafel 2027',
    card,
    strings,
    recipientName: 'Anna <de Vries>',
    teamsChatUrl: teamsChatUrl('00000000-0000-0000-0000-0000000000b0'),
    publicUrl: 'https://tafelbot.example/openbaar/samenstelling',
    lang: 'nl',
  });

  it('carries the text, the facts and the deadline, in HTML and plain text', () => {
    expect(email.subject).toBe('Uitnodiging Overlegtafel 2027');
    expect(email.text).toContain('Deadline: vrijdag 15 januari 2027, 17:00');
    expect(email.text).toContain('In een kolom');
    expect(email.text).toContain('Lees dit op de site (https://tafelbot.example/openbaar).');
    expect(email.html).toContain('<strong>dit</strong>');
    expect(email.html).toContain('<a href="https://tafelbot.example/openbaar">de site</a>');
    expect(email.html).toContain('vrijdag 15 januari 2027, 17:00');
    expect(email.html).toContain('<html lang="nl">');
  });

  it('gives the ways to act: the bot chat in Teams and the public page', () => {
    const deepLink = 'https://teams.microsoft.com/l/chat/0/0?users=28:00000000-0000-0000-0000-0000000000b0';
    expect(email.text).toContain(deepLink);
    expect(email.html).toContain(`href="${deepLink}"`);
    expect(email.text).toContain('https://tafelbot.example/openbaar/samenstelling');
  });

  it('leaves out inputs, actions, hidden and confidential elements', () => {
    for (const absent of [
      'INPUT-PLACEHOLDER',
      'ACTION-TITLE',
      'SUBMIT-TITLE',
      'GEHEIM-KOSTPRIJS',
      'HIDDEN-TEXT',
    ]) {
      expect(email.text).not.toContain(absent);
      expect(email.html).not.toContain(absent);
    }
  });

  it('shows user text literally: no markup, no links, no markdown from it', () => {
    expect(email.html).not.toMatch(/<script|<img|<b>|href="https:\/\/evil/);
    expect(email.html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; **vet** [klik](https://evil.example)',
    );
    expect(email.text).toContain('<script>alert(1)</script> **vet** [klik](https://evil.example)');
    expect(email.html).toContain('Beste Anna &lt;de Vries&gt;,');
    expect(email.html).toContain('3 &amp; 4 &lt;b&gt;');
  });

  it('keeps a subject to one line', () => {
    expect(subjectOf('Regel\r\nBcc: x@y.nl')).toBe('Regel Bcc: x@y.nl');
    expect(subjectOf(escapeCardText('**niet vet**'))).toBe('**niet vet**');
  });

  it('parses card markdown: escapes literal, only https links', () => {
    expect(parseCardMarkdown('[a](javascript:alert(1))').map((s) => s.href)).toEqual([undefined]);
    expect(parseCardMarkdown('\\*\\*x\\*\\*')).toEqual([{ text: '**x**', bold: false }]);
  });

  it('never carries the confidential parts of a voorstel card', () => {
    const withConfidential = cardSamples.voorstelCard![1]!;
    const rendered = renderCard('voorstelCard', 'en', withConfidential);
    expect(JSON.stringify(rendered)).toContain('Kostprijs'); // the card (for the submitter) shows them
    const blocks = JSON.stringify(cardBlocks(rendered));
    expect(blocks).not.toContain('Kostprijs');
  });
});

describe('what an e-mail attempt means for the ledger', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };
  const recipient = { attempts: 2 } as Parameters<typeof settleEmail>[1];
  const temporary = new EmailSendError(classifySmtpReply(451, '4.7.1 try later'));

  it('retries a temporary failure with back-off, and fails it once the attempts are used up', () => {
    const retry = settleEmail({ ok: false, error: temporary }, recipient, policy, 1_000, () => 0.5);
    expect(retry).toMatchObject({ kind: 'retry', change: { status: 'pending' } });
    const last = settleEmail(
      { ok: false, error: temporary },
      { ...recipient, attempts: 6 },
      policy,
      1_000,
      () => 0.5,
    );
    expect(last).toMatchObject({
      kind: 'failed',
      change: { status: 'failed', channel: 'email', failureCode: 'email.temporary', failureStatus: 451 },
    });
    expect(last.change.failure).toContain('De mailserver stelde de e-mail steeds uit (451)');
  });

  it('gives a deferred recipient its attempt back and waits for its slot', () => {
    const deferred = settleEmail(
      { ok: false, error: new EmailDeferred(90_000) },
      recipient,
      policy,
      1_000,
      Math.random,
    );
    expect(deferred).toEqual({
      kind: 'deferred',
      change: { status: 'pending', attempts: 1, notBefore: new Date(90_000).toISOString() },
    });
  });

  it('treats an unexpected error as the service being unreachable, which is retried', () => {
    expect(
      settleEmail({ ok: false, error: new Error('socket hang up') }, recipient, policy, 0, () => 0),
    ).toMatchObject({
      kind: 'retry',
      failure: { code: 'unreachable' },
    });
  });
});
