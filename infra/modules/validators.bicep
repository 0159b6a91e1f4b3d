// The member's validator tier: a fixed-size VM scale set (Flexible orchestration, Trusted Launch, no public IPs)
// running Hyperledger Besu with QBFT, behind an internal Standard load balancer that serves JSON-RPC 8545 only to
// nodes whose /readiness answers 200. Peer-to-peer 30303 is never load-balanced: each lease holder registers
// val-<i> in the member's DNS zone and the consortium's static-nodes file dials those names.

@description('Azure region.')
param location string

@description('Consortium member name, lower case (used in secret and DNS names).')
param memberName string

@minValue(1)
@maxValue(15)
@description('Validators this member runs; fixed, because validator identities are stateful.')
param validatorCount int

@description('VM size of a validator.')
param vmSize string

@description('Compute Gallery image with Besu baked in; empty for Ubuntu 24.04 plus the package blob.')
param imageId string

@description('Blob URL of the Besu distribution (tar.gz) in the validator account; used when the image lacks Besu.')
param besuPackageUrl string

@description('SHA-256 of the Besu distribution.')
param besuPackageSha256 string

@minValue(64)
@description('Size of the Premium SSD holding the chain data, in GiB.')
param dataDiskSizeInGb int = 256

@description('Local administrator for break-glass SSH; Entra ID SSH login is the normal path.')
param adminUsername string

@description('SSH public key of the administrator (a public key, not a secret).')
param adminSshPublicKey string

@description('Resource id of the validators\' user-assigned identity.')
param identityId string

@description('Client id of the validators\' user-assigned identity.')
param identityClientId string

@description('Subnet of the validators and of the load balancer frontend.')
param subnetId string

@description('Static private IP of the JSON-RPC load balancer frontend.')
param rpcLoadBalancerIp string

@description('URL of the validator-leases container.')
param leaseContainerUrl string

@description('URI of the node-key vault.')
param nodeKeyVaultUrl string

@description('Name of the private DNS zone in which validators register val-<i>.')
param validatorDnsZoneName string

@description('Log Analytics workspace that receives heartbeats and syslog.')
param workspaceId string

@description('Tags applied to every resource.')
param tags object

var loadBalancerName = 'lbi-rpc-${memberName}'

var ubuntuImage = {
  publisher: 'Canonical'
  offer: 'ubuntu-24_04-lts'
  sku: 'server'
  version: 'latest'
}

// Keys are the double-underscore placeholders of cloud-init.yaml; infra/tools/checks keeps the two in step.
var cloudInitValues = {
  GENESIS_JSON_B64: loadFileAsBase64('../consortium/genesis.json')
  STATIC_NODES_JSON_B64: loadFileAsBase64('../consortium/static-nodes.json')
  BESU_IDENTITY_SH_B64: loadFileAsBase64('../validators/besu-identity.sh')
  BESU_INSTALL_SH_B64: loadFileAsBase64('../validators/besu-install.sh')
  BESU_HEARTBEAT_SH_B64: loadFileAsBase64('../validators/besu-heartbeat.sh')
  CLIENT_ID: identityClientId
  MEMBER_NAME: memberName
  VALIDATOR_COUNT: string(validatorCount)
  LEASE_CONTAINER_URL: leaseContainerUrl
  NODE_KEY_VAULT_URL: nodeKeyVaultUrl
  DNS_ZONE_ID: validatorDnsZone.id
  ARM_ENDPOINT: environment().resourceManager
  RPC_LOAD_BALANCER_IP: rpcLoadBalancerIp
  BESU_PACKAGE_URL: besuPackageUrl
  BESU_PACKAGE_SHA256: besuPackageSha256
}

var cloudInit = reduce(
  items(cloudInitValues),
  loadTextContent('../validators/cloud-init.yaml'),
  (text, placeholder) => replace(string(text), '__${placeholder.key}__', string(placeholder.value))
)

resource validatorDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: validatorDnsZoneName
}

resource loadBalancer 'Microsoft.Network/loadBalancers@2026-03-01' = {
  name: loadBalancerName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    frontendIPConfigurations: [
      {
        name: 'json-rpc'
        zones: ['1', '2', '3']
        properties: {
          privateIPAllocationMethod: 'Static'
          privateIPAddress: rpcLoadBalancerIp
          subnet: { id: subnetId }
        }
      }
    ]
    backendAddressPools: [
      { name: 'validators' }
    ]
    probes: [
      {
        name: 'besu-readiness'
        properties: {
          protocol: 'Http'
          port: 8545
          requestPath: '/readiness'
          intervalInSeconds: 5
          numberOfProbes: 2
          probeThreshold: 2
        }
      }
    ]
    loadBalancingRules: [
      {
        name: 'json-rpc-8545'
        properties: {
          protocol: 'Tcp'
          frontendPort: 8545
          backendPort: 8545
          idleTimeoutInMinutes: 4
          enableFloatingIP: false
          enableTcpReset: true
          loadDistribution: 'Default'
          frontendIPConfiguration: {
            id: resourceId('Microsoft.Network/loadBalancers/frontendIPConfigurations', loadBalancerName, 'json-rpc')
          }
          backendAddressPool: {
            id: resourceId('Microsoft.Network/loadBalancers/backendAddressPools', loadBalancerName, 'validators')
          }
          probe: {
            id: resourceId('Microsoft.Network/loadBalancers/probes', loadBalancerName, 'besu-readiness')
          }
        }
      }
    ]
  }
}

