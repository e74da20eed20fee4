#!/usr/bin/env bash
# Statistics benchmark of the collector (a benchmark, not a test): builds it, writes a fleet of
# INSTALLS installs a day over DAYS days ending today through the collector's own write path
# (FleetGenerator, which also closes every finished day into its rollup), starts the collector on
# it and times GET /v1/stats for the last day, 7, 30, 90 (when DAYS reaches it) and DAYS days (first
# answer, then the median of five), then each view of the dashboard over VIEW_DAYS days, unfiltered,
# "people only" and narrower, and the dashboard's full load (its five requests at once, as the page
# sends them), first right after start, when today's rows are folded.
#
#   telemetry-collector/bench/run-stats.sh                       # SQLite in a temporary directory
#   telemetry-collector/bench/run-stats.sh 'jdbc:postgresql://127.0.0.1:5432/db?user=u&password=p&currentSchema=s'
#
# Environment: INSTALLS (default 40000), DAYS (default 30), VIEW_DAYS (default 30), PORT (default
# 18793), MVN_ARGS extra Maven arguments (for example "-o"), KEEP=1 keeps the SQLite directory,
# SKIP_GENERATE=1 reuses a fleet written before (with DATA=DIR for SQLite; for PostgreSQL the URL's
# schema). The PostgreSQL schema must exist and be empty unless SKIP_GENERATE is set. The fleet ends
# today: ranges end today, on the machine's clock, so a fleet written on another day is measured
# over the days it covers only if it is regenerated (or the clock set back).
set -euo pipefail
cd "$(dirname "$0")/../.."

installs=${INSTALLS:-40000}
days=${DAYS:-30}
port=${PORT:-18793}
url="http://127.0.0.1:$port"

work=${DATA:-$(mktemp -d)}
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [ -z "${KEEP:-}" ] && [ -z "${DATA:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

mvn -B -q -ntp ${MVN_ARGS:-} -pl telemetry-collector -am package -DskipTests \
  -Dspotless.check.skip=true dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/classpath"
classpath="$(ls telemetry-collector/target/telemetry-collector-*.jar):$(cat "$work/classpath")"

db=${1:-jdbc:sqlite:$work/collector.db}
if [ -z "${SKIP_GENERATE:-}" ]; then
  echo "== writing $installs installs/day over $days days"
  /usr/bin/time -f "   generator: %e s, %M KB peak" \
    java -Xmx2g -cp "$classpath" app.mcpproxy.telemetry.collector.fleet.FleetGenerator \
    --db "$db" --installs "$installs" --days "$days" | tail -n 1
fi

java -cp "$classpath" app.mcpproxy.telemetry.collector.CollectorMain \
  --data-dir "$work" --db "$db" --listen "127.0.0.1:$port" --rate-limit 0 \
  > "$work/collector.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -fs "$url/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

today=$(date -u +%F)
views="overview retention activity versions funnel"
view_days=${VIEW_DAYS:-30}
from=$(date -u -d "$today - 29 days" +%F)
page() {
  local start end
  start=$(date +%s.%N)
  for view in $views; do
    curl -s -o /dev/null "$url/v1/stats/$view?from=$from&to=$today$1" &
  done
  wait  # runs in a command substitution: only these curls are its children
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
echo "dashboard first load after start, 5 views at once, 30 days (today folded from its rows once): $(page "") s"
spans="1 7 30"
if [ "$days" -gt 90 ]; then spans="$spans 90"; fi
if [ "$days" -gt 30 ] || [ "$days" -lt 30 ]; then spans="$spans $days"; fi
for span in $spans; do
  from=$(date -u -d "$today - $((span - 1)) days" +%F)
  times=()
  for run in 1 2 3 4 5 6; do
    out=$(curl -s -o "$work/stats.json" -w '%{http_code} %{time_total}' "$url/v1/stats?from=$from&to=$today")
    times+=("${out#* }")
    status=${out%% *}
  done
  median=$(printf '%s\n' "${times[@]:1}" | sort -n | sed -n 3p)
  installs_seen=$(grep -o '"installs":[0-9]*' "$work/stats.json" | head -n 1 | cut -d: -f2)
  echo "GET /v1/stats $span day(s): HTTP $status, first ${times[0]} s, median of 5 after ${median} s, $installs_seen distinct installs"
done

from=$(date -u -d "$today - $((view_days - 1)) days" +%F)
time_view() {
  local view=$1 query=$2 times=() out
  for run in 1 2 3 4 5 6; do
    out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$url/v1/stats/$view?from=$from&to=$today$query")
    times+=("${out#* }")
  done
  median=$(printf '%s\n' "${times[@]:1}" | sort -n | sed -n 3p)
  echo "GET /v1/stats/$view $view_days days${query:+ ($query)}: HTTP ${out%% *}, first ${times[0]} s, median of 5 after ${median} s"
}
for query in "" "&people_only=true" "&people_only=true&os=linux&edition=personal"; do
  for view in $views; do time_view "$view" "$query"; done
done
for query in "" "&people_only=true"; do
  loads=()
  for run in 1 2 3 4 5 6; do loads+=("$(page "$query")"); done
  median=$(printf '%s\n' "${loads[@]:1}" | sort -n | sed -n 3p)
  echo "dashboard full load, 5 views at once, $view_days days${query:+ ($query)}: first ${loads[0]} s, median of 5 after ${median} s"
done
