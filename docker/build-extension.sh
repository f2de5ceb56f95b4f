#!/bin/sh
# Builds the extension with the `dist` profile (what users install: LTO, one
# codegen unit; see Cargo.toml) against the PHP whose php-config is
# first on PATH (or $PHP_CONFIG), and copies it to <output dir>.
#
#   docker/build-extension.sh <output dir>
set -eu
out=$1
cd "$(dirname "$0")/.."
cargo build --profile dist --locked -p dynamodb_session
mkdir -p "$out"
cp target/dist/libdynamodb_session.so "$out/dynamodb_session.so"
echo "built $out/dynamodb_session.so for PHP $(${PHP_CONFIG:-php-config} --version)"
