#!/usr/bin/env bash
# The soak run inside its network namespace (see scripts/soak).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
seconds=$1
php=$(php_binary)
extension="$PWD/target/release/libdynamodb_session.so"
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" "${DYNAMODB_LOCAL_PID:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip link set lo up
port=8000
export DYNAMODB_ENDPOINT_URL="http://127.0.0.1:$port" AWS_EC2_METADATA_DISABLED=true
export DYNAMODB_LOCAL_DB_PATH="$work/db"   # data survives the restarts
mkdir -p "$DYNAMODB_LOCAL_DB_PATH" "$work/logs"
dynamodb_local_start "$port"
AWS_ACCESS_KEY_ID=soak AWS_SECRET_ACCESS_KEY=soak "$php" -d extension="$extension" \
  docker/create-table.php table_name=soak_sessions region=us-east-1 >/dev/null

fpm=$(command -v php-fpm8.2 || echo /usr/sbin/php-fpm8.2)
cat >"$work/fpm.conf" <<CONF
[global]
error_log = $work/fpm.log
daemonize = no
[soak]
listen = $work/fpm.sock
pm = static
pm.max_children = 16
clear_env = no
CONF
"$fpm" -F -R -y "$work/fpm.conf" -d extension="$extension" &
pids+=($!)
for _ in $(seq 1 100); do [ -S "$work/fpm.sock" ] && break; sleep 0.05; done

now() { date +%s.%N; }
# Resident memory (kB) of every php-fpm worker of the pool.
worker_rss() {
  local pid total=0
  for pid in $(pgrep -f "php-fpm: pool soak" || true); do
    total=$((total + $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
deadline=$(awk -v now="$(now)" -v s="$seconds" 'BEGIN { printf "%.3f", now + s }')
users=()
for user in $(seq -w 1 16); do
  session="soak${user}x$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "$php" tests/soak/load.php "unix://$work/fpm.sock" "$session" "$deadline" "$work/logs/$session.log" &
  users+=($!)
done
# Warm-up: every worker has served requests and built its client.
sleep 3
rss_start=$(worker_rss)
: >"$work/outages"
for restart in 1 2; do
  sleep "$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 3 }')"
  down=$(now)
  kill -9 "$DYNAMODB_LOCAL_PID"
  wait "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
  dynamodb_local_start "$port"
  up=$(now)
  echo "$down $up" >>"$work/outages"
  awk -v d="$down" -v u="$up" -v r="$restart" 'BEGIN { printf "    backend restart %d: down for %.1f s\n", r, u - d }'
done
wait "${users[@]}"
"$php" tests/soak/verify.php "$work/logs" "$work/outages" "$DYNAMODB_ENDPOINT_URL"
requests=$(cat "$work"/logs/*.log | wc -l)
rss_end=$(worker_rss)
awk -v a="$rss_start" -v b="$rss_end" -v r="$requests" 'BEGIN {
  printf "    php-fpm workers: %.1f MB resident after warm-up, %.1f MB after %d requests (%+.1f MB, %+.2f MB per 10k requests per worker)\n",
    a / 1024, b / 1024, r, (b - a) / 1024, (b - a) / 1024 / 16 / (r / 10000) }'

