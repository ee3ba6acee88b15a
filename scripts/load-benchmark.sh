#!/usr/bin/env bash
# Throughput benchmark: the list and card pages under concurrent load, side by side with a bare signed-in page.
#
#   WEBCRM_TEST_PG=<server> BENCH_DB=<database kept by scripts/benchmark.sh> scripts/load-benchmark.sh
#   scripts/load-benchmark.sh          # no BENCH_DB: starts a throwaway PostgreSQL and makes the database first with
#                                      # scripts/benchmark.sh (100k companies, 300k contact persons, 200k deals)
#
# Builds the app in Release and starts it (Production, logging at Warning) on a loopback port on the benchmark
# database, loads every page for LOAD_WARMUP_SECONDS first (the runtime's steady state), then measures each page right
# after a run of the bare signed-in page. Before every run it signs in afresh through the login form (so the cookie is
# younger than the one-minute security-stamp interval: wrk never stores a renewed cookie, and an older one would be
# re-validated against the database on every request) and runs wrk (Debian's package, installed when missing) with
# LOAD_THREADS threads and LOAD_CONNECTIONS connections for LOAD_SECONDS seconds (each run well under a minute).
# Prints req/s, p50 and p99 per page and each page's share of the bare page's req/s in the run just before it, the errors (socket errors and
# answers other than 200), the database transactions per request (pg_stat_database), and the app's peak resident memory (VmRSS, sampled every 0.5 s during the runs).
# Exits non-zero when a page serves less than LOAD_MIN_SHARE (0.33) of the bare page, has errors, a p99 of
# LOAD_P99_MS (250) or more, or the peak RSS reaches LOAD_RSS_MB (400).
#
# Environment: LOAD_THREADS (2), LOAD_CONNECTIONS (16), LOAD_SECONDS (15), LOAD_WARMUP_SECONDS (10), LOAD_ONLY (a regular expression: run only
# the pages whose label matches; the bare page always runs), WEBCRM_TEST_PG and BENCH_DB as above,
# LOAD_APP_DLL (measure this build of WebCrm.Web.dll instead of building the work tree: A/B runs on one database),
# LOAD_SLOW_MS (the app logs each request slower than this with the GC's pauses and the thread pool's queue during it,
# Diagnostics:SlowRequestMs; the script prints how many there were per page and the slowest), LOAD_KEEP_LOG (copy the
# app's log there). The runtime's own settings reach the app from the environment (e.g. DOTNET_gcServer=0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

THREADS="${LOAD_THREADS:-2}"
CONNECTIONS="${LOAD_CONNECTIONS:-16}"
SECONDS_EACH="${LOAD_SECONDS:-15}"
MIN_SHARE="${LOAD_MIN_SHARE:-0.33}"
P99_MS="${LOAD_P99_MS:-250}"
RSS_MB="${LOAD_RSS_MB:-400}"
PASSWORD="demo-crm-2026"
MANAGER="manager1"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "load-benchmark: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$SECONDS_EACH" -lt 55 ] || die "LOAD_SECONDS must stay under a minute (the sign-in cookie's re-validation interval)"

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = "0" ] || die "wrk is missing: apt-get install wrk"
    say "installing wrk (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
        || die "could not install wrk"
fi

WORK="$(mktemp -d /tmp/webcrm-load.XXXXXX)"
APP_PID=""
SAMPLER_PID=""

# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"

