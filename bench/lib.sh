# Sourced by the bench scripts: selects the JDK and builds a module's test classpath.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source bin/find-jdk.sh
shoal_find_jdk
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mkdir -p bench/results

# Prints the classpath to run MODULE's test classes (compiling it and installing what it depends on first).
bench_classpath() {
  local module=$1 cpfile
  ./mvnw -q -B -pl "$module" -am install -DskipTests -Dspotless.check.skip=true >&2
  ./mvnw -q -B -pl "$module" test-compile -Dspotless.check.skip=true >&2
  cpfile=$(mktemp)
  ./mvnw -q -B -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2
  echo "$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"
  rm -f "$cpfile"
}

bench_header() {
  echo "# $(date -u) load average: $(cut -d' ' -f1-3 /proc/loadavg) commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
  if [[ -n ${SHOAL_BENCH_JAVA_OPTS:-} ]]; then echo "# SHOAL_BENCH_JAVA_OPTS: $SHOAL_BENCH_JAVA_OPTS"; fi
}
