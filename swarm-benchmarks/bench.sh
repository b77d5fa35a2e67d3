#!/usr/bin/env bash
# Builds swarm-benchmarks (and what it needs) without running tests, then runs the macro harness, or JMH with "jmh".
#   swarm-benchmarks/bench.sh                 full macro run; tables on stdout, snippet in swarm-benchmarks/target/benchmarks-results.md
#   swarm-benchmarks/bench.sh --quick         smoke test with small N
#   swarm-benchmarks/bench.sh jmh [JMH args]  JMH micro benchmarks (dispatch cost per task)
#   swarm-benchmarks/bench.sh rollout [--episodes E --width W --latency-ms L]  the RL environment at scale
#   swarm-benchmarks/bench.sh temporal [--tasks N --latency-ms L --workers 1,2]  one stage on Temporal's test server
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "temporal" ]]; then
  # The runner lives in swarm-temporal's test sources (TemporalBenchmarkMain): it needs Temporal's test server.
  shift
  ./mvnw -q -B -pl swarm-temporal -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/swarm-temporal/target/test-classpath.txt"
  CP="swarm-temporal/target/test-classes:swarm-temporal/target/classes:$(cat swarm-temporal/target/test-classpath.txt)"
  JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  exec "$JAVA" -Xmx1g -cp "$CP" dev.agentswarm.temporal.TemporalBenchmarkMain "$@"
fi
./mvnw -q -B -pl swarm-benchmarks -am package -DskipTests
CP="$(cat swarm-benchmarks/target/classpath.txt):swarm-benchmarks/target/swarm-benchmarks-0.1.0-SNAPSHOT.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${1:-}" == "rollout" ]]; then
  shift
  exec "$JAVA" -Xmx4g -cp "$CP" dev.agentswarm.benchmarks.RolloutBenchmark "$@"
fi
if [[ "${1:-}" == "jmh" ]]; then
  shift
  exec "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${@:-DispatchBenchmark}"
fi
exec "$JAVA" -cp "$CP" dev.agentswarm.benchmarks.MacroHarness --out swarm-benchmarks/target/benchmarks-results.md "$@"
