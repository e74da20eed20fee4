#!/usr/bin/env bash
# Compares the ingest rate of two collector builds (a benchmark, not a test): runs run-load.sh on
# each in turn, ROUNDS times, swapping which goes first every round, each on a fresh SQLite file and,
# when PSQL_URL is set, on a fresh PostgreSQL schema too. Before every run the database is
# checkpointed and the machine left idle for a few seconds, so that no run pays for the writes of
# the one before it. Prints each run, then the ratio of the sums (new / old).
#
#   OLD_CLASSPATH=... NEW_CLASSPATH=... telemetry-collector/bench/compare-load.sh
#   PSQL_URL='postgresql://telemetry:telemetry@127.0.0.1:5432/telemetry_bench' ... compare-load.sh
#
# A classpath is the collector's jar and its runtime dependencies, for example
#   mvn -B -q -pl telemetry-collector -am package -DskipTests dependency:build-classpath \
#     -Dmdep.includeScope=runtime -Dmdep.outputFile=/tmp/cp
#   echo "$(ls telemetry-collector/target/telemetry-collector-*.jar):$(cat /tmp/cp)"
# Environment: ROUNDS (default 3), SETTLE seconds idle before each run (default 5), PSQL_URL a
# libpq URL whose user may create schemas (CHECKPOINT needs a superuser or pg_checkpoint; without
# it the run only waits), plus everything run-load.sh reads (DURATION, WARMUP, HEARTBEAT_SCRIPT…).
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${OLD_CLASSPATH:?set OLD_CLASSPATH to the baseline build's classpath}"
: "${NEW_CLASSPATH:?set NEW_CLASSPATH to the build under test's classpath}"
rounds=${ROUNDS:-3}
settle=${SETTLE:-5}

settle() {
  if [ -n "${PSQL_URL:-}" ]; then
    psql -q "$PSQL_URL" -c CHECKPOINT >/dev/null 2>&1 || true
  fi
  sync
  sleep "$settle"
}

# Prints the acknowledged heartbeats per second of one run.
rate() { # classpath [jdbc-url]
  COLLECTOR_CLASSPATH="$1" telemetry-collector/bench/run-load.sh "${@:2}" \
    | awk '/acknowledged heartbeats\/s/ { rate = $3 } END { print rate + 0 }'
}

jdbc_url() { # libpq URL, schema
  local rest=${1#postgresql://}
  local credentials=${rest%%@*} location=${rest#*@}
  local separator='?'
  case "$location" in *\?*) separator='&' ;; esac
  echo "jdbc:postgresql://$location${separator}user=${credentials%%:*}&password=${credentials#*:}&currentSchema=$2"
}

declare -A sums=()
databases=(sqlite)
[ -n "${PSQL_URL:-}" ] && databases+=(postgresql)
for round in $(seq 1 "$rounds"); do
  order=(old new)
  [ $((round % 2)) -eq 0 ] && order=(new old)
  for database in "${databases[@]}"; do
    for build in "${order[@]}"; do
      classpath=$OLD_CLASSPATH
      [ "$build" = new ] && classpath=$NEW_CLASSPATH
      schema="compare_${build}_$$_$round"
      url=()
      if [ "$database" = postgresql ]; then
        psql -q "$PSQL_URL" -c "CREATE SCHEMA $schema" >/dev/null
        url=("$(jdbc_url "$PSQL_URL" "$schema")")
      fi
      settle
      load=$(cut -d' ' -f1 /proc/loadavg)
      result=$(rate "$classpath" "${url[@]}")
      if [ "$database" = postgresql ]; then
        psql -q "$PSQL_URL" -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" >/dev/null
      fi
      echo "round $round  $database  $build  $result heartbeats/s  (load average before: $load)"
      sums[$database-$build]=$(( ${sums[$database-$build]:-0} + result ))
    done
  done
done
for database in "${databases[@]}"; do
  awk -v d="$database" -v o="${sums[$database-old]}" -v n="${sums[$database-new]}" \
    'BEGIN { printf "%s: new / old = %d / %d = %.3f\n", d, n, o, n / o }'
done
