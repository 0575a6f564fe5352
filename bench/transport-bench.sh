#!/usr/bin/env bash
# Transport benchmark: Shoal's QUIC sessions vs TLS 1.3 over TCP vs plain TCP on loopback, plus connection
# setup time. Prints MB/s, CPU seconds per GiB and ratios; appends to bench/results/. Usage: bench/transport-bench.sh [GiB]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bin/find-jdk.sh
shoal_find_jdk
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
./mvnw -q -B -pl quic-transport -am install -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -pl quic-transport test-compile -Dspotless.check.skip=true
cpfile=$(mktemp)
./mvnw -q -B -pl quic-transport dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="quic-transport/target/test-classes:quic-transport/target/classes:$(cat "$cpfile")"
rm -f "$cpfile"
mkdir -p bench/results
out="bench/results/transport-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) load average: $(cut -d' ' -f1-3 /proc/loadavg) commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
  "$JAVA_HOME/bin/java" -Xmx2g -Dio.netty.leakDetection.level=disabled --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$cp" dev.shoal.transport.bench.TransportBench "$@"
} | tee "$out"
echo "saved to $out"
