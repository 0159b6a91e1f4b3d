#!/usr/bin/env bash
# Claims, renews and releases this VM's validator identity, modelled on the original PoA template's identity
# store: a 60 s blob lease on validator-leases/validator-<i> decides which VM runs validator <i>, so no two VMs
# ever sign with the same key. The node key goes from the node-key vault straight into tmpfs (0400, user besu);
# tokens reach curl through stdin, never through a command line.
#
#   besu-identity.sh claim    lease a free index, fetch its key, register val-<i> in the member's DNS zone
#   besu-identity.sh renew    renew the lease; on failure restart Besu, which drops the key and claims again
#   besu-identity.sh release  wipe the key and release the lease
set -euo pipefail

# shellcheck source=/dev/null
. /etc/besu/identity.env

readonly RUN_DIR=/run/besu
readonly LEASE_SECONDS=60
readonly IMDS=http://169.254.169.254/metadata
readonly STORAGE_API_VERSION=2023-11-03
readonly KEYVAULT_API_VERSION=7.4
readonly DNS_API_VERSION=2020-06-01

log() {
  logger -t besu-identity -- "$*"
}

# Prints an access token for the VM's user-assigned identity.
token() {
  curl -sS --fail --max-time 10 -H Metadata:true \
    "${IMDS}/identity/oauth2/token?api-version=2018-02-01&resource=$1&client_id=${AZURE_CLIENT_ID}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# Runs curl with the bearer token passed on stdin as curl configuration.
authorized_curl() {
  local bearer=$1
  shift
  printf 'header = "Authorization: Bearer %s"\n' "${bearer}" | curl -sS --max-time 15 --config - "$@"
}

lease_blob_url() {
  printf '%s/validator-%s' "${LEASE_CONTAINER_URL%/}" "$1"
}

# Prints the HTTP status of a lease operation on validator blob $2.
lease_request() {
  local bearer=$1 index=$2
  shift 2
  authorized_curl "${bearer}" -o /dev/null -w '%{http_code}' -X PUT \
    -H "x-ms-version: ${STORAGE_API_VERSION}" -H 'Content-Length: 0' "$@" \
    "$(lease_blob_url "${index}")?comp=lease"
}

ensure_lease_blob() {
  local bearer=$1 index=$2
  # 201 creates the blob; 409/412 mean it exists already, which is just as good.
  authorized_curl "${bearer}" -o /dev/null -w '%{http_code}' -X PUT \
    -H "x-ms-version: ${STORAGE_API_VERSION}" -H 'x-ms-blob-type: BlockBlob' -H 'If-None-Match: *' \
    -H 'Content-Length: 0' "$(lease_blob_url "${index}")" >/dev/null
}

private_ip() {
  curl -sS --fail --max-time 5 -H Metadata:true \
    "${IMDS}/instance/network/interface/0/ipv4/ipAddress/0/privateIpAddress?api-version=2021-02-01&format=text"
}

fetch_node_key() {
  local index=$1 bearer secret_url
  bearer=$(token https://vault.azure.net)
  secret_url="${NODE_KEY_VAULT_URL%/}/secrets/besu-${MEMBER_NAME}-validator-${index}-nodekey?api-version=${KEYVAULT_API_VERSION}"
  (
    umask 0377
    authorized_curl "${bearer}" --fail "${secret_url}" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["value"].strip())' >"${RUN_DIR}/key.tmp"
  )
  if ! grep -Eq '^(0x)?[0-9a-fA-F]{64}$' "${RUN_DIR}/key.tmp"; then
    shred -u "${RUN_DIR}/key.tmp"
    log "node key secret of validator ${index} is not a 32-byte hex key"
    return 1
  fi
  chown besu:besu "${RUN_DIR}/key.tmp"
  mv "${RUN_DIR}/key.tmp" "${RUN_DIR}/key"
}

register_dns() {
  local index=$1 ip=$2 bearer
  bearer=$(token "${ARM_ENDPOINT%/}/")
  authorized_curl "${bearer}" --fail -o /dev/null -X PUT -H 'Content-Type: application/json' \
    --data "{\"properties\":{\"ttl\":30,\"aRecords\":[{\"ipv4Address\":\"${ip}\"}]}}" \
    "${ARM_ENDPOINT%/}${DNS_ZONE_ID}/A/val-${index}?api-version=${DNS_API_VERSION}"
}

write_runtime_env() {
  local ip=$1
  cat >"${RUN_DIR}/besu.env" <<ENV
BESU_NODE_PRIVATE_KEY_FILE=${RUN_DIR}/key
BESU_P2P_HOST=${ip}
BESU_HOST_ALLOWLIST=localhost,127.0.0.1,${ip},${RPC_LOAD_BALANCER_IP}
ENV
}

claim() {
  local bearer lease_id ip index
  install -d -m 0750 -o besu -g besu "${RUN_DIR}"
  bearer=$(token https://storage.azure.com/)
  lease_id=$(cat /proc/sys/kernel/random/uuid)
  ip=$(private_ip)
  for ((index = 0; index < VALIDATOR_COUNT; index++)); do
    ensure_lease_blob "${bearer}" "${index}"
    if [[ $(lease_request "${bearer}" "${index}" -H 'x-ms-lease-action: acquire' \
      -H "x-ms-lease-duration: ${LEASE_SECONDS}" -H "x-ms-proposed-lease-id: ${lease_id}") == 201 ]]; then
      printf '%s\n' "${lease_id}" >"${RUN_DIR}/lease-id"
      printf '%s\n' "${index}" >"${RUN_DIR}/index"
      fetch_node_key "${index}"
      write_runtime_env "${ip}"
      register_dns "${index}" "${ip}"
      log "claimed validator ${index} at ${ip}"
      return 0
    fi
  done
  log "no free validator identity among ${VALIDATOR_COUNT}; retrying on the next start"
  return 1
}

renew() {
  local bearer code index
  [[ -s ${RUN_DIR}/lease-id && -s ${RUN_DIR}/index ]] || return 0
  index=$(<"${RUN_DIR}/index")
  if bearer=$(token https://storage.azure.com/); then
    code=$(lease_request "${bearer}" "${index}" -H 'x-ms-lease-action: renew' \
      -H "x-ms-lease-id: $(<"${RUN_DIR}/lease-id")") || code=000
  else
    code=000
  fi
  if [[ ${code} != 200 ]]; then
    log "lease renewal of validator ${index} failed (HTTP ${code}); restarting Besu without its key"
    systemctl restart besu.service
  fi
}

release() {
  local bearer index
  if [[ -f ${RUN_DIR}/key ]]; then
    shred -u "${RUN_DIR}/key"
  fi
  if [[ -s ${RUN_DIR}/lease-id && -s ${RUN_DIR}/index ]]; then
    index=$(<"${RUN_DIR}/index")
    if bearer=$(token https://storage.azure.com/); then
      lease_request "${bearer}" "${index}" -H 'x-ms-lease-action: release' \
        -H "x-ms-lease-id: $(<"${RUN_DIR}/lease-id")" >/dev/null || true
    fi
    log "released validator ${index}"
  fi
  rm -f "${RUN_DIR}/lease-id" "${RUN_DIR}/index" "${RUN_DIR}/besu.env"
}

case "${1:-}" in
  claim) claim ;;
  renew) renew ;;
  release) release ;;
  *)
    echo "usage: $0 claim|renew|release" >&2
    exit 64
    ;;
esac
