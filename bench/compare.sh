#!/usr/bin/env bash
# Side-by-side: two Shoal daemons vs two Syncthing daemons on 127.0.0.1, same dataset, same machine, one run;
# rsync's local copy as the floor. Prints scan seconds, sync seconds, MB/s, bytes on the wire, CPU seconds and
# peak RSS for each, then the Shoal/Syncthing ratios; appends everything to bench/results/.
# Usage: bench/compare.sh large|small|mixed|edit|warm [shoal|syncthing|both] [loopback|veth]
# veth (root only): each tool's two daemons run on two hosts, network namespaces joined by a veth pair with MTU
# 1500 (198.51.100.1 and .2, a documentation range that exists only inside them; removed afterwards), so no
# transport is flattered by loopback's 64 KiB MTU.
# warm: after the large sync, a second seeded 1 GiB file through the same, now warmed-up Shoal daemons (the
# receiver's folder paused until the sender has scanned it), to show a running daemon's speed apart from the
# JIT's warm-up; Shoal only, Syncthing has no warm-up to separate.
# SHOAL_BENCH_THREADS=1: also print each Shoal daemon's CPU seconds per thread group after the sync.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

profile=${1:?usage: bench/compare.sh large|small|mixed|edit|warm [shoal|syncthing|both]}
tools=${2:-both}
net=${3:-loopback}
[[ $net == loopback || $net == veth ]] || { echo "network must be loopback or veth" >&2; exit 2; }
work=${BENCH_WORK:-/tmp/shoal-bench}
data_profile=$profile
[[ $profile == edit || $profile == warm ]] && data_profile=large
[[ $profile == warm ]] && tools=shoal

need() { command -v "$1" >/dev/null || { echo "installing $2" >&2; apt-get install -y -q "$2" >/dev/null; }; }
need jq jq
need curl curl
need rsync rsync
[[ $tools == shoal ]] || need syncthing syncthing

# --- network --------------------------------------------------------------------------------------------
# Hosts A and B: on loopback both are 127.0.0.1 in this namespace; with veth each is a namespace of its own.
host_a=127.0.0.1 host_b=127.0.0.1 ns_a="" ns_b=""
if [[ $net == veth ]]; then
  tag=$(printf '%04x' $((RANDOM)))
  ns_a="shoal-bench-a-$tag" ns_b="shoal-bench-b-$tag" host_a=198.51.100.1 host_b=198.51.100.2
  ip netns add "$ns_a"
  ip netns add "$ns_b"
  ip link add "vba$tag" netns "$ns_a" type veth peer name "vbb$tag" netns "$ns_b"
  for side in "$ns_a vba$tag $host_a" "$ns_b vbb$tag $host_b"; do
    read -r ns dev addr <<<"$side"
    ip -n "$ns" addr add "$addr/24" dev "$dev"
    ip -n "$ns" link set "$dev" mtu 1500 up
    ip -n "$ns" link set lo up
  done
fi
net_down() { [[ -z $ns_a ]] || ip netns del "$ns_a" 2>/dev/null || true; [[ -z $ns_b ]] || ip netns del "$ns_b" 2>/dev/null || true; }
# Runs "$@" on the host whose home (or folder) is $1: a path ending in -a is host A's.
on() { local where=$1 ns; shift; if [[ $where == *-a ]]; then ns=$ns_a; else ns=$ns_b; fi
  if [[ -n $ns ]]; then ip netns exec "$ns" "$@"; else "$@"; fi; }

# The newest process whose command line matches $1 (daemons start through a shell, env and ip netns exec, so $!
# is not theirs); waits up to 20 s for it to appear.
pid_of() { local p="" i; for ((i = 0; i < 100; i++)); do p=$(pgrep -n -f -- "$1" || true); [[ -z $p ]] || break; sleep 0.2; done
  echo "$p"; }

# Stops every daemon of this benchmark (Syncthing's monitors too) and waits up to 20 s for them to be gone.
stop_daemons() { local i; pkill -f -- "--home[= ]$work/" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do pgrep -f -- "--home[= ]$work/" >/dev/null || return 0; sleep 0.2; done
  pkill -9 -f -- "--home[= ]$work/" 2>/dev/null || true; }

