// Service Bus Premium namespace with the bank's three queues: inbound credit updates from the core system,
// results back to it, and the layer's own webhook-delivery queue. Entra auth only, private endpoint only.

@description('Azure region.')
param location string

@description('Namespace name.')
param name string

@description('Queue for credit updates from the bank\'s core system.')
param inboundQueueName string

@description('Queue for results back to the bank\'s core system.')
param resultsQueueName string

@description('Queue for webhook deliveries to partner banks.')
param deliveryQueueName string

@description('Log Analytics workspace that receives diagnostics.')
param workspaceId string

@description('Tags applied to every resource.')
param tags object

// Duplicate detection over a day covers the bank's resend window; ten deliveries then the dead-letter queue.
var queueProperties = {
  requiresDuplicateDetection: true
  duplicateDetectionHistoryTimeWindow: 'P1D'
  deadLetteringOnMessageExpiration: true
  maxDeliveryCount: 10
  lockDuration: 'PT1M'
  defaultMessageTimeToLive: 'P14D'
  maxSizeInMegabytes: 5120
  enablePartitioning: false
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Premium'
    tier: 'Premium'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
    zoneRedundant: true
  }
}

resource networkRules 'Microsoft.ServiceBus/namespaces/networkRuleSets@2026-01-01' = {
  parent: namespace
  name: 'default'
  properties: {
    defaultAction: 'Deny'
    publicNetworkAccess: 'Disabled'
    trustedServiceAccessEnabled: false
    ipRules: []
    virtualNetworkRules: []
  }
}

resource inboundQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: inboundQueueName
  properties: queueProperties
}

resource resultsQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: resultsQueueName
  properties: queueProperties
}

resource deliveryQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: deliveryQueueName
  properties: queueProperties
}

// 2021-05-01-preview is the newest diagnostic-settings API. The linter's suggestion, 2016-09-01, is the legacy
// singleton setting (name 'service', no categoryGroup), so it cannot express this (Azure/bicep#15992).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output inboundQueueName string = inboundQueue.name
output resultsQueueName string = resultsQueue.name
output deliveryQueueName string = deliveryQueue.name
