import { ConfigError, loadConfig } from '../../../src/config/config';

/** COSMOS_LOCAL_CA_FILE lets a local bot trust a loopback store started elsewhere; never with a real deployment. */
describe('COSMOS_LOCAL_CA_FILE', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  };

  it('is read in local mode with a store endpoint', () => {
    const config = loadConfig({
      LOCAL_MODE: 'true',
      COSMOS_ENDPOINT: 'https://127.0.0.1:8081/',
      COSMOS_KEY: 'key',
      COSMOS_LOCAL_CA_FILE: '/tmp/store-ca.pem',
    });
    expect(config.cosmos.localCaFile).toBe('/tmp/store-ca.pem');
  });

  it('is refused without local mode or without an endpoint', () => {
    const refusal = expect.stringContaining('COSMOS_LOCAL_CA_FILE is only for a local store');
    expect(problemsOf({ LOCAL_MODE: 'true', COSMOS_LOCAL_CA_FILE: '/tmp/ca.pem' })).toEqual([refusal]);
    expect(
      problemsOf({
        BOT_ID: '12345678-1234-1234-1234-123456789abc',
        BOT_TYPE: 'UserAssignedMSI',
        BOT_TENANT_ID: '12345678-1234-1234-1234-123456789abc',
        ALLOWED_TENANT_IDS: '12345678-1234-1234-1234-123456789abc',
        COSMOS_ENDPOINT: 'https://account.documents.azure.com:443/',
        COSMOS_LOCAL_CA_FILE: '/tmp/ca.pem',
      }),
    ).toContain(
      'COSMOS_LOCAL_CA_FILE is only for a local store: it needs LOCAL_MODE=true and COSMOS_ENDPOINT',
    );
  });
});
