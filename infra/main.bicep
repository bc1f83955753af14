// Tafelbot on Azure: managed identity, Azure Bot (Teams channel), Linux web app (Node 24 LTS),
// Cosmos DB serverless (Entra ID only, continuous backup, delete lock), Log Analytics +
// Application Insights with the resource logs of both, and e-mail alerts. docs/operations.md
// explains the choices an operator makes before the first deployment.
// No keys or secrets: the bot's identity is a user-assigned managed identity.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
//
// The Microsoft 365 Agents Toolkit (m365agents.yml) deploys the same template with
// infra/azure.parameters.json.

targetScope = 'resourceGroup'

import { resourceTags } from 'types.bicep'

@description('Base of every resource name, e.g. tafelbotdev: 3-16 lowercase letters and digits.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Azure region of the resources (the bot registration itself is global).')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 is enough for one region; zoneRedundant needs P0v3 or P1v3.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServicePlanSku string = 'B1'

@description('Spread Cosmos DB and the web app over the availability zones of the region. Choose before the first deployment: Cosmos DB cannot change it for an existing region. Needs a Premium v3 plan (P0v3, P1v3) and runs 3 instances. See docs/operations.md.')
param zoneRedundant bool = false

@description('Azure Bot pricing tier. F0 is free and has unlimited messages on standard channels such as Teams.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Display name of the Azure Bot registration.')
@maxLength(42)
param botDisplayName string = 'Tafelbot'

@description('Comma-separated Entra tenant ids whose users may use the bot (ALLOWED_TENANT_IDS); at least one.')
@minLength(36)
param allowedTenantIds string

@description('Comma-separated e-mail addresses of the first administrators (ADMIN_EMAILS); at least one.')
@minLength(3)
param adminEmails string

@description('Days to keep logs in Log Analytics and Application Insights.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Daily Log Analytics ingestion cap in GB; -1 means no cap.')
@minValue(-1)
param logDailyQuotaGb int = 1

@description('Name of the gemeente shown as publisher and verwerkingsverantwoordelijke in /openbaar/privacy and /openbaar/toegankelijkheid (PUBLIC_PUBLISHER_NAME). Empty: the pages say it is not filled in.')
@maxLength(120)
param publicPublisherName string = ''

@description('E-mail address for privacy requests and accessibility problems on those pages (PUBLIC_CONTACT_EMAIL). Empty: the pages say it is not filled in.')
param publicContactEmail string = ''

@description('The Teams app\'s id in the organisation\'s app catalog (TEAMS_CATALOG_APP_ID, not the manifest id). Set it once the app is published to the org catalog and the Graph permissions are granted (scripts/grant-graph-permissions.sh): the bot then installs the app for contacts who never opened it. Empty: off.')
param teamsCatalogAppId string = ''

@description('E-mail address (one) that receives the alerts: health check, HTTP 5xx, Cosmos DB 429. Required: an alert nobody receives is not an alert. A shared mailbox of the Azure team, not a person.')
@minLength(6)
param alertEmail string

@description('HTTP 5xx responses in 5 minutes above which an alert is sent.')
@minValue(1)
param http5xxAlertThreshold int = 5

@description('Throttled (429) Cosmos DB requests in 15 minutes above which an alert is sent.')
@minValue(1)
param cosmosThrottledAlertThreshold int = 20

@description('Geography where Azure Communication Services (e-mail) keeps its data at rest.')
@allowed([
  'Europe'
  'Netherlands'
  'Germany'
  'France'
  'Switzerland'
  'Norway'
  'UK'
])
param emailDataLocation string = 'Europe'

@description('E-mails a minute and an hour the bot sends (EMAIL_RATE_PER_MINUTE/_PER_HOUR). 5 and 10 are the documented limits of the Azure managed domain this template creates; raise them only after Azure support raised the limits of a custom domain.')
@minValue(1)
param emailRatePerMinute int = 5

@minValue(0)
param emailRatePerHour int = 10

@description('Tags for every resource.')
param tags resourceTags = {
  application: 'tafelbot'
}

// The one declaration of the database and its containers, shared with the code.
var storageDeclaration = loadJsonContent('../src/storage/containers.json')

