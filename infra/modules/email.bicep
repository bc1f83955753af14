// Azure Communication Services Email for people Teams cannot reach (docs/email.md): an Email
// Communication Service with an Azure managed domain (DoNotReply@<guid>.azurecomm.net, no DNS to
// set up), a Communication Services resource linked to it, and the bot's managed identity allowed to
// send through that resource only. No connection string or key is ever read: the bot signs in with
// its managed identity.

import { resourceTags } from '../types.bicep'

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Services resource (also the first part of its endpoint).')
param communicationServiceName string

@description('Geography where Communication Services keeps its data at rest, e.g. Europe.')
param dataLocation string

@description('Name of the bot\'s user-assigned managed identity (in this resource group).')
param identityName string

@description('Tags for every resource.')
param tags resourceTags

// Built-in "Communication and Email Service Owner": the role Microsoft documents for sending e-mail
// with a Microsoft Entra identity. It is assigned on the Communication Services resource only, not
// the resource group, so the identity can do nothing with any other resource.
var emailSenderRoleId = '09976791-48a7-449e-bb21-39d1a415f350'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// The free Azure managed domain: sends at once, at low documented limits (5 a minute, 10 an hour).
// For more, add a verified custom domain and ask Azure support to raise the limits (docs/email.md).
resource domain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    // No tracking pixels or rewritten links in mail to the providers.
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      domain.id
    ]
  }
}

resource sendEmail 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, identity.id, emailSenderRoleId)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', emailSenderRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('ACS_ENDPOINT: the data-plane endpoint of the Communication Services resource.')
output endpoint string = 'https://${communication.properties.hostName}'

@description('EMAIL_FROM: the sender address of the managed domain.')
output senderAddress string = 'DoNotReply@${domain.properties.mailFromSenderDomain}'

output communicationServiceName string = communication.name
