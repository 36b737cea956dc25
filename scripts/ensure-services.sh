#!/usr/bin/env bash
# Makes sure PostgreSQL (with PostGIS) and Redis answer at DATABASE_URL and REDIS_URL. Used by
# `npm run demo`, `npm start` and .ci/run.
#   - answering: nothing to do;
#   - not answering, on this machine, installed: started from the local installation
#     (PostgreSQL as its own user: it refuses to run as root);
#   - not installed: with --install (CI) installed from Debian's packages, otherwise we
#     stop at once and say how to get it.
# With --install the redis-server program is installed even when some Redis answers: the
# Sentinel test and the reliability drill start redis-server processes of their own.
set -euo pipefail

INSTALL=0
[ "${1:-}" = "--install" ] && INSTALL=1

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/gridflow}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

# host and port of a URL (scheme://[user[:pass]@]host[:port][/...])
url_host() { local r="${1#*://}"; r="${r##*@}"; r="${r%%/*}"; r="${r%%\?*}"; echo "${r%:*}"; }
url_port() { local r="${1#*://}"; r="${r##*@}"; r="${r%%/*}"; r="${r%%\?*}"; [[ "$r" == *:* ]] && echo "${r##*:}" || echo "$2"; }

PG_HOST=$(url_host "$DATABASE_URL"); PG_PORT=$(url_port "$DATABASE_URL" 5432)
REDIS_HOST=$(url_host "$REDIS_URL"); REDIS_PORT=$(url_port "$REDIS_URL" 6379)

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }
wait_for() { for _ in $(seq 1 30); do answers "$1" "$2" && return 0; sleep 0.5; done; return 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

fail() {
  local what=$1 addr=$2 pkg=$3 svc=$4
  cat >&2 <<MSG
GridFlow needs $what at $addr, and nothing answers there.
  - with Docker:      docker compose up -d $svc
  - Debian/Ubuntu:    sudo apt-get install -y $pkg   (then start it, e.g. sudo service $pkg start)
  - elsewhere:        start $what and point $( [ "$svc" = postgres ] && echo DATABASE_URL || echo REDIS_URL ) at it.
MSG
  exit 1
}

ensure_postgres() {
  answers "$PG_HOST" "$PG_PORT" && return 0
  is_local "$PG_HOST" || fail PostgreSQL "$PG_HOST:$PG_PORT" postgresql postgres
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    [ "$INSTALL" = 1 ] || fail PostgreSQL "$PG_HOST:$PG_PORT" postgresql postgres
    echo "Installing PostgreSQL from Debian's packages…"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # Local trust auth for the postgres user over TCP, as on our development machines.
    local hba; hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n1)
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  fi
  local version; version=$(ls /etc/postgresql | sort -V | tail -n1)
  local cluster_port; cluster_port=$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  if [ -n "$cluster_port" ] && [ "$cluster_port" != "$PG_PORT" ]; then
    echo "The local PostgreSQL $version cluster listens on port $cluster_port, not $PG_PORT." >&2
    fail PostgreSQL "$PG_HOST:$PG_PORT" postgresql postgres
  fi
  echo "Starting PostgreSQL $version on port $PG_PORT…"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for "$PG_HOST" "$PG_PORT" || fail PostgreSQL "$PG_HOST:$PG_PORT" postgresql postgres
}

ensure_redis() {
  answers "$REDIS_HOST" "$REDIS_PORT" && return 0
  is_local "$REDIS_HOST" || fail Redis "$REDIS_HOST:$REDIS_PORT" redis-server redis
  if ! command -v redis-server >/dev/null; then
    [ "$INSTALL" = 1 ] || fail Redis "$REDIS_HOST:$REDIS_PORT" redis-server redis
    install_redis_server
  fi
  echo "Starting Redis on port $REDIS_PORT…"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --maxmemory-policy noeviction >/dev/null || true
  wait_for "$REDIS_HOST" "$REDIS_PORT" || fail Redis "$REDIS_HOST:$REDIS_PORT" redis-server redis
}

# PostGIS (governance topics, unlocated requests) on a local PostgreSQL: the extension's files
# must be on the server. Docker users get it from the postgis/postgis image.
ensure_postgis() {
  is_local "$PG_HOST" || return 0
  ls /etc/postgresql/*/main >/dev/null 2>&1 || return 0
  local version; version=$(ls /etc/postgresql | sort -V | tail -n1)
  [ -f "/usr/share/postgresql/$version/extension/postgis.control" ] && return 0
  if [ "$INSTALL" = 1 ]; then
    echo "Installing PostGIS for PostgreSQL $version from Debian's packages…"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$version-postgis-3" >/dev/null
  else
    cat >&2 <<MSG
GridFlow needs PostGIS in the PostgreSQL at $PG_HOST:$PG_PORT, and it is not installed.
  - Debian/Ubuntu:    sudo apt-get install -y postgresql-$version-postgis-3
  - with Docker:      docker compose up -d postgres   (the postgis/postgis image)
MSG
    exit 1
  fi
}

install_redis_server() {
  echo "Installing Redis from Debian's packages…"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

ensure_postgres
ensure_postgis
ensure_redis
if [ "$INSTALL" = 1 ] && ! command -v redis-server >/dev/null; then install_redis_server; fi
echo "PostgreSQL at $PG_HOST:$PG_PORT and Redis at $REDIS_HOST:$REDIS_PORT answer."
