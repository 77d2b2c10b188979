# shellcheck shell=bash disable=SC2034  # QT_DEBS, XVFB_DEBS: used where this is sourced
# Shared set-up for scripts/run-app and scripts/run-tests; sourced, not run.
# Creates .venv with Python >= 3.11, installs the project and its Python dependencies when
# pyproject.toml changed, and installs the Debian packages Qt needs (DESIGN.md §10) when they
# are missing and we are root; otherwise it prints the apt-get command to run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ANNOTATOR_VENV:-$ROOT/.venv}"

QT_DEBS="libglib2.0-0 libegl1 libgl1 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0 libdbus-1-3 fonts-dejavu-core"
XVFB_DEBS="xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"

say() { printf '[annotator setup] %s\n' "$*" >&2; }

find_python() {
    local candidate
    for candidate in "${ANNOTATOR_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# ensure_debs PKG...: install the missing Debian packages (root) or say how to.
ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing to check
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian packages: ${missing[*]}"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >&2
    else
        say "missing Debian packages; please run:"
        say "  sudo apt-get install ${missing[*]}"
        return 1
    fi
}

ensure_venv() {
    local python
    if [ ! -x "$VENV/bin/python" ]; then
        python="$(find_python)" || { say "Python 3.11 or newer is needed"; exit 1; }
        say "creating virtual environment in $VENV with $python"
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            # Debian ships venv's pip bootstrap separately (python3.X-venv).
            rm -rf "$VENV"
            local minor
            minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            ensure_debs "python${minor}-venv" || exit 1
            "$python" -m venv "$VENV"
        fi
    fi
    local stamp="$VENV/.annotator-deps" want
    want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python dependencies (first run takes a minute)"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
        "$VENV/bin/python" -m pip install --quiet -e "${ROOT}[dev]" >&2
        echo "$want" >"$stamp"
    fi
}
