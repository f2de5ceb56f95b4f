#!/usr/bin/env bash
# Inside the demo's network namespace, with DynamoDB Local running (see
# scripts/demo): table, two instances, a client.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
php=$(php_binary)
extension="$PWD/target/release/libdynamodb_session.so"
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=ap-southeast-1 AWS_EC2_METADATA_DISABLED=true

"$php" -d extension="$extension" docker/create-table.php table_name=demo_sessions

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for instance in 1 2; do
  port=$((8080 + instance))
  # php.ini settings only: the application has no DynamoDB code.
  DEMO_INSTANCE="instance-$instance (port $port)" "$php" \
    -d extension="$extension" \
    -d session.save_handler=dynamodb \
    -d session.save_path="dynamodb://demo_sessions" \
    -d session.use_strict_mode=1 \
    -S "127.0.0.1:$port" -t examples/plain >/dev/null 2>&1 &
  pids+=($!)
done
for port in 8081 8082; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
done

"$php" scripts/lib/demo-client.php http://127.0.0.1:8081/ http://127.0.0.1:8082/
