import { randomUUID } from 'node:crypto';

/** Teams-shaped activities, as the Teams service posts them to /api/messages. */

export interface TeamsUser {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export const DEFAULT_TENANT = '11111111-2222-3333-4444-555555555555';
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';

export function teamsUser(suffix: string): TeamsUser {
  const aadObjectId = `00000000-0000-4000-8000-${suffix.padStart(12, '0').slice(-12)}`;
  return { id: `29:${aadObjectId}`, aadObjectId, name: `Gebruiker ${suffix}` };
}

interface BaseOptions {
  readonly serviceUrl: string;
  readonly user: TeamsUser;
  readonly tenantId?: string;
  readonly locale?: string;
}

function base(options: BaseOptions) {
  const tenantId = options.tenantId ?? DEFAULT_TENANT;
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'nl-NL',
    from: { id: options.user.id, name: options.user.name, aadObjectId: options.user.aadObjectId },
    recipient: { id: '28:tafelbot', name: 'Tafelbot' },
    conversation: { id: `a:personal-${options.user.aadObjectId}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

export function messageActivity(options: BaseOptions & { text: string }) {
  return { ...base(options), type: 'message', text: options.text, textFormat: 'plain' };
}

export function actionExecuteActivity(options: BaseOptions & { verb: string; data?: unknown }) {
  return {
    ...base(options),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'card-activity-1',
    value: {
      action: { type: 'Action.Execute', verb: options.verb, data: options.data ?? {} },
      trigger: 'manual',
    },
  };
}

/** What Teams sends when a user installs the app in personal scope (it also sends a conversationUpdate). */
export function installationUpdateActivity(options: BaseOptions) {
  return { ...base(options), type: 'installationUpdate', action: 'add' };
}

export function installActivity(options: BaseOptions) {
  return {
    ...base(options),
    type: 'conversationUpdate',
    membersAdded: [{ id: options.user.id, aadObjectId: options.user.aadObjectId }],
  };
}