cleanup() {
    local rc=$?
    for pid in "$SAMPLER_PID" "$APP_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    pg_test_server_stop
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${BENCH_DB:-}" ]; then
    pg_test_server_start || die "could not start PostgreSQL"
    BENCH_DB="webcrm_load_$$"
    say "no BENCH_DB: making the benchmark database $BENCH_DB with scripts/benchmark.sh"
    BENCH_KEEP_DB=1 BENCH_NEW_DB="$BENCH_DB" BENCH_N=5 BENCH_WARMUP=1 "$ROOT/scripts/benchmark.sh" >"$WORK/benchmark.log" 2>&1 \
        || { grep -q 'FAILED: a target' "$WORK/benchmark.log" || { tail -n 30 "$WORK/benchmark.log"; die "benchmark.sh failed"; }; }
fi
[ -n "${WEBCRM_TEST_PG:-}" ] || die "BENCH_DB needs WEBCRM_TEST_PG (the server that holds it)"

conn_value() { tr ';' '\n' <<<"$WEBCRM_TEST_PG" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
PG_HOST="$(conn_value Host)"; PG_PORT="$(conn_value Port)"; PG_USER="$(conn_value Username)"; PG_PASS="$(conn_value Password)"
PG_PORT="${PG_PORT:-5432}"
CONN="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASS;Database=$BENCH_DB"
PSQL="$(command -v psql || echo "$PG_TEST_BIN/psql")"
psql_value() { PGPASSWORD="$PG_PASS" "$PSQL" -X -q -t -A -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$BENCH_DB" -v ON_ERROR_STOP=1 -c "$1"; }

if [ -n "${LOAD_APP_DLL:-}" ]; then
    APP_DLL="$LOAD_APP_DLL"
    [ -f "$APP_DLL" ] || die "LOAD_APP_DLL: no such file $APP_DLL"
    say "measuring the build $APP_DLL"
else
    say "building the app (Release)"
    dotnet build src/WebCrm.Web -c Release -nologo -v:quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; die "build failed"; }
    APP_DLL="$ROOT/src/WebCrm.Web/bin/Release/net10.0/WebCrm.Web.dll"
fi
SLOW_MS="${LOAD_SLOW_MS:-0}"

APP_LOG="$WORK/app.log"
env ASPNETCORE_ENVIRONMENT=Production Database__Provider=PostgreSQL "ConnectionStrings__Crm=$CONN" \
    Seed__DemoUsers=true Seed__DemoData=false RateLimits__Search__PermitLimit=100000000 Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple \
    Diagnostics__SlowRequestMs="$SLOW_MS" Logging__Console__FormatterOptions__SingleLine=true \
    dotnet "$APP_DLL" --contentRoot "$ROOT/src/WebCrm.Web" --urls "http://127.0.0.1:0" </dev/null >"$APP_LOG" 2>&1 &
APP_PID=$!
BASE=""
for _ in $(seq 1 300); do
    BASE="$(grep -oE 'WebCrm is running at http://127\.0\.0\.1:[0-9]+' "$APP_LOG" | head -n1 | sed 's/.* at //' || true)"
    [ -n "$BASE" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$APP_LOG"; die "the app exited"; }
    sleep 0.2
done
[ -n "$BASE" ] || { tail -n 40 "$APP_LOG"; die "the app did not start"; }
say "app at $BASE (pid $APP_PID), database $BENCH_DB"

CARD_ID="$(psql_value 'SELECT "CompanyId" FROM "ContactPersons" GROUP BY "CompanyId" ORDER BY count(*) DESC, "CompanyId" LIMIT 1')"
CARD_CONTACTS="$(psql_value "SELECT count(*) FROM \"ContactPersons\" WHERE \"CompanyId\" = $CARD_ID")"
BIG_ID="$(psql_value 'SELECT "CompanyId" FROM "Deals" GROUP BY "CompanyId" ORDER BY count(*) DESC, "CompanyId" LIMIT 1')"
BIG_DEALS="$(psql_value "SELECT count(*) FROM \"Deals\" WHERE \"CompanyId\" = ${BIG_ID:-0}")"
[ -n "$BIG_ID" ] || die "the database has no deals: make it with scripts/benchmark.sh (BENCH_DEALS > 0)"
Q="$(python3 -c 'import urllib.parse; print(urllib.parse.quote("техно", safe=""))')"

login() { # user jar -> prints the Cookie header value
    local page token status
    page="$(curl -sS -c "$2" -b "$2" "$BASE/account/login")"
    token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$page" | head -n1 | sed 's/.*value="//; s/"$//')"
    [ -n "$token" ] || die "no antiforgery token on the login page"
    status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$2" -b "$2" \
        --data-urlencode "UserName=$1" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" \
        "$BASE/account/login")"
    [ "$status" = "302" ] && grep -q 'WebCrm.Auth' "$2" || die "sign-in as $1 failed (HTTP $status)"
    awk '!/^#/ && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 } /^#HttpOnly_/ { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$2"
}

