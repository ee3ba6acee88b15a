#!/usr/bin/env bash
# The single test command of WebCrm: builds the solution once, runs every test project under tests/,
# and ends with one line "N passed, N failed" (totals over all test projects).
#
#   ./test.sh                                  # everything
#   ./test.sh --filter-class 'WebCrm.UnitTests.*'   # extra args go to every test project (xunit.v3/MTP options)
#   WEBCRM_TEST_PROJECTS='UnitTests|Functional' ./test.sh   # only test projects whose path matches this regex
#
# Environment: WEBCRM_TEST_PG (use this PostgreSQL instead of starting one), WEBCRM_CHROMIUM (browser binary, default
# /usr/bin/chromium), WEBCRM_TEST_TIMEOUT (per test project, default 20m), WEBCRM_CONFIGURATION (default Release).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

SOLUTION="WebCrm.sln"
CONFIGURATION="${WEBCRM_CONFIGURATION:-Release}"
TIMEOUT="${WEBCRM_TEST_TIMEOUT:-20m}"
RESULTS="$ROOT/TestResults/test-sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

say() { echo "test.sh: $*"; }

finish() { # passed failed
    echo "$1 passed, $2 failed"
    if [ "$2" -gt 0 ]; then exit 1; fi
    exit 0
}

# ---- machine prerequisites (installed only when missing, and only as root) ----
apt_updated=0
apt_install() {
    if [ "$(id -u)" != "0" ]; then
        say "warning: $* missing and not root; not installing"
        return 0
    fi
    local log=/tmp/webcrm-test-apt.log
    if [ "$apt_updated" = "0" ]; then
        apt-get update -qq >"$log" 2>&1 || { say "warning: apt-get update failed"; tail -n 20 "$log"; }
        apt_updated=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1 \
        || { say "warning: apt-get install $* failed"; tail -n 20 "$log"; }
}

# Browser tests drive $WEBCRM_CHROMIUM, else Debian's /usr/bin/chromium (installed here when that is missing).
if [ -n "${WEBCRM_CHROMIUM:-}" ]; then
    [ -x "$WEBCRM_CHROMIUM" ] || say "warning: WEBCRM_CHROMIUM=$WEBCRM_CHROMIUM is not an executable file"
elif [ ! -x /usr/bin/chromium ]; then
    say "installing chromium (browser tests)"
    apt_install chromium
fi
# docker-compose.yml is rendered by Debian's docker-compose in ComposeFileTests (no Docker engine needed for `config`).
if ! command -v docker-compose >/dev/null 2>&1; then
    say "installing docker-compose (compose file check)"
    apt_install docker-compose
fi
# PDF tests: DejaVu Sans is the font reports embed; pdftoppm (poppler-utils) draws pages to check glyphs render.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    say "installing fonts-dejavu-core (PDF font)"
    apt_install fonts-dejavu-core
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
    say "installing poppler-utils (PDF render check)"
    apt_install poppler-utils
fi
if ! command -v npm >/dev/null 2>&1; then
    say "installing nodejs + npm (front-end assets)"
    apt_install nodejs npm
fi

# ---- PostgreSQL for the tests (stopped by its EXIT trap) ----
# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"
if ! pg_test_server_start; then
    say "could not start PostgreSQL"
    finish 0 1
fi

# ---- build once ----
say "building $SOLUTION ($CONFIGURATION)"
if ! dotnet build "$SOLUTION" -c "$CONFIGURATION" -nologo -v:minimal; then
    say "build failed"
    finish 0 1
fi

# ---- test projects ----
mapfile -t projects < <(dotnet sln "$SOLUTION" list | tr '\\' '/' | grep -E '^tests/.*\.csproj$' \
    | grep -E "${WEBCRM_TEST_PROJECTS:-.}" || true)
if [ "${#projects[@]}" -eq 0 ]; then
    say "no test projects found"
    finish 0 1
fi

filtered=0
if [ "$#" -gt 0 ] || [ -n "${WEBCRM_TEST_PROJECTS:-}" ]; then filtered=1; fi

