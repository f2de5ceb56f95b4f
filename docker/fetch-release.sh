#!/bin/sh
# Fetches the released package of <version> for the PHP whose php-config is
# on PATH (or $PHP_CONFIG) and this machine, checks it against the release's
# SHA256SUMS, and puts its dynamodb_session.so in <output dir>: the
# Dockerfile's DYNAMODB_SESSION_VERSION path, tested by docker/check with a
# file:// <releases URL>.
#
#   docker/fetch-release.sh <version> <output dir> [releases URL]
set -eu
version=$1 out=$2
base=${3:-https://github.com/dynamodb-session/dynamodb-session/releases/download}/$version
php_minor=$(${PHP_CONFIG:-php-config} --version | cut -d. -f1,2)
case $(uname -m) in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "no release package for $(uname -m)" >&2; exit 1 ;;
esac
if ldd --version 2>&1 | grep -qi musl; then libc=musl; else libc=glibc; fi
name="php_dynamodb_session-${version}_php${php_minor}-${arch}-linux-${libc}.tgz"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL -o "$work/$name" "$base/$name"
curl -fsSL -o "$work/SHA256SUMS" "$base/SHA256SUMS"
(cd "$work" && grep "  $name\$" SHA256SUMS | sha256sum -c -) >/dev/null \
  || { echo "$name does not match the release's SHA256SUMS" >&2; exit 1; }
mkdir -p "$out"
tar -xzf "$work/$name" -C "$out" dynamodb_session.so
echo "fetched $name (release $version)"
