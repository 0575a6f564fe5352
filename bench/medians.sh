#!/usr/bin/env bash
# Runs bench/compare.sh RUNS times with the same arguments and prints the median of every figure each tool
# reported, then the Shoal/Syncthing ratios of those medians (speed of sync alone and of scan + sync, CPU of
# scan + sync, receiver peak RSS). Appends everything to bench/results/medians-PROFILE[-veth]-TIME.txt.
# Usage: bench/medians.sh RUNS large|small|mixed|edit [shoal|syncthing|both] [loopback|veth]
set -euo pipefail
runs=$1
shift
cd "$(dirname "$0")/.."
files=()
for ((i = 1; i <= runs; i++)); do
  log=$(mktemp)
  bench/compare.sh "$@" | tee "$log" >&2
  files+=("$(sed -n 's/^saved to //p' "$log")")
  rm -f "$log"
done
out="bench/results/medians-$1$([[ ${3:-loopback} == veth ]] && echo -veth)-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# medians of $runs runs of bench/compare.sh $*; $(lscpu | sed -n 's/^Model name: *//p'); runs:"
  printf '#   %s\n' "${files[@]}"
  # Lines are "TOOL PROFILE key=value ..."; thread breakdowns and verdicts are not figures to take medians of.
  cat "${files[@]}" | awk '
    $1 !~ /^#/ && $1 !~ /threads/ && $1 !~ /^ratio/ {
      for (i = 3; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[2] ~ /^[0-9.]+$/) { k = $1 " " kv[1]; n[k]++; v[k, n[k]] = kv[2]; if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
      }
    }
    function median(k,   i, j, t, a, c) {
      c = n[k]; for (i = 1; i <= c; i++) a[i] = v[k, i]
      for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    END {
      for (i = 1; i <= m; i++) { med[order[i]] = median(order[i]); printf "%-12s %-18s median=%s of %d\n", substr(order[i], 1, index(order[i], " ") - 1), substr(order[i], index(order[i], " ") + 1), med[order[i]], n[order[i]] }
      for (kind = 0; kind < 2; kind++) {
        s = kind ? "shoal-edit" : "shoal"; y = kind ? "syncthing-edit" : "syncthing"
        if (!((s " sync_s") in med) || !((y " sync_s") in med)) continue
        printf "ratio%s of medians: sync speed %.2fx, cpu %.2f, wire %.2f, rss_receiver %.2f\n", kind ? "-edit" : "",
          med[y " sync_s"] / med[s " sync_s"], med[s " cpu_s"] / med[y " cpu_s"], med[s " wire_MB"] / med[y " wire_MB"],
          med[s " rss_MB_receiver"] / med[y " rss_MB_receiver"]
      }
      if (("shoal scan_s") in med && ("syncthing scan_s") in med)
        printf "ratio of medians, scan + sync: speed %.2fx, cpu %.2f\n",
          (med["syncthing scan_s"] + med["syncthing sync_s"]) / (med["shoal scan_s"] + med["shoal sync_s"]),
          (med["shoal scan_cpu_s"] + med["shoal cpu_s"]) / (med["syncthing scan_cpu_s"] + med["syncthing cpu_s"])
    }'
} | tee "$out"
echo "saved to $out"