# label|user|path — the bare page first: every share is against it.
pages=(
    "bare signed-in page (/account/password)|director|/account/password"
    "company list, by name (director)|director|/clients?sort=name"
    "company list, quick search техно (director)|director|/clients?q=$Q"
    "company list (manager)|$MANAGER|/clients?sort=name"
    "deal list, newest first (director)|director|/deals?Sort=start&Desc=true"
    "deal list (manager)|$MANAGER|/deals"
    "company card, $CARD_CONTACTS contact persons|director|/clients/$CARD_ID"
    "company card, $BIG_DEALS deals|director|/clients/$BIG_ID"
)
if [ -n "${LOAD_ONLY:-}" ]; then
    selected=("${pages[0]}")
    for p in "${pages[@]:1}"; do
        [[ "${p%%|*}" =~ $LOAD_ONLY ]] && selected+=("$p")
    done
    pages=("${selected[@]}")
fi

# Peak resident memory of the app while the runs go on.
( peak=0; while kill -0 "$APP_PID" 2>/dev/null; do
      rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null || echo 0)"
      [ "${rss:-0}" -gt "$peak" ] && { peak="$rss"; echo "$peak" >"$WORK/rss.peak"; }
      sleep 0.5
  done ) &
SAMPLER_PID=$!

to_ms() { # wrk latency (e.g. 812.00us, 7.53ms, 1.02s) -> ms
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.1f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.1f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.1f", v * 60000 }
        else { sub(/s$/, "", v); printf "%.1f", v * 1000 } }'
}

results="$WORK/results.txt"
: >"$results"
WARM_SECONDS="${LOAD_WARMUP_SECONDS:-10}"

# One wrk run of a page with a fresh sign-in; appends "label|req/s|p50|p99|errors|tx per request" to $results.
measure() { # label user path
    local label="$1" who="$2" path="$3" cookie status out rps p50 p99 non2xx sockerr errors requests txpr tx_before tx_after slow slow_before
    cookie="$(login "$who" "$WORK/$who.$RANDOM.jar")"
    status="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H 'Accept-Language: en' "$BASE$path")"
    [ "$status" = "200" ] || die "$label answered $status ($path)"
    tx_before="$(psql_value 'SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()')"
    slow_before="$(grep -c 'Slow request' "$APP_LOG" || true)"
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Cookie: $cookie" -H 'Accept-Language: en' "$BASE$path")"
    tx_after="$(psql_value 'SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()')"
    echo "$out" >"$WORK/wrk.$(wc -l <"$results").txt"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")"
    sockerr="$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out")"
    errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
    # Database transactions per request (pg_stat_database, less the two reads of the counter itself; the statistics
    # collector may lag a little, so this is an estimate).
    requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    txpr="$(awk -v a="$tx_before" -v b="$tx_after" -v n="${requests:-0}" 'BEGIN { printf "%.1f", (n > 0 ? (b - a - 2) / n : 0) }')"
    echo "$label|$rps|$p50|$p99|$errors|$txpr" >>"$results"
    say "$label: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors, $txpr transactions a request"
    if [ "$SLOW_MS" != "0" ]; then
        sleep 0.5
        slow="$(grep 'Slow request' "$APP_LOG" | tail -n +"$(( slow_before + 1 ))" || true)"
        say "  $(grep -c . <<<"$slow" || true) requests took $SLOW_MS ms or more in the app (Diagnostics:SlowRequestMs); the slowest:"
        grep -oE 'Slow request.*' <<<"$slow" | sed -E 's/^Slow request [A-Z]+ [^ ]*: ([0-9.]+) ms/\1|&/' | sort -t'|' -k1 -rn \
            | head -n 3 | cut -d'|' -f2- | sed 's/^/    /' >&2 || true
    fi
}

