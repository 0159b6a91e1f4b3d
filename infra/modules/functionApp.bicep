// Flex Consumption Function App (Node 20, v4 model, Durable Functions on the Azure Storage provider) running
// as its user-assigned identity. Every connection is identity-based: the settings carry names and endpoints,
// never keys or connection strings with secrets.

@description('Azure region.')
param location string

@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Resource id of the Function App\'s user-assigned identity.')
param identityId string

@description('Client id of the Function App\'s user-assigned identity.')
param identityClientId string

@description('Subnet delegated to Microsoft.App/environments for VNet integration.')
param subnetId string

@description('Name of the app Storage account (host, task hub, deployment package).')
param storageAccountName string

@description('Blob endpoint of the app Storage account.')
param storageBlobEndpoint string

@description('Table endpoint of the app Storage account.')
param storageTableEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (no secret: ingestion requires Entra auth).')
param appInsightsConnectionString string

@description('Fully qualified Service Bus namespace, e.g. sb-x.servicebus.windows.net.')
param serviceBusNamespace string

@description('Queue of credit updates from the bank (SERVICEBUS_INBOUND_QUEUE).')
param inboundQueueName string

@description('Queue of results to the bank (SERVICEBUS_RESULTS_QUEUE).')
param resultsQueueName string

@description('Queue of webhook deliveries (SERVICEBUS_DELIVERY_QUEUE).')
param deliveryQueueName string

@description('URI of the app Key Vault.')
param keyVaultUrl string

@description('Name of the EC-HSM P-256K signing key.')
param signingKeyName string

@description('Comma-separated JSON-RPC endpoints of the validators.')
param chainRpcUrls string

@description('Unversioned URI of the consortium subject key secret (read through a Key Vault reference).')
param subjectKeySecretUri string

@description('NCRONTAB schedule of the reconciliation timer.')
param reconciliationSchedule string

@description('NCRONTAB schedule of the retention timer.')
param retentionSchedule string

@description('Chain id of the consortium network.')
param chainId int

@description('Address of the CreditRegistry contract; empty until deployed.')
param chainContractAddress string

@description('Durable Functions task hub name (host.json reads %DURABLE_TASK_HUB%).')
param durableTaskHub string

@description('Client id of the API\'s Entra ID app registration (roles reader, operator, admin).')
param apiClientId string

@description('Client networks (CIDR) allowed in; empty: public network access disabled.')
param allowedClientCidrs array

@description('Partner networks reachable by webhooks over peering (WEBHOOK_ALLOWED_NETWORKS).')
param webhookAllowedNetworks string

@minValue(1)
@maxValue(1000)
@description('Upper bound on Flex Consumption instances.')
param maximumInstanceCount int = 40

@description('Tags applied to every resource.')
param tags object

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    virtualNetworkSubnetId: subnetId
    keyVaultReferenceIdentity: identityId
    // Only the bank's networks reach the app: everyone else is refused before authentication even runs.
    publicNetworkAccess: empty(allowedClientCidrs) ? 'Disabled' : 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      http20Enabled: true
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [
        for (cidr, i) in allowedClientCidrs: {
          name: 'bank-${i}'
          action: 'Allow'
          ipAddress: cidr
          priority: 100 + i
        }
      ]
      scmIpSecurityRestrictionsDefaultAction: 'Deny'
      scmIpSecurityRestrictionsUseMain: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
    ServiceBusConnection__credential: 'managedidentity'
    ServiceBusConnection__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AZURE_CLIENT_ID: identityClientId
    DURABLE_TASK_HUB: durableTaskHub
    SERVICEBUS_INBOUND_QUEUE: inboundQueueName
    SERVICEBUS_RESULTS_QUEUE: resultsQueueName
    SERVICEBUS_DELIVERY_QUEUE: deliveryQueueName
    KEYVAULT_URL: keyVaultUrl
    KEYVAULT_SIGNING_KEY_NAME: signingKeyName
    // Resolved by the platform with the user-assigned identity (keyVaultReferenceIdentity); refreshed daily.
    CONSORTIUM_SUBJECT_KEY: '@Microsoft.KeyVault(SecretUri=${subjectKeySecretUri})'
    // The timers' %…% schedules must resolve, or the host refuses to index those functions.
    RECONCILIATION_SCHEDULE: reconciliationSchedule
    RETENTION_SCHEDULE: retentionSchedule
    STORAGE_BLOB_URL: storageBlobEndpoint
    STORAGE_TABLE_URL: storageTableEndpoint
    CHAIN_RPC_URLS: chainRpcUrls
    CHAIN_ID: string(chainId)
    CHAIN_CONTRACT_ADDRESS: chainContractAddress
    // The host refuses a larger request body before the app reads it (413); admin bodies are capped lower (64 KB).
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576'
    WEBHOOK_ALLOWED_NETWORKS: webhookAllowedNetworks
    // The console page (excluded below) sends a browser that is not signed in here, then back to the page.
    CONSOLE_SIGN_IN_PATH: '/.auth/login/aad'
  }
}

// App Service Authentication (Entra ID) in front of every route but the anonymous liveness probe: a caller needs a
// token for the API's app registration, whose app roles (reader, operator, admin) the app checks per action
// (lib/http/audited.ts) beside the function key; the platform sets x-ms-client-principal and strips client copies.
// authsettingsV2 has one unauthenticated action for the whole site, so API callers keep 401 and the console page is
// excluded instead: it holds no data (its key still applies) and sends a browser without a sign-in session to
// /.auth/login/aad (CONSOLE_SIGN_IN_PATH); the session cookie then authenticates the page's API calls, as tokens do.
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: ['/api/health', '/api/console']
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: ['api://${apiClientId}']
        }
      }
    }
    login: { tokenStore: { enabled: false } }
    httpSettings: { requireHttps: true }
  }
}

resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
