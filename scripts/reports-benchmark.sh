#!/usr/bin/env bash
# Reports, funnel and PDF at scale: server time of single requests on the generator's data on PostgreSQL.
#
#   scripts/reports-benchmark.sh
#
# Starts a throwaway PostgreSQL (scripts/pg-test-server.sh, or uses WEBCRM_TEST_PG), builds the app and the data
# generator in Release, starts the app (Production, logging at Warning, Diagnostics:ServerTiming on, demo users), fills
# the database with RB_COMPANIES companies (100,000) and RB_DEALS deals (200,000; RB_LINES 1,000,000 lines,
# RB_PAYMENTS 500,000 payments, daily USD rates, 6 stages each) with seed 42, runs VACUUM ANALYZE, signs in through the
# login form as `director` (sees every deal) and `manager1`, warms up, then sends each request RB_N times (default 20)
# over a kept-alive connection and reads the app's Server-Timing header (request start to response start; a PDF is
# rendered before its response starts; the export rate limit is lifted for this app). Prints p50/p95/max per request, the total time of the PDF download, the app's
# peak RSS (VmHWM) and the load average at the start and the end, and exits non-zero when a p95 misses its target:
# a two-dimension report by month 400 ms, the funnel 150 ms, a manager's kanban 100 ms, the PDF of a report of
# 1,000 rows or more 1 s; or the RSS reaches 400 MB; or a request does not answer 200.
#
# Environment: RB_COMPANIES, RB_DEALS, RB_LINES, RB_PAYMENTS, RB_N, RB_WARMUP (3), RB_ONLY (a regular expression over the
# labels), WEBCRM_TEST_PG (a server to use; a fresh database is created and dropped, or kept with RB_KEEP_DB=1),
# RB_DB (with WEBCRM_TEST_PG: measure again on a database kept from an earlier run of this script or of
# scripts/benchmark.sh, skipping the data steps), RB_START_SECONDS (how long the app may take to start, 900: migrations
# and a debt history rebuild on a kept database). Not part of ./test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COMPANIES="${RB_COMPANIES:-100000}"; DEALS="${RB_DEALS:-200000}"; LINES="${RB_LINES:-1000000}"; PAYMENTS="${RB_PAYMENTS:-500000}"
N="${RB_N:-20}"; WARMUP="${RB_WARMUP:-3}"; PASSWORD="demo-crm-2026"; RSS_LIMIT_MB=400
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say() { echo "reports-benchmark: $*" >&2; }
die() { say "$*"; exit 1; }
WORK="$(mktemp -d /tmp/webcrm-rb.XXXXXX)"
APP_PID=""; DB_CREATED=0
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"
cleanup() {
    local rc=$?
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    if [ "$DB_CREATED" = "1" ] && [ "$_pg_test_started" != "1" ] && [ "${RB_KEEP_DB:-0}" != "1" ]; then
        psql_admin -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    pg_test_server_stop
    rm -rf "$WORK"
    exit "$rc"
}
pg_test_server_start || die "could not start PostgreSQL"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
conn_value() { tr ';' '\n' <<<"$WEBCRM_TEST_PG" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
PG_HOST="$(conn_value Host)"; PG_PORT="$(conn_value Port)"; PG_USER="$(conn_value Username)"; PG_PASS="$(conn_value Password)"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="${RB_DB:-webcrm_rb_$$}"
CONN="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASS;Database=$DB_NAME"
PSQL="$(command -v psql || echo "$PG_TEST_BIN/psql")"
psql_admin() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_db() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql_db -t -A -c "$1"; }
if [ -z "${RB_DB:-}" ]; then psql_admin -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null; DB_CREATED=1; fi

say "building the app and the data generator (Release)"
dotnet build src/WebCrm.Web -c Release -nologo -v:quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
dotnet build tools/WebCrm.DataGenerator -c Release -nologo -v:quiet >>"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
APP_DLL="$ROOT/src/WebCrm.Web/bin/Release/net10.0/WebCrm.Web.dll"
say "starting the app"
env ASPNETCORE_ENVIRONMENT=Production Database__Provider=PostgreSQL "ConnectionStrings__Crm=$CONN" Seed__DemoUsers=true Seed__DemoData=false \
    Diagnostics__ServerTiming=true Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning RateLimits__Export__PermitLimit=100000 \
    dotnet "$APP_DLL" --contentRoot "$ROOT/src/WebCrm.Web" --urls "http://127.0.0.1:0" </dev/null >"$WORK/app.log" 2>&1 &
