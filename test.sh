#!/usr/bin/env bash
# Runs the whole Datawiz test suite on a fresh machine. It installs or starts what the tests need
# (PostgreSQL, Chromium, mosquitto-clients, python3-paho-mqtt, npm for the build), runs every test project, and ends with one line
# "N passed, N failed[, N skipped]" summed over all projects. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=tools/machine-setup.sh
source tools/machine-setup.sh

# How xunit's adapter heads a failure outside any test (a fixture's or collection's cleanup, a catastrophic
# failure): dotnet test then exits non-zero although every test in the TRX passed.
pipeline_failure='\[Test (Assembly|Collection|Class|Method|Case)? ?Cleanup Failure|\[xUnit\.net [0-9:.]+\] +Catastrophic failure'

# Each such failure with the lines that follow it (the exception, its inner ones and the stack trace are
# indented deeper than the heading).
pipeline_failures() {
  pattern=$pipeline_failure awk '
    BEGIN { pattern = ENVIRON["pattern"] }
    function indent(line) { sub(/^\[xUnit\.net [0-9:.]+\]/, "", line); match(line, /^ */); return RLENGTH }
    $0 ~ pattern { print; depth = indent($0); inside = 1; next }
    inside && /^\[xUnit\.net / && indent($0) > depth { print; next }
    { inside = 0 }' TestResults/console.log
}

# Sums the counters of every TRX report into the closing line; each pipeline failure counts as a failure.
summarise() {
  local pipeline
  pipeline=$(grep -cE "$pipeline_failure" TestResults/console.log || true)
  cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk -v pipeline="$pipeline" '
    function attr(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
    { passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted"); skipped += attr("notExecuted") }
    END { printf "%d passed, %d failed", passed, failed + pipeline; if (skipped > 0) printf ", %d skipped", skipped; print "" }'
}

install_missing_packages chromium mosquitto-clients python3-paho-mqtt postgresql
# The build restores the front-end libraries with npm. Asked of the PATH, not of dpkg: NodeSource's nodejs package
# brings npm itself and conflicts with Debian's npm package.
command -v npm >/dev/null || install_missing_packages nodejs npm
start_postgres
export DATAWIZ_TEST_POSTGRES=$POSTGRES_CONNECTION
export DATAWIZ_CHROMIUM=${DATAWIZ_CHROMIUM:-$(command -v chromium)}

log "Building"
dotnet build Datawiz.sln -c Release -warnaserror --nologo -v quiet

log "Testing"
rm -rf TestResults
mkdir -p TestResults
# Normal verbosity, because only there does xunit print a pipeline failure's exception; the full output (with
# standard error, where the adapter writes a failure's heading) goes to TestResults/console.log and the log shows it without the line of each passed test.
status=0
dotnet test Datawiz.sln -c Release --no-build --nologo --results-directory TestResults \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" 2>&1 \
  | tee TestResults/console.log | grep -vE '^ +Passed [^ ]+ \[' || status=${PIPESTATUS[0]}

failures=$(pipeline_failures)
if [ -n "$failures" ]; then
  log "Failures outside the tests (each counts as a failed test)"
  printf '%s\n' "$failures"
fi
summary=$(summarise)
if [ "$status" -ne 0 ] && grep -q ', 0 failed' <<<"$summary"; then
  # Not one failure explains the exit code: count the run itself as failed rather than print "0 failed".
  log "dotnet test exited $status without a failed test or a failure outside the tests; see its output above"
  summary=$(sed 's/, 0 failed/, 1 failed/' <<<"$summary")
fi
echo
echo "$summary"
if [ "$status" -ne 0 ] || ! grep -q ', 0 failed' <<<"$summary"; then
  exit 1
fi
