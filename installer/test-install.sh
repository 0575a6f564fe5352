#!/usr/bin/env bash
# Checks the Linux package the way a user meets it: unpacked into a scratch root (and, as root in CI, also
# installed with apt and removed again), "shoal --version" and "shoal init" run from the installed files, and
# the GUI launcher started under Xvfb until its window is up (screenshot: installer/target/installed-gui.png).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/target"
deb=$(ls "$out"/packages/shoal_*.deb 2> /dev/null | head -n1)
[[ -n "$deb" ]] || { echo "test-install: no .deb in $out/packages; run package.sh first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "test-install: FAILED: $*" >&2; exit 1; }

echo "test-install: unpacking $(basename "$deb") into a scratch root"
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/opt/shoal/bin"
[[ -x "$bin/shoal" && -x "$bin/Shoal" ]] || fail "launchers missing in /opt/shoal/bin"
[[ -f "$work/root/opt/shoal/lib/shoal.service" ]] || fail "shoal.service missing"
dpkg-deb -c "$deb" > "$work/contents.txt"
grep -q 'shoal-Shoal.desktop' "$work/contents.txt" || fail "no desktop entry for the GUI launcher in the package"

version=$("$bin/shoal" --version)
echo "test-install: shoal --version: $version"
[[ "$version" == *0.1.0* ]] || fail "unexpected version '$version'"
id=$("$bin/shoal" --home "$work/home" init --name installed --listen 127.0.0.1:0)
echo "test-install: shoal init: $id"
[[ "$id" =~ ^[A-Z2-7]{7}(-[A-Z2-7]{7}){7}$ ]] || fail "init did not print a device ID"
# Nothing was unpacked into the user's home (JavaFX natives sit in the runtime).
[[ ! -d "$work/fakehome/.openjfx" ]] || fail "JavaFX unpacked natives into the home directory"

echo "test-install: starting the GUI launcher under Xvfb"
export work bin out
HOME="$work/fakehome" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$bin/Shoal" --home "$work/home" > "$work/gui.log" 2>&1 &
  pid=$!
  up=0
  for _ in $(seq 1 120); do
    # GTK creates a 10x10 unmapped leader window named Shoal at once; the main window is the big one.
    if xwininfo -root -tree 2> /dev/null \
      | grep -E "\"Shoal\": \(" | grep -qE " (([3-9][0-9]{2})|([0-9]{4}))x[0-9]{3,4}\+"; then up=1; break; fi
    sleep 0.5
  done
  sleep 3
  if ((up)); then
    xwd -root -silent > "$out/installed-gui.xwd"
    if command -v convert > /dev/null; then convert "xwd:$out/installed-gui.xwd" "$out/installed-gui.png"; fi
  fi
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  ((up)) || { cat "$work/gui.log" >&2; exit 1; }
' || fail "the main window did not appear within 60 s"
[[ ! -d "$work/fakehome/.openjfx" ]] || fail "JavaFX unpacked natives into the home directory"
echo "test-install: main window seen (screenshot in $out/installed-gui.*)"

if [[ $(id -u) == 0 && "${CI:-}" == true ]]; then
  echo "test-install: installing with apt (root in CI), then removing"
  apt-get install -y -qq "$deb" > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt could not install the package"; }
  /opt/shoal/bin/shoal --version | grep -q 0.1.0 || fail "installed shoal --version"
  ls /usr/share/applications/*hoal*.desktop > /dev/null 2>&1 || ls /opt/shoal/lib/*.desktop > /dev/null || fail "no desktop entry installed"
  apt-get purge -y -qq shoal > /dev/null
  [[ ! -e /opt/shoal/bin/shoal ]] || fail "removing the package left the launcher behind"
fi
echo "test-install: OK ($(cat "$out/sizes.txt" | tr '\n' ';'))"
