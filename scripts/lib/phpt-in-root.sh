#!/usr/bin/env bash
# Runs scripts/phpt chrooted in a Debian root (the PHP 8.4 lane), with the
# repository at /repo. Call it in a private mount namespace (unshare --mount):
# the bind mounts below disappear with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$1
shift
mkdir -p "$root/repo" "$root/dev" "$root/proc" "$root/tmp"
mount --bind "$PWD" "$root/repo"
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs tmpfs "$root/tmp"
exec chroot "$root" /usr/bin/env -i \
  PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/tmp TERM=dumb \
  DYNAMODB_ENDPOINT_URL="$DYNAMODB_ENDPOINT_URL" \
  DYNAMODB_SESSION_EXTENSION=/repo/target/php8.4/release/libdynamodb_session.so \
  PHP=/usr/bin/php8.4 PHP_CONFIG=/usr/bin/php-config8.4 \
  /bin/bash /repo/scripts/phpt "$@"
