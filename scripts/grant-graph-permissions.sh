#!/usr/bin/env bash
# Grants Tafelbot's managed identity the two Microsoft Graph application permissions that proactive installation
# needs (issue 15, docs/reach.md):
#
#   User.Read.All                                  find a contact in the tenant by e-mail address (members, guests)
#   TeamsAppInstallation.ReadWriteSelfForUser.All  install Tafelbot (and only Tafelbot) in a user's personal scope
#
# Idempotent: it looks up the service principal of Microsoft Graph (appId 00000003-0000-0000-c000-000000000000),
# finds each permission's appRole id by its value, and POSTs an appRoleAssignment only when the identity does not
# have it yet. Running it again changes nothing. Uses `az rest` only (no Graph PowerShell, no secrets).
#
#   scripts/grant-graph-permissions.sh <client id of the managed identity>     # BOT_ID / AZURE_CLIENT_ID
#   scripts/grant-graph-permissions.sh <client id> --dry-run                   # say what it would do
#
# Run it signed in (`az login`) as someone who may grant application permissions in the tenant: a Privileged Role
# Administrator or Global Administrator. Afterwards set TEAMS_CATALOG_APP_ID (env file or the Bicep parameter
# teamsCatalogAppId) and deploy: GRAPH_INSTALL follows it.
set -euo pipefail

GRAPH_APP_ID="00000003-0000-0000-c000-000000000000"
PERMISSIONS=("User.Read.All" "TeamsAppInstallation.ReadWriteSelfForUser.All")
GRAPH="${GRAPH_URL:-https://graph.microsoft.com}/v1.0"

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

CLIENT_ID="${1:-}"
DRY_RUN="false"
[[ "${2:-}" == "--dry-run" ]] && DRY_RUN="true"
[[ "$CLIENT_ID" =~ ^[0-9a-fA-F-]{36}$ ]] || usage
command -v az >/dev/null || { echo "The Azure CLI (az) is needed: https://aka.ms/azure-cli" >&2; exit 1; }

# The service principal of an application by its appId (client id); empty when there is none.
service_principal_of() {
  az rest --method GET \
    --url "$GRAPH/servicePrincipals?\$filter=appId%20eq%20'$1'&\$select=id,displayName" \
    --query "value[0].id" --output tsv
}

IDENTITY_SP="$(service_principal_of "$CLIENT_ID")"
if [[ -z "$IDENTITY_SP" ]]; then
  echo "No service principal with appId $CLIENT_ID in this tenant: is this the managed identity's client id, and are you signed in to the right tenant?" >&2
  exit 1
fi
GRAPH_SP="$(service_principal_of "$GRAPH_APP_ID")"
[[ -n "$GRAPH_SP" ]] || { echo "Microsoft Graph's service principal was not found." >&2; exit 1; }
echo "managed identity: service principal $IDENTITY_SP; Microsoft Graph: $GRAPH_SP"

granted=0
for permission in "${PERMISSIONS[@]}"; do
  role_id="$(az rest --method GET \
    --url "$GRAPH/servicePrincipals/$GRAPH_SP?\$select=appRoles" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" \
    --output tsv)"
  if [[ -z "$role_id" ]]; then
    echo "Microsoft Graph has no application permission called $permission." >&2
    exit 1
  fi
  existing="$(az rest --method GET \
    --url "$GRAPH/servicePrincipals/$IDENTITY_SP/appRoleAssignments" \
    --query "length(value[?appRoleId=='$role_id' && resourceId=='$GRAPH_SP'])" \
    --output tsv)"
  if [[ "$existing" != "0" ]]; then
    echo "$permission: already granted"
    continue
  fi
  if [[ "$DRY_RUN" == "true" ]]; then
    echo "$permission: would be granted (dry run)"
    continue
  fi
  az rest --method POST \
    --url "$GRAPH/servicePrincipals/$IDENTITY_SP/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$IDENTITY_SP\",\"resourceId\":\"$GRAPH_SP\",\"appRoleId\":\"$role_id\"}" \
    --output none
  echo "$permission: granted"
  granted=$((granted + 1))
done
echo "done: $granted permission(s) granted now. Azure caches managed identity tokens for up to 24 hours, so a new grant can take that long to reach the bot."
