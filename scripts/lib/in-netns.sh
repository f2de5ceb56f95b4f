#!/usr/bin/env bash
# Runs inside `unshare --net`: brings loopback up, starts DynamoDB Local on it,
# runs the given command with DYNAMODB_ENDPOINT_URL set, stops the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

ip link set lo up
port=8000
dynamodb_local_start "$port"
trap 'kill "$DYNAMODB_LOCAL_PID" 2>/dev/null || true' EXIT
export DYNAMODB_ENDPOINT_URL="http://127.0.0.1:$port"
"$@"
