import { ConfigError, loadConfig } from '../../../src/config/config';

const GUID = '12345678-1234-1234-1234-123456789abc';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('configuration', () => {
  it('refuses to start without a bot identity unless local mode is explicit', () => {
    expect(problemsOf({})).toEqual([
      expect.stringContaining('BOT_ID is missing'),
      'COSMOS_ENDPOINT is required outside local mode',
    ]);
  });

  it('binds local mode to loopback and refuses a network address', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).host).toBe('127.0.0.1');
    expect(problemsOf({ LOCAL_MODE: 'true', HOST: '0.0.0.0' })).toEqual([
      expect.stringContaining('HOST must be a loopback address'),
    ]);
  });

  it('names each missing or malformed variable of a real deployment', () => {
    const problems = problemsOf({
      BOT_ID: 'not-a-guid',
      BOT_TYPE: 'SingleTenant',
      COSMOS_ENDPOINT: 'http://x',
      ALLOWED_TENANT_IDS: 'abc',
      ADMIN_EMAILS: 'nope',
      PORT: '99999',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/BOT_ID must be a GUID/);
    expect(problems.join('\n')).toMatch(/BOT_TENANT_ID is required/);
    expect(problems.join('\n')).toMatch(/BOT_PASSWORD is required/);
    expect(problems.join('\n')).toMatch(/COSMOS_ENDPOINT must be an https URL/);
    expect(problems.join('\n')).toMatch(/ALLOWED_TENANT_IDS contains "abc"/);
    expect(problems.join('\n')).toMatch(/ADMIN_EMAILS contains "nope"/);
  });

  it('requires a tenant allow-list with a bot identity, and forbids demo mode outside local mode', () => {
    expect(
      problemsOf({
        BOT_ID: GUID,
        BOT_TENANT_ID: GUID,
        COSMOS_ENDPOINT: 'https://acc.documents.azure.com:443/',
      }),
    ).toEqual([expect.stringContaining('ALLOWED_TENANT_IDS is required')]);
    expect(
      problemsOf({
        BOT_ID: GUID,
        BOT_TENANT_ID: GUID,
        COSMOS_ENDPOINT: 'https://a.documents.azure.com/',
        ALLOWED_TENANT_IDS: GUID,
        DEMO_MODE: 'true',
      }),
    ).toEqual(['DEMO_MODE is only allowed together with LOCAL_MODE=true']);
  });

  it('accepts a managed-identity deployment and uses the bot identity for Cosmos', () => {
    const config = loadConfig({
      BOT_ID: GUID,
      BOT_TENANT_ID: GUID,
      COSMOS_ENDPOINT: 'https://a.documents.azure.com:443/',
      ALLOWED_TENANT_IDS: GUID,
      ADMIN_EMAILS: 'A@b.nl',
    });
    expect(config.host).toBe('0.0.0.0');
    expect(config.cosmos.managedIdentityClientId).toBe(GUID);
    expect(config.cosmos.key).toBeUndefined();
    expect(config.adminEmails).toEqual(['a@b.nl']);
  });

  it('reads the optional publisher of the public statements and names a malformed one', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).publicPublisher).toEqual({
      name: undefined,
      contactEmail: undefined,
    });
    expect(
      loadConfig({
        LOCAL_MODE: 'true',
        PUBLIC_PUBLISHER_NAME: ' Gemeente Voorbeeld ',
        PUBLIC_CONTACT_EMAIL: 'privacy@voorbeeld.example',
      }).publicPublisher,
    ).toEqual({ name: 'Gemeente Voorbeeld', contactEmail: 'privacy@voorbeeld.example' });
    expect(
      problemsOf({
        LOCAL_MODE: 'true',
        PUBLIC_PUBLISHER_NAME: `Gemeente\nVoorbeeld`,
        PUBLIC_CONTACT_EMAIL: 'privacy at voorbeeld',
      }),
    ).toEqual([
      'PUBLIC_PUBLISHER_NAME must be one line of at most 120 characters',
      'PUBLIC_CONTACT_EMAIL "privacy at voorbeeld" is not an e-mail address',
    ]);
    expect(problemsOf({ LOCAL_MODE: 'true', PUBLIC_PUBLISHER_NAME: 'x'.repeat(121) })).toEqual([
      'PUBLIC_PUBLISHER_NAME must be one line of at most 120 characters',
    ]);
    expect(
      loadConfig({ LOCAL_MODE: 'true', PUBLIC_REGION_NAME: 'Rivierenland' }).publicPublisher.region,
    ).toBe('Rivierenland');
    expect(problemsOf({ LOCAL_MODE: 'true', PUBLIC_LOGO_FILE: '/srv/logo.gif' })).toEqual([
      'PUBLIC_LOGO_FILE must be a .png or .svg file',
    ]);
    expect(problemsOf({ LOCAL_MODE: 'true', PUBLIC_REGION_NAME: 'Rivieren\nland' })).toEqual([
      'PUBLIC_REGION_NAME must be one line of at most 120 characters',
    ]);
  });
});
