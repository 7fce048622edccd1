#!/usr/bin/env bash
# Runs every test of Let's Chat on a fresh Debian machine with the .NET SDK: installs the real servers and browser
# the tests use (PostgreSQL, Redis, Chromium) when they are missing, then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
fc-list 2>/dev/null | grep -qi "noto color emoji" || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}…"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The test run starts its own PostgreSQL in a temporary folder; the packaged cluster is not needed.
dotnet tool restore >/dev/null
dotnet test LetsChat.sln --configuration Release --logger "console;verbosity=normal" "$@"
