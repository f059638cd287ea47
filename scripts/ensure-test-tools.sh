#!/usr/bin/env bash
# `make test` runs this first, before creating .venv: the system tools the tests use, installed
# where this user may (scripts/system-packages.sh), otherwise named with the one command to run,
# so that no test fails halfway for want of a tool. Exit 0 when everything is present.
set -u
here=$(dirname "$0")
. "$here/system-packages.sh"
PYTHON=${PYTHON:-python3}
POSTGRES_ROOT=${POSTGRES_ROOT:-/usr/lib/postgresql}  # where tests/postgres_server.py looks

missing=() packages=()
need() {  # need PACKAGE WHAT PRESENT?: note PACKAGE when WHAT is absent
  if ! "${@:3}" >/dev/null 2>&1; then
    missing+=("$2")
    [[ " ${packages[*]} " == *" $1 "* ]] || packages+=("$1")
  fi
}
check() {
  missing=() packages=()
  local tool library
  for tool in pdftotext pdftoppm pdffonts pdfinfo; do
    need poppler-utils "$tool" command -v "$tool"
  done
  need libreoffice-calc-nogui soffice command -v soffice
  need desktop-file-utils desktop-file-validate command -v desktop-file-validate
  need appstream appstreamcli command -v appstreamcli
  # PyInstaller reads each bundled library's dependencies with objdump (make test builds the package).
  need binutils objdump command -v objdump
  need postgresql "PostgreSQL's initdb (under $POSTGRES_ROOT)" compgen -G "$POSTGRES_ROOT/*/bin/initdb"
  # What Qt's offscreen platform loads.
  for library in libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0 \
                 libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 \
                 libglib-2.0.so.0:libglib2.0-0; do
    need "${library#*:}" "${library%%:*}" has_library "${library%%:*}"
  done
  # Debian's python3 makes no virtual environment without python3-venv (it has no ensurepip).
  need python3-venv "$PYTHON -m venv" "$PYTHON" -c "import ensurepip"
}

check
[ ${#packages[@]} -eq 0 ] && exit 0
install_or_explain "The tests need ${missing[*]}" "${packages[@]}"
check
if [ ${#packages[@]} -gt 0 ]; then
  echo "Still missing after installing: ${missing[*]} (packages ${packages[*]})" >&2
  exit 1
fi
