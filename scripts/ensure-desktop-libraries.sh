#!/usr/bin/env bash
# Qt's X11 platform plugin needs a few system libraries that a fresh Linux desktop may lack.
# Installs them where this user may (root, or sudo without a password); otherwise says what to
# install. Used by `make run`; the tests run offscreen and need none of these.
set -u
needed=()
for library in libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 \
               libxcb-image.so.0 libxcb-render-util.so.0 libEGL.so.1 libfontconfig.so.1; do
  if ! ldconfig -p 2>/dev/null | grep -q "$library"; then
    needed+=("$library")
  fi
done
[ ${#needed[@]} -eq 0 ] && exit 0
packages="libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libegl1 libfontconfig1"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null && exit 0
  elif sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null && exit 0
  fi
fi
echo "Coventry Inspect needs these system libraries to open its window: ${needed[*]}" >&2
echo "On Debian or Ubuntu: sudo apt-get install $packages" >&2
exit 1
