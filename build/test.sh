#!/usr/bin/env bash
# The test command: installs prerequisites, builds everything (the nano gate included), runs every test
# project, and ends with one line "N passed, N failed, N skipped". Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# The summary below is read from dotnet test's English words ("Passed!", "Failed!"), whatever the machine's language.
export DOTNET_CLI_UI_LANGUAGE=en
solution=HeartRateStreamer.Linux.slnx
log_folder=artifacts/test-logs
mkdir -p "$log_folder"

bash build/setup.sh || { echo "0 passed, 1 failed (setup)"; exit 1; }

echo "== build (nano gate, host build, tools, tests)"
if ! dotnet build "$solution" -nologo -v:q -warnaserror > "$log_folder/build.log" 2>&1; then
    grep -E "error|Error" "$log_folder/build.log" | sort -u | head -n 60
    echo "Build failed; full log: $log_folder/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "build succeeded"

# Browser tests check that two viewers are within 200 ms of each other, and measuring tests (Category=Measurement:
# a server process's memory, its stop, the load benchmark) measure a process: they run after the rest, one project at a
# time, so they measure what they test and not the CPU that other test processes take on a small machine.
echo "== test"
dotnet test "$solution" --no-build -nologo --blame-hang-timeout 10m --filter "Category!=Browser&Category!=Measurement" \
    --logger "console;verbosity=minimal" 2>&1 | tee "$log_folder/test.log"
test_exit=${PIPESTATUS[0]}
echo "== browser and measuring tests, one project at a time"
dotnet test "$solution" --no-build -nologo -m:1 --blame-hang-timeout 10m --filter "Category=Browser|Category=Measurement" \
    --logger "console;verbosity=minimal" 2>&1 | grep -v "^No test matches the given testcase filter" | tee -a "$log_folder/test.log"
browser_exit=${PIPESTATUS[0]}
[ "$browser_exit" -ne 0 ] && test_exit=$browser_exit

# Each test project prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, ..." (or "Failed!  - ...").
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- Failed:" "$log_folder/test.log" |
    sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
    awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }')
# A test host that crashed or a project that ran no summary counts as a failure, never as a pass; so does a run in which
# no summary was found at all.
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "no test project printed its summary: see $log_folder/test.log"
    failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
