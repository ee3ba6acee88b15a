#!/usr/bin/env bash
# Server-time benchmark of the company and deal lists and cards on PostgreSQL at scale.
#
#   scripts/benchmark.sh
#
# Starts a throwaway PostgreSQL (scripts/pg-test-server.sh), builds the app and the data generator in Release,
# starts the app (Production, logging at Warning, Server-Timing header on) on a loopback port, fills the database
# with BENCH_COMPANIES companies, BENCH_CONTACTS contact persons and BENCH_DEALS deals (BENCH_LINES lines,
# BENCH_PAYMENTS payments, 6 stages each; 20 companies with 100 deals), adds one numeric custom field with values for
# ~20% of the companies and spreads the creation dates over three years, signs in through the login form as the
# director (sees every company: the worst case) and as a manager, warms up, then sends each request BENCH_N times
# and reads the app's own Server-Timing header (request start to response start).
# Prints p50/p95/max per request and exits non-zero when a p95 misses its target (lists 100 ms, company and deal
# card 50 ms, company card with 100 deals 80 ms) or a request does not answer 200.
#
# Environment: BENCH_COMPANIES (100000), BENCH_CONTACTS (300000), BENCH_DEALS (200000), BENCH_LINES (1000000),
# BENCH_PAYMENTS (500000), BENCH_ACTIVITIES (0: no calendar data or requests), BENCH_N (50), BENCH_WARMUP (10), BENCH_ONLY (a regular expression: measure only the
# requests whose label matches),
# BENCH_SQL_LOG=1 (log every SQL command of the app with its duration to $BENCH_KEEP_LOG or the temp dir),
# WEBCRM_TEST_PG (use this PostgreSQL server instead of starting one; a fresh database is created and dropped, or kept
# for EXPLAIN with BENCH_KEEP_DB=1, named BENCH_NEW_DB when given), BENCH_DB (with WEBCRM_TEST_PG: measure again on a
# database kept from an earlier run, skipping the data steps; BENCH_COMPANIES and BENCH_DEALS then only label the run
# and choose the requests — BENCH_DEALS=0 for a database without deals).
# The company count is the scale parameter: e.g. BENCH_COMPANIES=1000000 BENCH_CONTACTS=3000000 BENCH_DEALS=0.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

COMPANIES="${BENCH_COMPANIES:-100000}"
CONTACTS="${BENCH_CONTACTS:-300000}"
DEALS="${BENCH_DEALS:-200000}"
# Calendar activities (0: none); with them the calendar requests are measured too.
ACTIVITIES="${BENCH_ACTIVITIES:-0}"
LINES="${BENCH_LINES:-1000000}"
PAYMENTS="${BENCH_PAYMENTS:-500000}"
N="${BENCH_N:-50}"
WARMUP="${BENCH_WARMUP:-10}"
LIST_TARGET_MS=100
CARD_TARGET_MS=50
BIG_CARD_TARGET_MS=80
PASSWORD="demo-crm-2026"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "benchmark: $*" >&2; }
die() { say "$*"; exit 1; }

WORK="$(mktemp -d /tmp/webcrm-bench.XXXXXX)"
APP_PID=""
DB_CREATED=0

# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"

cleanup() {
    local rc=$?
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [ "$DB_CREATED" = "1" ] && [ "$_pg_test_started" != "1" ] && [ "${BENCH_KEEP_DB:-0}" != "1" ]; then
        psql_admin -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    pg_test_server_stop
    rm -rf "$WORK"
    exit "$rc"
}

# ---- PostgreSQL ----
pg_test_server_start || die "could not start PostgreSQL"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

conn_value() { # key -> value from WEBCRM_TEST_PG
    tr ';' '\n' <<<"$WEBCRM_TEST_PG" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'
}
PG_HOST="$(conn_value Host)"; PG_PORT="$(conn_value Port)"; PG_USER="$(conn_value Username)"; PG_PASS="$(conn_value Password)"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="${BENCH_DB:-${BENCH_NEW_DB:-webcrm_bench_$$}}"
CONN="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASS;Database=$DB_NAME"
PSQL="$(command -v psql || echo "$PG_TEST_BIN/psql")"
psql_admin() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_db() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql_db -t -A -c "$1"; }

if [ -z "${BENCH_DB:-}" ]; then
    psql_admin -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
    DB_CREATED=1
fi

