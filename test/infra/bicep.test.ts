import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allResources,
  allTemplates,
  parameterType,
  RuntimeValue,
  STAND_INS,
  Scope,
  TemplateFailure,
  type ArmTemplate,
  type Json,
  type LocatedResource,
} from './armTemplate';
import { describeWithTool } from '../support/requiredTool';
import { expectClean, findBicep, INFRA, PARAM_ENV, ROOT, run, type Run } from './bicepCli';

/**
 * Compiles and lints infra/ with the real Bicep CLI and checks the compiled ARM template:
 * Cosmos DB containers match src/storage/containers.json, no keys, the bot is a managed identity,
 * the web app is locked down, and no output or app setting carries a secret.
 *
 * The Bicep CLI is BICEP_PATH, else tools/bicep/bicep (scripts/fetch-bicep.sh), else `bicep` on PATH.
 * Without it the checks are reported as skipped locally, and fail in CI (CI set): test/support/requiredTool.ts.
 */

const containersDeclaration = JSON.parse(
  readFileSync(join(ROOT, 'src', 'storage', 'containers.json'), 'utf8'),
) as {
  databaseId: string;
  containers: { id: string; partitionKeyPath: string }[];
};

const bicep = findBicep();

const bicepPath = bicep.path ?? '';

describeWithTool(
  {
    available: Boolean(bicep.path),
    missing: `the Bicep CLI (${bicep.reason}; run scripts/fetch-bicep.sh or set BICEP_PATH)`,
  },
  `infra/main.bicep (Bicep CLI from ${bicep.reason})`,
  () => {
    let build: Run;
    let buildParams: Run;
    let template: ArmTemplate;
    let root: Scope;
    let resources: LocatedResource[];
    let parameterValues: Record<string, Json>;

    const ofType = (type: string): LocatedResource[] =>
      resources.filter((r) => r.resource.type.toLowerCase() === type.toLowerCase() && !r.resource.existing);
    const single = (type: string): LocatedResource => {
      const found = ofType(type);
      expect(found.map((r) => r.resource.type)).toEqual([type]);
      return found[0] as LocatedResource;
    };

    beforeAll(() => {
      build = run(bicepPath, ['build', join(INFRA, 'main.bicep'), '--stdout']);
      if (build.status !== 0) throw new Error(`bicep build failed (exit ${build.status}):\n${build.stderr}`);
      template = JSON.parse(build.stdout) as ArmTemplate;
      buildParams = run(bicepPath, ['build-params', join(INFRA, 'main.bicepparam'), '--stdout']);
      if (buildParams.status !== 0) {
        throw new Error(`bicep build-params failed (exit ${buildParams.status}):\n${buildParams.stderr}`);
      }
      const parametersFile = JSON.parse(
        (JSON.parse(buildParams.stdout) as { parametersJson: string }).parametersJson,
      ) as { parameters: Record<string, { value: Json }> };
      parameterValues = Object.fromEntries(
        Object.entries(parametersFile.parameters).map(([k, v]) => [k, v.value]),
      );
      root = Scope.root(template, parameterValues);
      resources = allResources(root);
    });

    test('bicep build has no error diagnostics', () => {
      expectClean('bicep build infra/main.bicep', build);
    });

    test('bicep lint has no error diagnostics (rules raised to error in infra/bicepconfig.json)', () => {
      expectClean('bicep lint infra/main.bicep', run(bicepPath, ['lint', join(INFRA, 'main.bicep')]));
    });

    test('main.bicepparam builds and lints against main.bicep', () => {
      expectClean('bicep build-params infra/main.bicepparam', buildParams);
      expectClean(
        'bicep lint infra/main.bicepparam',
        run(bicepPath, ['lint', join(INFRA, 'main.bicepparam')]),
      );
    });

    test('azure.parameters.json (Agents Toolkit) sets every required parameter and only known ones', () => {
      const file = JSON.parse(readFileSync(join(INFRA, 'azure.parameters.json'), 'utf8')) as {
        parameters: Record<string, unknown>;
      };
      const declared = template.parameters ?? {};
      const required = Object.keys(declared).filter(
        (name) => !('defaultValue' in (declared[name] as object)),
      );
      expect(Object.keys(file.parameters).filter((name) => !(name in declared))).toEqual([]);
      expect(required.filter((name) => !(name in file.parameters))).toEqual([]);
    });

    test('the template inlines src/storage/containers.json unchanged', () => {
      expect(root.variable('storageDeclaration')).toEqual(containersDeclaration);
    });

    test('every container of containers.json is created with its partition key, and no other', () => {
      const located = single('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
      const { resource, scope } = located;
      expect(resource.copy).toBeDefined();
      const count = scope.evaluate(resource.copy!.count) as number;
      const created = Array.from({ length: count }, (_, i) => {
        const properties = scope.withCopyIndex(i).evaluate(resource.properties as Json) as {
          resource: { id: string; partitionKey: { paths: string[]; kind: string } };
        };
        return {
          id: properties.resource.id,
          partitionKeyPath: properties.resource.partitionKey.paths.join(','),
          kind: properties.resource.partitionKey.kind,
        };
      });
      const expected = containersDeclaration.containers.map((c) => ({
        id: c.id,
        partitionKeyPath: c.partitionKeyPath,
        kind: 'Hash',
      }));
      expect(created).toEqual(expected);
    });

    test('the SQL database id comes from containers.json', () => {
      const { resource, scope } = single('Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
      expect(scope.evaluate(resource.properties as Json)).toEqual({
        resource: { id: containersDeclaration.databaseId },
      });
    });

    test('Cosmos DB is serverless, Entra ID only (disableLocalAuth) and TLS 1.2', () => {
      const { resource, scope } = single('Microsoft.DocumentDB/databaseAccounts');
      const properties = scope.evaluate(resource.properties as Json) as Record<string, unknown>;
      expect(properties.disableLocalAuth).toBe(true);
      expect(properties.capabilities).toContainEqual({ name: 'EnableServerless' });
      expect(properties.minimalTlsVersion).toBe('Tls12');
    });

    test("the bot's identity has the built-in Cosmos DB Data Contributor role on the bot's database only", () => {
      const { resource, scope } = single('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
      const properties = scope.evaluate(resource.properties as Json) as Record<string, unknown>;
      expect(String(properties.roleDefinitionId)).toMatch(
        /\/sqlRoleDefinitions\/00000000-0000-0000-0000-000000000002$/,
      );
      // The principal is only known at deployment time: the user-assigned identity's principalId.
      expect(properties.principalId).toBeInstanceOf(RuntimeValue);
      expect(String(properties.principalId)).toMatch(
        /^«reference\(Microsoft\.ManagedIdentity\/userAssignedIdentities /,
      );
      expect(String(properties.principalId)).toMatch(/\.principalId»$/);
      // Not the account: the database the bot uses, as declared in containers.json.
      const account = single('Microsoft.DocumentDB/databaseAccounts');
      const accountName = String(account.scope.evaluate(account.resource.name));
      expect(properties.scope).toBe(
        `/subscriptions/${STAND_INS.subscriptionId}/resourceGroups/${STAND_INS.resourceGroupName}` +
          `/providers/Microsoft.DocumentDB/databaseAccounts/${accountName}/dbs/${containersDeclaration.databaseId}`,
      );
    });

    test('Cosmos DB has continuous backup (7 days) and a CanNotDelete lock on the account', () => {
      const account = single('Microsoft.DocumentDB/databaseAccounts');
      const properties = account.scope.evaluate(account.resource.properties as Json) as Record<
        string,
        unknown
      >;
      expect(properties.backupPolicy).toEqual({
        type: 'Continuous',
        continuousModeProperties: { tier: 'Continuous7Days' },
      });
      const lock = single('Microsoft.Authorization/locks');
      expect(lock.modulePath).toEqual(account.modulePath);
      expect(lock.scope.evaluate(lock.resource.properties as Json)).toMatchObject({ level: 'CanNotDelete' });
      const accountName = String(account.scope.evaluate(account.resource.name));
      expect(String(lock.scope.evaluate(lock.resource.scope as Json))).toMatch(
        new RegExp(`/providers/Microsoft\\.DocumentDB/databaseAccounts/${accountName}$`),
      );
    });

    describe('zoneRedundant', () => {
      const zoneSettings = (overrides: Record<string, Json>) => {
        const located = allResources(Scope.root(template, { ...parameterValues, ...overrides }));
        const find = (type: string) => located.find((r) => r.resource.type === type && !r.resource.existing)!;
        const plan = find('Microsoft.Web/serverfarms');
        const account = find('Microsoft.DocumentDB/databaseAccounts');
        const planSku = plan.scope.evaluate(plan.resource.sku as Json) as { name: string; capacity: number };
        const planProperties = plan.scope.evaluate(plan.resource.properties as Json) as {
          zoneRedundant: boolean;
        };
        const accountProperties = account.scope.evaluate(account.resource.properties as Json) as {
          locations: { isZoneRedundant: boolean }[];
        };
        return {
          sku: planSku.name,
          instances: planSku.capacity,
          plan: planProperties.zoneRedundant,
          cosmos: accountProperties.locations.map((l) => l.isZoneRedundant),
        };
      };

      test('is off by default: one plan instance, no zones', () => {
        expect(template.parameters?.zoneRedundant).toMatchObject({ type: 'bool', defaultValue: false });
        expect(zoneSettings({})).toEqual({ sku: 'B1', instances: 1, plan: false, cosmos: [false] });
      });

      test('on a Premium v3 plan: Cosmos DB and the plan (3 instances) over the zones', () => {
        expect(zoneSettings({ zoneRedundant: true, appServicePlanSku: 'P1v3' })).toEqual({
          sku: 'P1v3',
          instances: 3,
          plan: true,
          cosmos: [true],
        });
      });

      test('on a plan that cannot be zone-redundant the deployment fails instead of ignoring it', () => {
        for (const sku of ['B1', 'S1']) {
          expect(() => zoneSettings({ zoneRedundant: true, appServicePlanSku: sku })).toThrow(
            TemplateFailure,
          );
        }
        expect(() => zoneSettings({ zoneRedundant: true, appServicePlanSku: 'B1' })).toThrow(
          /Premium v3 App Service plan/,
        );
      });
    });

    test('the Azure Bot uses the user-assigned managed identity and has the Teams channel', () => {
      const { resource, scope } = single('Microsoft.BotService/botServices');
      expect(scope.evaluate(resource.location as Json)).toBe('global');
      const properties = scope.evaluate(resource.properties as Json) as Record<string, unknown>;
      expect(properties.msaAppType).toBe('UserAssignedMSI');
      expect(String(properties.msaAppMSIResourceId)).toMatch(/identity.*outputs\.id/);
      expect(String(properties.msaAppId)).toMatch(/identity.*outputs\.clientId/);
      expect(properties.msaAppTenantId).toBeTruthy();
      expect(String(properties.endpoint)).toMatch(/^https:\/\/.+\/api\/messages$/);
      const channel = single('Microsoft.BotService/botServices/channels');
      expect(channel.scope.evaluate(channel.resource.properties as Json)).toMatchObject({
        channelName: 'MsTeamsChannel',
      });
    });

    test('the web app is Linux on Node 24 LTS, HTTPS only, TLS 1.2, no FTP, with /healthz', () => {
      const { resource, scope } = single('Microsoft.Web/sites');
      const properties = scope.evaluate(resource.properties as Json) as Record<string, unknown>;
      const siteConfig = properties.siteConfig as Record<string, unknown>;
      expect(properties.httpsOnly).toBe(true);
      expect(siteConfig.minTlsVersion).toBe('1.2');
      expect(siteConfig.ftpsState).toBe('Disabled');
      expect(siteConfig.healthCheckPath).toBe('/healthz');
      // The runtime the bot is built and tested with (.ci/run), in the form `az webapp list-runtimes
      // --os linux` lists it: App Service keeps the major and moves minor and patch versions itself.
      expect(siteConfig.linuxFxVersion).toBe('NODE|24-lts');
      const identity = scope.evaluate(resource.identity as Json) as { type: string };
      expect(identity.type).toBe('UserAssigned');
    });

    /** The diagnostic setting (one per resource) whose scope is the resource of the given type. */
    function diagnosticSettingOf(type: string): { scopeOf: string; properties: Record<string, unknown> } {
      const target = single(type);
      const targetName = String(target.scope.evaluate(target.resource.name));
      const matches = ofType('Microsoft.Insights/diagnosticSettings')
        .map(({ resource, scope }) => ({
          scopeOf: String(scope.evaluate(resource.scope as Json)),
          properties: scope.evaluate(resource.properties as Json) as Record<string, unknown>,
        }))
        .filter((d) => d.scopeOf.endsWith(`/${type.split('/').slice(1).join('/')}/${targetName}`));
      expect(matches).toHaveLength(1);
      return matches[0]!;
    }

    const categories = (properties: Record<string, unknown>): string[] =>
      (properties.logs as { category: string; enabled: boolean }[])
        .filter((l) => l.enabled)
        .map((l) => l.category)
        .sort();

    test('the web app sends console, app, platform and HTTP logs to the Log Analytics workspace', () => {
      const { properties } = diagnosticSettingOf('Microsoft.Web/sites');
      expect(categories(properties)).toEqual(
        ['AppServiceAppLogs', 'AppServiceConsoleLogs', 'AppServiceHTTPLogs', 'AppServicePlatformLogs'].sort(),
      );
      expect(String(properties.workspaceId)).toMatch(/deployments monitoring\)\.outputs\.logAnalyticsId/);
      const workspace = single('Microsoft.OperationalInsights/workspaces');
      expect(workspace.modulePath).toEqual(['monitoring']);
    });

    test('Cosmos DB sends data-plane requests, query statistics and control-plane changes to the workspace', () => {
      const { properties } = diagnosticSettingOf('Microsoft.DocumentDB/databaseAccounts');
      expect(categories(properties)).toEqual(
        ['ControlPlaneRequests', 'DataPlaneRequests', 'QueryRuntimeStatistics'].sort(),
      );
      // Resource-specific tables (CDBDataPlaneRequests, ...) rather than AzureDiagnostics.
      expect(properties.logAnalyticsDestinationType).toBe('Dedicated');
      expect(String(properties.workspaceId)).toMatch(/deployments monitoring\)\.outputs\.logAnalyticsId/);
    });

    describe('alerts', () => {
      type Criterion = {
        metricNamespace: string;
        metricName: string;
        operator: string;
        threshold: number;
        timeAggregation: string;
        dimensions?: { name: string; operator: string; values: string[] }[];
      };
      const alerts = () =>
        ofType('Microsoft.Insights/metricAlerts').map(({ resource, scope }) => {
          const properties = scope.evaluate(resource.properties as Json) as {
            scopes: string[];
            enabled: boolean;
            criteria: { allOf: Criterion[] };
            actions: { actionGroupId: string }[];
          };
          return { name: String(scope.evaluate(resource.name)), ...properties };
        });
      const byMetric = (metricName: string) => {
        const found = alerts().filter((a) => a.criteria.allOf.some((c) => c.metricName === metricName));
        expect(found).toHaveLength(1);
        return found[0]!;
      };

      test('one action group e-mails alertEmail, a required parameter', () => {
        expect(template.parameters?.alertEmail).not.toHaveProperty('defaultValue');
        const group = single('Microsoft.Insights/actionGroups');
        const properties = group.scope.evaluate(group.resource.properties as Json) as {
          enabled: boolean;
          groupShortName: string;
          emailReceivers: { emailAddress: string }[];
        };
        expect(properties.enabled).toBe(true);
        expect(properties.groupShortName.length).toBeLessThanOrEqual(12);
        expect(properties.emailReceivers.map((r) => r.emailAddress)).toEqual([PARAM_ENV.ALERT_EMAIL]);
        const groupName = String(group.scope.evaluate(group.resource.name));
        const all = alerts();
        expect(all).toHaveLength(3);
        for (const alert of all) {
          expect({ alert: alert.name, enabled: alert.enabled }).toEqual({ alert: alert.name, enabled: true });
          expect(alert.actions.map((a) => String(a.actionGroupId))).toEqual([
            expect.stringMatching(new RegExp(`/actionGroups/${groupName}$`)),
          ]);
        }
      });

      test('the health check below 100% alerts', () => {
        const alert = byMetric('HealthCheckStatus');
        expect(alert.scopes).toEqual([expect.stringMatching(/\/Microsoft\.Web\/sites\/app-/)]);
        expect(alert.criteria.allOf).toEqual([
          expect.objectContaining({
            metricNamespace: 'Microsoft.Web/sites',
            operator: 'LessThan',
            threshold: 100,
            timeAggregation: 'Average',
          }),
        ]);
      });

      test('HTTP 5xx above the threshold alerts', () => {
        const alert = byMetric('Http5xx');
        expect(alert.scopes).toEqual([expect.stringMatching(/\/Microsoft\.Web\/sites\/app-/)]);
        expect(alert.criteria.allOf).toEqual([
          expect.objectContaining({
            metricNamespace: 'Microsoft.Web/sites',
            operator: 'GreaterThan',
            threshold: root.parameter('http5xxAlertThreshold'),
            timeAggregation: 'Total',
          }),
        ]);
      });

      test('Cosmos DB requests with status code 429 above the threshold alert', () => {
        const alert = byMetric('TotalRequests');
        expect(alert.scopes).toEqual([
          expect.stringMatching(/\/Microsoft\.DocumentDB\/databaseAccounts\/cosmos-/),
        ]);
        expect(alert.criteria.allOf).toEqual([
          expect.objectContaining({
            metricNamespace: 'Microsoft.DocumentDB/databaseAccounts',
            dimensions: [{ name: 'StatusCode', operator: 'Include', values: ['429'] }],
            operator: 'GreaterThan',
            threshold: root.parameter('cosmosThrottledAlertThreshold'),
            timeAggregation: 'Count',
          }),
        ]);
      });
    });

    /** App settings from siteConfig.appSettings and from sites/config 'appsettings' resources. */
    function appSettings(): { name: string; raw: string; value: unknown }[] {
      const settings: { name: string; raw: string; value: unknown }[] = [];
      for (const { resource, scope } of ofType('Microsoft.Web/sites')) {
        const list = (resource.properties?.siteConfig as { appSettings?: { name: string; value: Json }[] })
          ?.appSettings;
        for (const s of list ?? [])
          settings.push({ name: s.name, raw: JSON.stringify(s.value), value: scope.evaluate(s.value) });
      }
      for (const { resource, scope } of ofType('Microsoft.Web/sites/config')) {
        if (!String(scope.evaluate(resource.name)).endsWith('/appsettings')) continue;
        for (const [name, value] of Object.entries(resource.properties ?? {})) {
          settings.push({ name, raw: JSON.stringify(value), value: scope.evaluate(value as Json) });
        }
      }
      return settings;
    }

    test('the web app has every setting the bot reads', () => {
      const settings = Object.fromEntries(appSettings().map((s) => [s.name, s.value]));
      expect(Object.keys(settings).sort()).toEqual(
        [
          'ADMIN_EMAILS',
          'ALLOWED_TENANT_IDS',
          'APPLICATIONINSIGHTS_CONNECTION_STRING',
          'AZURE_CLIENT_ID',
          'BOT_ID',
          'BOT_TENANT_ID',
          'BOT_TYPE',
          'COSMOS_DATABASE',
          'COSMOS_ENDPOINT',
          'EMAIL_TRANSPORT',
          'ACS_ENDPOINT',
          'EMAIL_FROM',
          'EMAIL_RATE_PER_MINUTE',
          'EMAIL_RATE_PER_HOUR',
          'GRAPH_INSTALL',
          'TEAMS_CATALOG_APP_ID',
          'NODE_ENV',
          'PUBLIC_BASE_URL',
          'PUBLIC_CONTACT_EMAIL',
          'PUBLIC_PUBLISHER_NAME',
          'SCM_DO_BUILD_DURING_DEPLOYMENT',
          'WEBSITE_RUN_FROM_PACKAGE',
        ].sort(),
      );
      expect(settings).toMatchObject({
        BOT_TYPE: 'UserAssignedMSI',
        WEBSITE_RUN_FROM_PACKAGE: '1',
        SCM_DO_BUILD_DURING_DEPLOYMENT: 'false',
        NODE_ENV: 'production',
        ALLOWED_TENANT_IDS: PARAM_ENV.ALLOWED_TENANT_IDS,
        ADMIN_EMAILS: PARAM_ENV.ADMIN_EMAILS,
        // Optional: empty unless set, and then the public statements say they are not filled in.
        PUBLIC_PUBLISHER_NAME: '',
        PUBLIC_CONTACT_EMAIL: '',
        // Proactive installation is off until the org catalog id is set (docs/reach.md).
        TEAMS_CATALOG_APP_ID: '',
      });
      expect(String(settings.GRAPH_INSTALL)).toMatch(/empty\(parameters\('teamsCatalogAppId'\)\)|false/);
      // BOT_ID and AZURE_CLIENT_ID are the managed identity's client id.
      expect(String(settings.BOT_ID)).toMatch(/identity.*outputs\.clientId/);
      expect(String(settings.AZURE_CLIENT_ID)).toBe(String(settings.BOT_ID));
      expect(String(settings.COSMOS_ENDPOINT)).toMatch(/cosmos.*outputs\.endpoint/);
      expect(String(settings.PUBLIC_BASE_URL)).toMatch(/^https:\/\//);
    });

    // Words that mark a credential. APPLICATIONINSIGHTS_CONNECTION_STRING is allowed: it is an
    // ingestion identifier (instrumentation key + endpoint) that lets a client send telemetry, not
    // read it, Microsoft documents it as not secret, and it is never an output. Its value must come
    // straight from the Application Insights component.
    const SECRET_WORDS =
      /key|password|passwd|secret|token|credential|connectionstring|connection_string|sas\b/i;
    const LIST_FUNCTIONS = /\blist[A-Za-z]*\s*\(/;

    test('no app setting carries a secret', () => {
      for (const setting of appSettings()) {
        expect({ name: setting.name, raw: setting.raw }).not.toEqual(
          expect.objectContaining({ raw: expect.stringMatching(LIST_FUNCTIONS) }),
        );
        if (setting.name === 'APPLICATIONINSIGHTS_CONNECTION_STRING') {
          expect(String(setting.value)).toMatch(
            /^«reference\(Microsoft\.Insights\/components \w+\)\.ConnectionString»$/,
          );
          continue;
        }
        expect({ name: setting.name, matches: SECRET_WORDS.test(setting.name) }).toEqual({
          name: setting.name,
          matches: false,
        });
        // Both the expression in the web app module and what it resolves to through the module parameters.
        const resolved = String(setting.value);
        expect({
          name: setting.name,
          raw: setting.raw,
          resolved,
          matches: SECRET_WORDS.test(setting.raw + resolved),
        }).toEqual({
          name: setting.name,
          raw: setting.raw,
          resolved,
          matches: false,
        });
      }
    });

    test('no output, at any level, carries a secret', () => {
      for (const { template: t, modulePath } of allTemplates(template)) {
        for (const [name, output] of Object.entries(t.outputs ?? {})) {
          const where = [...modulePath, name].join('.');
          const raw = JSON.stringify(output.value);
          expect({ where, type: output.type }).not.toEqual({
            where,
            type: expect.stringMatching(/^secure/i),
          });
          expect({
            where,
            name: SECRET_WORDS.test(name),
            raw: SECRET_WORDS.test(raw),
            list: LIST_FUNCTIONS.test(raw),
          }).toEqual({ where, name: false, raw: false, list: false });
        }
      }
    });

    test('no key is ever read and no secure parameter exists, anywhere in the template', () => {
      expect(build.stdout).not.toMatch(LIST_FUNCTIONS);
      for (const { template: t, modulePath } of allTemplates(template)) {
        for (const [name, parameter] of Object.entries(t.parameters ?? {})) {
          expect({ where: [...modulePath, name].join('.'), type: parameterType(t, parameter) }).not.toEqual(
            expect.objectContaining({ type: expect.stringMatching(/^secure/) }),
          );
        }
      }
    });

    test('the outputs m365agents.yml and the app package need are there', () => {
      expect(Object.keys(template.outputs ?? {})).toEqual(
        expect.arrayContaining([
          'BOT_ID',
          'BOT_DOMAIN',
          'BOT_ENDPOINT',
          'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
          'BOT_TENANT_ID',
        ]),
      );
    });
  },
);
