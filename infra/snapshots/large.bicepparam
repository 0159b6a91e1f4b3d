// The large profile with every optional branch the other way round from small.bicepparam: 15 validators from a
// gallery image, egress through the bank's firewall (no NAT gateway), peers and SSH ranges, a deployed contract,
// no alert e-mail and no deployer role. `npm run check:bicep` keeps large.snapshot.json current.
using '../main.bicep'

param environmentName = 'bank-b-large'
param location = 'northeurope'
param memberId = 2
param memberName = 'bank-b'
param validatorCount = 15
param validatorVmSize = 'Standard_D8s_v5'
param validatorImageId = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_bank_b/images/besu/versions/25.10.0'
param validatorAdminSshPublicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvYOMLsm1JHpDwzTu0GVqn2bKpr5mWwcFrvQ7XuYO0y ops@bank-b.example'
param peerAddressPrefixes = ['10.1.0.0/24', '10.3.0.0/24']
param sshSourcePrefixes = ['10.200.0.0/26']
param enableNatGateway = false
param chainContractAddress = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
param apiClientId = '44444444-4444-4444-4444-444444444444'
param apiAllowedClientCidrs = ['10.200.10.0/24', '192.0.2.0/28']
param webhookAllowedNetworks = '10.1.0.0/16,10.3.0.0/16'
param consortiumSubjectKey = 'snapshot-placeholder-not-a-key'
