import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on 127.0.0.1 (random port) that keeps every message it accepts, parsed with mailparser, so
 * tests assert what really arrived. It can refuse recipients the way relays do: 550 (permanent) for some
 * addresses, 451 (try again later) a number of times for others.
 */

export interface SmtpSink {
  readonly port: number;
  readonly messages: ParsedMail[];
  /** When each message of `messages` was accepted (ms since epoch), in the same order. */
  readonly receivedAt: number[];
  /** Addresses refused with 550. */
  readonly reject: Set<string>;
  /** Address -> how many more times to answer 451. */
  readonly defer: Map<string, number>;
  /** Every RCPT TO answered, in order: [address, reply code]. */
  readonly rcpt: Array<[string, number]>;
  to(address: string): ParsedMail[];
  reset(): void;
  close(): Promise<void>;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const receivedAt: number[] = [];
  const reject = new Set<string>();
  const defer = new Map<string, number>();
  const rcpt: Array<[string, number]> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (reject.has(to)) {
        rcpt.push([to, 550]);
        return callback(smtpError(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`));
      }
      const left = defer.get(to) ?? 0;
      if (left > 0) {
        defer.set(to, left - 1);
        rcpt.push([to, 451]);
        return callback(smtpError(451, '4.7.1 Greylisted, please try again later'));
      }
      rcpt.push([to, 250]);
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          receivedAt.push(Date.now());
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const addressesOf = (mail: ParsedMail): string[] =>
    (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((t) =>
      t.value.map((v) => (v.address ?? '').toLowerCase()),
    );
  return {
    port,
    messages,
    receivedAt,
    reject,
    defer,
    rcpt,
    to: (address) => messages.filter((m) => addressesOf(m).includes(address.toLowerCase())),
    reset() {
      messages.length = 0;
      receivedAt.length = 0;
      rcpt.length = 0;
      reject.clear();
      defer.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
