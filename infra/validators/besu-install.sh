#!/usr/bin/env bash
# Installs Hyperledger Besu when the VM image does not carry it: downloads the member's Besu distribution from
# the validator Storage account (private endpoint, managed identity), checks its SHA-256 and unpacks it to
# /opt/besu. A Compute Gallery image with Besu baked in skips this script entirely.
set -euo pipefail

# shellcheck source=/dev/null
. /etc/besu/identity.env

readonly IMDS=http://169.254.169.254/metadata
readonly ARCHIVE=/var/tmp/besu.tar.gz

if [[ -x /opt/besu/bin/besu ]]; then
  exit 0
fi
if [[ -z ${BESU_PACKAGE_URL:-} || -z ${BESU_PACKAGE_SHA256:-} ]]; then
  logger -t besu-install "no Besu in the image and no package configured (BESU_PACKAGE_URL, BESU_PACKAGE_SHA256)"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends openjdk-21-jre-headless

bearer=$(curl -sS --fail --max-time 10 -H Metadata:true \
  "${IMDS}/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/&client_id=${AZURE_CLIENT_ID}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
printf 'header = "Authorization: Bearer %s"\n' "${bearer}" |
  curl -sS --fail --max-time 300 --config - -H 'x-ms-version: 2023-11-03' -o "${ARCHIVE}" "${BESU_PACKAGE_URL}"
printf '%s  %s\n' "${BESU_PACKAGE_SHA256}" "${ARCHIVE}" | sha256sum --check --strict --quiet

install -d -m 0755 /opt/besu
tar -xzf "${ARCHIVE}" -C /opt/besu --strip-components=1 --no-same-owner
rm -f "${ARCHIVE}"
logger -t besu-install "installed $(/opt/besu/bin/besu --version | head -n 1)"
