# Sourced by ensure-test-tools.sh and ensure-desktop-libraries.sh: install Debian packages when this
# user may (root, or sudo without a password), `apt-get update` first; otherwise print the one
# command to run and exit 1. Nothing is ever half-installed silently.

# has_library NAME: whether the dynamic linker knows NAME (e.g. libEGL.so.1).
has_library() {
  local ldconfig
  ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
  [[ $("$ldconfig" -p 2>/dev/null) == *"$1 "* ]]
}

# install_or_explain WHY PACKAGE...: install the packages, or say WHY and the command, and exit 1.
install_or_explain() {
  local why=$1
  shift
  local command="sudo apt-get update && sudo apt-get install -y $*"
  local as_root=()
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      as_root=(env)
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo)
    fi
  else
    command="(no apt-get here) install the equivalents of the Debian packages: $*"
  fi
  if [ ${#as_root[@]} -gt 0 ]; then
    echo "$why; installing: $*" >&2
    if "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "$@" >/dev/null; then
      return 0
    fi
    echo "The installation failed; run it yourself and try again:" >&2
  else
    echo "$why. Run:" >&2
  fi
  echo "  $command" >&2
  exit 1
}
