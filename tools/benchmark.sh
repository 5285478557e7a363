#!/usr/bin/env bash
# The Datawiz benchmark (issue 7): installs Debian's mosquitto and postgresql when missing, starts PostgreSQL
# with a role that may create databases, builds the solution in Release and runs tools/Datawiz.Benchmark.
# Every argument goes to the benchmark, e.g. `tools/benchmark.sh --scenario mosquitto --duration 5`;
# `tools/benchmark.sh --help` lists them. Run it on an otherwise idle machine: it measures throughput.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing_packages() {
  local missing=()
  [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian starts the mosquitto service on 1883 when it installs it; the benchmark runs its own on a free port.
    if [[ " ${missing[*]} " == *" mosquitto "* ]]; then
      as_root systemctl stop mosquitto 2>/dev/null || as_root service mosquitto stop 2>/dev/null || true
    fi
  fi
}

# The same cluster and role as ./test.sh uses.
start_postgres() {
  local version port
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  if [ -z "$version" ]; then
    version=$(basename "$(dirname "$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n 1)")")")
    as_root pg_createcluster "$version" main >/dev/null
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    log "Starting PostgreSQL $version on port $port"
    as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 60); do
    as_root runuser -u postgres -- pg_isready -q -p "$port" && break
    sleep 0.5
  done
  as_root runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qc "
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'datawiz_test') THEN
        CREATE ROLE datawiz_test LOGIN CREATEDB PASSWORD 'datawiz_test';
      END IF;
    END \$\$;" >/dev/null
  export DATAWIZ_TEST_POSTGRES="${DATAWIZ_TEST_POSTGRES:-Host=127.0.0.1;Port=$port;Username=datawiz_test;Password=datawiz_test}"
}

install_missing_packages
start_postgres
log "Building in Release"
dotnet build Datawiz.sln -c Release -warnaserror -nologo -v quiet
# 10,000 sensors need 10,000 sockets in the load generator and as many in the server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "Running the benchmark"
exec dotnet tools/Datawiz.Benchmark/bin/Release/net10.0/Datawiz.Benchmark.dll "$@"
