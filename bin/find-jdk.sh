# Sourced by ./shoal and .ci/run: sets JAVA_HOME to a JDK >= 25, or fails with a message saying what to install.
# Order: $JAVA_HOME if new enough, Temurin 25 at its Debian path, any other JDK >= 25 under /usr/lib/jvm,
# then the java on PATH.
shoal_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

shoal_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(shoal_java_major "$candidate")
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(shoal_java_major "$candidate")
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  echo "Shoal needs a JDK 25 or newer and found none (checked JAVA_HOME, /usr/lib/jvm and PATH)." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
