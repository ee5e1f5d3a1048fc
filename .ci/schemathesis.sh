#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis, all checks, a bounded number of examples per
# operation, once anonymous and once with a demo account's bearer token. Fails on any server error or
# any response that breaks the document.
#
# Runs against a throwaway server: a fresh SQLite database (migrated + demo data) in a temporary
# GGZY_VAR_DIR, on a free loopback port, killed on exit. The authenticated run writes random data.
#
# Env: SCHEMATHESIS_MAX_EXAMPLES (default 20), SCHEMATHESIS_SEED (default 20260101),
#      SCHEMATHESIS_ACCOUNTS (default "operator1 buyer1 bidder1"; every demo password is Demo-2026!).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

BIN=.venv/bin
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-20}"
SEED="${SCHEMATHESIS_SEED:-20260101}"
ACCOUNTS="${SCHEMATHESIS_ACCOUNTS:-operator1 buyer1 bidder1}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ggzy-schemathesis.XXXXXX")"
SERVER_PID=""
stop() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap stop EXIT

unset DATABASE_URL
export GGZY_VAR_DIR="$WORK/var"
export GGZY_INSECURE_HTTP=1
export GGZY_SECRET_KEY="schemathesis-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$GGZY_VAR_DIR"

"$BIN/ggzy" migrate --noinput >/dev/null
"$BIN/ggzy" seed-demo >/dev/null

PORT="$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
# gunicorn, one sync worker: requests in sequence (SQLite), and no keep-alive stalls of the dev server.
"$BIN/ggzy" serve --gunicorn --workers 1 --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$BASE/api/v1/openapi.json" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; echo "server did not start"; exit 1; }
  sleep 1
done

# Tokens first: the anonymous run's random logins get this address throttled.
declare -A TOKENS
for account in $ACCOUNTS; do
  TOKENS[$account]="$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\": \"$account\", \"password\": \"Demo-2026!\"}" "$BASE/api/v1/auth/token" \
    | "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
done

run() {
  # From the temporary folder: schemathesis keeps a crash cache (.schemathesis/) in the working directory.
  (cd "$WORK" && PYTHONPATH="$ROOT/.ci${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    "$ROOT/$BIN/schemathesis" --config-file "$ROOT/.ci/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
    --checks all --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
    --generation-database none --request-timeout 30 --no-color "$@")
}

status=0
echo "-- anonymous"
run || status=1
for account in $ACCOUNTS; do
  echo "-- bearer token of $account"
  run -H "Authorization: Bearer ${TOKENS[$account]}" || status=1
done

if [ "$status" -ne 0 ]; then
  echo "-- server log (tracebacks)"
  grep -B2 -A30 "Traceback" "$WORK/server.log" | tail -n 200 || true
fi
exit "$status"
