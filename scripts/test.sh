#!/usr/bin/env bash
# `npm test`: everything, in order of cost. Lint and types, unit tests, integration tests against SQLite
# and a throwaway PostgreSQL cluster, the build, the benchmark's smoke run, then Playwright in Debian's Chromium
# against the console server (scripts/server.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
tmp=$(mktemp -d /tmp/keytrail-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck

step "unit tests"
npx vitest run --project unit

step "integration tests: SQLite"
DATABASE_URL="file:$tmp/integration.db" KEYTRAIL_DATA_DIR="$tmp" npx vitest run --project integration

step "integration tests: PostgreSQL"
KEYTRAIL_DATA_DIR="$tmp" bash scripts/with-postgres.sh npx vitest run --project integration

step "build"
npx next build

# After the build: the load workload serves the console (scripts/server.ts) and pages it in Chromium.
step "benchmark smoke run (every workload, tiny, the load one against the console server; the figures are not checked)"
npx tsx scripts/bench.ts --smoke > "$tmp/bench-smoke.log" || { cat "$tmp/bench-smoke.log"; exit 1; }

step "browser tests: SQLite"
npx playwright test

step "browser tests: PostgreSQL"
bash scripts/with-postgres.sh bash -c 'E2E_DATABASE_URL=$DATABASE_URL npx playwright test'
