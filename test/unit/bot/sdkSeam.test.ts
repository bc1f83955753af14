import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { authenticationFailureReason } from '../../../src/bot/activityEntry';
import { createAdapter } from '../../../src/bot/teamsBot';
import { SDK_MEMBERS_USED } from '../../../src/bot/sdk/tafelbotAdapter';
import { loadConfig } from '../../../src/config/config';

/**
 * The SDK seam (src/bot/sdk/tafelbotAdapter.ts) relies on two protected members of botbuilder's CloudAdapterBase.
 * When an SDK update renames or reshapes them, this test fails before any request does.
 */

const localConfig = () => loadConfig({ LOCAL_MODE: 'true', PORT: '0' });

function invoke(): Activity {
  return {
    type: ActivityTypes.Invoke,
    name: 'adaptiveCard/action',
    id: 'seam-1',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    from: { id: '29:seam', name: 'Seam' },
    recipient: { id: '28:bot', name: 'Tafelbot' },
    conversation: { id: 'a:seam', conversationType: 'personal', isGroup: false, name: '' },
    value: { action: { type: 'Action.Execute', verb: 'x' } },
  } as Activity;
}

describe('the SDK members the seam relies on', () => {
  it('still exist with the shape the seam uses', () => {
    const adapter = createAdapter(localConfig());
    const prototypeMethod = (TeamsAdapter.prototype as unknown as Record<string, unknown>)[
      SDK_MEMBERS_USED.adapterMethod
    ];
    expect(typeof prototypeMethod).toBe('function');
    expect((prototypeMethod as (...args: unknown[]) => unknown).length).toBe(3);
    const authentication = (adapter as unknown as Record<string, Record<string, unknown>>)[
      SDK_MEMBERS_USED.authenticationField
    ];
    expect(authentication).toBeDefined();
    const authenticate = authentication![SDK_MEMBERS_USED.authenticationMethod];
    expect(typeof authenticate).toBe('function');
    expect((authenticate as (...args: unknown[]) => unknown).length).toBe(2);
  });

  it('authenticate, then run: the anonymous local caller is accepted and the invoke response comes back', async () => {
    const adapter = createAdapter(localConfig());
    const activity = invoke();
    const authenticated = await adapter.authenticateInbound(activity, '');
    expect(authenticated.claimsIdentity).toBeDefined();
    expect(authenticated.connectorFactory).toBeDefined();
    let seen: string | undefined;
    const response = await adapter.runAuthenticated(authenticated, activity, async (context: TurnContext) => {
      seen = context.activity.name;
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { ok: 1 } },
      });
    });
    expect(seen).toBe('adaptiveCard/action');
    expect(response).toEqual({ status: 200, body: { ok: 1 } });
  });

  it('with a bot identity, a missing token is refused by authenticateInbound', async () => {
    const adapter = createAdapter(
      loadConfig({
        PORT: '0',
        BOT_ID: '7a1b2c3d-0000-4000-8000-00000000c0c0',
        BOT_TYPE: 'UserAssignedMSI',
        BOT_TENANT_ID: '11111111-2222-3333-4444-555555555555',
        ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
        COSMOS_ENDPOINT: 'https://unused.documents.azure.com:443/',
      }),
    );
    await expect(adapter.authenticateInbound(invoke(), '')).rejects.toThrow();
  });
});

describe('authenticationFailureReason', () => {
  it('keeps the first line, drops anything that looks like a token, and stays short', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';
    const reason = authenticationFailureReason(
      new Error(`Unauthorized: bad token ${token}\n    at verify (x.js:1:1)`),
    );
    expect(reason).toBe('Unauthorized: bad token [token]');
    expect(authenticationFailureReason(new Error('x'.repeat(1000)))).toHaveLength(200);
  });
});
