// Cosmos DB for NoSQL, serverless, Entra ID only (no keys), with the database and every
// container declared in src/storage/containers.json, and a data-plane role for the bot on
// that database only. Continuous backup (point-in-time restore) and a delete lock protect the data.

import { containerDeclaration, resourceTags } from '../types.bicep'

@description('Name of the Cosmos DB account (3-44 lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Azure region.')
param location string

@description('Database id (databaseId in src/storage/containers.json).')
param databaseId string

@description('Containers (containers in src/storage/containers.json).')
param containers containerDeclaration[]

@description('Name of the user-assigned managed identity (in this resource group) that gets the Data Contributor role.')
param dataContributorIdentityName string

@description('Resource id of the Log Analytics workspace that receives the resource logs.')
param logAnalyticsWorkspaceId string

@description('Spread the replicas over availability zones. Can only be chosen when the account is created (see docs/operations.md).')
param zoneRedundant bool

@description('Tags for every resource.')
param tags resourceTags

// Built-in data-plane role "Cosmos DB Built-in Data Contributor".
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: zoneRedundant
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    // No account keys: the app signs in with its managed identity.
    disableLocalAuth: true
    // Containers and databases change only through ARM (this template), not through the data plane.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
    enableFreeTier: false
    // Point-in-time restore to any second of the last 7 days, also of a deleted database or
    // container. The 7-day tier has no backup storage charge; an account cannot go back to periodic.
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

// The account holds the registry, votes and audit trail of the cooperation: deleting it (or the
// resource group) must be a deliberate act of someone allowed to remove this lock first.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'cosmos-niet-verwijderen'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Bevat de gegevens van de samenwerking (register, stemmen, audittrail). Verwijderen alleen na een besluit van de gemeente: zie docs/operations.md.'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-10-15' = {
  parent: account
  name: databaseId
  properties: {
    resource: {
      id: databaseId
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = [
  for container in containers: {
    parent: database
    name: container.id
    properties: {
      resource: {
        id: container.id
        partitionKey: {
          paths: [
            container.partitionKeyPath
          ]
          kind: 'Hash'
          version: 2
        }
      }
    }
  }
]

resource dataContributorIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: dataContributorIdentityName
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2025-10-15' existing = {
  parent: account
  name: dataContributorRoleId
}

// Scoped to the bot's database, not the account: the identity cannot reach any other database
// someone adds to this account later. The name is unchanged from when the scope was the account,
// so an existing deployment narrows that assignment in place instead of keeping it beside a new one.
resource dataContributorAssignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-10-15' = {
  parent: account
  name: guid(account.id, dataContributorIdentity.id, dataContributor.id)
  properties: {
    roleDefinitionId: dataContributor.id
    principalId: dataContributorIdentity.properties.principalId
    scope: '${account.id}/dbs/${database.name}'
  }
}

// Every data-plane request (status code, RU charge, duration: what explains a 429 or a slow card),
// query statistics and control-plane changes (failover, role assignments, backup policy), in
// resource-specific tables (CDBDataPlaneRequests, ...). Query text and parameters (e-mail
// addresses, names) stay obfuscated: full-text query logging is off by default and not enabled.
// 2021-05-01-preview is the newest diagnosticSettings API; the linter only offers the GA 2016-09-01.
#disable-next-line use-recent-api-versions
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'naar-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'DataPlaneRequests'
        enabled: true
      }
      {
        category: 'QueryRuntimeStatistics'
        enabled: true
      }
      {
        category: 'ControlPlaneRequests'
        enabled: true
      }
    ]
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseId string = database.name
output containerIds string[] = [for (container, i) in containers: sqlContainers[i].name]
