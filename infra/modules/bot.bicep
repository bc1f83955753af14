// Azure Bot registration that uses the user-assigned managed identity as its app id
// (no client secret), with the Microsoft Teams channel.

@description('Name (handle) of the Azure Bot; globally unique.')
@minLength(2)
@maxLength(64)
param name string

@description('Display name of the bot.')
param displayName string

@description('Pricing tier. F0 is free and includes unlimited messages on standard channels such as Teams.')
@allowed([
  'F0'
  'S1'
])
param sku string

@description('Host name of the web app that serves /api/messages.')
param webAppHostName string

@description('Resource id of the user-assigned managed identity.')
param identityResourceId string

@description('Client id of the user-assigned managed identity (the bot\'s app id).')
param identityClientId string

@description('Entra tenant of the managed identity.')
param tenantId string

@description('Tags for every resource.')
param tags resourceTags

import { resourceTags } from '../types.bicep'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Azure Bot registrations are global resources.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${webAppHostName}/api/messages'
    msaAppId: identityClientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: tenantId
    // Turns off Direct Line / Web Chat secrets; Teams does not use them.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output name string = bot.name
output teamsChannelName string = teamsChannel.name
