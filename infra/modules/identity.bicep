// The bot's user-assigned managed identity. It is the bot's Microsoft App ID (msaAppType
// UserAssignedMSI), so the bot has no client secret, and it signs in to Cosmos DB.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags resourceTags

import { resourceTags } from '../types.bicep'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
