// Parameters for `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam`.
// Values come from the environment, so nothing tenant-specific is committed:
//
//   export ALLOWED_TENANT_IDS=<tenant-guid>[,<tenant-guid>...]
//   export ADMIN_EMAILS=beheer@gemeente.example.nl
//   export ALERT_EMAIL=azure-beheer@gemeente.example.nl   # receives the alerts
//   export PUBLIC_PUBLISHER_NAME="Gemeente Voorbeeld"      # optional: named in /openbaar/privacy
//   export TEAMS_CATALOG_APP_ID=<org catalog app id>         # optional: proactive installation (docs/reach.md)
//   export PUBLIC_CONTACT_EMAIL=privacy@gemeente.example.nl # optional: requests and accessibility problems
//   export RESOURCE_BASE_NAME=tafelbotdev      # optional, default tafelbotdev
//
// The Agents Toolkit (m365agents.yml) uses infra/azure.parameters.json instead, filled from env/.env.<env>.
using './main.bicep'

param resourceBaseName = readEnvironmentVariable('RESOURCE_BASE_NAME', 'tafelbotdev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param appServicePlanSku = 'B1'
param botServiceSku = 'F0'
param botDisplayName = 'Tafelbot'
// Required, no default: an empty allow-list must not reach production by accident.
param allowedTenantIds = readEnvironmentVariable('ALLOWED_TENANT_IDS')
param adminEmails = readEnvironmentVariable('ADMIN_EMAILS')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL')
param publicPublisherName = readEnvironmentVariable('PUBLIC_PUBLISHER_NAME', '')
param teamsCatalogAppId = readEnvironmentVariable('TEAMS_CATALOG_APP_ID', '')
param publicContactEmail = readEnvironmentVariable('PUBLIC_CONTACT_EMAIL', '')
// Decide before the first deployment (docs/operations.md); true needs appServicePlanSku P0v3 or P1v3.
param zoneRedundant = false
param logRetentionInDays = 30
param logDailyQuotaGb = 1
