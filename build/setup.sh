#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, from Debian's packages only.
# NuGet and npm packages are restored by the projects themselves (dotnet restore; npm ci in MSBuild targets).
set -euo pipefail

as_root() {
    # sudo -n: a password prompt would hang an unattended run; without passwordless sudo it says so and stops.
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
        echo "setup: need root (or sudo) to run: $*" >&2; exit 1
    fi
}

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The viewer tests drive a real headless Chromium: CHROMIUM_PATH, else Debian's build in /usr/bin/chromium
# (Playwright's own browser download cannot work offline). Installing Debian's does not help a CHROMIUM_PATH that names
# no program, since the tests still take CHROMIUM_PATH: that is said at the end, where it is seen.
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
browser_problem=""
if [ -n "${CHROMIUM_PATH:-}" ] && ! { [ -f "$CHROMIUM_PATH" ] && [ -x "$CHROMIUM_PATH" ]; }; then
    browser_problem="setup: warning: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file, and the browser tests use it, so they will fail. Point CHROMIUM_PATH at a Chromium program, or unset it to use Debian's /usr/bin/chromium (installed here when missing)."
    [ -x /usr/bin/chromium ] || missing+=(chromium)
else
    [ -x "$browser" ] || missing+=(chromium)
fi
# The PostgreSQL store's tests start a throwaway cluster of their own with initdb and pg_ctl (no system service is used).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# The load benchmark's peer reference, started by it on a loopback port (tests/StreamServer.LoadBenchmark).
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
# Cluster mode's tests start their own Redis and HAProxy on loopback ports (no system service is used).
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
# deploy/local-cluster.sh, which a cluster test runs, makes the demo user's key with openssl rand.
command -v openssl >/dev/null || missing+=(openssl)
# A server test runs the stream server in a network namespace of its own (unshare) and brings its loopback up with ip.
command -v ip >/dev/null || [ -x /sbin/ip ] || [ -x /usr/sbin/ip ] || missing+=(iproute2)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian's packages"
    # A freshly booted machine's own updates may hold apt's lock for minutes, and a mirror may drop a download: wait, retry.
    apt_options=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    as_root apt-get "${apt_options[@]}" update -qq
    # Through env: sudo resets the environment, so DEBIAN_FRONTEND=... before as_root would not reach apt-get.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq "${missing[@]}" >/dev/null
    # On a machine run by systemd, Debian's packages also enable and start their own services.
    services=()
    for package in postgresql mosquitto redis-server haproxy; do
        if [[ " ${missing[*]} " == *" $package "* ]]; then services+=("$package"); fi
    done
    if [ ${#services[@]} -gt 0 ] && [ -d /run/systemd/system ]; then
        echo "setup: note: on a machine run by systemd, Debian's packages of ${services[*]} enable and start their system services; the tests do not use them" \
            "(they start their own on free loopback ports). To stop them: sudo systemctl disable --now ${services[*]}"
    fi
fi
echo "setup: node $(node --version), chromium: $("$browser" --version 2>/dev/null | head -n 1 || echo "none at $browser")," \
    "postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sed -E 's#.*/([0-9]+)/bin#\1#' | sort -n | tail -n 1)," \
    "$(/usr/sbin/mosquitto -h 2>/dev/null | head -n 1)," \
    "$(/usr/bin/redis-server --version 2>/dev/null | cut -d ' ' -f 1-3), $(/usr/sbin/haproxy -v 2>/dev/null | head -n 1 | cut -d ' ' -f 1-3)"
if [ -n "$browser_problem" ]; then echo "$browser_problem" >&2; fi