# ---- build ----
say "building the app and the data generator (Release)"
dotnet build src/WebCrm.Web -c Release -nologo -v:quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
dotnet build tools/WebCrm.DataGenerator -c Release -nologo -v:quiet >>"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
APP_DLL="$ROOT/src/WebCrm.Web/bin/Release/net10.0/WebCrm.Web.dll"
[ -f "$APP_DLL" ] || die "no $APP_DLL"

# ---- app (migrates and creates the demo users on the empty database) ----
app_env=(
    ASPNETCORE_ENVIRONMENT=Production
    Database__Provider=PostgreSQL
    "ConnectionStrings__Crm=$CONN"
    Seed__DemoUsers=true
    Seed__DemoData=false
    Diagnostics__ServerTiming=true
    # The search rate limit (120 a minute per user) would answer 429 to a benchmark's hundreds of searches.
    RateLimits__Search__PermitLimit=1000000
    Logging__LogLevel__Default=Warning
    Logging__LogLevel__Microsoft.AspNetCore=Warning
    Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning
    Logging__Console__FormatterName=simple
)
if [ "${BENCH_SQL_LOG:-0}" = "1" ]; then
    app_env+=(Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information)
fi
APP_LOG="${BENCH_KEEP_LOG:-$WORK/app.log}"
say "starting the app"
env "${app_env[@]}" dotnet "$APP_DLL" --contentRoot "$ROOT/src/WebCrm.Web" --urls "http://127.0.0.1:0" </dev/null >"$APP_LOG" 2>&1 &
APP_PID=$!
BASE=""
for _ in $(seq 1 300); do
    BASE="$(grep -oE 'WebCrm is running at http://127\.0\.0\.1:[0-9]+' "$APP_LOG" | head -n1 | sed 's/.* at //' || true)"
    [ -n "$BASE" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$APP_LOG"; die "the app exited"; }
    sleep 0.2
done
[ -n "$BASE" ] || { tail -n 40 "$APP_LOG"; die "the app did not start"; }
say "app at $BASE"

# ---- data ----
if [ -z "${BENCH_DB:-}" ]; then
say "generating $COMPANIES companies, $CONTACTS contact persons, $DEALS deals ($LINES lines, $PAYMENTS payments)"
gen_args=(--companies "$COMPANIES" --contacts "$CONTACTS" --seed 42)
[ "$DEALS" -gt 0 ] && gen_args+=(--deals "$DEALS" --lines "$LINES" --payments "$PAYMENTS")
[ "$ACTIVITIES" -gt 0 ] && gen_args+=(--activities "$ACTIVITIES")
dotnet tools/WebCrm.DataGenerator/bin/Release/net10.0/WebCrm.DataGenerator.dll --provider PostgreSQL --connection "$CONN" \
    "${gen_args[@]}" >"$WORK/generator.log" 2>&1 \
    || { cat "$WORK/generator.log"; die "data generator failed"; }
sed -n '/^reserve keys/,$p' "$WORK/generator.log" >&2

say "custom field for ~20% of the companies, creation dates over three years"
psql_db >/dev/null <<'SQL'
-- Generated rows are all created "now"; spread them over the last three years, deterministically by id.
UPDATE "Companies" SET "CreatedAtUtc" = "CreatedAtUtc" - make_interval(secs => ("Id"::bigint * 7919 % 1095) * 86400 + ("Id" % 86400));
INSERT INTO "CustomFieldDefinitions" ("Target", "NameEn", "NameRu", "Type", "IsRequired", "SortOrder", "IsActive", "Options",
    "CreatedAtUtc", "UpdatedAtUtc", "ConcurrencyStamp")
VALUES (1, 'Annual revenue', 'Годовая выручка', 2, false, 1, true, NULL, now(), now(), gen_random_uuid());
INSERT INTO "CustomFieldValues" ("DefinitionId", "Target", "EntityId", "NumberValue")
SELECT (SELECT max("Id") FROM "CustomFieldDefinitions"), 1, "Id", ("Id"::bigint * 104729 % 1000000)::numeric
FROM "Companies" WHERE "Id" % 5 = 0;
SQL
# What autovacuum does soon after a bulk load anyway (visibility map for index-only scans, fresh statistics).
psql_db -c 'VACUUM ANALYZE "Companies", "ContactPersons", "CustomFieldValues", "ChangeLog", "Products", "ExchangeRates", "Deals", "DealStages", "DealLines", "Payments", "Activities"' >/dev/null
fi

# ---- parameters of the requests, read from the data ----
CF_ID="$(psql_value 'SELECT max("Id") FROM "CustomFieldDefinitions"')"
REGIONS="$(psql_value "SELECT string_agg(\"Id\"::text, ',' ORDER BY \"Id\") FROM \"ReferenceItems\" WHERE \"Kind\" = 1 AND \"Code\" IN ('volga', 'central')")"
CARD_ID="$(psql_value 'SELECT "CompanyId" FROM "ContactPersons" GROUP BY "CompanyId" ORDER BY count(*) DESC, "CompanyId" LIMIT 1')"
CARD_CONTACTS="$(psql_value "SELECT count(*) FROM \"ContactPersons\" WHERE \"CompanyId\" = $CARD_ID")"
FROM_DATE="$(date -u -d '-400 days' +%Y-%m-%d)"; TO_DATE="$(date -u -d '-310 days' +%Y-%m-%d)"
MANAGER="manager1"
MANAGER_COUNT="$(psql_value "SELECT count(*) FROM \"Companies\" c JOIN \"AspNetUsers\" u ON u.\"Id\" = c.\"ResponsibleId\" WHERE u.\"UserName\" = '$MANAGER'")"
say "database $DB_NAME; card: company $CARD_ID with $CARD_CONTACTS contact persons; $MANAGER owns $MANAGER_COUNT companies"
if [ "$DEALS" -gt 0 ]; then
    # The deal card: an open deal with 5 lines and at least 2 payments whose company belongs to the manager (so he sees
    # it through the company branch of the visibility rule); the company card: the company with the most deals.
    DEAL_ID="$(psql_value 'SELECT d."Id" FROM "Deals" d JOIN "Companies" c ON c."Id" = d."CompanyId"
        JOIN "AspNetUsers" u ON u."Id" = c."ResponsibleId" AND u."UserName" = '"'$MANAGER'"' WHERE d."Status" = 0
        AND (SELECT count(*) FROM "DealLines" l WHERE l."DealId" = d."Id") = 5
        AND (SELECT count(*) FROM "Payments" p WHERE p."DealId" = d."Id") >= 2 ORDER BY d."Id" LIMIT 1')"
    BIG_ID="$(psql_value 'SELECT "CompanyId" FROM "Deals" GROUP BY "CompanyId" ORDER BY count(*) DESC, "CompanyId" LIMIT 1')"
    BIG_DEALS="$(psql_value "SELECT count(*) FROM \"Deals\" WHERE \"CompanyId\" = $BIG_ID")"
    STAGE_ID="$(psql_value "SELECT \"Id\" FROM \"ReferenceItems\" WHERE \"Kind\" = 7 AND \"Code\" = 'proposal'")"
    MANAGER_DEALS="$(psql_value "SELECT count(*) FROM \"Deals\" d WHERE EXISTS (SELECT 1 FROM \"AspNetUsers\" u WHERE u.\"UserName\" = '$MANAGER'
        AND (d.\"ResponsibleId\" = u.\"Id\" OR EXISTS (SELECT 1 FROM \"DealStages\" s WHERE s.\"DealId\" = d.\"Id\" AND s.\"ResponsibleId\" = u.\"Id\")
          OR EXISTS (SELECT 1 FROM \"Companies\" c WHERE c.\"Id\" = d.\"CompanyId\" AND c.\"ResponsibleId\" = u.\"Id\")))")"
    say "deal card: deal $DEAL_ID; company card: company $BIG_ID with $BIG_DEALS deals; $MANAGER sees $MANAGER_DEALS deals"
fi

urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# ---- sign in through the form ----
login() { # user jar
    local page token status
    page="$(curl -sS -c "$2" -b "$2" "$BASE/account/login")"
    token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$page" | head -n1 | sed 's/.*value="//; s/"$//')"
    [ -n "$token" ] || die "no antiforgery token on the login page"
    status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$2" -b "$2" \
        --data-urlencode "UserName=$1" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" \
        "$BASE/account/login")"
    [ "$status" = "302" ] && grep -q 'WebCrm.Auth' "$2" || die "sign-in as $1 failed (HTTP $status)"
}
login director "$WORK/director.jar"
login "$MANAGER" "$WORK/manager.jar"