counter() { # file name -> value of that attribute of <Counters>, 0 when absent
    local v
    v="$(grep -o '<Counters [^>]*>' "$1" | head -n1 | grep -oE " $2=\"[0-9]+\"" | grep -oE '[0-9]+' || true)"
    echo "${v:-0}"
}

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Runs one test project and writes "passed failed skipped note" to $RESULTS/<name>.counts.
run_project() { # project [extra args...]
    local proj="$1"; shift
    local name trx rc p f s t note extra=()
    name="$(basename "$proj" .csproj)"
    trx="$RESULTS/$name.trx"
    # With a filter, a project where nothing matches exits 8 ("zero tests"): not a failure then.
    if [ "$#" -gt 0 ]; then extra+=(--ignore-exit-code 8); fi
    set +e
    dotnet test --project "$proj" -c "$CONFIGURATION" --no-build --no-ansi --no-progress \
        --results-directory "$RESULTS" --report-xunit-trx --report-xunit-trx-filename "$name.trx" \
        --timeout "$TIMEOUT" "${extra[@]}" "$@"
    rc=$?
    set -e

    if [ ! -s "$trx" ]; then
        # Crashed, timed out or never started: it reported nothing, which counts as one failure.
        echo "0 1 0 NO RESULTS (exit code $rc) -> counted as 1 failed" >"$RESULTS/$name.counts"
        return 0
    fi
    p="$(counter "$trx" passed)"
    f=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    s="$(counter "$trx" notExecuted)"
    t="$(counter "$trx" total)"
    note=""
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        # Non-zero exit without a failed test (e.g. zero tests ran, session aborted): still a failure.
        f=1; note="(exit code $rc without a failed test -> counted as 1 failed)"
    elif [ "$t" -eq 0 ] && [ "$filtered" = "0" ]; then
        f=1; note="(no tests -> counted as 1 failed)"
    fi
    echo "$p $f $s $note" >"$RESULTS/$name.counts"
}

# Projects matching WEBCRM_TEST_BACKGROUND (default: the unit tests, which need little) run alongside the others
# on the second core; their output is printed as one block when they are done. Empty: everything in turn.
background_re="${WEBCRM_TEST_BACKGROUND-UnitTests}"
background=()
foreground=()
for proj in "${projects[@]}"; do
    if [ -n "$background_re" ] && [[ "$proj" =~ $background_re ]] && [ "${#projects[@]}" -gt 1 ]; then
        background+=("$proj")
    else
        foreground+=("$proj")
    fi
done

background_pid=""
if [ "${#background[@]}" -gt 0 ]; then
    say "running in the background: $(for p in "${background[@]}"; do basename "$p" .csproj; done | paste -sd' ')"
    (
        for proj in "${background[@]}"; do
            run_project "$proj" "$@" >"$RESULTS/$(basename "$proj" .csproj).log" 2>&1
        done
    ) &
    background_pid=$!
fi
for proj in "${foreground[@]}"; do
    say "running $(basename "$proj" .csproj)"
    run_project "$proj" "$@"
done
if [ -n "$background_pid" ]; then
    wait "$background_pid" || true
    for proj in "${background[@]}"; do
        name="$(basename "$proj" .csproj)"
        say "output of $name (ran in the background)"
        cat "$RESULTS/$name.log" 2>/dev/null || true
    done
fi

total_passed=0
total_failed=0
total_skipped=0
summary=()
for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    if [ -s "$RESULTS/$name.counts" ]; then
        read -r p f s note <"$RESULTS/$name.counts"
    else
        p=0; f=1; s=0; note="(no counts written -> counted as 1 failed)"
    fi
    if [ "$p" = "0" ] && [ "$f" = "1" ] && [[ "$note" == NO\ RESULTS* ]]; then
        summary+=("$name: $note")
    else
        summary+=("$name: $p passed, $f failed, $s skipped${note:+ $note}")
    fi
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    total_skipped=$((total_skipped + s))
done

# Names the failed tests with the first lines of their messages, so a red run says what failed at its end, next to
# the totals, and not only somewhere in a long log.
failed_tests() { # trx
    perl -0777 -ne '
        while (/<UnitTestResult\b([^>]*?)(?:\/>|>(.*?)<\/UnitTestResult>)/sg) {
            my ($attrs, $body) = ($1, $2 // "");
            next unless $attrs =~ /outcome="(Failed|Error|Timeout|Aborted)"/;
            my ($name) = $attrs =~ /testName="([^"]*)"/;
            my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s;
            $msg //= "";
            for ($name, $msg) { s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/\x27/g; s/&#xD;|\r//g; s/&#xA;/\n/g; s/&amp;/&/g; }
            my @lines = grep { /\S/ } split /\n/, $msg;
            splice(@lines, 6) if @lines > 6;
            print "  FAILED $name\n", map({ "      $_\n" } @lines);
        }' "$1" 2>/dev/null || true
}
if [ "$total_failed" -gt 0 ]; then
    echo
    say "failed tests:"
    for proj in "${projects[@]}"; do
        trx="$RESULTS/$(basename "$proj" .csproj).trx"
        if [ -s "$trx" ]; then failed_tests "$trx"; fi
    done
fi

echo
say "results per test project (TRX files in ${RESULTS#"$ROOT"/}):"
for line in "${summary[@]}"; do echo "  $line"; done
say "$total_skipped skipped"
finish "$total_passed" "$total_failed"
