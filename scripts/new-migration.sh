#!/usr/bin/env bash
# Make a migration for BOTH providers from prisma/models.prisma: `npm run db:migration -- <name>`.
# `prisma migrate dev` does not work with the offline JS schema engine, so each migration is the diff between
# the provider's existing migrations and the schema. PostgreSQL's diff needs a shadow database: this script
# runs inside a throwaway cluster (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migration -- <name>}
[[ $name =~ ^[a-z0-9_]+$ ]] || { echo "migration name: lowercase letters, digits and _ only" >&2; exit 2; }
stamp=$(date -u +%Y%m%d%H%M%S)

diff_for() { # <dir> -> prints the SQL that brings the migrations up to the schema
  local dir=$1
  if compgen -G "$dir/migrations/*/migration.sql" > /dev/null; then
    timeout 120 ./node_modules/.bin/prisma migrate diff --from-migrations "$dir/migrations" --to-schema-datamodel "$dir" --script
  else
    ./node_modules/.bin/prisma migrate diff --from-empty --to-schema-datamodel "$dir" --script
  fi
}

write_migration() { # <dir> <provider>
  local dir=$1 provider=$2 sql
  sql=$(diff_for "$dir")
  if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then echo "$provider: schema unchanged, no migration"; return; fi
  mkdir -p "$dir/migrations/${stamp}_$name"
  printf '%s\n' "$sql" > "$dir/migrations/${stamp}_$name/migration.sql"
  printf '# Written by Prisma; do not edit.\nprovider = "%s"\n' "$provider" > "$dir/migrations/migration_lock.toml"
  echo "$provider: $dir/migrations/${stamp}_$name/migration.sql"
}

mkdir -p data
if [[ ${1:-} != --postgres-only ]]; then
  DATABASE_URL="file:./data/migration-shadow.db" write_migration prisma/sqlite sqlite
  rm -f data/migration-shadow.db*
fi
if [[ ${DATABASE_URL:-} == postgres* ]]; then
  write_migration prisma/postgres postgresql
else
  bash scripts/with-postgres.sh bash -c "set -euo pipefail; $(declare -f diff_for write_migration); stamp=$stamp name=$name; write_migration prisma/postgres postgresql"
fi
