#!/usr/bin/env bash
# The programs the tests drive, from Debian's packages: Chromium (end-to-end tests, dashboard PDFs) and PgBouncer
# (tests/integration/pgbouncer.test.ts). Those missing are installed with apt when this user may install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null || missing+=(pgbouncer)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  # The test starts a PgBouncer of its own on a free port; the package's system service must not start with the
  # install (holding port 6432), nor at boot. policy-rc.d tells the package scripts not to start services.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  trap '[ -z "$made_policy" ] || rm -f "$policy"' EXIT
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  if [[ " ${missing[*]} " == *" pgbouncer "* ]]; then
    systemctl disable pgbouncer >/dev/null 2>&1 || true
    service pgbouncer stop >/dev/null 2>&1 || true
  fi
  exit 0
fi
echo "The tests need Debian's ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
