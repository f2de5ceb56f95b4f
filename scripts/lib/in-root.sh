#!/usr/bin/env bash
# Runs a command chrooted in a Debian root (the PHP 8.4 lane) with the
# repository at /repo as the working directory, passing DYNAMODB_ENDPOINT_URL.
# Call it in a private mount namespace (unshare --mount):
# the bind mounts disappear with it.
#
#   scripts/lib/in-root.sh <root> <command> [args...]
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
  DYNAMODB_ENDPOINT_URL="${DYNAMODB_ENDPOINT_URL:-}" \
  /bin/sh -c 'cd /repo && exec "$@"' sh "$@"
