// App Service plan and Linux web app that runs the bot (Node 24 LTS), with the bot's
// user-assigned identity attached and every setting the bot reads. No keys: the bot
// authenticates to Bot Framework and Cosmos DB with the managed identity.

import { resourceTags } from '../types.bicep'

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app (also the first part of its host name).')
param webAppName string

@description('Azure region.')
param location string

@description('App Service plan SKU.')
param skuName string

@description('Spread the plan over availability zones. Only Premium v3 plans can; any other SKU fails the deployment.')
param zoneRedundant bool

@description('Resource id of the user-assigned managed identity.')
param identityResourceId string

@description('Client id of the user-assigned managed identity (the bot\'s app id).')
param identityClientId string

@description('Cosmos DB document endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database id.')
param cosmosDatabase string

@description('Name of the Application Insights component (in this resource group).')
param appInsightsName string

@description('Resource id of the Log Analytics workspace that receives the resource logs.')
param logAnalyticsWorkspaceId string

@description('Comma-separated Entra tenant ids whose users may use the bot.')
param allowedTenantIds string

@description('Comma-separated e-mail addresses of the first administrators.')
param adminEmails string

@description('PUBLIC_PUBLISHER_NAME: the gemeente named in the public privacy and accessibility statements; may be empty.')
param publicPublisherName string

@description('PUBLIC_CONTACT_EMAIL: where privacy requests and accessibility problems go; may be empty.')
param publicContactEmail string

@description('ACS_ENDPOINT: Azure Communication Services, which sends e-mail to people Teams cannot reach.')
param acsEndpoint string

@description('EMAIL_FROM: the sender address of the e-mail domain.')
param emailFrom string

@description('EMAIL_RATE_PER_MINUTE: e-mails a minute (the domain\'s sending limit).')
param emailRatePerMinute int

@description('EMAIL_RATE_PER_HOUR: e-mails an hour (the domain\'s sending limit).')
param emailRatePerHour int

@description('TEAMS_CATALOG_APP_ID: the app\'s id in the organisation\'s app catalog. Empty: no proactive installation through Microsoft Graph (docs/reach.md).')
param teamsCatalogAppId string

@description('Tags for every resource.')
param tags resourceTags

// Node 24 is the active LTS and the runtime the bot is built and tested with (.ci/run).
// 'NODE|24-lts' is the value `az webapp list-runtimes --os linux` lists for it; App Service moves the
// minor and patch versions itself.
var linuxFxVersion = 'NODE|24-lts'

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Of the SKUs main.bicep allows, only Premium v3 can be zone-redundant. A zone-redundant plan runs
// at least one instance per zone: three, so each of the region's three zones has one.
var zoneCapableSkus = [
  'P0v3'
  'P1v3'
]
var zoneRedundantInstances = 3

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: zoneRedundant ? zoneRedundantInstances : 1
  }
  properties: {
    reserved: true
    // Fails before anything is deployed rather than leave the web tier silently in one zone while
    // the operator believes it is zone-redundant.
    zoneRedundant: zoneRedundant
      ? (contains(zoneCapableSkus, skuName)
          ? true
          : fail('zoneRedundant=true needs a Premium v3 App Service plan (appServicePlanSku P0v3 or P1v3); see docs/operations.md.'))
      : false
  }
}

resource webApp 'Microsoft.Web/sites@2025-03-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm run start:bot'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
    }
  }
}

// All settings in one resource, so PUBLIC_BASE_URL can use the host name App Service assigned.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    BOT_ID: identityClientId
    BOT_TYPE: 'UserAssignedMSI'
    BOT_TENANT_ID: tenant().tenantId
    AZURE_CLIENT_ID: identityClientId
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabase
    ALLOWED_TENANT_IDS: allowedTenantIds
    ADMIN_EMAILS: adminEmails
    // Ingestion-only identifier (it lets a client send telemetry, not read it); never an output.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    PUBLIC_BASE_URL: 'https://${webApp.properties.defaultHostName}'
    // Empty means not configured: the statements say so.
    PUBLIC_PUBLISHER_NAME: publicPublisherName
    PUBLIC_CONTACT_EMAIL: publicContactEmail
    // E-mail for people Teams cannot reach, through ACS with the managed identity (AZURE_CLIENT_ID).
    EMAIL_TRANSPORT: 'acs'
    ACS_ENDPOINT: acsEndpoint
    EMAIL_FROM: emailFrom
    EMAIL_RATE_PER_MINUTE: string(emailRatePerMinute)
    EMAIL_RATE_PER_HOUR: string(emailRatePerHour)
    // Proactive installation through Microsoft Graph (docs/reach.md): on once the org catalog id is known and the
    // managed identity has the Graph permissions (scripts/grant-graph-permissions.sh).
    GRAPH_INSTALL: empty(teamsCatalogAppId) ? 'false' : 'true'
    TEAMS_CATALOG_APP_ID: teamsCatalogAppId
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    NODE_ENV: 'production'
  }
}

// No FTP or Kudu basic-auth publishing: deployments use Entra ID tokens
// (the Agents Toolkit's azureAppService/zipDeploy and `az webapp deploy` both do).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// Console (the bot's own structured log lines on stdout), application, platform (start, stop,
// restarts) and HTTP logs. The HTTP log holds client IP addresses: it is kept as long as the
// workspace retention (logRetentionInDays), which the privacy statement names.
// 2021-05-01-preview is the newest diagnosticSettings API; the linter only offers the GA 2016-09-01.
#disable-next-line use-recent-api-versions
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'naar-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceAppLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
    ]
  }
}

output id string = webApp.id
output name string = webApp.name
output defaultHostName string = webApp.properties.defaultHostName
