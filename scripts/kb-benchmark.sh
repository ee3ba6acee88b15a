#!/usr/bin/env bash
# Knowledge base search at scale: 10,000 articles on PostgreSQL, the search page measured through the app.
# Starts a throwaway PostgreSQL (scripts/pg-test-server.sh, or uses WEBCRM_TEST_PG), builds in Release, starts the app
# (Production, Diagnostics:ServerTiming on, demo users), lets it migrate, inserts KB_ARTICLES articles (default
# 10,000) with SQL — titles and bodies of 150–400 words drawn from a fixed Russian and English vocabulary — runs
# ANALYZE, signs in as `support` and sends each search KB_N times (default 50) over one kept-alive connection, reading
# the Server-Timing header. Prints p50/p95/max per search; exits non-zero when a p95 misses KB_TARGET_MS (50) or a
# request does not answer 200. Not part of ./test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ARTICLES="${KB_ARTICLES:-10000}"; N="${KB_N:-50}"; TARGET_MS="${KB_TARGET_MS:-50}"; PASSWORD="demo-crm-2026"
say() { echo "kb-benchmark: $*" >&2; }
die() { say "$*"; exit 1; }
WORK="$(mktemp -d /tmp/webcrm-kb.XXXXXX)"
APP_PID=""
# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"
cleanup() {
    local rc=$?
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    if [ "$_pg_test_started" != "1" ]; then psql_admin -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true; fi
    pg_test_server_stop
    rm -rf "$WORK"
    exit "$rc"
}
pg_test_server_start || die "could not start PostgreSQL"
trap cleanup EXIT
conn_value() { tr ';' '\n' <<<"$WEBCRM_TEST_PG" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
PG_HOST="$(conn_value Host)"; PG_PORT="$(conn_value Port)"; PG_USER="$(conn_value Username)"; PG_PASS="$(conn_value Password)"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="webcrm_kb_$$"
CONN="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASS;Database=$DB_NAME"
PSQL="$(command -v psql || echo "$PG_TEST_BIN/psql")"
psql_admin() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_db() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 "$@"; }
psql_admin -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null

say "building the app (Release)"
dotnet build src/WebCrm.Web -c Release -nologo -v:quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
APP_DLL="$ROOT/src/WebCrm.Web/bin/Release/net10.0/WebCrm.Web.dll"
say "starting the app"
env ASPNETCORE_ENVIRONMENT=Production Database__Provider=PostgreSQL "ConnectionStrings__Crm=$CONN" Seed__DemoUsers=true Seed__DemoData=false \
    Diagnostics__ServerTiming=true Logging__LogLevel__Default=Warning RateLimits__Search__PermitLimit=1000000 \
    dotnet "$APP_DLL" --contentRoot "$ROOT/src/WebCrm.Web" --urls "http://127.0.0.1:0" </dev/null >"$WORK/app.log" 2>&1 &
APP_PID=$!
BASE=""
for _ in $(seq 1 300); do
    BASE="$(grep -oE 'WebCrm is running at http://127\.0\.0\.1:[0-9]+' "$WORK/app.log" | head -n1 | sed 's/.* at //' || true)"
    [ -n "$BASE" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$WORK/app.log"; die "the app exited"; }
    sleep 0.2
done
[ -n "$BASE" ] || die "the app did not start"

say "inserting $ARTICLES articles"
psql_db <<SQL
CREATE TEMP TABLE words(n int, w text);
INSERT INTO words SELECT row_number() OVER (), w FROM unnest(string_to_array(
 'договор договоры договора поставка поставки оплата счёт счета отгрузка товар товары клиент клиенты менеджер директор '
 || 'пароль вход система настройка отчёт отчёты продление скидка доставка возврат гарантия ремонт сервис заявка претензия '
 || 'контракт акт накладная склад цена прайс реквизиты банк платёж аванс долг задолженность срок сроки условия '
 || 'contract invoice payment delivery shipping warranty repair service password login report discount refund price '
 || 'customer manager account settings order orders return support ticket renewal terms bank transfer', ' ')) AS w;
SELECT setseed(0.42);
INSERT INTO "Articles" ("Title", "Body", "Tags", "CreatedAtUtc", "UpdatedAtUtc", "ConcurrencyStamp")
SELECT initcap((SELECT string_agg(w, ' ') FROM (SELECT w FROM words ORDER BY random() + g * 0 LIMIT 4) t)),
       (SELECT string_agg(w, ' ') FROM (SELECT w FROM words, generate_series(1, 6) r ORDER BY random() + g * 0 LIMIT 150 + (g % 250)) t),
       '', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, gen_random_uuid()
FROM generate_series(1, $ARTICLES) g;
ANALYZE "Articles";
SQL
say "$(psql_db -t -A -c 'SELECT count(*) FROM "Articles"') articles, $(psql_db -t -A -c "SELECT pg_size_pretty(pg_total_relation_size('\"Articles\"'))")"

JAR="$WORK/support.jar"
page="$(curl -sS -c "$JAR" -b "$JAR" "$BASE/account/login")"
token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$page" | head -n1 | sed 's/.*value="//; s/"$//')"
status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "UserName=support" \
    --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" "$BASE/account/login")"
[ "$status" = "302" ] || die "sign-in as support failed (HTTP $status)"

urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
searches=("договоры" "оплата счёта" "invoice payment" "продление договора поставки" "пароль вход система")
fail=0
printf '%-32s %8s %8s %8s %8s\n' "search" "matches" "p50" "p95" "max"
for q in "${searches[@]}"; do
    path="/knowledge?q=$(urlenc "$q")"
    curl -sS -b "$JAR" -o /dev/null "$BASE$path"  # warm-up
    args=(); for ((i = 0; i < N; i++)); do args+=(-o /dev/null "$BASE$path"); done
    curl -sS -b "$JAR" -w '%{http_code} %header{server-timing}\n' "${args[@]}" | sed -E 's/app;dur=//' >"$WORK/t.txt"
    matches="$(psql_db -t -A -c "SELECT count(*) FROM \"Articles\" WHERE \"SearchVector\" @@ (websearch_to_tsquery('russian', '$q') || websearch_to_tsquery('english', '$q'))")"
    read -r p50 p95 max bad < <(python3 - "$WORK/t.txt" <<'PY'
import sys
rows=[l.split() for l in open(sys.argv[1]) if l.strip()]
bad=sum(1 for r in rows if r[0] != '200')
t=sorted(float(r[1]) for r in rows if len(r) > 1)
pick=lambda p: t[min(len(t)-1, int(round(p*(len(t)-1))))]
print(f"{pick(.5):.1f} {pick(.95):.1f} {t[-1]:.1f} {bad}")
PY
)
    printf '%-32s %8s %8s %8s %8s\n' "$q" "$matches" "$p50" "$p95" "$max"
    [ "$bad" = "0" ] || { say "$q: $bad answers were not 200"; fail=1; }
    python3 -c "import sys; sys.exit(0 if float('$p95') < $TARGET_MS else 1)" || { say "$q: p95 $p95 ms misses $TARGET_MS ms"; fail=1; }
done
exit "$fail"
