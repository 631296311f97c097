#!/usr/bin/env bash
# make test: checks, the whole suite on SQLite, again on PostgreSQL, then the browser tests.
# Fails if any part fails; prints which databases ran and how many tests.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI="${CI:-false}"
mkdir -p var/test-reports
bash scripts/system-deps.sh browser  # fonts for printed documents, chromium for the browser tests
summary=()
failed=0
total_passed=0; total_failed=0; total_skipped=0

run_part() {  # name, report file, command...
  local name=$1 report=$2; shift 2
  echo
  echo "=== $name ==="
  "$@" 2>&1 | tee "var/test-reports/$report.log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E '^(=+ )?[0-9]+ (passed|failed)|no tests ran|[0-9]+ errors? in' "var/test-reports/$report.log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')
  for kind in passed failed skipped; do
    local n
    n=$(echo "$line" | grep -oE "[0-9]+ $kind" | grep -oE '^[0-9]+' || true)
    eval "total_$kind=\$(( total_$kind + ${n:-0} ))"
  done
  if [ "$rc" -ne 0 ]; then failed=1; summary+=("FAIL  $name: ${line:-exit $rc}"); else summary+=("ok    $name: ${line:-passed}"); fi
}

echo "=== checks: ruff, import contracts, migrations ==="
if ! $BIN/ruff check . ; then failed=1; summary+=("FAIL  ruff"); else summary+=("ok    ruff"); fi
if ! $BIN/lint-imports --no-cache --no-logo ; then failed=1; summary+=("FAIL  import contracts (lint-imports)"); else summary+=("ok    import contracts"); fi
if ! $BIN/python manage.py makemigrations --check --dry-run --settings=config.django.test >/dev/null; then
  failed=1; summary+=("FAIL  makemigrations --check: a model change has no migration")
else summary+=("ok    migrations up to date"); fi

# 1. SQLite
run_part "SQLite" sqlite env -u DATABASE_URL -u TEST_DATABASE_URL $BIN/python -m pytest -m "not e2e" -q

# 2. PostgreSQL: TEST_DATABASE_URL, or the local server as user postgres.
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/l2c}"
if $BIN/python - "$PG_URL" <<'PY' 2>/dev/null
import sys, psycopg
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", connect_timeout=3).close()
PY
then
  run_part "PostgreSQL" postgres env TEST_DATABASE_URL="$PG_URL" $BIN/python -m pytest -m "not e2e" -q
else
  if [ "$CI" = "true" ]; then failed=1; summary+=("FAIL  PostgreSQL not reachable at $PG_URL (CI must not skip it)");
  else summary+=("skip  PostgreSQL not reachable at $PG_URL"); fi
fi

# 3. Browser: Debian's Chromium (installed with apt-get when missing; never a downloaded browser).
if command -v chromium >/dev/null 2>&1; then
  run_part "Browser (Chromium, SQLite)" e2e env -u DATABASE_URL -u TEST_DATABASE_URL $BIN/python -m pytest -m e2e -q
else
  if [ "$CI" = "true" ]; then failed=1; summary+=("FAIL  chromium not available (CI must not skip the browser)");
  else summary+=("skip  chromium not available"); fi
fi

echo
echo "=== make test summary ==="
for s in "${summary[@]}"; do echo "  $s"; done
echo "total: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit $failed
