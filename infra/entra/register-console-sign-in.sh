#!/bin/sh
# azd postprovision hook: lets the operator console sign in with Entra ID. App Service Authentication sends a browser
# to /.auth/login/aad and back to /.auth/login/aad/callback on the Function App, so the API's app registration
# (created by register-api.sh) needs that Web redirect URI and ID tokens. The host name exists only after
# provisioning (AZURE_FUNCTION_APP_HOST, an output of main.bicep). Idempotent: existing redirect URIs are kept.
set -eu

: "${API_CLIENT_ID:?API_CLIENT_ID is not set: run register-api.sh (the preprovision hook) first}"
: "${AZURE_FUNCTION_APP_HOST:?AZURE_FUNCTION_APP_HOST is not set: run this through azd after provisioning}"
callback="https://$AZURE_FUNCTION_APP_HOST/.auth/login/aad/callback"

existing=$(az ad app show --id "$API_CLIENT_ID" --query "web.redirectUris" --output tsv)
case "
$existing
" in
  *"
$callback
"*) uris=$existing ;;
  *) uris="$existing $callback" ;;
esac
# shellcheck disable=SC2086 # one argument per redirect URI
az ad app update --id "$API_CLIENT_ID" --web-redirect-uris $uris --enable-id-token-issuance true
echo "console sign-in: $callback registered on $API_CLIENT_ID"
