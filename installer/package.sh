#!/usr/bin/env bash
# Builds Shoal's self-contained runtime (jlink), the app image with its two launchers (jpackage), and the
# installer this OS takes: .deb (and .rpm when rpmbuild exists) on Linux, .dmg on macOS, .msi on Windows.
# Called by "./mvnw -pl installer -am package -Pinstaller" after app-ui is built; output in installer/target.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source=../bin/find-jdk.sh
source "$root/bin/find-jdk.sh"
shoal_find_jdk
app="$root/app-ui/target"
out="$here/target"
pkg="$here/src/main/packaging"
version="${SHOAL_VERSION:-0.1.0}"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=mac ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) echo "package.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac

[[ -f "$app/shoal-app.jar" ]] || { echo "package.sh: build app-ui first (missing $app/shoal-app.jar)" >&2; exit 1; }
rm -rf "$out/input" "$out/runtime" "$out/image" "$out/packages"
mkdir -p "$out/input/lib" "$out/packages"

# The app on the class path, minus JavaFX, which goes into the runtime as modules (below). The Netty QUIC
# native in lib/ is the one for this OS and CPU (app-ui picks it with os-maven-plugin), so each OS's build
# carries its own.
cp "$app/shoal-app.jar" "$out/input/"
for jar in "$app"/lib/*.jar; do
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$out/input/lib/" ;; esac
done
# Libraries that carry a native library per OS and CPU keep only this platform's.
arch=$(uname -m)
case "$os-$arch" in
  linux-x86_64) keep=(native/Linux/x86_64/ linux/amd64/ linux-x86-64/) ;;
  linux-aarch64) keep=(native/Linux/aarch64/ linux/aarch64/ linux-aarch64/) ;;
  mac-x86_64) keep=(native/Mac/x86_64/ darwin/x86_64/ darwin-x86-64/) ;;
  mac-arm64) keep=(native/Mac/aarch64/ darwin/aarch64/ darwin-aarch64/) ;;
  windows-*) keep=(native/Windows/x86_64/ win/amd64/ win32-x86-64/) ;;
  *) keep=() ;;
esac
if ((${#keep[@]})); then
  for jar in "$out"/input/lib/{sqlite-jdbc,zstd-jni,jna}-*.jar; do
    [[ -f "$jar" ]] && "$JAVA_HOME/bin/java" "$pkg/SlimJar.java" "$jar" "${keep[@]}"
  done
fi
fx=$(ls "$app"/lib/javafx-*.jar | tr '\n' "$( [[ $os == windows ]] && echo ';' || echo ':')")

# Native debug symbols are most of libjvm.so's size; jlink strips them where objcopy exists (Linux).
strip_native=(--strip-debug)
[[ $os == linux ]] && command -v objcopy > /dev/null \
  && strip_native=(--strip-java-debug-attributes --strip-native-debug-symbols=exclude-debuginfo-files)
# Modules found with jdeps (--print-module-deps), plus those used reflectively (logback's XML config, JMX).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml
modules+=,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.unsupported,jdk.zipfs,javafx.controls
"$JAVA_HOME/bin/jlink" --module-path "$fx" --add-modules "$modules" \
  "${strip_native[@]}" --no-header-files --no-man-pages --compress zip-9 --output "$out/runtime"

# JavaFX would unpack its native libraries into ~/.openjfx on first start; next to the JVM's own they are
# found directly, so the installed app writes nothing outside its home directory.
natives="$out/runtime/lib"
[[ $os == windows ]] && natives="$out/runtime/bin"
tmp=$(mktemp -d)
for jar in "$app"/lib/javafx-graphics-*.jar; do
  (cd "$tmp" && "$JAVA_HOME/bin/jar" xf "$jar")
done
find "$tmp" \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) -exec cp {} "$natives/" \;
rm -rf "$tmp"

# The same JVM options as ./shoal and the test daemons: one list, in bin/jvm.options.
# shellcheck source=bin/jvm-options.sh
source "$root/bin/jvm-options.sh"
java_opts=$(shoal_jvm_options | tr '\n' ' ')
java_opts=${java_opts% }
icon="$pkg/linux/Shoal.png"; cli_name=shoal
[[ $os == mac ]] && { icon="$pkg/macos/Shoal.icns"; cli_name=shoal-cli; }
[[ $os == windows ]] && { icon="$pkg/windows/Shoal.ico"; cli_name=shoal-cli; } # "Shoal" and "shoal" would clash
extra=()
[[ $os == linux ]] && extra+=(--app-content "$pkg/linux/shoal.service")
# The same description makes the app image and, separately, the installer: an installer made from an app
# image forgets per-launcher settings (JDK-8364564), and the command line launcher must get no menu entry.
common=(--name Shoal --app-version "$version" --vendor Shoal --description "LAN-first folder sync"
  --copyright "Shoal contributors" --input "$out/input" --main-jar shoal-app.jar --main-class dev.shoal.app.Main
  --runtime-image "$out/runtime" --icon "$icon" --arguments gui --java-options "$java_opts"
  --add-launcher "$cli_name=$pkg/launchers/cli.properties" "${extra[@]}")
"$JAVA_HOME/bin/jpackage" --type app-image --dest "$out/image" "${common[@]}"

image="$out/image/Shoal"
[[ $os == mac ]] && image="$out/image/Shoal.app"
case $os in
  linux)
    linux_opts=(--linux-package-name shoal --linux-shortcut --linux-menu-group Network --linux-app-category net
      --install-dir /opt --resource-dir "$pkg/linux/resources")
    "$JAVA_HOME/bin/jpackage" --type deb --dest "$out/packages" "${common[@]}" "${linux_opts[@]}" \
      --linux-deb-maintainer "shoal@localhost"
    if command -v rpmbuild > /dev/null; then
      "$JAVA_HOME/bin/jpackage" --type rpm --dest "$out/packages" "${common[@]}" "${linux_opts[@]}"
    fi
    ;;
  mac)
    "$JAVA_HOME/bin/jpackage" --type dmg --dest "$out/packages" "${common[@]}"
    ;;
  windows)
    "$JAVA_HOME/bin/jpackage" --type msi --dest "$out/packages" "${common[@]}" --win-menu --win-menu-group Shoal \
      --win-shortcut --win-dir-chooser --win-upgrade-uuid 5f0c2a52-6f4e-4a38-9a0e-6c1d2b7e5a10
    ;;
esac

{
  echo "app image: $(du -sk "$image" | cut -f1) KiB"
  for f in "$out"/packages/*; do echo "$(basename "$f"): $(( $(wc -c < "$f") / 1024 )) KiB"; done
} | tee "$out/sizes.txt"
