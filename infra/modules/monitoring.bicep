// Log Analytics workspace and workspace-based Application Insights.

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Days to keep logs (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap in GB, so a logging loop cannot run up the bill; -1 means no cap.')
@minValue(-1)
param dailyQuotaGb int

@description('Tags for every resource.')
param tags resourceTags

import { resourceTags } from '../types.bicep'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: retentionInDays
  }
}

// Only names and ids leave this module: the web app reads the connection string itself from the
// existing component, so it never appears in an output or in the deployment history.
output appInsightsName string = appInsights.name
output logAnalyticsName string = logAnalytics.name
@description('Target of the diagnostic settings of the web app and Cosmos DB.')
output logAnalyticsId string = logAnalytics.id
