#!/bin/sh
# Installs a built dynamodb_session.so into a PHP installation and enables
# it, then checks that PHP loads it. Used by the Dockerfile and, with
# temporary directories, by CI (so the image's steps are tested natively).
#
#   docker/install-extension.sh <dynamodb_session.so> <extension dir> <conf.d dir> [php binary]
set -eu
so=$1 extension_dir=$2 confd=$3 php=${4:-php}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$extension_dir" "$confd"
install -m 0755 "$so" "$extension_dir/dynamodb_session.so"
install -m 0644 "$here/conf.d/dynamodb_session.ini" "$confd/50-dynamodb_session.ini"

# Smoke test: the extension, its class and the save handler are there.
PHP_INI_SCAN_DIR="$confd" "$php" -d extension_dir="$extension_dir" "$here/smoke-test.php"
