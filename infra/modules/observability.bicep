// The member's dashboard and alerts, after the original scenario's monitoring: an Azure Monitor workbook
// (validators reporting heartbeats, block height per node, transactions per minute, confirmation latency,
// webhook delivery health, reconciliation findings, consortium members) and alerts for validator loss, chain
// stall, dead-letter growth, Key Vault throttling and reconciliation alerts (a write by the bank's key that
// creditlink did not send: a leaked key?).

@description('Azure region.')
param location string

@description('Consortium member name.')
param memberName string

@description('Validators this member runs; fewer heartbeats than this raises the validator-loss alert.')
param validatorCount int

@description('Log Analytics workspace holding validator syslog and the app\'s traces.')
param workspaceId string

@description('Service Bus namespace whose dead-letter counts are watched.')
param serviceBusId string

@description('App Key Vault whose throttling (HTTP 429) is watched.')
param keyVaultId string

@description('E-mail address of the on-call mailbox; empty for alerts without notification.')
param alertEmail string

@description('Tags applied to every resource.')
param tags object

var consortium = loadJsonContent('../consortium/validators.json')
var membersDatatable = join(
  map(consortium.members, member => '\'${member.name}\', ${length(member.validators)}'),
  ', '
)

var heartbeats = 'Syslog | where ProcessName == \'besu-heartbeat\' | parse-kv SyslogMessage as (member: string, validator: string, host: string, block: long, peers: long, rpc: string) with (pair_delimiter=\' \', kv_delimiter=\'=\')'

var workbookContent = replace(
  replace(loadTextContent('../monitoring/workbook.json'), '__CONSORTIUM_MEMBERS__', membersDatatable),
  '__MEMBER_NAME__',
  memberName
)

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'creditlink-workbook', memberName)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'creditlink consortium member ${memberName}'
    category: 'workbook'
    sourceId: workspaceId
    serializedData: workbookContent
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-creditlink-${memberName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('cl-${memberName}', 12)
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'on-call'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

resource validatorLoss 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-validator-loss-${memberName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Validator loss (${memberName})'
    description: 'Fewer of this member\'s validators answered JSON-RPC in the last 5 minutes than are deployed.'
    severity: 1
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '${heartbeats} | where isempty(rpc) | summarize reporting = dcount(host)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'reporting'
          operator: 'LessThan'
          threshold: validatorCount
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: { actionGroups: [actionGroup.id] }
  }
}

resource chainStall 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-chain-stall-${memberName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Chain stall (${memberName})'
    description: 'The highest block reported by this member\'s validators did not advance in 5 minutes (2 s blocks).'
    severity: 0
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '${heartbeats} | where isnotempty(block) | summarize advance = max(block) - min(block)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'advance'
          operator: 'LessThanOrEqual'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: { actionGroups: [actionGroup.id] }
  }
}

resource reconciliationAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-reconciliation-${memberName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Reconciliation alert (${memberName})'
    description: 'Reconciliation found a record written by this bank\'s signing key that creditlink did not send: treat the key as leaked until explained.'
    severity: 0
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'AppTraces | where tostring(Properties.event) == \'reconciliation.finding\' and tostring(Properties.severity) == \'alert\' | summarize alerts = count()'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'alerts'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: { actionGroups: [actionGroup.id] }
  }
}

resource deadLetterGrowth 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-dead-letters-${memberName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages are piling up in a dead-letter queue; each one needs a replay or a decision.'
    severity: 2
    enabled: true
    scopes: [serviceBusId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'dead-lettered'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: ['*']
            }
          ]
          timeAggregation: 'Maximum'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [{ actionGroupId: actionGroup.id }]
  }
}

resource keyVaultThrottling 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-key-vault-throttling-${memberName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Key Vault answered HTTP 429: signing is throttled; batch more updates per transaction.'
    severity: 2
    enabled: true
    scopes: [keyVaultId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'throttled'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.KeyVault/vaults'
          metricName: 'ServiceApiResult'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: ['429']
            }
          ]
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [{ actionGroupId: actionGroup.id }]
  }
}

output workbookId string = workbook.id