resource scaleSet 'Microsoft.Compute/virtualMachineScaleSets@2026-04-01' = {
  name: 'vmss-validators-${memberName}'
  location: location
  tags: tags
  zones: ['1', '2', '3']
  identity: {
    // The system identity exists only for Entra ID SSH login; it holds no roles.
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  sku: {
    name: vmSize
    tier: 'Standard'
    capacity: validatorCount
  }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    singlePlacementGroup: false
    automaticRepairsPolicy: {
      enabled: true
      gracePeriod: 'PT30M'
    }
    virtualMachineProfile: {
      securityProfile: {
        securityType: 'TrustedLaunch'
        uefiSettings: {
          secureBootEnabled: true
          vTpmEnabled: true
        }
        encryptionAtHost: true
      }
      osProfile: {
        computerNamePrefix: 'val${memberName}'
        adminUsername: adminUsername
        customData: base64(cloudInit)
        linuxConfiguration: {
          disablePasswordAuthentication: true
          provisionVMAgent: true
          ssh: {
            publicKeys: [
              {
                path: '/home/${adminUsername}/.ssh/authorized_keys'
                keyData: adminSshPublicKey
              }
            ]
          }
          // Validators are patched by rolling out a new image one VM at a time, never all at once by the platform.
          patchSettings: {
            patchMode: 'ImageDefault'
          }
        }
      }
      storageProfile: {
        imageReference: empty(imageId) ? ubuntuImage : { id: imageId }
        osDisk: {
          createOption: 'FromImage'
          caching: 'ReadWrite'
          deleteOption: 'Delete'
          managedDisk: { storageAccountType: 'Premium_LRS' }
        }
        dataDisks: [
          {
            lun: 0
            createOption: 'Empty'
            diskSizeGB: dataDiskSizeInGb
            caching: 'None'
            deleteOption: 'Delete'
            managedDisk: { storageAccountType: 'Premium_LRS' }
          }
        ]
      }
      networkProfile: {
        networkApiVersion: '2022-11-01'
        networkInterfaceConfigurations: [
          {
            name: 'nic-validator'
            properties: {
              primary: true
              enableAcceleratedNetworking: true
              deleteOption: 'Delete'
              ipConfigurations: [
                {
                  name: 'ipconfig'
                  properties: {
                    primary: true
                    privateIPAddressVersion: 'IPv4'
                    subnet: { id: subnetId }
                    loadBalancerBackendAddressPools: [
                      { id: loadBalancer.properties.backendAddressPools[0].id }
                    ]
                  }
                }
              ]
            }
          }
        ]
      }
      diagnosticsProfile: {
        bootDiagnostics: { enabled: true }
      }
      extensionProfile: {
        extensions: [
          {
            name: 'AADSSHLoginForLinux'
            properties: {
              publisher: 'Microsoft.Azure.ActiveDirectory'
              type: 'AADSSHLoginForLinux'
              typeHandlerVersion: '1.0'
              autoUpgradeMinorVersion: true
            }
          }
          {
            name: 'AzureMonitorLinuxAgent'
            properties: {
              publisher: 'Microsoft.Azure.Monitor'
              type: 'AzureMonitorLinuxAgent'
              typeHandlerVersion: '1.33'
              autoUpgradeMinorVersion: true
              enableAutomaticUpgrade: true
              settings: {
                authentication: {
                  managedIdentity: {
                    'identifier-name': 'mi_res_id'
                    'identifier-value': identityId
                  }
                }
              }
            }
          }
          {
            // Liveness, not readiness: a node that is still syncing must not be repaired in a loop.
            name: 'ApplicationHealthLinux'
            properties: {
              publisher: 'Microsoft.ManagedServices'
              type: 'ApplicationHealthLinux'
              typeHandlerVersion: '2.0'
              autoUpgradeMinorVersion: true
              settings: {
                protocol: 'http'
                port: 8545
                requestPath: '/liveness'
                intervalInSeconds: 10
                numberOfProbes: 3
                gracePeriod: 900
              }
            }
          }
        ]
      }
    }
  }
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@2024-03-11' = {
  name: 'dcr-validators-${memberName}'
  location: location
  tags: tags
  kind: 'Linux'
  properties: {
    dataSources: {
      syslog: [
        {
          name: 'besu-syslog'
          streams: ['Microsoft-Syslog']
          facilityNames: ['user', 'daemon', 'auth']
          logLevels: ['Info', 'Notice', 'Warning', 'Error', 'Critical', 'Alert', 'Emergency']
        }
      ]
    }
    destinations: {
      logAnalytics: [
        {
          name: 'workspace'
          workspaceResourceId: workspaceId
        }
      ]
    }
    dataFlows: [
      {
        streams: ['Microsoft-Syslog']
        destinations: ['workspace']
      }
    ]
  }
}

resource dataCollectionAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@2024-03-11' = {
  name: 'validators-syslog'
  scope: scaleSet
  properties: {
    dataCollectionRuleId: dataCollectionRule.id
  }
}

output scaleSetName string = scaleSet.name
output scaleSetId string = scaleSet.id
output loadBalancerName string = loadBalancer.name
output rpcUrl string = 'http://${rpcLoadBalancerIp}:8545'
