#!/usr/bin/env bash
# Content-store benchmark: chunk+hash vs plain SHA-256, one large file's scan vs sha256sum, and scans of
# trees of many files. Prints figures and ratios; appends them to bench/results/.
# Usage: bench/store-bench.sh [--quick] [--chunking-only]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cp=$(bench_classpath content-store)
out="bench/results/store-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  bench_header
  "$JAVA_HOME/bin/java" -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$cp" dev.shoal.store.bench.StoreBench "${BENCH_TMP:-/tmp}" "$@"
} | tee "$out"
echo "saved to $out"
