#!/usr/bin/env bash
# Writes one syslog line per run with this node's block height and peer count; Azure Monitor Agent ships it to
# Log Analytics, where the workbook and the validator-loss and chain-stall alerts read it.
set -euo pipefail

# shellcheck source=/dev/null
. /etc/besu/identity.env

rpc() {
  curl -sS --fail --max-time 5 -H 'Content-Type: application/json' \
    --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":[]}" http://127.0.0.1:8545 |
    python3 -c 'import json, sys; print(int(json.load(sys.stdin)["result"], 16))'
}

index=$(cat /run/besu/index 2>/dev/null || echo none)
if block=$(rpc eth_blockNumber) && peers=$(rpc net_peerCount); then
  logger -t besu-heartbeat -- "member=${MEMBER_NAME} validator=${index} host=$(hostname) block=${block} peers=${peers}"
else
  logger -p user.warning -t besu-heartbeat -- "member=${MEMBER_NAME} validator=${index} host=$(hostname) rpc=down"
fi