# The steady state first. Under full load the runtime keeps recompiling hot code (tiered compilation with profile-guided
# optimisation) for tens of seconds after start; measured straight after start, the bare page - the first page run -
# served about half its steady rate (690 against 1,400-1,600 req/s), which made every page's share look twice as good.
say "warming up: every page under the full load for ${WARM_SECONDS}s"
for p in "${pages[@]}"; do
    IFS='|' read -r label who path <<<"$p"
    cookie="$(login "$who" "$WORK/$who.$RANDOM.jar")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARM_SECONDS}s" -H "Cookie: $cookie" -H 'Accept-Language: en' "$BASE$path" >/dev/null 2>&1 || true
done

# Each page is measured right after a run of the bare page, and its share is against that run: this shared virtual
# machine's speed drifts by up to a factor of two within minutes, so a page and its reference must be measured together.
say "load: wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s per run, a fresh sign-in before each, each page after a run of the bare page; load average $(cut -d' ' -f1-3 /proc/loadavg)"
IFS='|' read -r bare_label bare_who bare_path <<<"${pages[0]}"
for p in "${pages[@]:1}"; do
    IFS='|' read -r label who path <<<"$p"
    measure "$bare_label" "$bare_who" "$bare_path"
    measure "$label" "$who" "$path"
done
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
peak_mb="$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss.peak" 2>/dev/null || echo 0)"

echo
echo "WebCrm load benchmark: database $BENCH_DB ($(psql_value 'SELECT count(*) FROM "Companies"') companies, $(psql_value 'SELECT count(*) FROM "Deals"') deals), wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s per page, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-44s | %8s | %8s | %7s | %7s | %6s | %6s | %5s | %-4s |\n' page req/s "bare r/s" p50 p99 errors share tx/rq ''
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" ---------: ---------: --------: --------: -------: -------: ------: ------
failed=0
# Lines alternate: a bare run, then the page measured against it.
bare_rps=""; bare_p99=0; bare_errors=0; bare_all=()
while IFS='|' read -r label rps p50 p99 errors txpr; do
    if [ "$label" = "$bare_label" ]; then
        bare_rps="$rps"; bare_all+=("$rps")
        awk -v p="$p99" -v m="$P99_MS" 'BEGIN { exit !(p >= m) }' && { say "a run of the bare page had a p99 of $p99 ms"; failed=1; }
        [ "$errors" = "0" ] || { say "a run of the bare page had $errors errors"; failed=1; }
        continue
    fi
    share="$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
    verdict="ok"
    awk -v s="$share" -v m="$MIN_SHARE" 'BEGIN { exit !(s < m) }' && verdict="LOW"
    awk -v p="$p99" -v m="$P99_MS" 'BEGIN { exit !(p >= m) }' && verdict="SLOW"
    [ "$errors" = "0" ] || verdict="ERR"
    [ "$verdict" = "ok" ] || failed=1
    printf '| %-44s | %8s | %8s | %7s | %7s | %6s | %6s | %5s | %-4s |\n' "$label" "$rps" "$bare_rps" "$p50" "$p99" "$errors" "$share" "$txpr" "$verdict"
done <"$results"
echo
echo "the bare page ($bare_path) over its ${#bare_all[@]} runs: $(printf '%s\n' "${bare_all[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "min %s, median %s, max %s req/s", v[1], v[int((NR + 1) / 2)], v[NR] }')"
echo
echo "peak RSS of the app during the runs: $peak_mb MB (limit $RSS_MB MB)"
[ -z "${LOAD_KEEP_LOG:-}" ] || cp "$APP_LOG" "$LOAD_KEEP_LOG"
[ "$peak_mb" -lt "$RSS_MB" ] || failed=1
if [ "$failed" != "0" ]; then
    say "FAILED: a page is below $MIN_SHARE of the bare page, has errors or a p99 >= $P99_MS ms, or RSS >= $RSS_MB MB"
    exit 1
fi
say "all targets met"
