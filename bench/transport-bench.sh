#!/usr/bin/env bash
# Transport benchmark: Shoal's QUIC sessions vs raw Netty QUIC vs TLS 1.3 over TCP vs plain TCP on loopback,
# plus connection setup time. Prints MB/s, CPU seconds per GiB and ratios; appends to bench/results/.
# Usage: bench/transport-bench.sh [GiB]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cp=$(bench_classpath quic-transport)
out="bench/results/transport-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  bench_header
  "$JAVA_HOME/bin/java" -Xmx2g -Dio.netty.leakDetection.level=disabled --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -cp "$cp" dev.shoal.transport.bench.TransportBench "$@"
} | tee "$out"
echo "saved to $out"