APP_PID=$!
BASE=""
# A database kept from before the debt history (migration DealDebtHistory) gets it rebuilt at the app's first start;
# one from before the funnel's stage columns (DealStageEnteredOn, DealStageStartDate) gets them filled.
for _ in $(seq 1 $((5 * ${RB_START_SECONDS:-900}))); do
    BASE="$(grep -oE 'WebCrm is running at http://127\.0\.0\.1:[0-9]+' "$WORK/app.log" | head -n1 | sed 's/.* at //' || true)"
    [ -n "$BASE" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$WORK/app.log"; die "the app exited"; }
    sleep 0.2
done
[ -n "$BASE" ] || die "the app did not start"

if [ -z "${RB_DB:-}" ]; then
    say "generating $COMPANIES companies, $DEALS deals ($LINES lines, $PAYMENTS payments)"
    dotnet tools/WebCrm.DataGenerator/bin/Release/net10.0/WebCrm.DataGenerator.dll --provider PostgreSQL --connection "$CONN" --seed 42 \
        --companies "$COMPANIES" --contacts "$COMPANIES" --deals "$DEALS" --lines "$LINES" --payments "$PAYMENTS" >"$WORK/generator.log" 2>&1 \
        || { cat "$WORK/generator.log"; die "data generator failed"; }
    tail -n 3 "$WORK/generator.log" >&2
    psql_db -c 'VACUUM ANALYZE "Companies", "Products", "ExchangeRates", "Deals", "DealStages", "DealLines", "Payments", "AccountingDocuments", "ReferenceItems"' >/dev/null
else
    # A kept database: a migration the app just applied may have rewritten rows (the funnel's stage columns, the
    # payments' report keys), which leaves index-only scans reading the table until the next vacuum.
    psql_db -c 'VACUUM ANALYZE "Deals", "DealStages", "Payments"' >/dev/null
fi

login() { # user jar
    local page token status
    page="$(curl -sS -c "$2" -b "$2" "$BASE/account/login")"
    token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$page" | head -n1 | sed 's/.*value="//; s/"$//')"
    status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$2" -b "$2" --data-urlencode "UserName=$1" --data-urlencode "Password=$PASSWORD" \
        --data-urlencode "__RequestVerificationToken=$token" "$BASE/account/login")"
    [ "$status" = "302" ] || die "sign-in as $1 failed (HTTP $status)"
}
login director "$WORK/director.jar"
login manager1 "$WORK/manager.jar"

# The last full 12 months; a report by client over them has thousands of rows (the PDF must print 1,000 or more).
TO="$(date -u +%Y-%m-%d)"; FROM="$(date -u -d '-1 year +1 day' +%Y-%m-%d)"
P="From=$FROM&To=$TO"
# The PDF: sales by client in the one region whose clients bought in the period closest above 1,000 rows.
read -r PDF_REGION CLIENT_ROWS < <(psql_value "SELECT c.\"RegionId\", count(DISTINCT d.\"CompanyId\") FROM \"Deals\" d JOIN \"Companies\" c ON c.\"Id\" = d.\"CompanyId\"
    WHERE d.\"Status\" = 1 AND d.\"CloseDate\" BETWEEN '$FROM' AND '$TO' AND c.\"RegionId\" IS NOT NULL GROUP BY 1
    HAVING count(DISTINCT d.\"CompanyId\") >= 1000 ORDER BY 2 LIMIT 1" | tr '|' ' ')
say "period $FROM – $TO; the PDF's report (sales by client, region $PDF_REGION) has ${CLIENT_ROWS:-no} rows"
[ -n "${CLIENT_ROWS:-}" ] || die "no region has 1,000 clients with sales in the period"
requests=(
    "sales by manager by month|director|400|/reports?M=Sales&R=Salesperson&Step=Month&$P"
    "sales by manager × region|director|400|/reports?M=Sales&R=Salesperson&C=Region&$P"
    "sales by product group by month|director|400|/reports?M=Sales&R=ProductGroup&Step=Month&$P"
    "payments by region by month, USD|director|400|/reports?M=Payments&R=Region&Step=Month&Cur=Second&$P"
    "receivable by manager by month|director|400|/reports?M=Receivable&R=Salesperson&Step=Month&$P"
    "manager's sales by client by month|manager|400|/reports?M=Sales&R=Client&Step=Month&$P"
    "funnel (director)|director|150|/funnel?$P"
    "funnel (manager)|manager|150|/funnel?$P"
    "kanban (manager)|manager|100|/funnel/board"
    "PDF, sales by client ($CLIENT_ROWS rows)|director|1000|/reports/export/pdf?M=Sales&R=Client&X%5B0%5D.D=Region&X%5B0%5D.V=$PDF_REGION&$P"
)
if [ -n "${RB_ONLY:-}" ]; then
    selected=(); for r in "${requests[@]}"; do [[ "${r%%|*}" =~ $RB_ONLY ]] && selected+=("$r"); done; requests=("${selected[@]}")
fi
timings() { # jar path count -> "status server-ms total-s size" per response
    local args=() i
    for ((i = 0; i < $3; i++)); do args+=(-o /dev/null "$BASE$2"); done
    curl -sS -b "$1" -H 'Accept-Language: en' -w '%{http_code} %header{server-timing} %{time_total} %{size_download}\n' "${args[@]}" \
        | sed -E 's/app;dur=//' || true
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$WORK/app.log" >&2; die "the app has stopped"; }
}
say "warming up ($WARMUP rounds)"
for r in "${requests[@]}"; do IFS='|' read -r _ who _ path <<<"$r"; timings "$WORK/$who.jar" "$path" "$WARMUP" >/dev/null; done
say "measuring ($N requests each)"
failed=0
: >"$WORK/results.txt"
for r in "${requests[@]}"; do
    IFS='|' read -r label who target path <<<"$r"
    out="$(timings "$WORK/$who.jar" "$path" "$N")"
    if grep -qv '^200 ' <<<"$out"; then say "$label: answered $(grep -v '^200 ' <<<"$out" | head -n1 | cut -d' ' -f1) ($path)"; failed=1; fi
    printf '%s\n' "$out" >"$WORK/t.txt"
    python3 - "$label" "$target" "$WORK/t.txt" >>"$WORK/results.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[3]) if l.strip()]
server = sorted(float(r[1]) for r in rows if len(r) > 3)
total = sorted(float(r[2]) * 1000 for r in rows if len(r) > 3)
pick = lambda v, p: v[int((len(v) - 1) * p)]
label, target = sys.argv[1], float(sys.argv[2])
p95 = pick(server, .95)
print(f"{label}|{pick(server, .5):.1f}|{p95:.1f}|{server[-1]:.1f}|{pick(total, .5):.1f}|{rows[-1][3]}|{target:.0f}|{'ok' if p95 < target else 'SLOW'}")
PY
done
RSS_KB="$(awk '/VmHWM/ { print $2 }' "/proc/$APP_PID/status")"
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "WebCrm reports benchmark: $COMPANIES companies, $DEALS deals ($LINES lines, $PAYMENTS payments), PostgreSQL, $N requests each, $(nproc) cores"
echo "load average at the start $LOAD_START, at the end $LOAD_END"
printf '| %-40s | %7s | %7s | %7s | %9s | %9s | %7s | %-4s |\n' request p50 p95 max "total p50" bytes target ''
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "------------------------------------------" --------: --------: --------: ----------: ----------: --------: ------
while IFS='|' read -r label p50 p95 max total size target verdict; do
    printf '| %-40s | %7s | %7s | %7s | %9s | %9s | %7s | %-4s |\n' "$label" "$p50" "$p95" "$max" "$total" "$size" "< $target" "$verdict"
    [ "$verdict" = "ok" ] || failed=1
done <"$WORK/results.txt"
echo "peak RSS of the app: $((RSS_KB / 1024)) MB (limit $RSS_LIMIT_MB MB)"
[ "$((RSS_KB / 1024))" -lt "$RSS_LIMIT_MB" ] || failed=1
[ "$failed" = "0" ] || { say "FAILED: a target was missed or a request failed"; exit 1; }
say "all targets met"
