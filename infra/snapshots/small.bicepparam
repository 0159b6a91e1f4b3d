// The small profile as a first-time member deploys it: 2 validators installing Besu from the package blob, NAT
// egress, alert e-mail, and the deployer's key-ceremony role. `npm run check:bicep` keeps small.snapshot.json
// (every resource this deployment creates, as Resource Manager receives it) current; no value here is a secret.
using '../main.bicep'

param environmentName = 'bank-a-small'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param memberId = 1
param memberName = 'bank-a'
param validatorCount = 2
param besuPackageBlobName = 'besu-25.10.0.tar.gz'
param besuPackageSha256 = '0000000000000000000000000000000000000000000000000000000000000000'
param validatorAdminSshPublicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvYOMLsm1JHpDwzTu0GVqn2bKpr5mWwcFrvQ7XuYO0y ops@bank-a.example'
param alertEmail = 'blockchain-oncall@bank-a.example'
param apiClientId = '33333333-3333-3333-3333-333333333333'
param consortiumSubjectKey = 'snapshot-placeholder-not-a-key'