# --- helpers --------------------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
cpu_of() { awk -v t="$clk" '{printf "%.2f", ($14 + $15 + $16 + $17) / t}' "/proc/$1/stat"; }
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
now() { date +%s.%N; }
# CPU time the hypervisor gave to other guests (all cores, in ticks): this VM's runs vary with it.
steal_ticks() { awk '/^cpu / {print $9}' /proc/stat; }
steal0=0
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
# Polls "$@" every 0.2 s until it succeeds; gives up after $limit seconds.
limit=1800
wait_for() {
  local deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep "${BENCH_POLL:-0.2}"
  done
}
tree_sums() { (cd "$1" && find . -type f ! -path './.shoal/*' ! -path './.stfolder/*' ! -name '.*.shoal-tmp' \
  ! -name '.syncthing.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

dataset="$work/data-$data_profile"
if [[ ! -f "$dataset.done" ]]; then
  echo "generating dataset '$data_profile' into $dataset" >&2
  rm -rf "$dataset"
  "$JAVA_HOME/bin/java" bench/Dataset.java "$data_profile" "$dataset"
  touch "$dataset.done"
fi
files=$(find "$dataset" -type f | wc -l)
bytes=$(find "$dataset" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
if [[ $profile == edit ]]; then
  edited_bytes=$((bytes + 100))
fi

results=()
report() { results+=("$(printf '%-10s %-6s %s' "$1" "$profile" "$2")"); }

# --- rsync floor ----------------------------------------------------------------------------------------
rsync_floor() {
  rm -rf "$work/rsync-dst"
  sync; local t0 t1
  t0=$(now)
  rsync -a "$dataset/" "$work/rsync-dst/"
  sync
  t1=$(now)
  report rsync "$(printf 'sync_s=%s MB/s=%.0f' "$(secs "$t0" "$t1")" \
    "$(awk -v b="$bytes" -v s="$(secs "$t0" "$t1")" 'BEGIN {print b / 1e6 / s}')")"
  rm -rf "$work/rsync-dst"
}

# --- Shoal ----------------------------------------------------------------------------------------------
shoal_json() { on "$1" curl -sf -H "X-API-Key: $(jq -r .key "$1/api.json")" "http://127.0.0.1:$(jq -r .port "$1/api.json")/rest/status"; }
shoal_scanned() { [[ -f $1/api.json ]] && shoal_json "$1" | jq -e --argjson n "$2" \
  '.folders[0] | .state == "idle" and .localFiles == $n' >/dev/null 2>&1; }
shoal_connected() { shoal_json "$1" | jq -e '.devices[0].connected' >/dev/null 2>&1; }
shoal_has() { shoal_json "$1" | jq -e --argjson n "$2" --argjson b "$3" \
  '.folders[0] | .state == "idle" and .localFiles == $n and .localBytes == $b and .needFiles == 0' >/dev/null 2>&1; }
shoal_needs() { shoal_json "$1" | jq -e --argjson b "$2" '.folders[0].needBytes == $b' >/dev/null 2>&1; }
shoal_wire() { shoal_json "$1" | jq '.devices[0].bytesReceived + .devices[0].bytesSent'; }

run_shoal() {
  local a="$work/shoal-a" b="$work/shoal-b" sh="$root/shoal" ida idb pa pb
  rm -rf "$a" "$b" "$work/shoal-fa" "$work/shoal-fb"
  cp -a "$dataset" "$work/shoal-fa"
  mkdir -p "$work/shoal-fb"
  "$sh" --home "$a" init --name bench-a --listen "$host_a:22201" >/dev/null
  "$sh" --home "$b" init --name bench-b --listen "$host_b:22202" >/dev/null
  ida=$("$sh" --home "$a" id) idb=$("$sh" --home "$b" id)
  "$sh" --home "$a" device add "$idb" --name b --address "$host_b:22202" >/dev/null
  "$sh" --home "$b" device add "$ida" --name a --address "$host_a:22201" >/dev/null
  "$sh" --home "$a" folder add "$work/shoal-fa" --id bench --share "$idb" >/dev/null
  "$sh" --home "$b" folder add "$work/shoal-fb" --id bench --share "$ida" >/dev/null
  sync
  local t0 t1 t2 c0
  t0=$(now)
  on "$a" env SHOAL_JAVA_OPTS="${SHOAL_BENCH_JAVA_OPTS:-}" "$sh" --home "$a" run >"$work/shoal-a.log" 2>&1 &
  pa=$(pid_of "java .*-jar .*--home $a run")
  wait_for shoal_scanned "$a" "$files"
  t1=$(now)
  report shoal "$(printf 'scan_s=%s scan_cpu_s=%s' "$(secs "$t0" "$t1")" "$(cpu_of "$pa")")"
  on "$b" env SHOAL_JAVA_OPTS="${SHOAL_BENCH_JAVA_OPTS:-}" "$sh" --home "$b" run >"$work/shoal-b.log" 2>&1 &
  pb=$(pid_of "java .*-jar .*--home $b run")
  wait_for shoal_connected "$a"
  t1=$(now)
  c0=$(awk -v x="$(cpu_of "$pa")" -v y="$(cpu_of "$pb")" 'BEGIN {print x + y}')
  steal0=$(steal_ticks)
  wait_for shoal_has "$b" "$files" "$bytes"
  t2=$(now)
  sync_report shoal "$t1" "$t2" "$c0" "$pa" "$pb" "$(shoal_wire "$b")" "$bytes"
  report shoal "transport=$(shoal_json "$b" | jq -r '.devices[0].transport')"
  thread_cpu shoal sender "$pa"
  thread_cpu shoal receiver "$pb"
  verify shoal "$work/shoal-fa" "$work/shoal-fb"
  if [[ $profile == edit ]]; then
    local w0
    w0=$(shoal_wire "$b")
    "$JAVA_HOME/bin/java" bench/Dataset.java edit "$work/shoal-fa"
    t1=$(now)
    c0=$(awk -v x="$(cpu_of "$pa")" -v y="$(cpu_of "$pb")" 'BEGIN {print x + y}')
    steal0=$(steal_ticks)
    on "$a" "$sh" --home "$a" rescan >/dev/null
    wait_for shoal_has "$b" "$files" "$edited_bytes"
    t2=$(now)
    sync_report shoal-edit "$t1" "$t2" "$c0" "$pa" "$pb" $(($(shoal_wire "$b") - w0)) "$edited_bytes"
    verify shoal-edit "$work/shoal-fa" "$work/shoal-fb"
  fi
  if [[ $profile == warm ]]; then
    local w0 size=1073741824
    w0=$(shoal_wire "$b")
    "$sh" --home "$b" pause --folder bench >/dev/null
    "$JAVA_HOME/bin/java" bench/Dataset.java second "$work/shoal-fa"
    on "$a" "$sh" --home "$a" rescan >/dev/null
    wait_for shoal_scanned "$a" $((files + 1))
    wait_for shoal_needs "$b" "$size"
    t1=$(now)
    c0=$(awk -v x="$(cpu_of "$pa")" -v y="$(cpu_of "$pb")" 'BEGIN {print x + y}')
    steal0=$(steal_ticks)
    "$sh" --home "$b" resume --folder bench >/dev/null
    wait_for shoal_has "$b" $((files + 1)) $((bytes + size))
    t2=$(now)
    sync_report shoal-warm "$t1" "$t2" "$c0" "$pa" "$pb" $(($(shoal_wire "$b") - w0)) "$size"
    verify shoal-warm "$work/shoal-fa" "$work/shoal-fb"
  fi
  stop_daemons
}

# --- Syncthing ------------------------------------------------------------------------------------------
st() { # st HOME METHOD PATH [BODY]
  local port; port=$(cat "$1/gui-port")
  on "$1" curl -sf -X "$2" -H "X-API-Key: benchkey" "http://127.0.0.1:$port$3" ${4:+-d "$4"}
}
st_up() { st "$1" GET /rest/system/ping >/dev/null 2>&1; }
st_scanned() { st "$1" GET /rest/db/status?folder=bench 2>/dev/null | jq -e --argjson n "$2" \
  '.state == "idle" and .localFiles == $n' >/dev/null; }
st_connected() { st "$1" GET /rest/system/connections | jq -e --arg id "$2" '.connections[$id].connected' >/dev/null 2>&1; }
st_has() { st "$1" GET /rest/db/status?folder=bench 2>/dev/null | jq -e --argjson n "$2" --argjson b "$3" \
  '.state == "idle" and .localFiles == $n and .needFiles == 0 and .needBytes == 0
   and .localBytes - 128 * .localDirectories == $b' >/dev/null; } # Syncthing counts 128 bytes per directory
st_wire() { st "$1" GET /rest/system/connections | jq '.total.inBytesTotal + .total.outBytesTotal'; }

st_start() { # st_start HOME GUIPORT LISTENADDRESS -> pid
  local h=$1
  rm -rf "$h"
  syncthing generate --home="$h" --no-default-folder >/dev/null
  echo "$2" >"$h/gui-port"
  sed -i -e "s#<listenAddress>default</listenAddress>#<listenAddress>tcp://$3</listenAddress>#" \
    -e 's#<globalAnnounceEnabled>true#<globalAnnounceEnabled>false#' \
    -e 's#<localAnnounceEnabled>true#<localAnnounceEnabled>false#' \
    -e 's#<relaysEnabled>true#<relaysEnabled>false#' \
    -e 's#<natEnabled>true#<natEnabled>false#' \
    -e 's#<urAccepted>0#<urAccepted>-1#' \
    -e 's#<crashReportingEnabled>true#<crashReportingEnabled>false#' \
    -e 's#<autoUpgradeIntervalH>12#<autoUpgradeIntervalH>0#' "$h/config.xml"
  on "$h" env STNODEFAULTFOLDER=1 syncthing serve --home="$h" --no-browser --no-restart --no-upgrade \
    --gui-address="127.0.0.1:$2" --gui-apikey=benchkey >"$h.log" 2>&1 &
  echo $!
}

st_folder() { # st_folder HOME PATH OWN_ID [PEER_ID] (creates or replaces the folder)
  st "$1" PUT /rest/config/folders/bench "$(jq -n --arg p "$2" --arg me "$3" --arg peer "${4:-}" \
    '{id: "bench", label: "bench", path: $p, type: "sendreceive", rescanIntervalS: 3600,
      fsWatcherEnabled: false, devices: ([{deviceID: $me}] + if $peer == "" then [] else [{deviceID: $peer}] end)}')" >/dev/null
}

run_syncthing() {
  local a="$work/st-a" b="$work/st-b" pa pb ida idb t0 t1 t2 c0
  rm -rf "$work/st-fa" "$work/st-fb"
  cp -a "$dataset" "$work/st-fa"
  mkdir -p "$work/st-fb"
  sync
  pa=$(st_start "$a" 22301 "$host_a:22401")
  pb=$(st_start "$b" 22302 "$host_b:22402")
  wait_for st_up "$a"
  wait_for st_up "$b"
  # Syncthing runs as a monitor process and the real one as its child, started after it: measure the child.
  pa=$(pid_of "syncthing serve --home=$a") pb=$(pid_of "syncthing serve --home=$b")
  ida=$(st "$a" GET /rest/system/status | jq -r .myID)
  idb=$(st "$b" GET /rest/system/status | jq -r .myID)
  # The sender scans alone first (as Shoal's does), then the devices are introduced to each other.
  t0=$(now)
  st_folder "$a" "$work/st-fa" "$ida"
  wait_for st_scanned "$a" "$files"
  t1=$(now)
  report syncthing "$(printf 'scan_s=%s scan_cpu_s=%s' "$(secs "$t0" "$t1")" "$(cpu_of "$pa")")"
  st "$a" PUT "/rest/config/devices/$idb" "{\"deviceID\":\"$idb\",\"name\":\"b\",\"addresses\":[\"tcp://$host_b:22402\"]}" >/dev/null
  st "$b" PUT "/rest/config/devices/$ida" "{\"deviceID\":\"$ida\",\"name\":\"a\",\"addresses\":[\"tcp://$host_a:22401\"]}" >/dev/null
  st_folder "$a" "$work/st-fa" "$ida" "$idb"
  st_folder "$b" "$work/st-fb" "$idb" "$ida"
  wait_for st_connected "$a" "$idb"
  t1=$(now)
  c0=$(awk -v x="$(cpu_of "$pa")" -v y="$(cpu_of "$pb")" 'BEGIN {print x + y}')
  steal0=$(steal_ticks)
  wait_for st_has "$b" "$files" "$bytes"
  t2=$(now)
  sync_report syncthing "$t1" "$t2" "$c0" "$pa" "$pb" "$(st_wire "$b")" "$bytes"
  verify syncthing "$work/st-fa" "$work/st-fb"
  if [[ $profile == edit ]]; then
    local w0
    w0=$(st_wire "$b")
    "$JAVA_HOME/bin/java" bench/Dataset.java edit "$work/st-fa"
    t1=$(now)
    c0=$(awk -v x="$(cpu_of "$pa")" -v y="$(cpu_of "$pb")" 'BEGIN {print x + y}')
    steal0=$(steal_ticks)
    st "$a" POST "/rest/db/scan?folder=bench" >/dev/null
    wait_for st_has "$b" "$files" "$edited_bytes"
    t2=$(now)
    sync_report syncthing-edit "$t1" "$t2" "$c0" "$pa" "$pb" $(($(st_wire "$b") - w0)) "$edited_bytes"
    verify syncthing-edit "$work/st-fa" "$work/st-fb"
  fi
  stop_daemons
}

# --- reporting ------------------------------------------------------------------------------------------
sync_report() { # TOOL T1 T2 CPU0 PIDA PIDB WIRE BYTES
  local s cpu
  s=$(secs "$2" "$3")
  cpu=$(awk -v x="$(cpu_of "$5")" -v y="$(cpu_of "$6")" -v c="$4" 'BEGIN {printf "%.1f", x + y - c}')
  report "$1" "$(printf 'sync_s=%s MB/s=%.1f wire_MB=%.2f cpu_s=%s rss_MB_sender=%s rss_MB_receiver=%s steal_s=%.1f' \
    "$s" "$(awk -v b="$8" -v s="$s" 'BEGIN {print b / 1e6 / s}')" "$(awk -v w="$7" 'BEGIN {print w / 1e6}')" \
    "$cpu" "$(rss_mb "$5")" "$(rss_mb "$6")" "$(awk -v a="$steal0" -v b="$(steal_ticks)" -v t="$clk" 'BEGIN {print (b - a) / t}')")"
}
# Per-thread CPU seconds of a process since it started, threads grouped by name with their numbers dropped
# (all "chunk-serve-3" count as "chunk-serve-#"); printed when SHOAL_BENCH_THREADS=1.
thread_cpu() { # thread_cpu TOOL ROLE PID
  [[ ${SHOAL_BENCH_THREADS:-0} == 1 ]] || return 0
  local t line=""
  line=$(for t in /proc/"$3"/task/*; do
      [[ -r $t/stat ]] || continue
      printf '%s %s\n' "$(tr ' ' '_' <"$t/comm" | sed 's/[0-9]\+/#/g')" "$(awk '{print $14 + $15}' "$t/stat")"
    done | awk -v clk="$clk" '{ s[$1] += $2 } END { for (n in s) if (s[n] / clk >= 0.05) printf "%s=%.2f\n", n, s[n] / clk }' |
    sort -t= -k2 -rn | tr '\n' ' ')
  report "$1-threads-$2" "$line"
}
verify() {
  if [[ $(tree_sums "$2") == "$(tree_sums "$3")" ]]; then
    report "$1" "verified=identical"
  else
    report "$1" "verified=DIFFERENT"
  fi
}

value() { # value TOOL KEY -> the last figure KEY reported for TOOL
  printf '%s\n' "${results[@]}" | awk -v t="$1" -v k="$2" '$1 == t { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) v = kv[2] } } END { print v }'
}
ratios() {
  local kind
  for kind in "" "-edit"; do
    local s y
    s=$(value "shoal$kind" sync_s) y=$(value "syncthing$kind" sync_s)
    [[ -n $s && -n $y ]] || continue
    printf 'ratio%-6s speed(shoal/syncthing)=%.2fx wire=%.2f cpu=%.2f rss_receiver=%.2f\n' "$kind" \
      "$(awk -v a="$s" -v b="$y" 'BEGIN {print b / a}')" \
      "$(awk -v a="$(value "shoal$kind" wire_MB)" -v b="$(value "syncthing$kind" wire_MB)" 'BEGIN {print a / b}')" \
      "$(awk -v a="$(value "shoal$kind" cpu_s)" -v b="$(value "syncthing$kind" cpu_s)" 'BEGIN {print a / b}')" \
      "$(awk -v a="$(value "shoal$kind" rss_MB_receiver)" -v b="$(value "syncthing$kind" rss_MB_receiver)" 'BEGIN {print a / b}')"
  done
  # The issue's targets count the first scan too: each tool's daemons scan the dataset before they sync it.
  local ss ys
  ss=$(value shoal scan_s) ys=$(value syncthing scan_s)
  [[ -n $ss && -n $ys ]] || return 0
  printf 'ratio-scan+sync speed(shoal/syncthing)=%.2fx cpu=%.2f\n' \
    "$(awk -v a="$ss" -v b="$(value shoal sync_s)" -v c="$ys" -v d="$(value syncthing sync_s)" 'BEGIN {print (c + d) / (a + b)}')" \
    "$(awk -v a="$(value shoal scan_cpu_s)" -v b="$(value shoal cpu_s)" -v c="$(value syncthing scan_cpu_s)" -v d="$(value syncthing cpu_s)" 'BEGIN {print (a + b) / (c + d)}')"
}

out="bench/results/compare-$profile$([[ $net == veth ]] && echo -veth)-$(date -u +%Y%m%dT%H%M%SZ).txt"
trap 'stop_daemons; net_down' EXIT
rsync_floor
[[ $tools == syncthing ]] || run_shoal
[[ $tools == shoal ]] || run_syncthing
{
  bench_header
  echo "# dataset $profile: $files files, $bytes bytes; $(nproc) cores; network: $net; $(syncthing --version 2>/dev/null | cut -d' ' -f1-2)"
  printf '%s\n' "${results[@]}"
  ratios
} | tee "$out"
echo "saved to $out"
