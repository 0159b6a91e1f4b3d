// User-assigned managed identities: one for the Function App, one for the validator tier. Each identity gets
// only the role assignments in rbac.bicep, so the app can never read validator node keys and the validators
// can never sign transactions.

@description('Azure region of the identities.')
param location string

@description('Name of the Function App identity.')
param functionIdentityName string

@description('Name of the validator identity.')
param validatorIdentityName string

@description('Tags applied to every resource.')
param tags object

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: functionIdentityName
  location: location
  tags: tags
}

resource validatorIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: validatorIdentityName
  location: location
  tags: tags
}

output functionIdentityId string = functionIdentity.id
output functionIdentityPrincipalId string = functionIdentity.properties.principalId
output functionIdentityClientId string = functionIdentity.properties.clientId
output validatorIdentityId string = validatorIdentity.id
output validatorIdentityPrincipalId string = validatorIdentity.properties.principalId
output validatorIdentityClientId string = validatorIdentity.properties.clientId
