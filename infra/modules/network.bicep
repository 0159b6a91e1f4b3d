// The member's virtual network (10.<memberId>.0.0/16, so members never overlap when peered), one NSG per
// subnet, the NAT gateway that gives validators outbound-only internet, the private DNS zones of every private
// endpoint and the member's validator zone where each lease holder registers val-<i>.

@description('Azure region.')
param location string

@minValue(0)
@maxValue(255)
@description('Consortium member number; second octet of the address space.')
param memberId int

@description('Virtual network name.')
param vnetName string

@description('Private DNS zone in which validators register val-<i> records, e.g. bank-a.poa.internal.')
param validatorDnsZoneName string

@minValue(1)
@maxValue(15)
@description('Validators of this member; one val-<i> record set each.')
param validatorCount int

@description('Address ranges of the other members\' validator subnets, allowed to reach p2p port 30303.')
param peerAddressPrefixes array

@description('Address ranges (e.g. the hub\'s Bastion subnet) allowed to reach validators over SSH; empty for none.')
param sshSourcePrefixes array

@description('Give validators outbound internet through a NAT gateway (false when the bank routes egress through its own firewall).')
param enableNatGateway bool

@description('Log Analytics workspace that receives NSG diagnostics.')
param workspaceId string

@description('Tags applied to every resource.')
param tags object

var prefix = '10.${memberId}'
var validatorSubnetPrefix = '${prefix}.0.0/24'
var functionSubnetPrefix = '${prefix}.1.0/24'
var privateEndpointSubnetPrefix = '${prefix}.2.0/24'

var privateDnsZoneNames = [
  'privatelink.vaultcore.azure.net'
  'privatelink.servicebus.windows.net'
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.table.${environment().suffixes.storage}'
]

var peerRules = [
  for (range, i) in peerAddressPrefixes: {
    name: 'allow-p2p-member-${i}'
    properties: {
      priority: 200 + i
      direction: 'Inbound'
      access: 'Allow'
      protocol: '*'
      sourceAddressPrefix: range
      sourcePortRange: '*'
      destinationAddressPrefix: validatorSubnetPrefix
      destinationPortRange: '30303'
    }
  }
]

var sshRules = [
  for (range, i) in sshSourcePrefixes: {
    name: 'allow-ssh-${i}'
    properties: {
      priority: 300 + i
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: range
      sourcePortRange: '*'
      destinationAddressPrefix: validatorSubnetPrefix
      destinationPortRange: '22'
    }
  }
]

var validatorBaseRules = [
  {
    name: 'allow-rpc-from-functions'
    properties: {
      priority: 100
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: functionSubnetPrefix
      sourcePortRange: '*'
      destinationAddressPrefix: validatorSubnetPrefix
      destinationPortRange: '8545'
    }
  }
  {
    name: 'allow-rpc-probe-from-load-balancer'
    properties: {
      priority: 110
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: 'AzureLoadBalancer'
      sourcePortRange: '*'
      destinationAddressPrefix: validatorSubnetPrefix
      destinationPortRange: '8545'
    }
  }
  {
    name: 'allow-p2p-own-validators'
    properties: {
      priority: 120
      direction: 'Inbound'
      access: 'Allow'
      protocol: '*'
      sourceAddressPrefix: validatorSubnetPrefix
      sourcePortRange: '*'
      destinationAddressPrefix: validatorSubnetPrefix
      destinationPortRange: '30303'
    }
  }
  {
    name: 'deny-all-other-inbound'
    properties: {
      priority: 4096
      direction: 'Inbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: '*'
      destinationPortRange: '*'
    }
  }
]

resource validatorNsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: 'nsg-validators-${vnetName}'
  location: location
  tags: tags
  properties: {
    securityRules: concat(validatorBaseRules, peerRules, sshRules)
  }
}

resource functionNsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: 'nsg-functions-${vnetName}'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'deny-all-inbound'
        properties: {
          priority: 4096
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource privateEndpointNsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: 'nsg-private-endpoints-${vnetName}'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'allow-https-from-vnet'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: '${prefix}.0.0/16'
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointSubnetPrefix
          destinationPortRanges: ['443', '5671', '5672']
        }
      }
      {
        name: 'deny-all-other-inbound'
        properties: {
          priority: 4096
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource natPublicIp 'Microsoft.Network/publicIPAddresses@2026-03-01' = if (enableNatGateway) {
  name: 'pip-nat-${vnetName}'
  location: location
  tags: tags
  sku: { name: 'Standard' }
  zones: ['1', '2', '3']
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2026-03-01' = if (enableNatGateway) {
  name: 'ng-${vnetName}'
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [{ id: natPublicIp.id }]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['${prefix}.0.0/16'] }
    subnets: [
      {
        name: 'snet-validators'
        properties: {
          addressPrefix: validatorSubnetPrefix
          networkSecurityGroup: { id: validatorNsg.id }
          natGateway: enableNatGateway ? { id: natGateway.id } : null
          defaultOutboundAccess: false
        }
      }
      {
        name: 'snet-functions'
        properties: {
          addressPrefix: functionSubnetPrefix
          networkSecurityGroup: { id: functionNsg.id }
          delegations: [
            {
              name: 'flex-consumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
          defaultOutboundAccess: false
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          networkSecurityGroup: { id: privateEndpointNsg.id }
          privateEndpointNetworkPolicies: 'Enabled'
          defaultOutboundAccess: false
        }
      }
    ]
  }
}

resource privateDnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zoneName in privateDnsZoneNames: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource privateDnsLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zoneName, i) in privateDnsZoneNames: {
    parent: privateDnsZones[i]
    name: 'link-${vnetName}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: { id: vnet.id }
    }
  }
]

resource validatorDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: validatorDnsZoneName
  location: 'global'
  tags: tags
}

resource validatorDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: validatorDnsZone
  name: 'link-${vnetName}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

// One record set per validator index, so each lease holder's DNS role can be scoped to exactly these names.
resource validatorRecords 'Microsoft.Network/privateDnsZones/A@2024-06-01' = [
  for i in range(0, validatorCount): {
    parent: validatorDnsZone
    name: 'val-${i}'
    properties: {
      ttl: 30
      aRecords: []
    }
  }
]

// 2021-05-01-preview is the newest diagnostic-settings API. The linter's suggestion, 2016-09-01, is the legacy
// singleton setting (name 'service', no categoryGroup), so it cannot express this (Azure/bicep#15992).
#disable-next-line use-recent-api-versions
resource validatorNsgDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: validatorNsg
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

output vnetId string = vnet.id
output validatorSubnetId string = '${vnet.id}/subnets/snet-validators'
output functionSubnetId string = '${vnet.id}/subnets/snet-functions'
output privateEndpointSubnetId string = '${vnet.id}/subnets/snet-private-endpoints'
output validatorSubnetPrefix string = validatorSubnetPrefix
output keyVaultDnsZoneId string = privateDnsZones[0].id
output serviceBusDnsZoneId string = privateDnsZones[1].id
output blobDnsZoneId string = privateDnsZones[2].id
output queueDnsZoneId string = privateDnsZones[3].id
output tableDnsZoneId string = privateDnsZones[4].id
output validatorDnsZoneName string = validatorDnsZone.name
output validatorRecordSetNames array = [for i in range(0, validatorCount): validatorRecords[i].name]
