#!/usr/bin/env bash
# Installs a release package the way PIE does, then uses it:
#   1. the .so from the package into `php-config --extension-dir` as
#      dynamodb_session.so (here a copy of that directory, so the real one is
#      not touched: PHP runs with -d extension_dir=<the copy>);
#   2. PIE's ini, <priority 80>-dynamodb_session.ini with
#      extension=dynamodb_session, in a conf.d that PHP scans after its own
#      (PHP_INI_SCAN_DIR=":<dir>");
#   3. docker/smoke-test.php, then a session round trip: one PHP process
#      starts a session with session.save_handler=dynamodb, a second one
#      resumes it by id and finds the data.
# Runs in scripts/lib/in-netns.sh (DYNAMODB_ENDPOINT_URL) with the lane's
# $PHP and $PHP_CONFIG, chrooted for the 8.4 lane.
#
#   scripts/lib/package-install-test.sh <package.tgz>
set -euo pipefail
cd "$(dirname "$0")/../.."
package=$1
php=${PHP:-php}
php_config=${PHP_CONFIG:-php-config}
: "${DYNAMODB_ENDPOINT_URL:?run in scripts/lib/in-netns.sh}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/ext" "$scratch/conf.d" "$scratch/package"
cp -a "$("$php_config" --extension-dir)/." "$scratch/ext/"
tar -xzf "$package" -C "$scratch/package"
install -m 0755 "$scratch/package/dynamodb_session.so" "$scratch/ext/dynamodb_session.so"
printf '; PIE automatically added this to enable the dynamodb-session/dynamodb-session extension\n; priority=80\nextension=dynamodb_session\n' \
  >"$scratch/conf.d/80-dynamodb_session.ini"

export PHP_INI_SCAN_DIR=":$scratch/conf.d"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
run_php() { "$php" -d extension_dir="$scratch/ext" "$@"; }

run_php docker/smoke-test.php
table=package_install_test
run_php docker/create-table.php table_name=$table >/dev/null

# Two requests, two processes: only DynamoDB carries the session between them.
session_ini=(-d session.save_handler=dynamodb -d "session.save_path=dynamodb://$table"
  -d session.use_cookies=0 -d session.cache_limiter=)
id=$(run_php "${session_ini[@]}" -r '
  session_start(); $_SESSION["installed_by"] = "pie";
  if (session_module_name() !== "dynamodb") { fwrite(STDERR, "save handler: " . session_module_name() . "\n"); exit(1); }
  echo session_id(); session_write_close();')
got=$(run_php "${session_ini[@]}" -r '
  session_id($argv[1]); session_start(); echo $_SESSION["installed_by"] ?? "nothing";' "$id")
[ "$got" = pie ] || { echo "session round trip: read '$got' back, expected 'pie'" >&2; exit 1; }
echo "session round trip through DynamoDB Local with the installed package - ok ($(basename "$package"))"