# ---- the requests: label|user|target ms|path ----
Q_NAME="$(urlenc 'меридиан')"
Q_SURNAME="$(urlenc 'белозерск')"
CITY="$(urlenc 'Казань')"
requests=(
    "list, sorted by name|director|$LIST_TARGET_MS|/clients?sort=name"
    "list, city desc, page 10|director|$LIST_TARGET_MS|/clients?sort=city&desc=true&page=10"
    "quick search: part of a name|director|$LIST_TARGET_MS|/clients?q=$Q_NAME"
    "quick search: contact surname|director|$LIST_TARGET_MS|/clients?q=$Q_SURNAME"
    "quick search: техно|director|$LIST_TARGET_MS|/clients?q=$(urlenc 'техно')"
    "filter city = + region in|director|$LIST_TARGET_MS|/clients?c%5B0%5D.f=city&c%5B0%5D.o=Equals&c%5B0%5D.v=$CITY&c%5B1%5D.f=region&c%5B1%5D.o=In&c%5B1%5D.v=$(urlenc "$REGIONS")&sort=name"
    "filter created between, by date|director|$LIST_TARGET_MS|/clients?c%5B0%5D.f=created&c%5B0%5D.o=Between&c%5B0%5D.v=$FROM_DATE&c%5B0%5D.v=$TO_DATE&sort=created&desc=true"
    "filter custom number >|director|$LIST_TARGET_MS|/clients?c%5B0%5D.f=cf$CF_ID&c%5B0%5D.o=Greater&c%5B0%5D.v=900000&sort=name"
    "filter name contains, by city|director|$LIST_TARGET_MS|/clients?c%5B0%5D.f=name&c%5B0%5D.o=Contains&c%5B0%5D.v=$(urlenc 'техно')&sort=city"
    "manager's own list|manager|$LIST_TARGET_MS|/clients?sort=name"
    "manager quick search|manager|$LIST_TARGET_MS|/clients?q=$Q_SURNAME"
    "card (director)|director|$CARD_TARGET_MS|/clients/$CARD_ID"
)
if [ "$DEALS" -gt 0 ]; then
    requests+=(
        "deals, newest first|director|$LIST_TARGET_MS|/deals?Sort=start&Desc=true"
        "deals, by amount, page 20|director|$LIST_TARGET_MS|/deals?Sort=amount&Desc=true&Page=20"
        "deals: status + stage|director|$LIST_TARGET_MS|/deals?Status=Open&StageId=$STAGE_ID"
        "deals: has debt, by debt|director|$LIST_TARGET_MS|/deals?HasDebt=true&Sort=debt&Desc=true"
        "deals: amount range, by amount|director|$LIST_TARGET_MS|/deals?AmountFrom=100000&AmountTo=500000&Sort=amount"
        "manager's deal list|manager|$LIST_TARGET_MS|/deals"
        "manager's deals: open, has debt|manager|$LIST_TARGET_MS|/deals?Status=Open&HasDebt=true&Sort=debt&Desc=true"
        "deal card (5 lines, payments)|director|$CARD_TARGET_MS|/deals/$DEAL_ID"
        "deal card (manager)|manager|$CARD_TARGET_MS|/deals/$DEAL_ID"
        "company card, $BIG_DEALS deals|director|$BIG_CARD_TARGET_MS|/clients/$BIG_ID"
    )
