#!/usr/bin/env bash
# The Datawiz benchmark (issue 7): installs Debian's mosquitto and postgresql when missing, starts PostgreSQL
# with a role that may create databases, builds the solution in Release and runs tools/Datawiz.Benchmark.
# Every argument goes to the benchmark, e.g. `tools/benchmark.sh --scenario mosquitto --duration 5`;
# `tools/benchmark.sh --help` lists them. Run it on an otherwise idle machine: it measures throughput.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=tools/machine-setup.sh
source tools/machine-setup.sh

install_missing_packages mosquitto postgresql
# Debian starts the mosquitto service on 1883 when it installs it; the benchmark runs its own on a free port.
if [[ " ${NEWLY_INSTALLED[*]} " == *" mosquitto "* ]]; then
  as_root systemctl stop mosquitto 2>/dev/null || as_root service mosquitto stop 2>/dev/null || true
fi
start_postgres
export DATAWIZ_TEST_POSTGRES="${DATAWIZ_TEST_POSTGRES:-$POSTGRES_CONNECTION}"
log "Building in Release"
dotnet build Datawiz.sln -c Release -warnaserror -nologo -v quiet
# 10,000 sensors need 10,000 sockets in the load generator and as many in the server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "Running the benchmark"
exec dotnet tools/Datawiz.Benchmark/bin/Release/net10.0/Datawiz.Benchmark.dll "$@"
