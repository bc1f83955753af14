// Alerts for the gemeente's Azure team: the web app's health check, HTTP 5xx responses and Cosmos DB
// throttling (429), sent by e-mail through one action group. Metric alerts read platform metrics,
// so they work whatever the diagnostic settings or the log ingestion cap.

import { resourceTags } from '../types.bicep'

@description('Name of the action group.')
param actionGroupName string

@description('Name of the web app (in this resource group).')
param webAppName string

@description('Name of the Cosmos DB account (in this resource group).')
param cosmosAccountName string

@description('E-mail address that receives the alerts.')
param alertEmail string

@description('HTTP 5xx responses in 5 minutes above which the 5xx alert fires.')
@minValue(1)
param http5xxThreshold int

@description('Throttled (429) Cosmos DB requests in 15 minutes above which the 429 alert fires.')
@minValue(1)
param cosmosThrottledThreshold int

@description('Base of the alert rule names.')
param namePrefix string

@description('Tags for every resource.')
param tags resourceTags

resource webApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: webAppName
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' existing = {
  name: cosmosAccountName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  // Action groups are global resources.
  location: 'Global'
  tags: tags
  properties: {
    // Shown as the sender of SMS and push messages; at most 12 characters.
    groupShortName: 'Tafelbot'
    enabled: true
    emailReceivers: [
      {
        name: 'beheer'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// /healthz answers 200 only when the bot is up; App Service reports the share of healthy instances.
resource healthAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-gezondheid'
  location: 'global'
  tags: tags
  properties: {
    description: 'Tafelbot: de statuscontrole (/healthz) van de web-app slaagt niet op alle instanties. Kijk in Log Analytics naar AppServicePlatformLogs en AppServiceConsoleLogs.'
    severity: 1
    enabled: true
    scopes: [
      webApp.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'HealthCheckStatus'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'HealthCheckStatus'
          operator: 'LessThan'
          threshold: 100
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource http5xxAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-http5xx'
  location: 'global'
  tags: tags
  properties: {
    description: 'Tafelbot: de web-app gaf meer dan ${http5xxThreshold} serverfouten (HTTP 5xx) in 5 minuten. Kijk in Log Analytics naar AppServiceHTTPLogs en AppServiceConsoleLogs.'
    severity: 2
    enabled: true
    scopes: [
      webApp.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'Http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThan'
          threshold: http5xxThreshold
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// The bot retries throttled requests, so a few 429s are normal; many mean the serverless account is
// at its limits and card actions become slow.
resource cosmosThrottledAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-cosmos-429'
  location: 'global'
  tags: tags
  properties: {
    description: 'Tafelbot: Cosmos DB weigerde meer dan ${cosmosThrottledThreshold} verzoeken met 429 (te veel verzoeken) in 15 minuten. Kijk in Log Analytics naar CDBDataPlaneRequests.'
    severity: 2
    enabled: true
    scopes: [
      cosmosAccount.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'Throttled'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: [
                '429'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: cosmosThrottledThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupName string = actionGroup.name
output alertNames string[] = [
  healthAlert.name
  http5xxAlert.name
  cosmosThrottledAlert.name
]