fi
if [ "$ACTIVITIES" -gt 0 ]; then
    # The manager's own month and week, the director looking at the manager's month, the company with the most
    # activities (its card with the history section, and the full history page), the contact-date filters, the agenda.
    MANAGER_ID="$(psql_value "SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"UserName\" = '$MANAGER'")"
    HISTORY_ID="$(psql_value 'SELECT "CompanyId" FROM "Activities" WHERE "CompanyId" IS NOT NULL GROUP BY "CompanyId" ORDER BY count(*) DESC, "CompanyId" LIMIT 1')"
    HISTORY_COUNT="$(psql_value "SELECT count(*) FROM \"Activities\" WHERE \"CompanyId\" = $HISTORY_ID")"
    MONTH_COUNT="$(psql_value "SELECT count(*) FROM \"Activities\" WHERE \"ResponsibleId\" = '$MANAGER_ID' AND \"StartUtc\" >= date_trunc('month', now()) AND \"StartUtc\" < date_trunc('month', now()) + interval '1 month'")"
    say "calendar: $MANAGER has $MONTH_COUNT activities this month; company $HISTORY_ID has $HISTORY_COUNT activities"
    LAST_CONTACT="$(date -u -d '-30 days' +%Y-%m-%d)"
    requests+=(
        "calendar: manager's month ($MONTH_COUNT)|manager|$CARD_TARGET_MS|/calendar/month"
        "calendar: manager's week|manager|$CARD_TARGET_MS|/calendar/week"
        "calendar: director sees manager's month|director|$CARD_TARGET_MS|/calendar/month?u=$MANAGER_ID"
        "calendar: company card, $HISTORY_COUNT activities|director|$CARD_TARGET_MS|/clients/$HISTORY_ID"
        "calendar: company history page|director|$CARD_TARGET_MS|/calendar/history?companyId=$HISTORY_ID"
        "calendar: home agenda (manager)|manager|$CARD_TARGET_MS|/"
        "calendar: last contact before, manager|manager|$LIST_TARGET_MS|/clients?c%5B0%5D.f=lastContact&c%5B0%5D.o=Less&c%5B0%5D.v=$LAST_CONTACT"
        "calendar: analysis, director, last month|director|$LIST_TARGET_MS|/calendar/analysis"
        "calendar: analysis by region, director|director|$LIST_TARGET_MS|/calendar/analysis?By=Region"
        "calendar: analysis by company, director|director|$LIST_TARGET_MS|/calendar/analysis?By=Company"
    )
