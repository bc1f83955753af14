import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { allResources, RuntimeValue, STAND_INS, Scope, type ArmTemplate, type Json } from './armTemplate';
import { describeWithTool } from '../support/requiredTool';
import { findBicep, INFRA, run } from './bicepCli';

/**
 * E-mail through Azure Communication Services as infra/ provisions it (infra/modules/email.bicep), read from
 * main.bicep compiled by the real Bicep CLI: the managed domain, the Communication Services resource linked
 * to it, the bot's identity allowed to send on that resource only, and the settings the bot reads.
 */

const bicep = findBicep();
const SEND_ROLE = '09976791-48a7-449e-bb21-39d1a415f350'; // Communication and Email Service Owner

describeWithTool(
  {
    available: Boolean(bicep.path),
    missing: `the Bicep CLI (${bicep.reason}; run scripts/fetch-bicep.sh or set BICEP_PATH)`,
  },
  `e-mail in infra/main.bicep (Bicep CLI from ${bicep.reason})`,
  () => {
    let template: ArmTemplate;
    let root: Scope;
    const located = (type: string) =>
      allResources(root).filter((r) => r.resource.type === type && !r.resource.existing);
    const one = (type: string) => {
      const found = located(type);
      expect(found).toHaveLength(1);
      const { resource, scope, modulePath } = found[0]!;
      return {
        name: String(scope.evaluate(resource.name)),
        modulePath,
        location: scope.evaluate((resource.location ?? null) as Json),
        properties: scope.evaluate((resource.properties ?? {}) as Json) as Record<string, unknown>,
        scopeOf: resource.scope === undefined ? undefined : String(scope.evaluate(resource.scope as Json)),
      };
    };

    beforeAll(() => {
      const build = run(bicep.path!, ['build', join(INFRA, 'main.bicep'), '--stdout']);
      if (build.status !== 0) throw new Error(`bicep build failed (exit ${build.status}):\n${build.stderr}`);
      template = JSON.parse(build.stdout) as ArmTemplate;
      root = Scope.root(template, {
        resourceBaseName: 'tafelbot',
        allowedTenantIds: '11111111-1111-4111-8111-111111111111',
        adminEmails: 'beheer@gemeente.example.nl',
        alertEmail: 'azure-beheer@gemeente.example.nl',
      });
    });

    test('an Email Communication Service in Europe with an Azure managed domain and no tracking', () => {
      const service = one('Microsoft.Communication/emailServices');
      expect(service.modulePath).toEqual(['email']);
      expect(service.location).toBe('global');
      expect(service.properties).toEqual({ dataLocation: 'Europe' });
      const domain = one('Microsoft.Communication/emailServices/domains');
      expect(domain.name).toBe(`${service.name}/AzureManagedDomain`);
      expect(domain.properties).toEqual({
        domainManagement: 'AzureManaged',
        userEngagementTracking: 'Disabled',
      });
    });

    test('a Communication Services resource linked to that domain', () => {
      const communication = one('Microsoft.Communication/communicationServices');
      const service = one('Microsoft.Communication/emailServices');
      expect(communication.properties.dataLocation).toBe('Europe');
      expect(communication.properties.linkedDomains).toHaveLength(1);
      expect(communication.properties.linkedDomains).toEqual([
        `/subscriptions/${STAND_INS.subscriptionId}/resourceGroups/${STAND_INS.resourceGroupName}` +
          `/providers/Microsoft.Communication/emailServices/${service.name}/domains/AzureManagedDomain`,
      ]);
    });

    test("the bot's identity may send through that resource, and nothing else", () => {
      const communication = one('Microsoft.Communication/communicationServices');
      const assignments = located('Microsoft.Authorization/roleAssignments').filter((r) =>
        String(r.scope.evaluate(r.resource.properties!.roleDefinitionId as Json)).endsWith(SEND_ROLE),
      );
      expect(assignments).toHaveLength(1);
      const { resource, scope } = assignments[0]!;
      const properties = scope.evaluate(resource.properties as Json) as Record<string, unknown>;
      expect(properties.principalType).toBe('ServicePrincipal');
      expect(properties.principalId).toBeInstanceOf(RuntimeValue);
      expect(String(properties.principalId)).toBe(
        '«reference(Microsoft.ManagedIdentity/userAssignedIdentities identity).principalId»',
      );
      // That `identity` is the bot's: the existing identity of the module, by the name main.bicep gives it.
      const identity = allResources(root).find(
        (r) =>
          r.modulePath[0] === 'email' &&
          r.resource.type === 'Microsoft.ManagedIdentity/userAssignedIdentities',
      )!;
      expect(identity.resource.existing).toBe(true);
      expect(identity.scope.evaluate(identity.resource.name)).toBe('id-tafelbot');
      // Scoped to the Communication Services resource, not the resource group or subscription.
      expect(String(scope.evaluate(resource.scope as Json))).toBe(
        `/subscriptions/${STAND_INS.subscriptionId}/resourceGroups/${STAND_INS.resourceGroupName}` +
          `/providers/Microsoft.Communication/communicationServices/${communication.name}`,
      );
    });

    test('the bot sends by ACS with the endpoint, the managed domain sender and its documented limits', () => {
      const settings = one('Microsoft.Web/sites/config').properties;
      expect(settings).toMatchObject({
        EMAIL_TRANSPORT: 'acs',
        EMAIL_RATE_PER_MINUTE: '5',
        EMAIL_RATE_PER_HOUR: '10',
      });
      expect(String(settings.ACS_ENDPOINT)).toMatch(/deployments email\)\.outputs\.endpoint\.value»$/);
      expect(String(settings.EMAIL_FROM)).toMatch(/deployments email\)\.outputs\.senderAddress\.value»$/);
      const email = template.resources as Record<string, { properties: { template: ArmTemplate } }>;
      const outputs = email.email!.properties.template.outputs!;
      expect(String(outputs.endpoint!.value)).toMatch(
        /^\[format\('https:\/\/\{0\}', reference\(.*\)\.hostName\)\]$/,
      );
      expect(String(outputs.senderAddress!.value)).toMatch(/DoNotReply@\{0\}.*mailFromSenderDomain/);
      expect(Object.keys(template.outputs ?? {})).toEqual(
        expect.arrayContaining(['ACS_ENDPOINT', 'EMAIL_FROM']),
      );
    });

    test('settings of that shape start the bot with e-mail by ACS', () => {
      const config = loadConfig({
        BOT_ID: '22222222-2222-4222-8222-222222222222',
        BOT_TENANT_ID: '11111111-1111-4111-8111-111111111111',
        ALLOWED_TENANT_IDS: '11111111-1111-4111-8111-111111111111',
        COSMOS_ENDPOINT: 'https://cosmos-tafelbot-abc123.documents.azure.com:443/',
        EMAIL_TRANSPORT: 'acs',
        ACS_ENDPOINT: 'https://acs-tafelbot-abc123.europe.communication.azure.com',
        EMAIL_FROM: 'DoNotReply@0a1b2c3d-1111-2222-3333-444455556666.azurecomm.net',
        EMAIL_RATE_PER_MINUTE: '5',
        EMAIL_RATE_PER_HOUR: '10',
      });
      expect(config.email).toMatchObject({ transport: 'acs', ratePerMinute: 5, ratePerHour: 10 });
    });
  },
);
