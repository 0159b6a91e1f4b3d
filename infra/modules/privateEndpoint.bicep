// One private endpoint for one sub-resource (groupId) of a PaaS resource, registered in its private DNS zone.

@description('Azure region.')
param location string

@description('Private endpoint name.')
param name string

@description('Subnet that hosts the endpoint\'s NIC.')
param subnetId string

@description('Resource id of the Key Vault, Service Bus namespace or Storage account.')
param privateLinkServiceId string

@allowed(['vault', 'namespace', 'blob', 'queue', 'table'])
@description('Sub-resource the endpoint connects to.')
param groupId string

@description('Private DNS zone that resolves the resource to the endpoint\'s IP.')
param privateDnsZoneId string

@description('Tags applied to every resource.')
param tags object

resource endpoint 'Microsoft.Network/privateEndpoints@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: privateLinkServiceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: { privateDnsZoneId: privateDnsZoneId }
      }
    ]
  }
}

output id string = endpoint.id
