import { createTransport, type Transporter } from 'nodemailer';
import { classifySmtpReply } from '../../domain/delivery/emailFailure';
import { EmailSendError, type EmailTransport, type OutgoingEmail } from './emailTransport';

/**
 * SMTP through nodemailer: a gemeente's relay (STARTTLS on 587 or TLS on 465, optionally with a login) or
 * MailDev in the local trial. One message per recipient, so one refused address never holds up another, and
 * the server's answer (4xx temporary, 5xx permanent) is recorded for exactly that recipient.
 */

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** tls: TLS from the first byte (465); starttls: upgrade required (587); none: plain (local relays only). */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly from: string;
  readonly fromName: string;
}

interface SmtpErrorShape {
  readonly responseCode?: number;
  readonly response?: string;
  readonly code?: string;
  readonly message?: string;
}

export class SmtpTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transporter = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      // nodemailer logs envelopes (addresses) when asked; it must never be asked.
      logger: false,
      debug: false,
    });
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const messageId = `<${email.idempotencyKey}@tafelbot>`;
    try {
      await this.transporter.sendMail({
        from: { name: this.settings.fromName, address: this.settings.from },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId,
        date: email.submittedAt,
        headers: { 'Content-Language': email.lang, 'Auto-Submitted': 'auto-generated' },
      });
      return { messageId };
    } catch (error) {
      const e = error as SmtpErrorShape;
      // The server's own text only (never nodemailer's message, which may quote the envelope).
      const detail = e.response ?? e.code ?? 'SMTP';
      throw new EmailSendError(classifySmtpReply(e.responseCode, detail));
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