// Stable per resource group, so globally unique names do not collide between tenants.
var resourceToken = take(uniqueString(subscription().id, resourceGroup().id, resourceBaseName), 6)

// Cosmos DB and web app names must be lowercase.
var base = toLower(resourceBaseName)

// Names are known before deployment starts, so What-If can predict every resource.
var names = {
  identity: 'id-${base}'
  logAnalytics: 'log-${base}'
  appInsights: 'appi-${base}'
  cosmos: 'cosmos-${base}-${resourceToken}'
  plan: 'asp-${base}'
  webApp: 'app-${base}-${resourceToken}'
  bot: 'bot-${base}-${resourceToken}'
  actionGroup: 'ag-${base}'
  emailService: 'acs-email-${base}-${resourceToken}'
  communication: 'acs-${base}-${resourceToken}'
  alertPrefix: 'alert-${base}'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: names.cosmos
    location: location
    databaseId: storageDeclaration.databaseId
    containers: storageDeclaration.containers
    dataContributorIdentityName: names.identity
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
    zoneRedundant: zoneRedundant
    tags: tags
  }
  dependsOn: [
    identity
  ]
}

module email 'modules/email.bicep' = {
  name: 'email'
  params: {
    emailServiceName: names.emailService
    communicationServiceName: names.communication
    dataLocation: emailDataLocation
    identityName: names.identity
    tags: tags
  }
  // Named before deployment (for What-If); the identity must exist before its role assignment.
  dependsOn: [
    identity
  ]
}

module webApp 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    planName: names.plan
    webAppName: names.webApp
    location: location
    skuName: appServicePlanSku
    zoneRedundant: zoneRedundant
    identityResourceId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseId
    appInsightsName: names.appInsights
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
    allowedTenantIds: allowedTenantIds
    adminEmails: adminEmails
    publicPublisherName: publicPublisherName
    publicContactEmail: publicContactEmail
    acsEndpoint: email.outputs.endpoint
    emailFrom: email.outputs.senderAddress
    emailRatePerMinute: emailRatePerMinute
    emailRatePerHour: emailRatePerHour
    teamsCatalogAppId: teamsCatalogAppId
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    actionGroupName: names.actionGroup
    namePrefix: names.alertPrefix
    webAppName: names.webApp
    cosmosAccountName: names.cosmos
    alertEmail: alertEmail
    http5xxThreshold: http5xxAlertThreshold
    cosmosThrottledThreshold: cosmosThrottledAlertThreshold
    tags: tags
  }
  // Names known before deployment (for What-If); the resources must exist before their alerts.
  dependsOn: [
    webApp
    cosmos
  ]
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    sku: botServiceSku
    webAppHostName: webApp.outputs.defaultHostName
    identityResourceId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: tenant().tenantId
    tags: tags
  }
}

// Outputs are names, ids and endpoints only. The Agents Toolkit writes them to env/.env.<env>.
@description('Microsoft App ID of the bot: the managed identity\'s client id (manifest botId).')
output BOT_ID string = identity.outputs.clientId

@description('Entra tenant of the bot identity.')
output BOT_TENANT_ID string = tenant().tenantId

@description('Host name of the web app.')
output BOT_DOMAIN string = webApp.outputs.defaultHostName

@description('Public base URL of the bot.')
output BOT_ENDPOINT string = 'https://${webApp.outputs.defaultHostName}'

@description('Resource id of the web app (target of azureAppService/zipDeploy).')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.outputs.id

@description('Name of the web app.')
output AZURE_WEB_APP_NAME string = webApp.outputs.name

@description('Name of the Azure Bot registration.')
output BOT_SERVICE_NAME string = bot.outputs.name

@description('Cosmos DB account name.')
output COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName

@description('Cosmos DB document endpoint.')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('Cosmos DB database id.')
output COSMOS_DATABASE string = cosmos.outputs.databaseId

@description('Endpoint of Azure Communication Services, which sends the e-mail (ACS_ENDPOINT).')
output ACS_ENDPOINT string = email.outputs.endpoint

@description('Sender address of the e-mail (EMAIL_FROM).')
output EMAIL_FROM string = email.outputs.senderAddress