fi
if [ -n "${BENCH_ONLY:-}" ]; then
    selected=()
    for r in "${requests[@]}"; do
        [[ "${r%%|*}" =~ $BENCH_ONLY ]] && selected+=("$r")
    done
    requests=("${selected[@]}")
fi

# One curl per request kind and round, keeping its connection alive: prints "status server-ms" per response.
timings() { # jar path count
    local args=() i
    for ((i = 0; i < $3; i++)); do args+=(-o /dev/null "$BASE$2"); done
    curl -sS -b "$1" -H 'Accept-Language: en' -w '%{http_code} %header{server-timing}\n' "${args[@]}" \
        | sed -E 's/app;dur=//' || true
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$APP_LOG" >&2; die "the app has stopped"; }
}

say "warming up ($WARMUP rounds)"
for r in "${requests[@]}"; do
    IFS='|' read -r _ who _ path <<<"$r"
    timings "$WORK/$who.jar" "$path" "$WARMUP" >/dev/null
done

say "measuring ($N requests each)"
results="$WORK/results.txt"
: >"$results"
failed=0
for r in "${requests[@]}"; do
    IFS='|' read -r label who target path <<<"$r"
    out="$(timings "$WORK/$who.jar" "$path" "$N")"
    if grep -qv '^200 ' <<<"$out"; then
        say "$label: answered $(grep -v '^200 ' <<<"$out" | head -n1 | cut -d' ' -f1) instead of 200 ($path)"
        failed=1
    fi
    awk '{ print $2 }' <<<"$out" | sort -g | awk -v label="$label" -v target="$target" '
        { v[NR] = $1 }
        END {
            p50 = v[int((NR - 1) * 0.50) + 1]; p95 = v[int((NR - 1) * 0.95) + 1]; max = v[NR]
            printf "%s|%.1f|%.1f|%.1f|%d|%s\n", label, p50, p95, max, target, (p95 < target ? "ok" : "SLOW")
        }' >>"$results"
done

echo
echo "WebCrm benchmark: $COMPANIES companies, $CONTACTS contact persons, $DEALS deals ($LINES lines, $PAYMENTS payments), PostgreSQL, $N requests each, $(nproc) cores"
echo "server time (Server-Timing, request start to response start), ms"
printf '| %-34s | %7s | %7s | %7s | %6s | %-4s |\n' request p50 p95 max target ''
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------------" --------: --------: --------: -------: ------
while IFS='|' read -r label p50 p95 max target verdict; do
    printf '| %-34s | %7s | %7s | %7s | %6s | %-4s |\n' "$label" "$p50" "$p95" "$max" "< $target" "$verdict"
    [ "$verdict" = "ok" ] || failed=1
done <"$results"
echo
if [ "$failed" != "0" ]; then
    say "FAILED: a target was missed or a request failed"
    exit 1
fi
say "all targets met"
