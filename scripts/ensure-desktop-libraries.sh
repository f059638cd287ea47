#!/usr/bin/env bash
# Qt's X11 platform plugin needs a few system libraries that a fresh Linux desktop may lack.
# Installs them where this user may (root, or sudo without a password); otherwise says what to
# install (scripts/system-packages.sh). Used by `make run`; the tests run offscreen instead
# (scripts/ensure-test-tools.sh).
set -u
here=$(dirname "$0")
. "$here/system-packages.sh"
needed=() packages=()
for library in libxcb-cursor.so.0:libxcb-cursor0 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
               libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 \
               libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 \
               libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1; do
  if ! has_library "${library%%:*}"; then
    needed+=("${library%%:*}")
    packages+=("${library#*:}")
  fi
done
[ ${#needed[@]} -eq 0 ] && exit 0
install_or_explain "Coventry Inspect needs these system libraries to open its window: ${needed[*]}" \
  "${packages[@]}"
