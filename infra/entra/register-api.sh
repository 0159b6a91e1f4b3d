#!/bin/sh
# azd preprovision hook: creates (or updates) the Entra ID app registration that App Service Authentication puts in
# front of the bank's API, with the app roles the app checks per action (api-app-roles.json: reader, operator,
# admin; lib/http/audited.ts), an `api://<appId>` identifier, and a service principal that admits only users and
# applications assigned one of those roles. Sets API_CLIENT_ID in the azd environment for main.parameters.json.
# Idempotent: a second run finds the registration by name and re-applies the roles. Needs az (signed in with rights
# to create app registrations, e.g. Application Developer) and azd.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
name="${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set: run this through azd}-creditlink-api"

app_id=$(az ad app list --display-name "$name" --query "[0].appId" --output tsv)
if [ -z "$app_id" ]; then
  app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId --output tsv)
  echo "created app registration $name ($app_id)"
fi
az ad app update --id "$app_id" --identifier-uris "api://$app_id" --app-roles "@$here/api-app-roles.json"

if ! az ad sp show --id "$app_id" --output none 2>/dev/null; then
  az ad sp create --id "$app_id" --output none
fi
az ad sp update --id "$app_id" --set appRoleAssignmentRequired=true

azd env set API_CLIENT_ID "$app_id"
echo "API_CLIENT_ID=$app_id: assign users and callers the reader, operator or admin role of $name"
