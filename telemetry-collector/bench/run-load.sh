#!/usr/bin/env bash
# Load test of the collector (a benchmark, not a test): builds it, starts it on 127.0.0.1 with no
# rate cap, drives POST /v1/heartbeat with wrk for a bounded time, prints acknowledged heartbeats
# per second, then stops it. Every acknowledged heartbeat is committed before its 204.
#
#   telemetry-collector/bench/run-load.sh                  # embedded SQLite in a temporary directory
#   telemetry-collector/bench/run-load.sh 'jdbc:postgresql://127.0.0.1:5432/db?user=u&password=p'
#
# Environment: DURATION seconds measured (default 30), WARMUP seconds (default 10), CONNECTIONS
# (default 64), INSTALLS distinct installs (default 50000), PORT (default 18790), MVN_ARGS extra
# Maven arguments (for example "-o"), COLLECTOR_JAVA_OPTS JVM options of the collector,
# COLLECTOR_CLASSPATH a collector built beforehand (then nothing is built: for alternating runs of
# two builds), HEARTBEAT_SCRIPT another wrk script (default: heartbeat.lua beside this one, whose
# heartbeats change from one to the next as real ones do). Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-30}
warmup=${WARMUP:-10}
connections=${CONNECTIONS:-64}
port=${PORT:-18790}
export INSTALLS=${INSTALLS:-50000}
script=${HEARTBEAT_SCRIPT:-$PWD/telemetry-collector/bench/heartbeat.lua}
url="http://127.0.0.1:$port"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${COLLECTOR_CLASSPATH:-}" ]; then
  classpath=$COLLECTOR_CLASSPATH
else
  mvn -B -q -ntp ${MVN_ARGS:-} -pl telemetry-collector -am package -DskipTests -Dspotless.check.skip=true \
    dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath"
  classpath="$(ls telemetry-collector/target/telemetry-collector-*.jar):$(cat "$work/classpath")"
fi

db_option=()
if [ $# -ge 1 ]; then
  db_option=(--db "$1")
fi
java ${COLLECTOR_JAVA_OPTS:-} -cp "$classpath" app.mcpproxy.telemetry.collector.CollectorMain \
  --data-dir "$work/data" --listen "127.0.0.1:$port" --rate-limit 0 "${db_option[@]}" \
  > "$work/collector.log" 2>&1 &
pid=$!

for _ in $(seq 1 60); do
  if curl -fs "$url/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
curl -fs "$url/healthz" >/dev/null || { cat "$work/collector.log" >&2; exit 1; }

echo "== collector: $(head -n 1 "$work/collector.log" | sed 's/.*(\(sqlite\|postgresql\)).*/\1/'), $(nproc) cores, wrk -t1 -c$connections"
echo "== warm-up ${warmup}s"
wrk -t1 -c"$connections" -d"${warmup}s" -s "$script" "$url" | grep 'acknowledged heartbeats/s'
echo "== measured ${duration}s"
wrk -t1 -c"$connections" -d"${duration}s" -s "$script" "$url"
echo "== collector metrics"
curl -fs "$url/metrics" | grep -E '^collector_(commit_batch_size|ingest_latency_seconds)_(sum|count) '
