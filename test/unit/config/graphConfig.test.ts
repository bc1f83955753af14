import { ConfigError, loadConfig } from '../../../src/config/config';

const GUID = '12345678-1234-1234-1234-123456789abc';
const DEPLOYED = {
  BOT_ID: GUID,
  BOT_TENANT_ID: GUID,
  ALLOWED_TENANT_IDS: GUID,
  COSMOS_ENDPOINT: 'https://account.documents.azure.com:443/',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('configuration of proactive installation through Microsoft Graph', () => {
  it('is off by default, with the public Graph endpoint', () => {
    expect(loadConfig(DEPLOYED).graph).toEqual({
      install: false,
      catalogAppId: undefined,
      baseUrl: 'https://graph.microsoft.com',
    });
  });

  it('needs the catalog id of the app when installation is on, and names the variable', () => {
    expect(problemsOf({ ...DEPLOYED, GRAPH_INSTALL: 'true' })).toEqual([
      expect.stringContaining('TEAMS_CATALOG_APP_ID is required when GRAPH_INSTALL=true'),
    ]);
    expect(
      problemsOf({ ...DEPLOYED, GRAPH_INSTALL: 'ja', TEAMS_CATALOG_APP_ID: 'com.example.tafelbot' }),
    ).toEqual([expect.stringContaining('TEAMS_CATALOG_APP_ID must be a GUID')]);
    expect(
      loadConfig({ ...DEPLOYED, GRAPH_INSTALL: 'true', TEAMS_CATALOG_APP_ID: GUID }).graph,
    ).toMatchObject({
      install: true,
      catalogAppId: GUID,
    });
    expect(problemsOf({ ...DEPLOYED, GRAPH_INSTALL: 'misschien' })).toEqual([
      'GRAPH_INSTALL must be true or false (got "misschien")',
    ]);
  });

  it('uses the managed identity only: an app registration with a secret cannot install', () => {
    expect(
      problemsOf({
        ...DEPLOYED,
        BOT_TYPE: 'SingleTenant',
        BOT_PASSWORD: 'x',
        GRAPH_INSTALL: 'true',
        TEAMS_CATALOG_APP_ID: GUID,
      }),
    ).toEqual([expect.stringContaining('GRAPH_INSTALL=true needs the managed identity')]);
  });

  it('accepts plain http for GRAPH_BASE_URL only on loopback in local mode', () => {
    expect(problemsOf({ ...DEPLOYED, GRAPH_BASE_URL: 'http://127.0.0.1:8080' })).toEqual([
      expect.stringContaining('GRAPH_BASE_URL must be an https origin'),
    ]);
    expect(loadConfig({ LOCAL_MODE: 'true', GRAPH_BASE_URL: 'http://127.0.0.1:8080/' }).graph.baseUrl).toBe(
      'http://127.0.0.1:8080',
    );
    expect(loadConfig({ ...DEPLOYED, GRAPH_BASE_URL: 'https://graph.microsoft.us' }).graph.baseUrl).toBe(
      'https://graph.microsoft.us',
    );
  });
});
