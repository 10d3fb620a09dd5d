#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, from Debian's packages only.
# NuGet and npm packages are restored by the projects themselves (dotnet restore; npm ci in MSBuild targets).
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "setup: need root (or sudo) to run: $*" >&2; exit 1
    fi
}

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The viewer tests drive a real headless Chromium (Debian's build; Playwright's own browser download cannot work offline).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
# The PostgreSQL store's tests start a throwaway cluster of their own with initdb and pg_ctl (no system service is used).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# The load benchmark's peer reference, started by it on a loopback port (tests/StreamServer.LoadBenchmark).
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
# Cluster mode's tests start their own Redis and HAProxy on loopback ports (no system service is used).
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "setup: node $(node --version), chromium: $("${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null | head -n 1)," \
    "postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sed -E 's#.*/([0-9]+)/bin#\1#' | sort -n | tail -n 1)," \
    "$(/usr/sbin/mosquitto -h 2>/dev/null | head -n 1)," \
    "$(redis-server --version 2>/dev/null | cut -d ' ' -f 1-3), $(/usr/sbin/haproxy -v 2>/dev/null | head -n 1 | cut -d ' ' -f 1-3)"
