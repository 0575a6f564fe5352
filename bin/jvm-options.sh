# Sourced by ./shoal and installer/package.sh: the options listed in bin/jvm.options, one per line.
shoal_jvm_options() {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$(dirname "${BASH_SOURCE[0]}")/jvm.options"
}
