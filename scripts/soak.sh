#!/usr/bin/env bash
# The chaos test at scale: ./scripts/soak.sh [minutes] (default 30). The API and three worker processes on an
# embedded PostgreSQL drain sweep after sweep while a random fault (SIGKILL or SIGTERM of a worker, a PostgreSQL
# restart, a dropped connection, a connection dropped inside a result write) strikes every 3-10 s; then everything
# is audited: trials done, faults injected, duplicates (must be 0), lost results (must be 0), overlapping runs,
# epochs that are not 1..E of the final claim, attempts not accounted for. Exits non-zero when any is found.
# Progress and the figures go to the terminal and to target/soak-report.txt; Maven's output to target/soak.log.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "soak: minutes must be a whole number >= 1, got '$minutes'" >&2; exit 2; }
mkdir -p target
report="$PWD/target/soak-report.txt"
: > "$report"
echo "soak: $minutes min; building first (log: target/soak.log)" >&2
tail -n +1 -F "$report" 2>/dev/null &
tailer=$!
trap 'kill $tailer 2>/dev/null || true' EXIT
status=0
./mvnw -B -pl dse-api -am verify -Dtest='ChaosTest#soak' -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddse.soak.minutes="$minutes" -Ddse.soak.report="$report" >target/soak.log 2>&1 || status=$?
sleep 1
[ "$status" -eq 0 ] && echo "soak: passed" >&2 || echo "soak: FAILED (status $status); see target/soak.log" >&2
exit "$status"
