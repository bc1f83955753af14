import { ConfigError, EMAIL_RATE_DEFAULTS, loadConfig } from '../../../src/config/config';
import { emailWindows } from '../../../src/delivery/email/createEmailChannel';

const LOCAL = { LOCAL_MODE: 'true' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...LOCAL, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('e-mail configuration', () => {
  it('is off unless chosen', () => {
    expect(loadConfig(LOCAL).email).toEqual({ transport: 'none' });
    expect(loadConfig({ ...LOCAL, EMAIL_TRANSPORT: 'none' }).email).toEqual({ transport: 'none' });
  });

  it('reads an SMTP relay with STARTTLS by default, and TLS on 465', () => {
    const relay = loadConfig({
      ...LOCAL,
      EMAIL_TRANSPORT: 'smtp',
      EMAIL_FROM: 'tafelbot@gemeente.example',
      SMTP_HOST: 'relay.gemeente.example',
      SMTP_USER: 'tafelbot',
      SMTP_PASSWORD: 'geheim',
    }).email;
    expect(relay).toMatchObject({
      transport: 'smtp',
      from: 'tafelbot@gemeente.example',
      fromName: 'Tafelbot',
      ratePerMinute: EMAIL_RATE_DEFAULTS.smtp.perMinute,
      smtp: { host: 'relay.gemeente.example', port: 587, security: 'starttls', user: 'tafelbot' },
    });
    const tls = loadConfig({
      ...LOCAL,
      EMAIL_TRANSPORT: 'smtp',
      EMAIL_FROM: 'a@b.nl',
      SMTP_HOST: 'h',
      SMTP_PORT: '465',
    }).email;
    expect(tls).toMatchObject({ smtp: { port: 465, security: 'tls' } });
  });

  it('reads ACS with the documented default rate of an Azure managed domain', () => {
    const acs = loadConfig({
      ...LOCAL,
      EMAIL_TRANSPORT: 'acs',
      EMAIL_FROM: 'DoNotReply@0a1b2c3d.azurecomm.net',
      ACS_ENDPOINT: 'https://acs-tafelbot.europe.communication.azure.com',
    }).email;
    expect(acs).toMatchObject({ transport: 'acs', ratePerMinute: 5, ratePerHour: 10 });
    expect(
      loadConfig({
        ...LOCAL,
        EMAIL_TRANSPORT: 'acs',
        EMAIL_FROM: 'DoNotReply@x.azurecomm.net',
        ACS_ENDPOINT: 'https://a.communication.azure.com',
        EMAIL_RATE_PER_MINUTE: '30',
        EMAIL_RATE_PER_HOUR: '100',
      }).email,
    ).toMatchObject({ ratePerMinute: 30, ratePerHour: 100 });
  });

  it('names every missing or malformed variable', () => {
    expect(problemsOf({ EMAIL_TRANSPORT: 'smtp' })).toEqual([
      expect.stringContaining('EMAIL_FROM is required'),
      'SMTP_HOST is required when EMAIL_TRANSPORT is smtp',
    ]);
    expect(problemsOf({ EMAIL_TRANSPORT: 'post' })).toEqual([
      expect.stringContaining('EMAIL_TRANSPORT must be'),
    ]);
    const problems = problemsOf({
      EMAIL_TRANSPORT: 'smtp',
      EMAIL_FROM: 'geen-adres',
      SMTP_HOST: 'h',
      SMTP_PORT: 'x',
      SMTP_SECURITY: 'ssl',
      SMTP_USER: 'u',
      EMAIL_RATE_PER_MINUTE: '0',
      EMAIL_RATE_PER_HOUR: '-1',
    }).join('\n');
    for (const name of [
      'EMAIL_FROM',
      'SMTP_PORT',
      'SMTP_SECURITY',
      'SMTP_PASSWORD',
      'EMAIL_RATE_PER_MINUTE',
      'EMAIL_RATE_PER_HOUR',
    ])
      expect(problems).toContain(name);
    expect(
      problemsOf({ EMAIL_TRANSPORT: 'acs', EMAIL_FROM: 'a@b.nl', ACS_ENDPOINT: 'http://x' }).join(),
    ).toContain('ACS_ENDPOINT must be the https address');
  });

  it('refuses a password over an unencrypted connection outside local mode', () => {
    const GUID = '12345678-1234-1234-1234-123456789abc';
    let problems: string[] = [];
    try {
      loadConfig({
        BOT_ID: GUID,
        BOT_TENANT_ID: GUID,
        ALLOWED_TENANT_IDS: GUID,
        COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
        EMAIL_TRANSPORT: 'smtp',
        EMAIL_FROM: 'a@b.nl',
        SMTP_HOST: 'relay',
        SMTP_SECURITY: 'none',
        SMTP_USER: 'u',
        SMTP_PASSWORD: 'p',
      });
    } catch (error) {
      problems = [...(error as ConfigError).problems];
    }
    expect(problems).toEqual([expect.stringContaining('SMTP_SECURITY=none with SMTP_USER')]);
  });

  it('shares the rate between the sending slots', () => {
    expect(emailWindows(30, 100, 1)).toEqual([
      { limit: 30, windowMs: 62_000 },
      { limit: 100, windowMs: 3_602_000 },
    ]);
    expect(emailWindows(5, 10, 2)).toEqual([
      { limit: 2, windowMs: 62_000 },
      { limit: 5, windowMs: 3_602_000 },
    ]);
    expect(emailWindows(60, 0, 1)).toEqual([{ limit: 60, windowMs: 62_000 }]);
  });
});
