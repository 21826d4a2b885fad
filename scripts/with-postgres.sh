#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: `bash scripts/with-postgres.sh <command...>`.
# Starts a fresh cluster in a temporary folder on a free loopback port, creates database `keytrail`, runs the
# command with DATABASE_URL pointing at it, then stops the cluster and removes it, whatever the outcome.
set -euo pipefail

find_pg_bin() {
  if command -v initdb > /dev/null && command -v pg_ctl > /dev/null; then dirname "$(command -v initdb)"; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V -r); do
    [[ -x $d/initdb ]] && { echo "$d"; return; }
  done
  echo "with-postgres: PostgreSQL server binaries (initdb, pg_ctl) not found; install them with: apt-get install -y postgresql" >&2
  exit 3
}
bin=$(find_pg_bin)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
dir=$(mktemp -d /tmp/keytrail-pg.XXXXXX)
chmod 755 "$dir"

# initdb refuses to run as root: run the cluster as the `postgres` system user then.
as_owner=()
if [[ $(id -u) == 0 ]]; then
  id postgres > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale > "$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 3; }
# Durability is not wanted in a throwaway test cluster; speed is.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start > /dev/null \
  || { cat "$dir/server.log" >&2; exit 3; }
psql_bin=$bin/psql
[[ -x $psql_bin ]] || psql_bin=$(command -v psql)
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE keytrail" > /dev/null

export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/keytrail"
echo "with-postgres: throwaway cluster on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
