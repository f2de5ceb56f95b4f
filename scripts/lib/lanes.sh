# shellcheck shell=bash
# The PHP lanes that scripts/package and scripts/test-package work on, each
# with the extension build the test command made for it (they never build):
#   8.2  Debian 12's php8.2 on this machine, target/release;
#   8.4  Debian 13's php8.4 in the trixie root of scripts/test-php8.4,
#        target/php8.4/release;
#   env  the PHP named by $PHP (default php) and target/release: a release
#        workflow cell, where the container's PHP is the only one.
# PACKAGE_PROFILE names the cargo profile whose build is used instead of
# release: the release workflow packages the `dist` profile (Cargo.toml).
# Needs scripts/lib/common.sh.

PHP84_ROOT=${PHP84_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamodb_session/trixie-php8.4}

# The built extension of lane $1.
lane_so() {
  case $1 in
    8.2|env) echo "$PWD/target/${PACKAGE_PROFILE:-release}/libdynamodb_session.so" ;;
    8.4) echo "$PWD/target/php8.4/${PACKAGE_PROFILE:-release}/libdynamodb_session.so" ;;
    *) die "unknown PHP lane '$1' (8.2, 8.4 or env)" ;;
  esac
}

# The root directory lane $1's PHP runs in ("" for this machine's own).
lane_root() {
  if [ "$1" = 8.4 ]; then echo "$PHP84_ROOT"; fi
}

# Lane $1's php and php-config, as seen from inside its root.
lane_php() {
  case $1 in
    8.2) echo php8.2 ;;
    8.4) echo /usr/bin/php8.4 ;;
    env) echo "${PHP:-php}" ;;
  esac
}
lane_php_config() {
  case $1 in
    8.2) echo php-config8.2 ;;
    8.4) echo /usr/bin/php-config8.4 ;;
    env) echo "${PHP_CONFIG:-php-config}" ;;
  esac
}

# Runs a command of lane $1 (chrooted for 8.4); the command sees the lane's
# root as /, so files it needs go under "$(lane_root "$1")/tmp" first.
lane_run() {
  local root
  root=$(lane_root "$1")
  shift
  if [ -n "$root" ]; then
    [ -x "$root/usr/bin/php8.4" ] || die "no trixie root at $root: run scripts/test-php8.4 first"
    chroot "$root" "$@"
  else
    "$@"
  fi
}
