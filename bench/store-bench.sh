#!/usr/bin/env bash
# Content-store benchmark: chunk+hash vs plain SHA-256, one large file's scan vs sha256sum, and scans of
# trees of many files. Prints figures and ratios; appends them to bench/results/. Usage: bench/store-bench.sh [--quick]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bin/find-jdk.sh
shoal_find_jdk
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
./mvnw -q -B -pl content-store test-compile -Dspotless.check.skip=true
cpfile=$(mktemp)
./mvnw -q -B -pl content-store dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="content-store/target/test-classes:content-store/target/classes:$(cat "$cpfile")"
rm -f "$cpfile"
mkdir -p bench/results
out="bench/results/store-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) load average: $(cut -d' ' -f1-3 /proc/loadavg) commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
  "$JAVA_HOME/bin/java" -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$cp" dev.shoal.store.bench.StoreBench "${BENCH_TMP:-/tmp}" "$@"
} | tee "$out"
echo "saved to $out"
