#!/usr/bin/env bash
# Load benchmark: one hub daemon (own process) sharing a folder of small files with many peers (own homes,
# run in one JVM). Prints index time, convergence times, hub peak RSS and CPU; appends to bench/results/.
# Usage: bench/load.sh [PEERS=20] [FILES=100000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
peers=${1:-20}
files=${2:-100000}
cp=$(bench_classpath app-ui)
./mvnw -q -B -pl app-ui package -DskipTests -Dspotless.check.skip=true >&2 # the hub runs target/shoal-app.jar
abs_cp=$(echo "$cp" | tr ':' '\n' | sed "s#^app-ui/#$root/app-ui/#" | paste -sd:)
out="bench/results/load-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  bench_header
  (cd app-ui && "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -cp "$abs_cp" dev.shoal.app.daemon.ManyPeersLoad "$peers" "$files") \
    | grep -v -E '^[0-9:.]+ (INFO|DEBUG|WARN) '
} | tee "$out"
echo "saved to $out"
