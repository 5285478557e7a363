# Machine set-up shared by ./test.sh and tools/benchmark.sh; sourced, not run. Each caller names the Debian
# packages it needs, so that a fresh machine gets them, and both use the same PostgreSQL cluster and role.

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Asked of dpkg, not of the PATH (a pyenv python3 never sees Debian's modules). PostgreSQL counts as present
# when any version's server is, whatever the metapackage says.
package_installed() {
  case "$1" in
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
  esac
}

# Installs those of the named packages that are missing; leaves their names in NEWLY_INSTALLED.
install_missing_packages() {
  NEWLY_INSTALLED=()
  local package
  for package in "$@"; do
    package_installed "$package" || NEWLY_INSTALLED+=("$package")
  done
  if [ ${#NEWLY_INSTALLED[@]} -gt 0 ]; then
    log "Installing ${NEWLY_INSTALLED[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${NEWLY_INSTALLED[@]}" >/dev/null
  fi
}

# Starts the machine's PostgreSQL cluster (creating one if there is none) and a role that may create
# databases; leaves its connection string in POSTGRES_CONNECTION.
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
    END \$\$;
    -- DROP DATABASE ... WITH (FORCE) must be allowed to end an autovacuum worker on a test database (42501 otherwise).
    GRANT pg_signal_backend TO datawiz_test;
    -- The benchmark checkpoints between scenarios (PostgreSQL 15 and later have this role).
    DO \$\$ BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint') THEN
        GRANT pg_checkpoint TO datawiz_test;
      END IF;
    END \$\$;" >/dev/null
  POSTGRES_CONNECTION="Host=127.0.0.1;Port=$port;Username=datawiz_test;Password=datawiz_test"
}
